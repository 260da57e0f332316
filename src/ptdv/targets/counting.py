"""What the target calculations share: the states they count, the conditions on members and
cells, the named-column helper and the arithmetic of periods and percentages."""

import operator
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from functools import reduce

from django.db.models import Count, Q

from ptdv.organizations.models import active_between
from ptdv.organizations.paths import descendant_filter
from ptdv.organizations.rollup import (
    covering_prefixes,
    grouped,
    minimal_prefixes,
    roll_up,
    rollup_depth,
)
from ptdv.organizations.scope import subtree_prefixes_many
from ptdv.people.counters import members_on_by_cell
from ptdv.people.models import ADMITTED_IN_PATH, Member
from ptdv.recruitment.models import PRE_DECISION_STATES, DossierState
from ptdv.targets.models import TargetKind

HUNDRED = Decimal(100)
# The pipeline: dossiers from the cell resolution (S9) to the admission decision (S12), whose
# decision is due within 60 working days of the cell resolution (R26).
PIPELINE_STATES = [
    DossierState.CELL_PROPOSED,
    DossierState.GRASSROOTS_PROPOSED,
    DossierState.AWAITING_DECISION,
]
# Dossiers closed without an admission: with the decided ones, the outcomes known.
NOT_ADMITTED_STATES = [DossierState.REJECTED, DossierState.DROPPED]
# An open dossier: on the list or in progress, not yet decided (an expired certificate stalls it).
OPEN_DOSSIER_STATES = [s for s in PRE_DECISION_STATES if s != DossierState.CERT_EXPIRED]
# Which target of a unit counts first when only one is used (ranking, children's table).
KIND_PREFERENCE = [TargetKind.ASSIGNED, TargetKind.REGISTERED, TargetKind.RESOLUTION]


def subtree_prefixes(units) -> dict[int, tuple[str, ...]]:
    """For each unit, the prefixes of its subtree with merged predecessors (see scope)."""
    return subtree_prefixes_many(units)


def members_at_start(start: date, by_unit: dict) -> dict:
    """For each key of `by_unit` (its prefixes), the members on the day before `start` (a
    rate's base), each under their cell on that day (`people.counters.members_on_by_cell`:
    the per-cell counters and the changes since, not a scan of the members)."""
    every_prefix = covering_prefixes(p for prefixes in by_unit.values() for p in prefixes)
    if not every_prefix:
        return {key: 0 for key in by_unit}
    day = start - timedelta(days=1)
    # Grouped in the database by the units of the deepest level asked (one row per unit of
    # that level, not per cell), then rolled up.
    rows = members_on_by_cell(every_prefix, day, fields=("members",), depth=rollup_depth(by_unit))
    totals = totals_by_unit(((path, {"m": values["members"]}) for path, values in rows), by_unit)
    return {key: totals[key].get("m", 0) for key in by_unit}


def read_as_given(prefixes) -> bool:
    """Whether a grouped read under `prefixes` reads them as they are (not their ancestors,
    `rollup.covering_prefixes`): then every row it returns lies under them."""
    return covering_prefixes(prefixes) == minimal_prefixes(prefixes)


def totals_by_unit(rows, by_unit: dict) -> dict:
    """`rollup.roll_up` of rows read under `covering_prefixes` of the units' prefixes; for
    one unit whose prefixes were read as they are (the targets of a unit's page), the plain
    sum: every row is its own, and the walk up each row's path is skipped."""
    if len(by_unit) == 1:
        ((key, prefixes),) = by_unit.items()
        if read_as_given(prefixes):
            total: dict = defaultdict(int)
            for _path, values in rows:
                for name, value in values.items():
                    if value:
                        total[name] += value
            return {key: total}
    return roll_up(rows, by_unit)


# What the admissions figures count: the admission date, never null where a period selects
# the row, and held with the cell of the admission day in `member_admitted_in_idx`, so that
# the counts are read from the index alone (COUNT of the id read every member row).
ADMITTED = "admission_decided_on"


def admitted_between(start: date, end: date) -> Q:
    return Q(admission_decided_on__range=(start, end))


def admissions_by_cell(condition: Q, prefixes, columns: dict, depth=None) -> list[tuple[str, dict]]:
    """The admissions meeting `condition` (admission dates) under any of `prefixes`, grouped
    by the cell of the admission day (`Member.admitted_in`, as the reports count them: a
    member who moved since counts where they were admitted), keyed by that cell's current
    path for `roll_up` (or its ancestor at `depth`, see `rollup.grouped`): one query,
    reading only the admissions of the periods asked."""
    return grouped(
        Member.objects.filter(condition), ADMITTED_IN_PATH, prefixes, columns, depth=depth
    )


def cell_active_during(start: date, end: date) -> Q:
    return active_between(start, end)


def owners_of(prefixes_by_key: dict) -> dict[str, list]:
    owners: dict[str, list] = {}
    for key, prefixes in prefixes_by_key.items():
        for prefix in prefixes:
            owners.setdefault(prefix, []).append(key)
    return owners


def under_any(prefixes, field_name="organization__path") -> Q:
    return descendant_filter(field_name, covering_prefixes(prefixes))


class Columns:
    """Named conditions, each distinct condition once (keyed by what it means)."""

    def __init__(self, prefix: str = "c"):
        self.prefix = prefix
        self.names: dict = {}
        self.conditions: dict[str, Q] = {}

    def add(self, key, condition: Q) -> str:
        name = self.names.get(key)
        if name is None:
            name = self.names[key] = f"{self.prefix}{len(self.names)}"
            self.conditions[name] = condition
        return name

    def any(self) -> Q:
        """Rows meeting at least one condition: the WHERE of a grouped read, so that the
        rows no column counts (members admitted outside every period) are never read (the
        admission-date index finds the others)."""
        return reduce(operator.or_, self.conditions.values(), Q(pk__in=[]))

    def counts(self, field: str = "pk") -> dict:
        return {name: Count(field, filter=q) for name, q in self.conditions.items()}

    def __bool__(self) -> bool:
        return bool(self.conditions)


def percent_of(part, whole) -> Decimal | None:
    if not whole:
        return None
    return Decimal(part) * HUNDRED / Decimal(whole)


def years_between(start: date, end: date) -> Decimal:
    """Length of [start, end] in years: whole calendar years count exactly (a leap year is
    one year), other spans as days / 365,25."""
    after = end + timedelta(days=1)
    if after > start and (after.month, after.day) == (start.month, start.day):
        return Decimal(after.year - start.year)
    return Decimal(days_between(start, end)) / Decimal("365.25")


def per_year(admitted: int, members: int, start: date, end: date) -> Decimal | None:
    """Admissions as a percentage of the members at the start, per year."""
    share = percent_of(admitted, members)
    years = years_between(start, end)
    return share / years if share is not None and years else None


def days_between(start: date, end: date) -> int:
    """Days from start to end, both included (0 when end is before start)."""
    return max((end - start).days + 1, 0)
