"""Pages for persons and members. Thin: parse, call a selector or service, render."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from ptdv.accounts.permissions import Action, user_can
from ptdv.core.errors import DomainError
from ptdv.core.views import ScopedViewMixin, ServiceFormView, htmx_partial
from ptdv.organizations.models import Organization
from ptdv.organizations.pages import UnitPageMixin
from ptdv.people import selectors, services
from ptdv.people.forms import ConfirmForm, ExitForm, PersonForm, TransferForm
from ptdv.people.models import Member, MemberTransfer, Person

SENSITIVE_PARAM = "nhay-cam"
LIST_LIMIT = 500  # a committee's whole list is for exports; pages show the first ones


class MemberListView(ScopedViewMixin, View):
    """The members of a unit (a cell, or every cell under a committee)."""

    model = Organization

    def get(self, request, pk: int):
        unit = get_object_or_404(self.get_queryset().select_related("kind"), pk=pk)
        query = request.GET.get("q", "")
        can_sensitive = user_can(request.user, Action.VIEW_SENSITIVE)
        show_sensitive = can_sensitive and request.GET.get(SENSITIVE_PARAM) == "1"
        members = list(selectors.members_of(request.user, unit, query)[: LIST_LIMIT + 1])
        truncated = len(members) > LIST_LIMIT
        members = members[:LIST_LIMIT]
        if show_sensitive:
            services.record_sensitive_view(
                user=request.user,
                obj=unit,
                organization=unit,
                where="danh sách đảng viên",
                person_ids=[member.person_id for member in members],
                filters={"unit": unit.code, "q": query},
            )
        context = {
            "unit": unit,
            "members": members,
            "query": query,
            "truncated": truncated,
            "limit": LIST_LIMIT,
            "can_sensitive": can_sensitive,
            "show_sensitive": show_sensitive,
            "transfers": selectors.transfers_pending_for(request.user, unit),
            "counts": selectors.member_counts_at(request.user, unit, timezone.localdate()),
            "can_manage": user_can(request.user, Action.MANAGE_DOSSIERS),
            "can_add_person": any(user_can(request.user, a) for a in services.PERSON_WRITE_ACTIONS),
        }
        template = "people/_member_rows.html" if htmx_partial(request) else "people/members.html"
        return render(request, template, context)


class PersonSearchView(ScopedViewMixin, View):
    """Find a person of the user's subtree by name without accents, or by CCCD."""

    model = Person

    def get(self, request):
        query = request.GET.get("q", "")
        results = selectors.persons_search(request.user, query)
        return render(request, "people/search.html", {"query": query, "results": results})


class PersonDetailView(ScopedViewMixin, View):
    model = Person

    def get(self, request, pk: int):
        person = get_object_or_404(self.get_queryset().select_related("organization"), pk=pk)
        show_sensitive = user_can(request.user, Action.VIEW_SENSITIVE)
        if show_sensitive:
            services.record_sensitive_view(
                user=request.user,
                obj=person,
                organization=person.organization,
                where="trang cá nhân",
                person_ids=[person.pk],
            )
        member = Member.objects.filter(person=person).select_related("organization").first()
        context = {
            "person": person,
            "member": member,
            "show_sensitive": show_sensitive,
            "transfers": (
                member.transfers.select_related("from_organization", "to_organization")
                if member
                else []
            ),
            "exit": getattr(member, "exit", None) if member else None,
            "timeline": selectors.person_timeline(request.user, person.pk),
            "can_manage": user_can(request.user, Action.MANAGE_DOSSIERS),
            "can_edit": any(user_can(request.user, a) for a in services.PERSON_WRITE_ACTIONS),
        }
        return render(request, "people/person.html", context)


