"""Pages of the recruitment app. Thin: parse, call a selector or a service, render."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from ptdv.accounts.permissions import Action, user_can
from ptdv.core.errors import DomainError, StaleState
from ptdv.core.views import ScopedViewMixin, ServiceActionView, ServiceFormView
from ptdv.organizations.pages import UnitPageMixin
from ptdv.recruitment import selectors, services, transitions
from ptdv.recruitment.checks import certificate_expiry, pending_verifications
from ptdv.recruitment.forms import CandidateForm, MentorForm, ReviewForm
from ptdv.recruitment.models import (
    CandidateStatus,
    Dossier,
    DossierState,
    SourceOrganization,
)
from ptdv.training.models import Enrolment

S = DossierState


class CandidateListView(UnitPageMixin, View):
    """A unit's candidates with filters and accent-free search."""

    def get(self, request, pk: int):
        unit = self.get_unit(pk)
        params = {k: request.GET.get(k, "") for k in ("q", "state", "source", "status")}
        candidates = selectors.candidates_for(
            request.user,
            unit,
            query=params["q"],
            state=params["state"],
            source=params["source"],
            status=params["status"],
        )
        context = {
            "unit": unit,
            "candidates": candidates,
            "params": params,
            "states": S.choices,
            "sources": SourceOrganization.choices,
            "statuses": CandidateStatus.choices,
            "counts": selectors.open_dossier_counts(request.user, unit),
            "can_add": unit.kind.is_cell and user_can(request.user, Action.MANAGE_CANDIDATES),
        }
        return render(request, "recruitment/candidates.html", context)


class CandidateCreateView(UnitPageMixin, ServiceFormView):
    required_actions = {"*": Action.MANAGE_CANDIDATES}
    denied_message = "Vai trò của bạn không được thêm quần chúng ưu tú."
    form_class = CandidateForm
    template_name = "recruitment/candidate_form.html"

    def perform(self, form):
        return services.candidate_enlist(
            acting_user=self.request.user, organization=self.object, **form.enlist_arguments()
        )

    def success_message(self, candidate) -> str:
        return f"Đã đưa {candidate.person} vào danh sách quần chúng ưu tú."

    def success_url(self, candidate) -> str:
        return reverse("recruitment:dossier", args=[candidate.dossiers.get().pk])

    def get_context(self, form) -> dict:
        return {"unit": self.object, "form": form}


def checklist(dossier: Dossier) -> list[tuple[str, bool, str]]:
    """(item, done, detail) for the dossier page."""
    pending = pending_verifications(dossier) if dossier.pk else []
    expiry = certificate_expiry(dossier)
    intro = dossier.introducer_1_id and (dossier.introducer_2_id or dossier.youth_union_resolution)
    return [
        (
            "Giấy chứng nhận lớp bồi dưỡng (R7, R8)",
            bool(dossier.certificate_date),
            f"Số {dossier.certificate_number}, cấp {dossier.certificate_date:%d/%m/%Y}, hết hạn "
            f"{expiry:%d/%m/%Y}"
            if expiry
            else "Chưa có",
        ),
        ("Đảng viên giúp đỡ", bool(dossier.helper_assigned_on), ""),
        (
            "Đơn xin vào Đảng, rồi lý lịch (R10)",
            bool(dossier.letter_date and dossier.history_date),
            "",
        ),
        (
            "Thẩm tra lý lịch người thân (R12–R16)",
            bool(dossier.history_certified_on),
            f"Còn chờ {len(pending)} kết quả" if pending else "",
        ),
        ("Người giới thiệu (R17–R19)", bool(intro), ""),
        ("Nghị quyết chi bộ ≥ 2/3 (R22)", bool(dossier.cell_resolution_date), ""),
        ("Nghị quyết cấp ủy cơ sở ≥ 2/3 (R24)", bool(dossier.grassroots_resolution_date), ""),
        ("Quyết định kết nạp (R25, R26)", bool(dossier.decision_date), dossier.decision_number),
        ("Lễ kết nạp (R27)", bool(dossier.ceremony_date), ""),
        ("Chứng nhận bồi dưỡng đảng viên mới (R30)", bool(dossier.new_member_course_date), ""),
        (
            "Công nhận chính thức (R32, R33)",
            bool(dossier.official_from),
            f"Chính thức từ {dossier.official_from:%d/%m/%Y}" if dossier.official_from else "",
        ),
    ]


class DossierView(ScopedViewMixin, View):
    """The dossier as a checklist, its deadline, its history and the forms of the next steps."""

    model = Dossier

    def get(self, request, pk: int):
        dossier = selectors.dossier_for(request.user, pk)
        return self._render(request, dossier)

    def _render(self, request, dossier, bound=None, status=200):
        specs = transitions.available(dossier, request.user)
        forms_ = [
            (
                spec,
                bound
                if bound is not None and bound.prefix == spec.name
                else transitions.form_for(spec, dossier, request.user),
            )
            for spec in specs
        ]
        candidate = dossier.candidate
        context = {
            "dossier": dossier,
            "candidate": candidate,
            "checklist": checklist(dossier),
            "deadline": selectors.next_deadline(dossier),
            "forms": forms_,
            "steps": dossier.transitions.select_related("actor", "actor_body"),
            "verifications": dossier.verifications.all(),
            "mentors": candidate.mentors.select_related("member__person"),
            "reviews": candidate.reviews.all()[:12],
            "review_form": ReviewForm(),
            "can_review": user_can(request.user, Action.MANAGE_CANDIDATES),
            "mentor_form": (
                MentorForm(members=transitions.cell_members(dossier, request.user))
                if candidate.status == CandidateStatus.ACTIVE
                and user_can(request.user, Action.MANAGE_CANDIDATES)
                else None
            ),
        }
        return render(request, "recruitment/dossier.html", context, status=status)


