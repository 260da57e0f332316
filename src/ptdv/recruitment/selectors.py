"""Scoped reads: candidate lists, the worklist and the stage board. Deadlines are computed
from the stored dates each time (never stored by hand)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from ptdv.core.calendar import add_working_days
from ptdv.core.text import fold
from ptdv.organizations.models import Organization
from ptdv.organizations.scope import subtree_filter
from ptdv.recruitment import services
from ptdv.recruitment.checks import certificate_expiry
from ptdv.recruitment.models import (
    CERTIFIED_STATES,
    CLOSED_STATES,
    Candidate,
    Dossier,
    DossierState,
    MentorAssignment,
    VerificationRequest,
)
from ptdv.recruitment.rules import rule

S = DossierState


def candidates_for(user, unit: Organization, *, query="", state="", source="", status=""):
    """Candidates of `unit`'s subtree with their current dossier; accent-free search."""
    result = (
        Candidate.objects.for_user(user)
        .filter(subtree_filter(unit))
        .select_related("person", "organization")
        .prefetch_related(
            Prefetch("dossiers", queryset=Dossier.objects.order_by("-id"), to_attr="dossier_list"),
            Prefetch(
                "mentors",
                queryset=MentorAssignment.objects.filter(ended_on__isnull=True).select_related(
                    "member__person"
                ),
                to_attr="current_mentors",
            ),
        )
    )
    for word in fold(query).split():
        result = result.filter(person__search_key__contains=word)
    if state:
        result = result.filter(dossiers__state=state)
    if source:
        result = result.filter(source=source)
    if status:
        result = result.filter(status=status)
    return result.order_by("person__sort_key").distinct()


def state_counts(user, unit: Organization) -> dict:
    """Dossiers per state under `unit`, one query."""
    rows = (
        Dossier.objects.for_user(user)
        .filter(subtree_filter(unit))
        .values("state")
        .annotate(n=Count("pk"))
    )
    return {row["state"]: row["n"] for row in rows}


@dataclass
class Deadline:
    """One due date of a dossier: what, by when, which rule."""

    due: date
    rule: str
    action: str
    dossier: Dossier
    start: date | None = None

    @property
    def overdue(self) -> bool:
        return self.due < timezone.localdate()

    @property
    def days_left(self) -> int:
        return (self.due - timezone.localdate()).days


def next_deadline(dossier: Dossier, today: date | None = None) -> Deadline | None:
    """The one date that matters next for a dossier, or None."""
    today = today or timezone.localdate()
    state = dossier.state
    if state in (S.CELL_PROPOSED, S.GRASSROOTS_PROPOSED, S.AWAITING_DECISION):
        return Deadline(
            services.decision_deadline(dossier),
            "R26",
            f"Cấp có thẩm quyền ra quyết định kết nạp ({rule('ADMISSION_DECISION_WORKING_DAYS')} "
            "ngày làm việc từ nghị quyết chi bộ"
            + (
                f", đã gia hạn {dossier.extension_working_days} ngày"
                if dossier.extension_working_days
                else ""
            )
            + ")",
            dossier,
        )
    if state == S.ADMISSION_DECIDED:
        return Deadline(
            services.ceremony_deadline(dossier),
            "R27",
            f"Chi bộ tổ chức lễ kết nạp ({rule('CEREMONY_WORKING_DAYS')} ngày làm việc từ khi "
            "nhận quyết định)",
            dossier,
        )
    if state == S.PROBATIONARY:
        if dossier.escalated_on:
            return Deadline(
                dossier.escalated_on,
                "R34",
                f"Biểu quyết {rule('FAILED_VOTES_BEFORE_ESCALATION')} lần không đạt: cấp trên "
                "quyết định công nhận hoặc xóa tên",
                dossier,
            )
        return Deadline(
            services.recognition_vote_deadline(dossier),
            "R32",
            "Chi bộ xét công nhận đảng viên chính thức (trong "
            f"{rule('RECOGNITION_VOTE_WORKING_DAYS')} ngày làm việc sau khi hết dự bị)",
            dossier,
            start=dossier.probation_end,
        )
    if state == S.RECOGNITION_PROPOSED:
        return Deadline(
            services.recognition_deadline(dossier),
            "R26",
            "Cấp có thẩm quyền ra quyết định công nhận "
            f"({rule('RECOGNITION_DECISION_WORKING_DAYS')} ngày làm việc)",
            dossier,
        )
    if state in CERTIFIED_STATES and dossier.certificate_date:
        return Deadline(
            certificate_expiry(dossier),
            "R8",
            "Chi bộ phải xét kết nạp trước khi giấy chứng nhận hết hạn "
            f"({rule('CERTIFICATE_VALID_MONTHS')} tháng)",
            dossier,
        )
    return None


