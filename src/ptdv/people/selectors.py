"""Read queries on persons and members, already scoped to the user. Each figure is one
query, whatever the number of rows."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from ptdv.core.formatting import format_date
from ptdv.core.text import fold
from ptdv.organizations.models import Organization
from ptdv.organizations.scope import subtree_filter, subtree_prefixes
from ptdv.people.models import (
    ExitReason,
    Member,
    MemberExit,
    MemberTransfer,
    Person,
    TransferState,
)


def _words_filter(field: str, query: str) -> Q:
    """Accent-free search: every word of the query must appear ("nguyen lan" finds
    "Nguyễn Thị Lan")."""
    condition = Q()
    for word in fold(query).split():
        condition &= Q(**{f"{field}__contains": word})
    return condition


def citizen_id_query(query: str) -> str:
    """The query as a CCCD (12 digits, spaces and dots ignored), or ""."""
    digits = "".join(ch for ch in query if not ch.isspace() and ch != ".")
    return digits if len(digits) == 12 and digits.isdigit() else ""


def persons_search(user, query: str, limit: int = 50) -> list[Person]:
    """Persons of the user's subtree by accent-free name ("thu trang" finds "Nguyễn Thị Thu
    Trang": the stored, indexed search key) or, for roles that may see it, by CCCD. Each
    result carries its unit and a status: member (official, probationary, left), candidate
    (with the dossier's step), or none. Two queries, at most `limit` rows."""
    from ptdv.accounts.permissions import Action, user_can

    citizen_id = citizen_id_query(query)
    if citizen_id and user_can(user, Action.VIEW_SENSITIVE):
        condition = Q(citizen_id=citizen_id)
    elif fold(query).split():
        condition = _words_filter("search_key", query)
    else:
        return []
    persons = list(
        Person.objects.for_user(user)
        .filter(condition)
        .select_related("organization", "membership")
        .order_by("sort_key", "pk")[:limit]
    )
    from ptdv.recruitment.models import Candidate, CandidateStatus

    candidacies = {
        c.person_id: c
        for c in Candidate.objects.filter(
            person__in=persons, status=CandidateStatus.ACTIVE
        ).prefetch_related("dossiers")
    }
    for person in persons:
        person.status_label = _status_label(person, candidacies.get(person.pk))
    return persons


def _status_label(person: Person, candidacy) -> str:
    member = getattr(person, "membership", None)
    if member is not None:
        if member.ended_on is not None:
            return f"Đã ra khỏi danh sách đảng viên ({member.ended_on:%d/%m/%Y})"
        return f"Đảng viên {member.get_status_display().lower()}"
    if candidacy is not None:
        dossiers = sorted(candidacy.dossiers.all(), key=lambda d: d.pk)
        step = f", hồ sơ ở bước «{dossiers[-1].get_state_display()}»" if dossiers else ""
        return f"Quần chúng ưu tú{step}"
    return "Chưa là quần chúng ưu tú"


def members_of(user, organization: Organization, query: str = "") -> QuerySet[Member]:
    """The current members of a unit's subtree in Vietnamese name order (given name first)."""
    members = (
        Member.objects.for_user(user)
        .current()
        .filter(subtree_filter(organization))
        .select_related("person", "organization")
        .order_by("person__sort_key", "pk")
    )
    if query:
        members = members.filter(_words_filter("person__search_key", query))
    return members


def member_counts_at(user, organization: Organization, on: date) -> dict:
    """Members of the subtree on a date: total, official, probationary (one query). A member
    counts in the cell they were in on `on` (transfers confirmed later undone), that cell
    placed in today's structure. `organization` is one the user may see."""
    return Member.objects.under_on(subtree_prefixes(organization), on).aggregate(
        total=Count("pk"),
        official=Count("pk", filter=Q(official_from__lte=on)),
        probationary=Count("pk", filter=Q(official_from__isnull=True) | Q(official_from__gt=on)),
    )


def exits_by_reason(user, organization: Organization, start: date, end: date) -> dict[str, int]:
    """Exits from the subtree between two dates (inclusive), by reason (one query); every
    reason appears, with 0 when there is none."""
    rows = (
        MemberExit.objects.for_user(user)
        .filter(subtree_filter(organization), on__gte=start, on__lte=end)
        .values("reason")
        .annotate(n=Count("pk"))
        .order_by()
    )
    result = dict.fromkeys(ExitReason.values, 0)
    result.update({row["reason"]: row["n"] for row in rows})
    return result


def transfers_pending_for(user, organization: Organization) -> QuerySet[MemberTransfer]:
    """Pending transfers into or out of a unit's subtree, for the user's eyes."""
    return (
        MemberTransfer.objects.for_user(user)
        .filter(state=TransferState.PENDING)
        .filter(
            subtree_filter(organization, "to_organization__path")
            | subtree_filter(organization, "from_organization__path")
        )
        .select_related("member__person", "from_organization", "to_organization")
    )


@dataclass(frozen=True)
class TimelineEvent:
    """One line of a person's timeline: the day, what happened, the details (meeting, votes,
    document) and where to read more."""

    on: date
    title: str
    detail: str = ""
    kind: str = ""
    url: str = ""
    order: tuple = field(default=(), compare=False)


# Titles of dossier steps whose state label alone would read oddly in a timeline.
STEP_TITLES = {
    "nominate": "Chi bộ cử đi học lớp bồi dưỡng nhận thức về Đảng",
    "record_certificate": "Có giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng",
    "assign_helper": "Chi bộ phân công đảng viên giúp đỡ",
    "open": "Nộp đơn xin vào Đảng và lý lịch",
    "start_verification": "Gửi thẩm tra lý lịch",
    "complete_verification": "Cấp ủy cơ sở chứng nhận lý lịch",
    "introduce": "Có người giới thiệu vào Đảng",
    "cell_resolve": "Chi bộ biểu quyết đề nghị kết nạp",
    "grassroots_resolve": "Cấp ủy cơ sở biểu quyết đề nghị kết nạp",
    "submit": "Trình cấp có thẩm quyền quyết định",
    "extend": "Gia hạn thời hạn quyết định",
    "decide_admission": "Quyết định kết nạp đảng viên",
    "reject": "Không được kết nạp",
    "drop": "Đưa ra khỏi danh sách quần chúng ưu tú",
    "expire_certificate": "Giấy chứng nhận lớp bồi dưỡng hết hạn",
    "hold_ceremony": "Lễ kết nạp đảng viên",
    "recognition_vote": "Chi bộ biểu quyết đề nghị công nhận đảng viên chính thức",
    "recognition_vote_failed": "Chi bộ xét công nhận chính thức: không đạt",
    "recognize": "Quyết định công nhận đảng viên chính thức",
    "strike_off": "Xóa tên khỏi danh sách đảng viên dự bị",
}


def _document(number: str, day: date | None) -> str:
    if not number and day is None:
        return ""
    text = f"văn bản số {number}" if number else "văn bản"
    return f"{text} ngày {format_date(day)}" if day else text


def _join(*parts: str) -> str:
    return "; ".join(part for part in parts if part)


def _step_event(step) -> TimelineEvent:
    from django.urls import reverse

    details = []
    if step.meeting_date and step.action not in ("hold_ceremony",):
        details.append(f"họp ngày {format_date(step.meeting_date)}")
    if step.votes_for is not None:
        total = f"/{step.official_members}" if step.official_members is not None else ""
        against = (
            f", {step.votes_against} không tán thành" if step.votes_against is not None else ""
        )
        details.append(f"{step.votes_for}{total} tán thành{against}")
    details.append(_document(step.document_number, step.document_date))
    if step.actor_body_id and step.action in ("decide_admission", "recognize", "strike_off"):
        details.append(step.actor_body.name)
    if step.deadline_breached:
        details.append("quá hạn")
    if step.note:
        details.append(step.note)
    on = step.meeting_date or step.document_date or timezone.localtime(step.at).date()
    return TimelineEvent(
        on=on,
        title=STEP_TITLES.get(step.action, step.get_to_state_display()),
        detail=_join(*details),
        kind="dossier",
        url=reverse("recruitment:dossier", args=[step.dossier_id]),
        order=(2, step.at, step.pk),
    )


def person_timeline(user, person_id: int) -> list[TimelineEvent]:
    """Everything that happened to a person, newest first: candidacies, mentors, monthly
    reviews, classes and certificates, every dossier step (meeting, votes, document), the
    admission, ceremony and recognition, transfers and exits. One query per source table
    (seven), whatever the history; empty when the person is not visible to `user`."""
    from ptdv.recruitment.models import Candidate, DossierTransition, MentorAssignment, ReviewNote
    from ptdv.training.models import Enrolment, EnrolmentResult

    visible = Person.objects.for_user(user).filter(pk=person_id).values("pk")
    events: list[TimelineEvent] = []

    for candidate in Candidate.objects.filter(person__in=visible).select_related("organization"):
        events.append(
            TimelineEvent(
                on=candidate.listed_on,
                title="Được đưa vào danh sách quần chúng ưu tú",
                detail=_join(
                    candidate.organization.name,
                    f"nguồn: {candidate.get_source_display()}",
                    "kết nạp lại" if candidate.is_readmission else "",
                    f"hiện nay: {candidate.get_status_display().lower()}",
                ),
                kind="candidate",
                order=(0, candidate.pk),
            )
        )

    for mentor in MentorAssignment.objects.filter(candidate__person__in=visible).select_related(
        "member__person"
    ):
        events.append(
            TimelineEvent(
                on=mentor.assigned_on,
                title="Đảng viên được phân công giúp đỡ",
                detail=mentor.member.person.full_name,
                kind="mentor",
                order=(3, mentor.pk),
            )
        )
        if mentor.ended_on:
            events.append(
                TimelineEvent(
                    on=mentor.ended_on,
                    title="Thôi phân công giúp đỡ",
                    detail=mentor.member.person.full_name,
                    kind="mentor",
                    order=(3, mentor.pk),
                )
            )

    for review in ReviewNote.objects.filter(candidate__person__in=visible):
        events.append(
            TimelineEvent(
                on=review.month,
                title=f"Nhận xét của chi bộ tháng {review.month:%m/%Y}",
                detail=review.text,
                kind="review",
                order=(4, review.pk),
            )
        )

    for enrolment in Enrolment.objects.filter(person__in=visible).select_related(
        "awareness_class", "organization"
    ):
        course = enrolment.awareness_class
        events.append(
            TimelineEvent(
                on=course.starts_on,
                title=f"Được cử đi học: {course.name}",
                detail=_join(
                    f"{format_date(course.starts_on)} – {format_date(course.ends_on)}",
                    course.place,
                    f"{enrolment.organization.name} cử đi",
                ),
                kind="class",
                order=(1, enrolment.pk),
            )
        )
        if enrolment.result == EnrolmentResult.PASSED and enrolment.certificate_date:
            events.append(
                TimelineEvent(
                    on=enrolment.certificate_date,
                    title="Đạt lớp bồi dưỡng, được cấp giấy chứng nhận",
                    detail=_join(
                        f"số {enrolment.certificate_number}"
                        if enrolment.certificate_number
                        else "",
                        course.issuing_body,
                        f"có giá trị đến {format_date(enrolment.certificate_expires_on)}"
                        if enrolment.certificate_expires_on
                        else "",
                    ),
                    kind="class",
                    order=(1, enrolment.pk, 1),
                )
            )
        elif enrolment.result == EnrolmentResult.FAILED:
            events.append(
                TimelineEvent(
                    on=course.ends_on,
                    title="Không đạt lớp bồi dưỡng",
                    detail=course.name,
                    kind="class",
                    order=(1, enrolment.pk, 1),
                )
            )

    steps = (
        DossierTransition.objects.filter(dossier__candidate__person__in=visible)
        .exclude(action="candidate_create")  # the candidacy line above says it
        .select_related("actor_body")
    )
    done = set()
    for step in steps:
        done.add(step.action)
        events.append(_step_event(step))

    member = (
        Member.objects.filter(person__in=visible)
        .select_related("organization", "exit", "exit__organization")
        .first()
    )
    if member is not None:
        # Members admitted before the system (or imported) have no dossier steps: their
        # dates come from the member record.
        dated = [
            ("decide_admission", member.admission_decided_on, "Quyết định kết nạp đảng viên"),
            ("hold_ceremony", member.ceremony_on, "Lễ kết nạp đảng viên"),
            ("recognize", member.official_from, "Trở thành đảng viên chính thức"),
        ]
        for action, day, title in dated:
            if day and action not in done:
                events.append(
                    TimelineEvent(
                        on=day, title=title, detail=member.organization.name, kind="member",
                        order=(5, member.pk),
                    )
                )  # fmt: skip
        exit_ = getattr(member, "exit", None)
        if exit_ is not None:
            events.append(
                TimelineEvent(
                    on=exit_.on,
                    title=f"Ra khỏi danh sách đảng viên: {exit_.get_reason_display().lower()}",
                    detail=_join(
                        exit_.organization.name,
                        _document(exit_.document_number, exit_.document_date),
                        exit_.note,
                    ),
                    kind="exit",
                    order=(7, exit_.pk),
                )
            )

    for transfer in MemberTransfer.objects.filter(member__person__in=visible).select_related(
        "from_organization", "to_organization"
    ):
        route = f"{transfer.from_organization.name} → {transfer.to_organization.name}"
        events.append(
            TimelineEvent(
                on=transfer.requested_on,
                title="Đề nghị chuyển sinh hoạt đảng",
                detail=_join(
                    route,
                    f"giấy giới thiệu số {transfer.document_number}"
                    if transfer.document_number
                    else "",
                    transfer.get_state_display().lower(),
                ),
                kind="transfer",
                order=(6, transfer.pk),
            )
        )
        if transfer.confirmed_on:
            events.append(
                TimelineEvent(
                    on=transfer.confirmed_on,
                    title="Chi bộ mới tiếp nhận sinh hoạt đảng",
                    detail=transfer.to_organization.name,
                    kind="transfer",
                    order=(6, transfer.pk, 1),
                )
            )

    events.sort(key=lambda event: (event.on, event.order), reverse=True)
    return events
