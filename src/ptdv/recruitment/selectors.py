"""Scoped reads: candidate lists, the worklist and the stage board. Deadlines are computed
from the stored dates each time (never stored by hand)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from ptdv.core.calendar import add_working_days
from ptdv.core.text import fold
from ptdv.organizations.models import Organization
from ptdv.organizations.paths import descendant_filter
from ptdv.organizations.scope import in_scope, subtree_filter, subtree_prefixes
from ptdv.recruitment import services
from ptdv.recruitment.models import (
    CLOSED_STATES,
    Candidate,
    Dossier,
    DossierState,
    MentorAssignment,
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


def _action(dossier: Dossier, due_rule: str) -> str:
    """What the deadline asks for, its values read from the configuration (R8, R16, R26…)."""
    if due_rule == "R26" and dossier.state == S.RECOGNITION_PROPOSED:
        return (
            "Cấp có thẩm quyền ra quyết định công nhận "
            f"({rule('RECOGNITION_DECISION_WORKING_DAYS')} ngày làm việc)"
        )
    texts = {
        "R26": "Cấp có thẩm quyền ra quyết định kết nạp "
        f"({rule('ADMISSION_DECISION_WORKING_DAYS')} ngày làm việc từ nghị quyết chi bộ",
        "R27": f"Chi bộ tổ chức lễ kết nạp ({rule('CEREMONY_WORKING_DAYS')} ngày làm việc từ "
        "khi nhận quyết định)",
        "R34": f"Biểu quyết {rule('FAILED_VOTES_BEFORE_ESCALATION')} lần không đạt: cấp trên "
        "quyết định công nhận hoặc xóa tên",
        "R32": "Chi bộ xét công nhận đảng viên chính thức (trong "
        f"{rule('RECOGNITION_VOTE_WORKING_DAYS')} ngày làm việc sau khi hết dự bị)",
        "R16": "Đôn đốc kết quả thẩm tra lý lịch (hạn trả lời tính từ ngày gửi)",
        "R8": "Chi bộ phải xét kết nạp trước khi giấy chứng nhận hết hạn "
        f"({rule('CERTIFICATE_VALID_MONTHS')} tháng)",
    }
    text = texts.get(due_rule, "")
    if due_rule == "R26":
        if dossier.extension_working_days:
            text += f", đã gia hạn {dossier.extension_working_days} ngày"
        text += ")"
    return text


def _deadline(dossier: Dossier, due: date, due_rule: str) -> Deadline:
    return Deadline(
        due,
        due_rule,
        _action(dossier, due_rule),
        dossier,
        start=dossier.probation_end if due_rule == "R32" else None,
    )


def next_deadline(dossier: Dossier, today: date | None = None) -> Deadline | None:
    """The deadline of the dossier's current step (stored by the services when it moved), or
    None. Dossiers loaded without it (older data) get it computed."""
    if dossier.due_on is not None:
        return _deadline(dossier, dossier.due_on, dossier.due_rule)
    if dossier.state in CLOSED_STATES:
        return None
    computed = services.compute_due(dossier)
    return _deadline(dossier, *computed) if computed else None


@dataclass
class Worklist:
    """A user's worklist under a unit: each section cut to `limit` rows, with its total."""

    overdue: list
    overdue_total: int
    due_soon: list
    due_soon_total: int
    waiting: list  # dossiers at a step the user's role records, no deadline in the horizon
    waiting_total: int
    horizon: date
    horizon_days: int

    @property
    def items(self) -> list:
        return self.overdue + self.due_soon


def _open_under(user, unit: Organization) -> QuerySet[Dossier]:
    """The open dossiers of `unit`'s subtree that the user may see. The scope's test on the
    same path is added only when the subtree is not wholly the user's (a merged predecessor
    out of their scope): otherwise it filters nothing, and two ORs of LIKEs on one column
    make PostgreSQL guess that the subtree holds almost no unit. On the user's own unit the
    prefixes already read for their scope serve (the same rows: no second read)."""
    own = getattr(user, "organization", None)
    prefixes = subtree_prefixes(own if own is not None and own.pk == unit.pk else unit)
    dossiers = Dossier.objects.all()
    if not all(in_scope(user, prefix) for prefix in prefixes):
        dossiers = Dossier.objects.for_user(user)
    if not Organization.objects.cover_everything(prefixes):  # else no unit to join and test
        dossiers = dossiers.filter(descendant_filter("organization__path", prefixes))
    return dossiers.exclude(state__in=CLOSED_STATES)