class TransitionView(ScopedViewMixin, View):
    """POST one transition's form; a refusal shows its reason on the dossier page."""

    model = Dossier

    def get(self, request, pk: int, action: str):
        selectors.dossier_for(request.user, pk)
        return redirect("recruitment:dossier", pk=pk)

    def post(self, request, pk: int, action: str):
        dossier = selectors.dossier_for(request.user, pk)
        spec = transitions.BY_NAME.get(action)
        if spec is None:
            raise Http404
        if not spec.gate.role_may(request.user, dossier):
            raise PermissionDenied("Vai trò của bạn không được thực hiện bước này.")
        form = transitions.form_for(spec, dossier, request.user, request.POST)
        status = 400
        if form.is_valid():
            try:
                transitions.run(spec, dossier, request.user, form.cleaned_data)
            except DomainError as error:
                shown = error.field in form.fields and error.field != transitions.EXPECTED
                form.add_error(error.field if shown else None, error.message)
                status = 409 if isinstance(error, StaleState) else 400
            else:
                messages.success(request, f"Đã ghi: {spec.label}.")
                return redirect("recruitment:dossier", pk=pk)
        elif transitions.EXPECTED in form.errors:
            form.add_error(None, "Trang đã cũ: hãy tải lại trang hồ sơ rồi làm lại.")
        dossier = selectors.dossier_for(request.user, pk)
        if status == 409:  # the form of the step seen may be gone: say it above the page
            messages.error(request, form.non_field_errors()[0])
            form = None
        return DossierView(request=request)._render(request, dossier, bound=form, status=status)


class DossierActionView(ServiceActionView):
    """A post about the candidate of a dossier, made from the dossier page and back to it."""

    model = Dossier

    def get_object(self):
        return selectors.dossier_for(self.request.user, self.kwargs["pk"])

    def success_url(self, result) -> str:
        return reverse("recruitment:dossier", args=[self.object.pk])


class ReviewView(DossierActionView):
    form_class = ReviewForm
    invalid_message = "Phải ghi tháng và nội dung nhận xét."

    def perform(self, form):
        return services.candidate_add_review(
            acting_user=self.request.user, candidate=self.object.candidate, **form.cleaned_data
        )

    def success_message(self, result) -> str:
        return "Đã ghi nhận xét."


class MentorView(DossierActionView):
    """POST: assign (or change) the member who helps a candidate, from the day they are
    listed; the previous assignment ends that day."""

    form_class = MentorForm
    invalid_message = "Phải chọn đảng viên chính thức của chi bộ và ngày phân công."

    def get_form_kwargs(self) -> dict:
        return {"members": transitions.cell_members(self.object, self.request.user)}

    def perform(self, form):
        services.candidate_assign_mentor(
            acting_user=self.request.user,
            candidate=self.object.candidate,
            member=form.cleaned_data["member"],
            on=form.cleaned_data["on"],
        )
        return form.cleaned_data["member"]

    def success_message(self, member) -> str:
        return f"Đã phân công {member} giúp đỡ."


class BoardView(UnitPageMixin, View):
    """The stage board of a grassroots committee (or any unit): columns by state."""

    def get(self, request, pk: int):
        unit = self.get_unit(pk)
        columns = selectors.board(request.user, unit)
        return render(request, "recruitment/board.html", {"unit": unit, "columns": columns})


class WorklistView(UnitPageMixin, View):
    def get(self, request, pk: int):
        unit = self.get_unit(pk)
        work = selectors.worklist_sections(request.user, unit)
        return render(request, "recruitment/worklist.html", {"unit": unit, "work": work})


class EnlistTrainedView(ServiceActionView):
    """POST: one click puts a person who passed the class on the candidate list of the cell
    that sent them, with a dossier holding the certificate."""

    model = Enrolment
    required_actions = {"post": Action.MANAGE_CANDIDATES}
    denied_message = "Vai trò của bạn không được thêm quần chúng ưu tú."

    related = ("person", "awareness_class", "organization__kind")

    def perform(self, form):
        return services.candidate_enlist_trained(
            acting_user=self.request.user, enrolment=self.object, listed_on=timezone.localdate()
        )

    def success_message(self, candidate) -> str:
        return (
            f"Đã đưa {candidate.person} vào danh sách quần chúng ưu tú; hồ sơ đã có giấy chứng "
            "nhận."
        )

    def success_url(self, candidate) -> str:
        return reverse("recruitment:dossier", args=[candidate.dossiers.get().pk])

    def back_url(self) -> str:
        return reverse("reports:trained", args=[self.object.organization_id])

    def get(self, request, pk: int):
        get_object_or_404(self.get_queryset(), pk=pk)
        return redirect("recruitment:home")


class HomeView(ScopedViewMixin, View):
    """/ket-nap/: the user's own unit's candidate list."""

    def get(self, request):
        if request.user.organization_id is None:
            return redirect("organizations:tree")
        return redirect("recruitment:candidates", pk=request.user.organization_id)