def worklist(user, unit: Organization, today: date | None = None) -> list[Deadline]:
    """What is due and overdue under `unit`: ceremonies, recognition votes, decisions past
    their deadline, certificates running out, verifications taking long. Two queries."""
    today = today or timezone.localdate()
    lookahead = add_working_days(today, rule("WORKLIST_LOOKAHEAD_WORKING_DAYS"))
    dossiers = (
        Dossier.objects.for_user(user)
        .filter(subtree_filter(unit))
        .exclude(state__in=CLOSED_STATES)
        .select_related("candidate__person", "organization")
    )
    items: list[Deadline] = []
    cert_horizon = today + timedelta(days=rule("CERTIFICATE_WARNING_DAYS"))
    for dossier in dossiers:
        item = next_deadline(dossier, today)
        if item is None:
            continue
        if item.rule == "R8":
            if item.due <= cert_horizon:
                item.action = "Giấy chứng nhận sắp hết hạn trước khi hồ sơ kịp hoàn tất: " + (
                    "họp chi bộ xét sớm hoặc cử đi học lại"
                )
                items.append(item)
        elif item.rule == "R32":
            if dossier.probation_end <= lookahead:
                items.append(item)
        elif item.rule == "R34" or item.due <= lookahead:
            items.append(item)
    sla = rule("VERIFICATION_SLA_WORKING_DAYS")
    slow = (
        VerificationRequest.objects.filter(
            dossier__in=dossiers.filter(state=S.VERIFYING),
            answered_on__isnull=True,
            sent_on__isnull=False,
        )
        .select_related("dossier__candidate__person", "dossier__organization")
        .order_by("sent_on")
    )
    for request in slow:
        if request.exempt:
            continue
        due = add_working_days(request.sent_on, sla)
        if due <= lookahead:
            items.append(
                Deadline(
                    due,
                    "R16",
                    f"Đôn đốc kết quả thẩm tra lý lịch: {request.get_relation_display().lower()} "
                    f"{request.full_name} (gửi ngày {request.sent_on:%d/%m/%Y})",
                    request.dossier,
                )
            )
    items.sort(key=lambda item: item.due)
    return items


def board(user, unit: Organization) -> list[tuple[str, str, list]]:
    """The stage board: one column per open state, cards with their next deadline."""
    dossiers = (
        Dossier.objects.for_user(user)
        .filter(subtree_filter(unit))
        .exclude(state__in=[S.DROPPED, S.REJECTED, S.STRUCK_OFF])
        .select_related("candidate__person", "organization")
        .order_by("state_changed_on", "id")
    )
    columns: dict[str, list] = {value: [] for value in S.values if value not in CLOSED_STATES}
    columns[S.OFFICIAL] = []
    for dossier in dossiers:
        columns.setdefault(dossier.state, []).append((dossier, next_deadline(dossier)))
    return [(state, S(state).label, cards) for state, cards in columns.items()]


def dossier_for(user, pk: int) -> Dossier:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Dossier.objects.for_user(user).select_related(
            "candidate__person",
            "organization",
            "introducer_1__person",
            "introducer_2__person",
            "decided_by",
            "member",
        ),
        pk=pk,
    )


def open_dossier_counts(user, unit: Organization) -> dict:
    return (
        Dossier.objects.for_user(user)
        .filter(subtree_filter(unit))
        .aggregate(
            open=Count("pk", filter=~Q(state__in=CLOSED_STATES)),
            probationary=Count("pk", filter=Q(state=S.PROBATIONARY)),
            official=Count("pk", filter=Q(state=S.OFFICIAL)),
        )
    )


def units_for(user) -> QuerySet[Organization]:
    return Organization.objects.for_user(user)
