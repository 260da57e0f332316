"""Read queries on persons and members, already scoped to the user. Each figure is one
query, whatever the number of rows."""

from datetime import date

from django.db.models import Count, Q, QuerySet

from ptdv.core.text import fold
from ptdv.organizations.models import Organization
from ptdv.organizations.scope import subtree_filter, subtree_prefixes
from ptdv.people.extensions import PERSON_STATUSES
from ptdv.people.models import (
    ExitReason,
    Member,
    MemberExit,
    MemberStatus,
    MemberTransfer,
    Person,
    TransferState,
)
from ptdv.people.timeline import SOURCES, TimelineEvent


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
    statuses: dict[int, str] = {}
    for add in PERSON_STATUSES:
        statuses.update(add(persons))
    for person in persons:
        person.status_label = _status_label(person, statuses.get(person.pk))
    return persons


def _status_label(person: Person, status: str | None) -> str:
    member = getattr(person, "membership", None)
    if member is not None:
        if member.ended_on is not None:
            return f"Đã ra khỏi danh sách đảng viên ({member.ended_on:%d/%m/%Y})"
        return f"Đảng viên {member.get_status_display().lower()}"
    return status or "Chưa là quần chúng ưu tú"


def member_counts(organization: Organization) -> dict:
    """The three member figures of a unit's whole subtree (current members), in one query."""
    return (
        Member.objects.current()
        .filter(subtree_filter(organization))
        .aggregate(
            total=Count("pk"),
            official=Count("pk", filter=Q(status=MemberStatus.OFFICIAL)),
            probationary=Count("pk", filter=Q(status=MemberStatus.PROBATIONARY)),
        )
    )


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


def person_timeline(user, person_id: int) -> list[TimelineEvent]:
    """Everything that happened to a person, newest first: what the other apps record
    (candidacies, mentors, reviews, classes and certificates, every dossier step: see
    `timeline.SOURCES`), then the member record's dates, transfers and exit. One query per
    source table (seven), whatever the history; empty when the person is not visible to
    `user`."""
    visible = Person.objects.for_user(user).filter(pk=person_id).values("pk")
    events = [event for add in SOURCES for event in add(visible)]
    done = {event.values["action"] for event in events if event.what == "step"}
    events += _member_events(visible, done) + _transfer_events(visible)
    events.sort(key=lambda event: (event.on, event.order), reverse=True)
    return events


def _member_events(visible, done: set) -> list[TimelineEvent]:
    member = (
        Member.objects.filter(person__in=visible)
        .select_related("organization", "exit", "exit__organization")
        .first()
    )
    if member is None:
        return []
    # Members admitted before the system (or imported) have no dossier steps: their dates
    # come from the member record.
    events = [
        TimelineEvent(
            on=day,
            what=what,
            values={"unit": member.organization.name},
            kind="member",
            order=(5, member.pk),
        )
        for action, day, what in (
            ("decide_admission", member.admission_decided_on, "admitted"),
            ("hold_ceremony", member.ceremony_on, "ceremony"),
            ("recognize", member.official_from, "official"),
        )
        if day and action not in done
    ]
    exit_ = getattr(member, "exit", None)
    if exit_ is not None:
        values = {
            "reason": exit_.get_reason_display(),
            "unit": exit_.organization.name,
            "document_number": exit_.document_number,
            "document_date": exit_.document_date,
            "note": exit_.note,
        }
        events.append(
            TimelineEvent(on=exit_.on, what="exit", values=values, kind="exit", order=(7, exit_.pk))
        )
    return events


def _transfer_events(visible) -> list[TimelineEvent]:
    events = []
    for transfer in MemberTransfer.objects.filter(member__person__in=visible).select_related(
        "from_organization", "to_organization"
    ):
        values = {
            "source": transfer.from_organization.name,
            "destination": transfer.to_organization.name,
            "document_number": transfer.document_number,
            "state": transfer.get_state_display(),
        }
        events.append(
            TimelineEvent(
                on=transfer.requested_on,
                what="transfer_requested",
                values=values,
                kind="transfer",
                order=(6, transfer.pk),
            )
        )
        if transfer.confirmed_on:
            events.append(
                TimelineEvent(
                    on=transfer.confirmed_on,
                    what="transfer_confirmed",
                    values=values,
                    kind="transfer",
                    order=(6, transfer.pk, 1),
                )
            )
    return events
