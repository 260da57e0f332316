"""Read queries on persons and members, already scoped to the user. Each figure is one
query, whatever the number of rows."""

from datetime import date

from django.db.models import Count, Q, QuerySet

from ptdv.core.text import fold
from ptdv.organizations.models import Organization
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


def persons_search(user, query: str, limit: int = 50) -> QuerySet[Person]:
    if not fold(query).split():
        return Person.objects.none()
    return (
        Person.objects.for_user(user)
        .filter(_words_filter("search_key", query))
        .select_related("organization")[:limit]
    )


def members_of(user, organization: Organization, query: str = "") -> QuerySet[Member]:
    """The current members of a unit's subtree in Vietnamese name order (given name first)."""
    members = (
        Member.objects.for_user(user)
        .current()
        .filter(organization__path__under=organization.path)
        .select_related("person", "organization")
        .order_by("person__sort_key", "pk")
    )
    if query:
        members = members.filter(_words_filter("person__search_key", query))
    return members


def member_counts_at(user, organization: Organization, on: date) -> dict:
    """Members of the subtree on a date: total, official, probationary (one query). A member
    counts where they are now: a member moved since `on` counts in the new cell."""
    return (
        Member.objects.for_user(user)
        .at(on)
        .filter(organization__path__under=organization.path)
        .aggregate(
            total=Count("pk"),
            official=Count("pk", filter=Q(official_from__lte=on)),
            probationary=Count(
                "pk", filter=Q(official_from__isnull=True) | Q(official_from__gt=on)
            ),
        )
    )


def exits_by_reason(user, organization: Organization, start: date, end: date) -> dict[str, int]:
    """Exits from the subtree between two dates (inclusive), by reason (one query); every
    reason appears, with 0 when there is none."""
    rows = (
        MemberExit.objects.for_user(user)
        .filter(organization__path__under=organization.path, on__gte=start, on__lte=end)
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
            Q(to_organization__path__under=organization.path)
            | Q(from_organization__path__under=organization.path)
        )
        .select_related("member__person", "from_organization", "to_organization")
    )
