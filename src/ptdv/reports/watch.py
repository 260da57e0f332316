"""What the dashboard borrows from the other apps: the trained-not-admitted pool (training),
the units to watch (targets) and the worklist (recruitment). Each is read through the owning
app's selectors; this module only trims them to compact lists for the report pages."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery, Window

from ptdv.organizations.models import Organization
from ptdv.organizations.scope import subtree_filter
from ptdv.people.models import Person

# How many rows each compact list on the dashboard shows; the full list is one link away.
COMPACT_ROWS = 8


def trained_not_admitted(user, unit: Organization, on: date) -> int:
    """Persons with a certificate valid on `on`, sent from the unit's subtree, not members."""
    from ptdv.training import selectors

    return selectors.trained_not_admitted(user, unit, on)


def trained_people(user, unit: Organization, on: date) -> QuerySet[Person]:
    """The persons behind `trained_not_admitted`, each with the latest expiry of a valid
    certificate and the cell that sent them (the same filter as the training selector)."""
    from ptdv.recruitment.models import Candidate, CandidateStatus
    from ptdv.training.models import Enrolment

    valid = (
        Enrolment.objects.for_user(user)
        .valid_on(on)
        .filter(subtree_filter(unit), person_is_member=False)
    )
    latest = valid.filter(person=OuterRef("pk")).order_by("-certificate_expires_on", "-pk")
    return (
        Person.objects.filter(pk__in=valid.values("person"))
        .annotate(
            expires_on=Subquery(latest.values("certificate_expires_on")[:1]),
            sent_by=Subquery(latest.values("organization__name")[:1]),
            enrolment_id=Subquery(latest.values("pk")[:1]),
            listed=Exists(
                Candidate.objects.filter(person=OuterRef("pk"), status=CandidateStatus.ACTIVE)
            ),
        )
        .order_by("sort_key", "pk")
    )


@dataclass
class WatchList:
    quiet: list  # cells with no admission for `years` years (targets.quiet_cells)
    quiet_total: int
    years: int
    behind: list  # count targets of the unit and its children behind pace
    worklist: list  # recruitment deadlines due or overdue under the unit
    worklist_total: int


def watch_list(user, unit: Organization, as_of: date, today: date, behind=None) -> WatchList:
    """The targets watch items as of `as_of` and the recruitment worklist as of `today`, cut
    to COMPACT_ROWS each. A fixed number of queries whatever the data. `behind`: the targets
    behind pace when already computed (`progress_and_behind`)."""
    from ptdv.recruitment.selectors import worklist_sections
    from ptdv.targets import watchlist
    from ptdv.targets.config import conf

    years = conf("WATCH_YEARS")
    # The first rows and, beside each, how many there are in all: one pass over the cells.
    # Only the name is shown: no parent joined and no other column carried for every quiet
    # cell of the subtree (65.000 of the country's) through the count and the sort.
    quiet = list(
        watchlist.quiet_cells(unit, as_of=as_of, years=years)
        .select_related(None)
        .only("name")
        .annotate(quiet_total=Window(Count("pk")))[:COMPACT_ROWS]
    )
    work = worklist_sections(user, unit, today, limit=COMPACT_ROWS, waiting=False)
    return WatchList(
        quiet=quiet,
        quiet_total=quiet[0].quiet_total if quiet else 0,
        years=years,
        behind=behind if behind is not None else watchlist.behind_pace(unit, as_of=as_of),
        worklist=work.items[:COMPACT_ROWS],
        worklist_total=work.overdue_total + work.due_soon_total,
    )


def progress_and_behind(user, unit: Organization, period) -> tuple[list, list]:
    """`target_progress` and the targets behind pace on the period's last day
    (`targets.watchlist.behind_pace`) from ONE computation of `achievements` over both sets
    of targets: the subtrees are read once, not twice."""
    from ptdv.targets.achievement import achievements
    from ptdv.targets.watchlist import running_count_targets

    own = list(_own_targets(user, unit, period))
    running = list(running_count_targets(unit, as_of=period.end))
    known = {target.pk for target in own}
    # The pages that show these (the dashboard) give the recent pace, not the pipeline.
    items = achievements(
        own + [t for t in running if t.pk not in known], as_of=period.end, pipeline=False
    )
    by_target = {item.target.pk: item for item in items}
    progress = [by_target[target.pk] for target in own]
    behind = [by_target[target.pk] for target in running if by_target[target.pk].behind]
    return progress, behind


def _own_targets(user, unit: Organization, period):
    from ptdv.targets.models import Target

    return (
        Target.objects.for_user(user)
        .filter(organization=unit, period_start__lte=period.end, period_end__gte=period.start)
        .select_related("organization")
        .order_by("period_start", "period_end", "kind", "pk")
    )


def target_progress(user, unit: Organization, period) -> list:
    """The unit's own targets whose period overlaps the report period, each with its
    achievement on the period's last day (targets.achievement): one query for the targets and
    the fixed few of `achievements`, whatever their number. Without the forecast's pipeline:
    the briefings show the recent pace."""
    from ptdv.targets.achievement import achievements

    return achievements(_own_targets(user, unit, period), as_of=period.end, pipeline=False)