class PersonCreateView(UnitPageMixin, ServiceFormView):
    required_actions = {"*": tuple(services.PERSON_WRITE_ACTIONS)}
    denied_message = "Vai trò của bạn không được thêm người."
    form_class = PersonForm
    template_name = "people/form.html"
    service = staticmethod(services.person_create)

    def success_message(self, person) -> str:
        return f"Đã thêm «{person.full_name}»."

    def success_url(self, person) -> str:
        return reverse("people:person", args=[person.pk])

    def get_context(self, form) -> dict:
        unit = self.object
        return {
            "form": form,
            "title": f"Thêm người — {unit.name}",
            "back_url": reverse("people:members", args=[unit.pk]),
        }


class PersonEditView(ServiceFormView):
    model = Person
    required_actions = {"*": tuple(services.PERSON_WRITE_ACTIONS)}
    denied_message = "Vai trò của bạn không được sửa thông tin người."
    form_class = PersonForm
    template_name = "people/form.html"
    service = staticmethod(services.person_update)
    object_argument = "person"

    def get_initial(self) -> dict:
        return {name: getattr(self.object, name, None) for name in PersonForm.base_fields}

    def success_message(self, result) -> str:
        return "Đã lưu thay đổi."

    def success_url(self, result) -> str:
        return reverse("people:person", args=[self.object.pk])

    def get_context(self, form) -> dict:
        person = self.object
        return {
            "form": form,
            "title": f"Sửa thông tin — {person.full_name}",
            "back_url": reverse("people:person", args=[person.pk]),
        }


class MemberActionView(ServiceFormView):
    """A form about one current member, for roles that manage dossiers."""

    model = Member
    required_actions = {"*": Action.MANAGE_DOSSIERS}
    template_name = "people/form.html"
    related = ("person", "organization")
    title = ""

    def success_url(self, result) -> str:
        return reverse("people:person", args=[self.object.person_id])

    def get_context(self, form) -> dict:
        member = self.object
        return {
            "form": form,
            "title": f"{self.title} — {member.person.full_name}",
            "back_url": reverse("people:person", args=[member.person_id]),
        }


class TransferRequestView(MemberActionView):
    form_class = TransferForm
    title = "Chuyển sinh hoạt đảng"

    def perform(self, form):
        data = form.cleaned_data
        target = (
            Organization.objects.select_related("kind")
            .filter(code=data["to_code"].strip().upper())
            .first()
        )
        if target is None:
            raise DomainError(f"Không tìm thấy chi bộ mã «{data['to_code']}».", field="to_code")
        services.member_transfer_request(
            acting_user=self.request.user,
            member=self.object,
            to_organization=target,
            requested_on=data["requested_on"],
            document_number=data["document_number"],
            note=data["note"],
        )
        return target

    def success_message(self, target) -> str:
        return f"Đã gửi đề nghị chuyển sinh hoạt tới «{target.name}»."


class ExitView(MemberActionView):
    form_class = ExitForm
    title = "Ra khỏi danh sách đảng viên"
    service = staticmethod(services.member_exit)
    object_argument = "member"

    def success_message(self, result) -> str:
        return "Đã ghi đảng viên ra khỏi danh sách."


class TransferConfirmView(ServiceFormView):
    """The receiving side confirms a transfer."""

    model = MemberTransfer
    required_actions = {"*": (Action.MANAGE_DOSSIERS, Action.RECORD_CELL_DECISIONS)}
    denied_message = "Vai trò của bạn không được tiếp nhận chuyển sinh hoạt đảng."
    form_class = ConfirmForm
    template_name = "people/transfer_confirm.html"
    related = ("member__person", "from_organization", "to_organization")

    def perform(self, form):
        return services.member_transfer_confirm(
            acting_user=self.request.user,
            transfer=self.object,
            confirmed_on=form.cleaned_data["confirmed_on"],
        )

    def success_message(self, result) -> str:
        return "Đã tiếp nhận đảng viên chuyển đến."

    def success_url(self, result) -> str:
        return reverse("people:members", args=[self.object.to_organization_id])

    def get_context(self, form) -> dict:
        return {"form": form, "transfer": self.object}
