"""The admissions of a unit over time: per month, quarter or year beside the year before,
the admissions of its child units, and the line of its count target."""

from datetime import date, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth, TruncQuarter, TruncYear

from ptdv.organizations.models import Organization
from ptdv.organizations.rollup import covering_prefixes, minimal_prefixes, roll_up, rollup_depth
from ptdv.organizations.scope import subtree_prefixes_many
from ptdv.people.admission_counts import counted_units, month_counts
from ptdv.people.counters import members_on_by_cell
from ptdv.people.models import Member
from ptdv.reports.figures import Period, by_cell, members_under, shift_year, whole_months

GRAINS = {"month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _bucket_start(day: date, grain: str) -> date:
    if grain == "year":
        return date(day.year, 1, 1)
    if grain == "quarter":
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(day.year, day.month, 1)


def _next_bucket(day: date, grain: str) -> date:
    step = {"month": 1, "quarter": 3, "year": 12}[grain]
    months = day.year * 12 + day.month - 1 + step
    return date(months // 12, months % 12 + 1, 1)


def bucket_label(day: date, grain: str) -> str:
    if grain == "year":
        return str(day.year)
    if grain == "quarter":
        return f"Quý {ROMAN[(day.month - 1) // 3 + 1]}/{day.year}"
    return f"{day.month:02d}/{day.year}"


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def trends(prefixes, period: Period, grain: str = "month") -> list[dict]:
    """Admissions per month, quarter or year of the period, beside the same bucket a year
    earlier, with running totals. One GROUP BY query over both periods."""
    return trends_by_grain(prefixes, period, (grain,))[grain]


def trends_by_grain(prefixes, period: Period, grains) -> dict[str, list[dict]]:
    """`trends` for several grains from ONE query: the admissions are grouped by the finest
    grain asked for (a month, a quarter or a year lies wholly in one coarser bucket), then
    summed into the coarser buckets."""
    finest = min(grains, key=list(GRAINS).index)
    current, earlier = _admission_buckets(prefixes, period, finest)
    return {
        grain: _series(_regroup(current, grain), _regroup(earlier, grain), period, grain)
        for grain in grains
    }


def _regroup(counts: dict[date, int], grain: str) -> dict[date, int]:
    totals: dict[date, int] = {}
    for bucket, count in counts.items():
        start = _bucket_start(bucket, grain)
        totals[start] = totals.get(start, 0) + count
    return totals


def _admission_buckets(prefixes, period: Period, grain: str):
    """The admissions of the period and of the year before, per bucket of `grain` (or per
    month, which every grain regroups). For the country and a province, the whole months
    are read from the monthly counters (`people.admission_counts`) and only the parts of
    months at the ends from the rows."""
    units = counted_units(minimal_prefixes(prefixes))
    if units is not None:
        return tuple(_counted_months(units, prefixes, p) for p in (period, period.previous_year()))
    previous = period.previous_year()
    trunc = GRAINS[grain]
    in_current = Q(admission_decided_on__gte=period.start, admission_decided_on__lte=period.end)
    in_previous = Q(
        admission_decided_on__gte=previous.start, admission_decided_on__lte=previous.end
    )
    rows = (
        Member.objects.filter(in_current | in_previous)
        .admitted_under(prefixes)
        .annotate(bucket=trunc("admission_decided_on"))
        .values("bucket")
        .annotate(current=Count("pk", filter=in_current), previous=Count("pk", filter=in_previous))
        .order_by("bucket")
    )
    current: dict[date, int] = {}
    earlier: dict[date, int] = {}
    for row in rows:
        bucket = _as_date(row["bucket"])
        current[bucket] = row["current"]
        earlier[bucket] = row["previous"]
    return current, earlier


def _counted_months(units, prefixes, period: Period) -> dict[date, int]:
    months, edges = whole_months(period)
    counts: dict[date, int] = {}
    if months is not None:
        for row in month_counts(units, *months, dimensions=["all"], by=["month"]):
            month = _as_date(row["month"])
            counts[month] = counts.get(month, 0) + row["total"]
    for edge in edges:
        rows = (
            Member.objects.filter(admission_decided_on__range=(edge.start, edge.end))
            .admitted_under(prefixes)
            .aggregate(n=Count("pk"))
        )
        month = _bucket_start(edge.start, "month")
        counts[month] = counts.get(month, 0) + rows["n"]
    return counts


def _series(current: dict, earlier: dict, period: Period, grain: str) -> list[dict]:
    series = []
    total = total_before = 0
    bucket = _bucket_start(period.start, grain)
    while bucket <= period.end:
        count = current.get(bucket, 0)
        before = earlier.get(shift_year(bucket), 0)
        total += count
        total_before += before
        series.append(
            {
                "bucket": bucket,
                "label": bucket_label(bucket, grain),
                "count": count,
                "previous": before,
                "cumulative": total,
                "previous_cumulative": total_before,
            }
        )
        bucket = _next_bucket(bucket, grain)
    return series


def children_admissions(user, unit: Organization, period: Period) -> list[dict]:
    """The unit's child units (those the user sees) with their admissions in the period (by
    the cell on the admission day) and members at its end (by the cell on that day, from the
    counters): a few queries whatever the number of members."""
    children = list(
        Organization.objects.for_user(user)
        .filter(parent=unit)
        .select_related("kind")
        .order_by("sort_key")
    )
    if not children:
        return []
    prefixes = subtree_prefixes_many(children)
    union = covering_prefixes(p for ps in prefixes.values() for p in ps)
    # Grouped once by cell over the children's subtrees, then rolled up to each child; the
    # children of the country (the provinces) read their admissions from the counters.
    depth = rollup_depth(prefixes)
    counted = _counted_admissions(prefixes, period)
    if counted is None:
        rows = by_cell(members_under(union, period), {"admitted": Count("pk")}, depth)
    else:
        rows = counted
    rows += members_on_by_cell(union, period.end, ("members",), depth)
    counts = roll_up(rows, prefixes)
    return [
        {
            "unit": child,
            "admitted": counts[child.pk]["admitted"],
            "members": counts[child.pk]["members"],
        }
        for child in children
    ]


def _counted_admissions(prefixes_by_child: dict, period: Period):
    """The admissions of the period under each child, as rows for `roll_up` keyed by the
    child's own path, when every child is a counted unit (`people.admission_counts`): the
    whole months from the counters, the parts of months at the ends from the rows. None
    otherwise."""
    minimal = {pk: minimal_prefixes(ps) for pk, ps in prefixes_by_child.items()}
    units = {pk: counted_units(ps) for pk, ps in minimal.items()}
    months, edges = whole_months(period)
    if months is None or any(ids is None for ids in units.values()):
        return None
    every = sorted({unit for ids in units.values() for unit in ids})
    path_of = {
        unit: prefix for ps in minimal.values() for prefix in ps for unit in counted_units([prefix])
    }
    rows = [
        (path_of[row["unit_id"]], {"admitted": row["total"]})
        for row in month_counts(every, *months, dimensions=["all"], by=["unit_id"])
    ]
    union = covering_prefixes(p for ps in minimal.values() for p in ps)
    for edge in edges:
        rows += by_cell(members_under(union, edge), {"admitted": Count("pk")})
    return rows


def count_target(unit: Organization, period: Period):
    """The unit's count target whose period covers the report period: assigned first, then
    registered, then the congress resolution; the shortest period among them."""
    from ptdv.targets.counting import KIND_PREFERENCE
    from ptdv.targets.models import Target, TargetMeasure

    rank = {kind: i for i, kind in enumerate(KIND_PREFERENCE)}
    candidates = Target.objects.filter(
        organization=unit,
        measure=TargetMeasure.COUNT,
        period_start__lte=period.start,
        period_end__gte=period.end,
    )
    return min(
        candidates,
        key=lambda t: (rank.get(t.kind, len(rank)), t.period_end - t.period_start, t.pk),
        default=None,
    )


def _bucket_end(bucket: date, grain: str, period: Period) -> date:
    return min(_next_bucket(bucket, grain) - timedelta(days=1), period.end)


def target_line(target, period: Period, series: list[dict], grain: str = "month") -> list:
    """The target as a straight line: 0 at the target period's start, the (lower) target at
    its end, read at the end of each bucket and counted from the report period's start (so it
    starts at 0 with the cumulative admissions). When the report period is the target's
    period, the line runs from 0 to the target."""
    if target is None:
        return []
    length = (target.period_end - target.period_start).days + 1
    whole = float(target.min_value)

    def planned(day: date) -> float:
        elapsed = min(max((day - target.period_start).days + 1, 0), length)
        return whole * elapsed / length

    before = planned(period.start - timedelta(days=1))
    return [round(planned(_bucket_end(row["bucket"], grain, period)) - before, 1) for row in series]
