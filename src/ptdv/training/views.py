"""Pages of the awareness classes. Thin: parse, call a selector or service, render."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from ptdv.accounts.permissions import Action, user_can
from ptdv.core.views import ScopedViewMixin, ServiceFormView
from ptdv.organizations.models import Organization
from ptdv.organizations.pages import UnitPageMixin
from ptdv.organizations.scope import subtree_filter
from ptdv.people.models import Person
from ptdv.training import selectors, services
from ptdv.training.constants import certificate_validity_months, certificate_warning_days
from ptdv.training.forms import AwarenessClassForm, EnrolForm, ResultForm
from ptdv.training.models import AwarenessClass, Enrolment

MANAGE_DENIED = "Vai trò của bạn không được quản lý lớp bồi dưỡng."


class ClassIndexView(ScopedViewMixin, View):
    """Every class the user may see."""

    model = AwarenessClass

    def get(self, request):
        classes = self.get_queryset().select_related("organization").order_by("-starts_on", "-pk")
        return render(
            request,
            "training/index.html",
            {"classes": classes[:200], "unit": request.user.organization},
        )


class UnitClassesView(ScopedViewMixin, View):
    """A unit's classes, its figure "trained, not yet admitted" and expiring certificates."""

    model = Organization

    def get(self, request, pk: int):
        unit = get_object_or_404(self.get_queryset().select_related("kind"), pk=pk)
        today = timezone.localdate()
        context = {
            "unit": unit,
            "classes": selectors.classes_for_unit(request.user, unit),
            "trained_waiting": selectors.trained_not_admitted(request.user, unit, today),
            "expiring": selectors.certificates_expiring(request.user, unit, today),
            "warning_days": certificate_warning_days(),
            "validity_months": certificate_validity_months(),
            "can_manage": user_can(request.user, Action.MANAGE_TRAINING) and not unit.kind.is_cell,
        }
        return render(request, "training/unit.html", context)


class ClassCreateView(UnitPageMixin, ServiceFormView):
    required_actions = {"*": Action.MANAGE_TRAINING}
    denied_message = MANAGE_DENIED
    form_class = AwarenessClassForm
    template_name = "training/form.html"
    service = staticmethod(services.awareness_class_create)

    def success_message(self, created) -> str:
        return f"Đã mở lớp «{created.name}»."

    def success_url(self, created) -> str:
        return reverse("training:class", args=[created.pk])

    def get_context(self, form) -> dict:
        unit = self.object
        return {"form": form, "title": f"Mở lớp bồi dưỡng — {unit.name}", "unit": unit}


def _enrol_choices(user, awareness_class):
    """Non-members followed by cells of the organiser's subtree (merged predecessors
    included), in the user's scope, not enrolled yet."""
    return (
        Person.objects.for_user(user)
        .filter(subtree_filter(awareness_class.organization), membership__isnull=True)
        .exclude(enrolments__awareness_class=awareness_class)
        .order_by("sort_key")
    )


def _class_page(request, awareness_class, form, status=200):
    """The page of a class: its students (those the user may see), their results, and
    the enrolment form."""
    today = timezone.localdate()
    enrolments = list(
        Enrolment.objects.for_user(request.user)
        .filter(awareness_class=awareness_class)
        .select_related("person", "organization")
    )
    for enrolment in enrolments:
        enrolment.state = enrolment.certificate_state(today)
    can_manage = (
        user_can(request.user, Action.MANAGE_TRAINING)
        and Organization.objects.for_user(request.user)
        .filter(pk=awareness_class.organization_id)
        .exists()
    )
    return render(
        request,
        "training/class.html",
        {
            "awareness_class": awareness_class,
            "enrolments": enrolments,
            "form": form,
            "can_manage": can_manage,
        },
        status=status,
    )


class ClassDetailView(ScopedViewMixin, View):
    """One class: its students (those the user may see) and their results."""

    model = AwarenessClass

    def get(self, request, pk: int):
        awareness_class = get_object_or_404(
            self.get_queryset().select_related("organization"), pk=pk
        )
        form = EnrolForm(choices=_enrol_choices(request.user, awareness_class))
        return _class_page(request, awareness_class, form)


class EnrolView(ServiceFormView):
    model = AwarenessClass
    required_actions = {"post": Action.MANAGE_TRAINING}
    denied_message = MANAGE_DENIED
    form_class = EnrolForm
    related = ("organization",)

    def get(self, request, pk: int):
        return redirect("training:class", pk=self.get_object().pk)

    def get_form_kwargs(self) -> dict:
        return {"choices": _enrol_choices(self.request.user, self.object)}

    def perform(self, form):
        return services.enrolment_create(
            acting_user=self.request.user,
            awareness_class=self.object,
            person=form.cleaned_data["person"],
        )

    def success_message(self, enrolment) -> str:
        return "Đã ghi danh."

    def success_url(self, enrolment) -> str:
        return reverse("training:class", args=[self.object.pk])

    def render_form(self, form, status=200):
        return _class_page(self.request, self.object, form, status=status)


class ResultView(ServiceFormView):
    model = Enrolment
    required_actions = {"*": Action.MANAGE_TRAINING}
    denied_message = MANAGE_DENIED
    form_class = ResultForm
    template_name = "training/form.html"
    related = ("person", "awareness_class")
    service = staticmethod(services.enrolment_record_result)
    object_argument = "enrolment"

    def get_initial(self) -> dict:
        enrolment = self.object
        return {
            "result": enrolment.result,
            "certificate_number": enrolment.certificate_number,
            "certificate_date": enrolment.certificate_date,
        }

    def success_message(self, result) -> str:
        return f"Đã ghi kết quả của {self.object.person.full_name}."

    def success_url(self, result) -> str:
        return reverse("training:class", args=[self.object.awareness_class_id])

    def get_context(self, form) -> dict:
        enrolment = self.object
        return {
            "form": form,
            "title": f"Kết quả — {enrolment.person.full_name}",
            "awareness_class": enrolment.awareness_class,
        }