OVERDUE, DUE_SOON, WAITING = 1, 2, 3


def _sections(rows: QuerySet[Dossier], sections: list[tuple[int, Q]], limit: int) -> dict:
    """For each section (the first condition a dossier meets names its section), the ids of
    its first `limit` dossiers and its total, from ONE query: every row of the sections is
    read once, from the subtree's units, numbered and counted per section (windows), and only
    the first `limit` of each come back. Overdue and due-soon dossiers are ordered by their
    deadline, the waiting ones by the day they reached their step. A bare ORDER BY … LIMIT
    per section let PostgreSQL walk the country's deadline index until `limit` rows of a
    small subtree turned up (all of them, for a commune: 410.000 index rows at 5,6 M
    members), and a separate count read the subtree again."""
    section = Case(*(When(q, then=Value(n)) for n, q in sections), default=Value(0))
    key = Case(When(section=WAITING, then=F("state_changed_on")), default=F("due_on"))
    where = sections[0][1]
    for _, q in sections[1:]:
        where |= q
    head = (
        rows.filter(where)
        .annotate(section=section)
        .annotate(
            total=Window(Count("pk"), partition_by=[F("section")]),
            rank=Window(RowNumber(), partition_by=[F("section")], order_by=[key, F("pk")]),
        )
        .filter(rank__lte=limit)
        .order_by()
        .values_list("section", "rank", "pk", "total")
    )
    found = {n: ([], 0) for n, _ in sections}
    for n, _, pk, total in sorted(head):
        found[n] = (found[n][0] + [pk], total)
    return found


def worklist_sections(
    user, unit: Organization, today: date | None = None, limit: int = 100, waiting: bool = True
):
    """Overdue first, then what falls due within the horizon (configurable, default 30
    working days; certificates within their own warning period), then the dossiers waiting
    for the user's role. One query reads the first `limit` ids of every section and their
    totals (`_sections`), one more loads those rows: the cost follows the subtree's open
    dossiers in the sections, never the country's. `waiting=False` (the dashboard's compact
    list) leaves the waiting section out."""
    today = today or timezone.localdate()
    days = rule("WORKLIST_LOOKAHEAD_WORKING_DAYS")
    horizon = add_working_days(today, days)
    cert_horizon = today + timedelta(days=rule("CERTIFICATE_WARNING_DAYS"))
    open_here = _open_under(user, unit)
    overdue_q = Q(due_on__lt=today)
    soon_q = Q(due_on__gte=today) & (
        (~Q(due_rule="R8") & Q(due_on__lte=horizon)) | Q(due_rule="R8", due_on__lte=cert_horizon)
    )
    sections = [(OVERDUE, overdue_q), (DUE_SOON, soon_q)]
    if waiting:
        # What is neither overdue nor due soon (the CASE takes the first condition met).
        sections.append((WAITING, Q(state__in=services.states_waiting_for(user))))
    else:
        # The deadline index can find the rows: nothing beyond the farther horizon counts.
        open_here = open_here.filter(due_on__lte=max(horizon, cert_horizon))
    found = _sections(open_here, sections, limit)
    (overdue, overdue_total), (soon, soon_total) = found[OVERDUE], found[DUE_SOON]
    waiting_ids, waiting_total = found.get(WAITING, ([], 0))
    wanted = overdue + soon + waiting_ids  # in_bulk([]) sends no query
    loaded = Dossier.objects.select_related("candidate__person", "organization").in_bulk(wanted)

    def rows(ids):
        return [loaded[pk] for pk in ids if pk in loaded]

    return Worklist(
        overdue=[_deadline(d, d.due_on, d.due_rule) for d in rows(overdue)],
        overdue_total=overdue_total,
        due_soon=[_deadline(d, d.due_on, d.due_rule) for d in rows(soon)],
        due_soon_total=soon_total,
        waiting=rows(waiting_ids),
        waiting_total=waiting_total,
        horizon=horizon,
        horizon_days=days,
    )


def worklist(user, unit: Organization, today: date | None = None, limit: int = 100) -> list:
    """What is overdue, then what falls due within the horizon, under `unit`."""
    return worklist_sections(user, unit, today, limit).items


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
