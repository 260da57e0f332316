"""Achievement and pace of targets, admissions by unit, allocation to the children.

Everything is counted in the database, grouped once by cell and rolled up the tree: one query
for all the targets of a page, whatever the size of the subtrees (plus one short query per
round of mergers followed, see `subtree_prefixes`). docs/targets.md states the methods in
words. The forecast is in `forecast`, the units to watch in `watchlist`, the emulation
ranking in `ranking`.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from ptdv.core.formatting import format_number, format_percent
from ptdv.organizations.models import Organization
from ptdv.organizations.paths import descendant_filter
from ptdv.organizations.rollup import (
    covering_prefixes,
    grouped,
    minimal_prefixes,
    roll_up,
    rollup_depth,
)
from ptdv.people.admission_counts import as_date, counted_units, month_counts, month_split
from ptdv.people.models import ADMITTED_IN_PATH, Member
from ptdv.targets.config import conf
from ptdv.targets.counting import (
    ADMITTED,
    HUNDRED,
    KIND_PREFERENCE,
    Columns,
    admissions_by_cell,
    admitted_between,
    cell_active_during,
    days_between,
    members_at_start,
    per_year,
    percent_of,
    read_as_given,
    subtree_prefixes,
)
from ptdv.targets.forecast import Forecast, forecast_count, pipelines_for
from ptdv.targets.models import Target, TargetKind, TargetMeasure


@dataclass
class Achievement:
    target: Target
    as_of: date
    admitted: int
    value: Decimal
    members_at_start: int | None = None
    cells_total: int | None = None
    cells_admitting: int | None = None
    forecast: Forecast | None = None

    @property
    def counted_to(self) -> date:
        return min(self.as_of, self.target.period_end)

    @property
    def percent_min(self) -> Decimal | None:
        return percent_of(self.value, self.target.min_value)

    @property
    def percent_max(self) -> Decimal | None:
        if not self.target.is_range:
            return None
        return percent_of(self.value, self.target.max_value)

    @property
    def share_elapsed(self) -> Decimal:
        total = days_between(self.target.period_start, self.target.period_end)
        return Decimal(days_between(self.target.period_start, self.counted_to)) / total

    @property
    def elapsed_percent(self) -> Decimal:
        return self.share_elapsed * HUNDRED

    @property
    def pace(self) -> Decimal | None:
        """Share achieved over share of the period elapsed (1 = exactly on pace)."""
        if not self.share_elapsed:
            return None
        return (self.percent_min or Decimal(0)) / HUNDRED / self.share_elapsed

    @property
    def met(self) -> bool:
        return self.value >= self.target.min_value

    @property
    def finished(self) -> bool:
        return self.as_of >= self.target.period_end

    @property
    def behind(self) -> bool:
        pace = self.pace
        return not self.met and pace is not None and pace < Decimal(str(conf("BEHIND_PACE_RATIO")))

    @property
    def status(self) -> str:
        if self.met:
            return "Đạt chỉ tiêu"
        if self.finished:
            return "Không đạt chỉ tiêu"
        if self.as_of < self.target.period_start:
            return "Chưa đến kỳ"
        return "Chậm tiến độ" if self.behind else "Đúng tiến độ"

    @property
    def measured_text(self) -> str:
        if self.target.measure == TargetMeasure.COUNT:
            return format_number(self.admitted)
        return format_percent(self.value)

    @property
    def percent_text(self) -> str:
        text = format_percent(self.percent_min)
        if self.percent_max is not None:
            text = f"{text} / {format_percent(self.percent_max)}"
        return text

    @property
    def text(self) -> str:
        """ "2.030/2.000 — 101,5%"; for a range "185/170–200 — 108,8% / 92,5%"."""
        return f"{self.measured_text}/{self.target.value_text} — {self.percent_text}"

    @property
    def bar_percent(self) -> int:
        """Width of the progress bar, 0–100."""
        return int(min(self.percent_min or 0, HUNDRED))


def achievements(targets, *, as_of: date, pipeline: bool = True) -> list[Achievement]:
    """The achievement of each target as of a date, in one query on members (plus one on
    cells when a coverage target is present, plus the four of `pipelines_for` when a count
    target is running on `as_of`). `pipeline=False` leaves the forecast's pipeline out
    (`forecast.pipeline` None): for pages that show only the recent pace, the pipeline reads
    every open dossier and certificate of the subtrees (at the country ≈ 3 s)."""
    targets = list(targets)
    if not targets:
        return []
    prefixes = subtree_prefixes({t.organization for t in targets})
    window = conf("FORECAST_WINDOW_DAYS")
    # One column per distinct condition (targets of a page share their periods), grouped by
    # cell over the union of the subtrees, then rolled up to each target's unit.
    member_columns = Columns()
    cell_columns = Columns("n")
    names = []
    for target in targets:
        start, end = target.period_start, min(as_of, target.period_end)
        item = {"a": member_columns.add(("in", start, end), admitted_between(start, end))}
        if target.measure == TargetMeasure.COUNT:
            recent_from = max(start, end - timedelta(days=window - 1))
            item["r"] = member_columns.add(
                ("in", recent_from, end), admitted_between(recent_from, end)
            )
        elif target.measure == TargetMeasure.RATE:
            item["m"] = ("at", start)
        else:
            item["n"] = cell_columns.add(
                ("cells", target.period_start, target.period_end),
                cell_active_during(target.period_start, target.period_end),
            )
        names.append(item)
    every_prefix = [p for t in targets for p in prefixes[t.organization_id]]
    by_unit = {t.organization_id: prefixes[t.organization_id] for t in targets}
    # A cell admitting in a period counts once for coverage.
    coverage = {item["a"] for item in names if "n" in item}
    if len(by_unit) == 1 and read_as_given(every_prefix):
        counts = _one_unit_counts(*by_unit, every_prefix, member_columns, cell_columns, coverage)
    else:
        counts = _counts_by_unit(by_unit, every_prefix, member_columns, cell_columns, coverage)
    # A rate's base: the members on the day before its start, under their cell on that day
    # (one reading of the counters per distinct start).
    for start in {item["m"][1] for item in names if "m" in item}:
        rate_units = {
            t.organization_id: prefixes[t.organization_id]
            for t, item in zip(targets, names, strict=True)
            if item.get("m") == ("at", start)
        }
        for unit_id, members in members_at_start(start, rate_units).items():
            counts[unit_id][("at", start)] = members
    running = [
        t
        for t in targets
        if pipeline and t.measure == TargetMeasure.COUNT and t.period_start <= as_of < t.period_end
    ]
    pipelines = pipelines_for(running, prefixes=prefixes, as_of=as_of)
    result = []
    for target, item_names in zip(targets, names, strict=True):
        unit_counts = counts[target.organization_id]
        admitted = unit_counts[item_names["a"]]
        item = Achievement(target=target, as_of=as_of, admitted=admitted, value=Decimal(admitted))
        end = item.counted_to
        elapsed = days_between(target.period_start, end)
        if target.measure == TargetMeasure.COUNT:
            item.forecast = forecast_count(
                achieved=admitted,
                recent=unit_counts[item_names["r"]],
                window_days=window,
                elapsed_days=elapsed,
                remaining_days=days_between(end + timedelta(days=1), target.period_end),
            )
            item.forecast.pipeline = pipelines.get(target.pk)
        elif target.measure == TargetMeasure.RATE:
            item.members_at_start = unit_counts[item_names["m"]]
            # Per year of the whole period: the rate reached so far, comparable with the
            # target at any date and growing like a count (so pace applies to it too).
            yearly = per_year(
                admitted, item.members_at_start, target.period_start, target.period_end
            )
            item.value = yearly if yearly is not None else Decimal(0)
        else:
            item.cells_admitting = unit_counts[f"{item_names['a']}_cell"]
            item.cells_total = unit_counts[item_names["n"]]
            item.value = percent_of(item.cells_admitting, item.cells_total) or Decimal(0)
        result.append(item)
    return result


def _counts_by_unit(by_unit, every_prefix, member_columns, cell_columns, coverage) -> dict:
    """The columns grouped by cell, rolled up to each unit (or, for the country and the
    provinces, the admissions read from their monthly counters)."""
    counts = None if coverage else _counted_counts(by_unit, every_prefix, member_columns)
    if counts is None:
        # Sums only may be grouped by the units rolled up to; the cells admitting are
        # counted from one row per cell.
        depth = None if coverage else rollup_depth(by_unit)
        member_rows = admissions_by_cell(
            member_columns.any(), every_prefix, member_columns.counts(ADMITTED), depth
        )
        if coverage:  # a derived 0/1 column per cell (a copy of every row only when needed)
            member_rows = [
                (path, values | {f"{name}_cell": 1 for name in coverage if values[name]})
                for path, values in member_rows
            ]
        counts = roll_up(member_rows, by_unit)
    if cell_columns:
        cells = grouped(
            Organization.objects.filter(kind__is_cell=True),
            "path",
            every_prefix,
            cell_columns.counts(),
            depth=rollup_depth(by_unit),
        )
        for unit_id, values in roll_up(cells, by_unit).items():
            counts[unit_id].update(values)
    return counts


def _counted_counts(by_unit, every_prefix, member_columns) -> dict | None:
    """The admissions of each column's period for units that all have monthly counters (the
    country, the provinces: `people.admission_counts`), per unit: the whole months from the
    counters (one read by unit and month; each unit sums those of its own prefixes, so a
    unit inside another is not counted twice), the parts of months at the ends from the rows
    (one grouped read, rolled up). None when a unit has no counters (read the rows)."""
    units = {key: counted_units(minimal_prefixes(prefixes)) for key, prefixes in by_unit.items()}
    periods = {name: key[1:] for key, name in member_columns.names.items() if key[0] == "in"}
    if any(ids is None for ids in units.values()) or len(periods) != len(member_columns.names):
        return None
    splits = {name: month_split(*period) for name, period in periods.items()}
    whole = [months for months, _edges in splits.values() if months]
    by_counter: dict = defaultdict(lambda: defaultdict(int))
    if whole:
        every = sorted({unit for ids in units.values() for unit in ids})
        first, last = min(m[0] for m in whole), max(m[1] for m in whole)
        for row in month_counts(every, first, last, ["all"], by=["unit_id", "month"]):
            month = as_date(row["month"])
            for name, (months, _edges) in splits.items():
                if months and months[0] <= month <= months[1]:
                    by_counter[row["unit_id"]][name] += row["total"]
    counts: dict = {key: defaultdict(int) for key in by_unit}
    for key, ids in units.items():
        for unit in ids:
            for name, count in by_counter[unit].items():
                counts[key][name] += count
    edges = Columns("e")
    owners: dict = defaultdict(list)
    for name, (_months, parts) in splits.items():
        for start, end in parts:
            owners[edges.add(("in", start, end), admitted_between(start, end))].append(name)
    if edges:
        rows = admissions_by_cell(
            edges.any(), every_prefix, edges.counts(ADMITTED), rollup_depth(by_unit)
        )
        for key, values in roll_up(rows, by_unit).items():
            for column, count in values.items():
                for name in owners[column]:
                    counts[key][name] += count
    return counts


def _one_unit_counts(unit_id, prefixes, member_columns, cell_columns, coverage) -> dict:
    """The same columns for the targets of one unit (its own page), each read as one row:
    the cells admitting in a period counted distinct by the database, no row per cell to
    send and roll up."""
    prefixes = covering_prefixes(prefixes)
    columns = member_columns.counts(ADMITTED)
    for name in coverage:
        columns[f"{name}_cell"] = Count(
            "admitted_in", distinct=True, filter=member_columns.conditions[name]
        )
    counts = defaultdict(
        int,
        Member.objects.filter(member_columns.any())
        .filter(descendant_filter(ADMITTED_IN_PATH, prefixes))
        .aggregate(**columns),
    )
    if cell_columns:
        counts.update(
            Organization.objects.filter(kind__is_cell=True)
            .filter(descendant_filter("path", prefixes))
            .aggregate(**cell_columns.counts())
        )
    return {unit_id: counts}


def admissions_by_unit(units, *, start: date, end: date) -> dict[int, int]:
    """Admissions decided in [start, end] under each unit, in one query."""
    units = list(units)
    if not units:
        return {}
    prefixes = subtree_prefixes(units)
    rows = admissions_by_cell(
        admitted_between(start, end),
        [p for ps in prefixes.values() for p in ps],
        {"n": Count(ADMITTED)},
    )
    counts = roll_up(rows, {unit.pk: prefixes[unit.pk] for unit in units})
    return {unit.pk: counts[unit.pk]["n"] for unit in units}


@dataclass
class Allocation:
    """The targets the unit assigned to its children against the unit's own target."""

    target: Target
    children_total: int
    children_with_target: int
    sum_min: Decimal
    sum_max: Decimal

    @property
    def difference(self) -> Decimal:
        return self.sum_min - self.target.min_value

    @property
    def status(self) -> str:
        if self.children_with_target < self.children_total:
            missing = self.children_total - self.children_with_target
            return f"Còn {format_number(missing)} đơn vị trực thuộc chưa được giao chỉ tiêu"
        if self.difference < 0:
            return f"Tổng giao cho cấp dưới thiếu {format_number(-self.difference)} so với chỉ tiêu"
        if self.difference > 0:
            return f"Tổng giao cho cấp dưới vượt {format_number(self.difference)} so với chỉ tiêu"
        return "Tổng giao cho cấp dưới bằng chỉ tiêu"


def allocation_check(target: Target) -> Allocation:
    """Sum of the children's assigned targets of the same measure and period (two queries).
    The children's ids are read first: as a subquery, PostgreSQL walked every unit of the
    country by its primary key to find a commune's children (45 ms at national size)."""
    children = list(
        Organization.objects.filter(parent_id=target.organization_id)
        .active_between(target.period_start, target.period_end)
        .values_list("pk", flat=True)
    )
    sums = Target.objects.filter(
        organization_id__in=children,
        kind=TargetKind.ASSIGNED,
        measure=target.measure,
        period_start=target.period_start,
        period_end=target.period_end,
    ).aggregate(
        sum_min=Coalesce(Sum("min_value"), Decimal(0)),
        sum_max=Coalesce(Sum(Coalesce("max_value", "min_value")), Decimal(0)),
        n=Count("pk"),
    )
    return Allocation(
        target=target,
        children_total=len(children),
        children_with_target=sums["n"],
        sum_min=sums["sum_min"],
        sum_max=sums["sum_max"],
    )


@dataclass
class ChildRow:
    unit: Organization
    target: Target | None
    admitted: int

    @property
    def percent(self) -> Decimal | None:
        return percent_of(self.admitted, self.target.min_value) if self.target else None


def children_table(children, *, target: Target, as_of: date) -> list[ChildRow]:
    """Each child with its target for the same measure and period (assigned first) and its
    admissions in the period: three queries whatever the number of children."""
    children = list(children)
    found: dict[int, Target] = {}
    rank = {kind: i for i, kind in enumerate(KIND_PREFERENCE)}
    for child_target in Target.objects.filter(
        organization__in=children,
        measure=TargetMeasure.COUNT,
        period_start=target.period_start,
        period_end=target.period_end,
    ):
        current = found.get(child_target.organization_id)
        if current is None or rank[child_target.kind] < rank[current.kind]:
            found[child_target.organization_id] = child_target
    end = min(as_of, target.period_end)
    counts = admissions_by_unit(children, start=target.period_start, end=end)
    return [ChildRow(unit=c, target=found.get(c.pk), admitted=counts[c.pk]) for c in children]
