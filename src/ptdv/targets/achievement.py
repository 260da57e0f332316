"""Achievement, pace, forecast, allocation, units to watch and the emulation ranking.

Everything is counted in the database with conditional aggregates: one query for all the
targets of a page, whatever the size of the subtrees (plus one short query per round of
mergers followed, see `subtree_prefixes`). docs/targets.md states the methods in words.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from ptdv.core.calendar import add_months
from ptdv.core.formatting import format_date, format_number, format_percent
from ptdv.organizations.models import Organization, active_between
from ptdv.organizations.paths import descendant_filter
from ptdv.organizations.rollup import covering_prefixes, grouped, roll_up
from ptdv.organizations.scope import subtree_prefixes_many
from ptdv.people.models import Member, member_on
from ptdv.recruitment.models import PRE_DECISION_STATES, Dossier, DossierState
from ptdv.recruitment.services import decision_deadline
from ptdv.targets.config import conf
from ptdv.targets.models import Target, TargetKind, TargetMeasure
from ptdv.training.models import Enrolment, EnrolmentResult

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


def _members_at(start: date) -> Q:
    """Members on the books on `start` (admitted before it, not yet left)."""
    return member_on(start - timedelta(days=1))


def _admitted_between(start: date, end: date) -> Q:
    return Q(admission_decided_on__range=(start, end))


def _cell_active_during(start: date, end: date) -> Q:
    return active_between(start, end)


def _owners(prefixes_by_key: dict) -> dict[str, list]:
    owners: dict[str, list] = {}
    for key, prefixes in prefixes_by_key.items():
        for prefix in prefixes:
            owners.setdefault(prefix, []).append(key)
    return owners


def _covering(owners: dict[str, list], path: str) -> set:
    """The keys with a prefix on `path`'s chain of ancestors (itself included)."""
    keys = set(owners.get("/", ()))
    end = path.find("/", 1)
    while end != -1:
        keys.update(owners.get(path[: end + 1], ()))
        end = path.find("/", end + 1)
    return keys


def _under_any(prefixes, field_name="organization__path") -> Q:
    return descendant_filter(field_name, covering_prefixes(prefixes))


class _Columns:
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

    def counts(self, field: str = "pk") -> dict:
        return {name: Count(field, filter=q) for name, q in self.conditions.items()}

    def __bool__(self) -> bool:
        return bool(self.conditions)


def _percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return Decimal(part) * HUNDRED / Decimal(whole)


def _years(start: date, end: date) -> Decimal:
    """Length of [start, end] in years: whole calendar years count exactly (a leap year is
    one year), other spans as days / 365,25."""
    after = end + timedelta(days=1)
    if after > start and (after.month, after.day) == (start.month, start.day):
        return Decimal(after.year - start.year)
    return Decimal(_days(start, end)) / Decimal("365.25")


def _per_year(admitted: int, members: int, start: date, end: date) -> Decimal | None:
    """Admissions as a percentage of the members at the start, per year."""
    share = _percent(admitted, members)
    years = _years(start, end)
    return share / years if share is not None and years else None


def _days(start: date, end: date) -> int:
    """Days from start to end, both included (0 when end is before start)."""
    return max((end - start).days + 1, 0)


@dataclass
class Pipeline:
    """What the unit already has in hand on the date of the figures (docs/targets.md):

    - `dossiers` past the cell resolution and not yet decided, of which `landing` have their
      R26 deadline (60 working days after the cell resolution, plus any extension) on or
      before the period's end; `dossier_rate` is the unit's share of admitted dossiers among
      those that reached a cell resolution in the last `months` months and have an outcome;
    - `trained`: persons with a valid certificate, not members, not in the pipeline above;
      `trained_rate` is the share of the persons certified in the last `months` months who
      have been admitted since; it is scaled by `time_share`, the days left in the period
      over the days of that window (at most 1).
    """

    months: int
    dossiers: int
    landing: int
    last_expected: date | None
    dossier_history: int
    dossier_admitted: int
    trained: int
    trained_history: int
    trained_admitted: int
    time_share: Decimal

    @property
    def dossier_rate(self) -> Decimal:
        if self.dossier_history:
            return Decimal(self.dossier_admitted) / self.dossier_history
        return Decimal(str(conf("DEFAULT_DOSSIER_RATE")))

    @property
    def trained_rate(self) -> Decimal:
        if self.trained_history:
            return Decimal(self.trained_admitted) / self.trained_history
        return Decimal(str(conf("DEFAULT_TRAINED_RATE")))

    @property
    def from_dossiers(self) -> Decimal:
        return self.landing * self.dossier_rate

    @property
    def from_trained(self) -> Decimal:
        return self.trained * self.trained_rate * self.time_share

    @property
    def expected(self) -> int:
        total = self.from_dossiers + self.from_trained
        return int(total.to_integral_value(ROUND_HALF_UP))

    @property
    def method(self) -> str:
        history = (
            f"{format_number(self.dossier_admitted)}/{format_number(self.dossier_history)} hồ sơ "
            f"có nghị quyết chi bộ trong {format_number(self.months)} tháng qua đã được kết nạp"
            if self.dossier_history
            else "chưa có hồ sơ nào có kết quả trong "
            f"{format_number(self.months)} tháng qua, dùng tỷ lệ mặc định"
        )
        trained = (
            f"{format_number(self.trained_admitted)}/{format_number(self.trained_history)} "
            f"người được cấp giấy chứng nhận trong {format_number(self.months)} tháng qua "
            "đã được kết nạp"
            if self.trained_history
            else f"chưa có ai được cấp giấy chứng nhận trong {format_number(self.months)} "
            "tháng qua, dùng tỷ lệ mặc định"
        )
        last = f", muộn nhất {format_date(self.last_expected)}" if self.last_expected else ""
        return (
            f"Nguồn đang có: {format_number(self.dossiers)} hồ sơ đã có nghị quyết chi bộ chờ "
            f"quyết định kết nạp, trong đó {format_number(self.landing)} hồ sơ có hạn quyết định "
            f"(60 ngày làm việc từ nghị quyết chi bộ, R26) trước cuối kỳ{last}, nhân với tỷ lệ "
            f"kết nạp của đơn vị {format_percent(self.dossier_rate * HUNDRED)} ({history}); "
            f"cộng {format_number(self.trained)} quần chúng có giấy chứng nhận còn hạn, chưa "
            f"vào Đảng, nhân với tỷ lệ {format_percent(self.trained_rate * HUNDRED)} ({trained}) "
            f"và với {format_percent(self.time_share * HUNDRED)} (số ngày còn lại của kỳ so với "
            f"{format_number(self.months)} tháng): dự kiến thêm {format_number(self.expected)}."
        )


@dataclass
class Forecast:
    """Admissions expected by the period's end. Method: the admissions of the last
    `window_days` (up to the date of the figures) give a daily pace; the forecast adds that
    pace over the days left. `linear` is the plain extrapolation of the period's average,
    shown for comparison. With a `pipeline`, `with_pipeline` adds to what is achieved the
    larger of what the recent pace and what the pipeline expect (the two estimate the same
    future admissions, so they are not added together)."""

    value: int
    linear: int
    recent: int
    window_days: int
    remaining_days: int
    achieved: int = 0
    pipeline: Pipeline | None = None

    @property
    def with_pipeline(self) -> int | None:
        if self.pipeline is None:
            return None
        return self.achieved + max(self.value - self.achieved, self.pipeline.expected)

    @property
    def combined_method(self) -> str:
        if self.pipeline is None:
            return ""
        return (
            f"{self.pipeline.method} Dự báo theo nhịp và nguồn = số đã kết nạp "
            f"({format_number(self.achieved)}) cộng số lớn hơn giữa phần dự kiến theo nhịp "
            f"gần đây ({format_number(self.value - self.achieved)}) và phần dự kiến từ nguồn "
            f"({format_number(self.pipeline.expected)})."
        )

    @property
    def method(self) -> str:
        return (
            f"Dự báo theo nhịp gần đây: {format_number(self.recent)} đảng viên kết nạp trong "
            f"{format_number(self.window_days)} ngày gần nhất, nhân với "
            f"{format_number(self.remaining_days)} ngày còn lại của kỳ, cộng với số đã kết nạp. "
            f"Nếu giữ nhịp bình quân từ đầu kỳ thì được {format_number(self.linear)}."
        )


def forecast_count(
    *, achieved: int, recent: int, window_days: int, elapsed_days: int, remaining_days: int
) -> Forecast:
    window_days = max(min(window_days, elapsed_days), 0)
    per_day = Decimal(recent) / window_days if window_days else Decimal(0)
    value = Decimal(achieved) + per_day * remaining_days
    total = elapsed_days + remaining_days
    linear = Decimal(achieved) * total / elapsed_days if elapsed_days else Decimal(0)
    return Forecast(
        value=int(value.to_integral_value(ROUND_HALF_UP)),
        linear=int(linear.to_integral_value(ROUND_HALF_UP)),
        recent=recent,
        window_days=window_days,
        remaining_days=remaining_days,
        achieved=achieved,
    )


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
        return _percent(self.value, self.target.min_value)

    @property
    def percent_max(self) -> Decimal | None:
        if not self.target.is_range:
            return None
        return _percent(self.value, self.target.max_value)

    @property
    def share_elapsed(self) -> Decimal:
        total = _days(self.target.period_start, self.target.period_end)
        return Decimal(_days(self.target.period_start, self.counted_to)) / total

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


def achievements(targets, *, as_of: date) -> list[Achievement]:
    """The achievement of each target as of a date, in one query on members (plus one on
    cells when a coverage target is present, plus the three of `pipelines_for` when a count
    target is running on `as_of`)."""
    targets = list(targets)
    if not targets:
        return []
    prefixes = subtree_prefixes({t.organization for t in targets})
    window = conf("FORECAST_WINDOW_DAYS")
    # One column per distinct condition (targets of a page share their periods), grouped by
    # cell over the union of the subtrees, then rolled up to each target's unit.
    member_columns = _Columns()
    cell_columns = _Columns("n")
    names = []
    for target in targets:
        start, end = target.period_start, min(as_of, target.period_end)
        item = {"a": member_columns.add(("in", start, end), _admitted_between(start, end))}
        if target.measure == TargetMeasure.COUNT:
            recent_from = max(start, end - timedelta(days=window - 1))
            item["r"] = member_columns.add(
                ("in", recent_from, end), _admitted_between(recent_from, end)
            )
        elif target.measure == TargetMeasure.RATE:
            item["m"] = member_columns.add(("at", start), _members_at(start))
        else:
            item["n"] = cell_columns.add(
                ("cells", target.period_start, target.period_end),
                _cell_active_during(target.period_start, target.period_end),
            )
        names.append(item)
    every_prefix = [p for t in targets for p in prefixes[t.organization_id]]
    by_unit = {t.organization_id: prefixes[t.organization_id] for t in targets}
    member_rows = grouped(
        Member.objects.all(), "organization__path", every_prefix, member_columns.counts()
    )
    # A cell admitting in a period counts once for coverage: a derived 0/1 column per cell.
    coverage = {item["a"] for item in names if "n" in item}
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
        )
        for unit_id, values in roll_up(cells, by_unit).items():
            counts[unit_id].update(values)
    running = [
        t
        for t in targets
        if t.measure == TargetMeasure.COUNT and t.period_start <= as_of < t.period_end
    ]
    pipelines = pipelines_for(running, prefixes=prefixes, as_of=as_of)
    result = []
    for target, item_names in zip(targets, names, strict=True):
        unit_counts = counts[target.organization_id]
        admitted = unit_counts[item_names["a"]]
        item = Achievement(target=target, as_of=as_of, admitted=admitted, value=Decimal(admitted))
        end = item.counted_to
        elapsed = _days(target.period_start, end)
        if target.measure == TargetMeasure.COUNT:
            item.forecast = forecast_count(
                achieved=admitted,
                recent=unit_counts[item_names["r"]],
                window_days=window,
                elapsed_days=elapsed,
                remaining_days=_days(end + timedelta(days=1), target.period_end),
            )
            item.forecast.pipeline = pipelines.get(target.pk)
        elif target.measure == TargetMeasure.RATE:
            item.members_at_start = unit_counts[item_names["m"]]
            # Per year of the whole period: the rate reached so far, comparable with the
            # target at any date and growing like a count (so pace applies to it too).
            yearly = _per_year(
                admitted, item.members_at_start, target.period_start, target.period_end
            )
            item.value = yearly if yearly is not None else Decimal(0)
        else:
            item.cells_admitting = unit_counts[f"{item_names['a']}_cell"]
            item.cells_total = unit_counts[item_names["n"]]
            item.value = _percent(item.cells_admitting, item.cells_total) or Decimal(0)
        result.append(item)
    return result


def pipelines_for(targets, *, prefixes, as_of: date) -> dict[int, Pipeline]:
    """The pipeline of each running count target on `as_of` (see `Pipeline`), in three
    queries whatever the number of targets and the size of the subtrees: the open dossiers
    grouped by cell-resolution date and extension (their R26 deadline is computed once per
    group), the dossiers' outcomes, the certificates."""
    targets = list(targets)
    if not targets:
        return {}
    months = conf("CONVERSION_MONTHS")
    since = add_months(as_of, -months)
    by_target = {t.pk: prefixes[t.organization_id] for t in targets}
    every_prefix = [p for ps in by_target.values() for p in ps]
    # The open dossiers grouped by cell and by what fixes their R26 deadline.
    waiting_rows = grouped(
        Dossier.objects.filter(state__in=PIPELINE_STATES),
        "organization__path",
        every_prefix,
        {"n": Count("pk")},
        by=("cell_resolution_date", "extension_working_days"),
    )
    resolved = Q(cell_resolution_date__range=(since, as_of))
    admitted = Q(decision_date__lte=as_of)
    outcomes = roll_up(
        grouped(
            Dossier.objects.all(),
            "organization__path",
            every_prefix,
            {
                "h": Count("pk", filter=resolved & (admitted | Q(state__in=NOT_ADMITTED_STATES))),
                "a": Count("pk", filter=resolved & admitted),
            },
        ),
        by_target,
    )
    in_pipeline = Dossier.objects.filter(
        candidate__person=OuterRef("person"), state__in=PIPELINE_STATES
    )
    valid = Q(
        result=EnrolmentResult.PASSED,
        certificate_date__lte=as_of,
        certificate_expires_on__gte=as_of,
    )
    certified = Q(result=EnrolmentResult.PASSED, certificate_date__range=(since, as_of))
    # Persons, not enrolments, are counted: one row per (cell, person) with the three flags,
    # then each unit counts its distinct persons (a person sent by two cells counts once).
    waiting_trained = valid & Q(person__membership__isnull=True, in_pipeline=False)
    admitted_since = (
        certified
        & Q(person__membership__admission_decided_on__lte=as_of)
        & Q(person__membership__admission_decided_on__gte=F("certificate_date"))
    )
    flags = (
        Enrolment.objects.annotate(in_pipeline=Exists(in_pipeline))
        .filter(waiting_trained | certified)
        .filter(_under_any(every_prefix))
        .order_by()
        .values_list("organization__path", "person")
        .annotate(
            w=Count("pk", filter=waiting_trained),
            n=Count("pk", filter=certified),
            a=Count("pk", filter=admitted_since),
        )
    )
    persons = {pk: ({}, {}, {}) for pk in by_target}
    owners = _owners(by_target)
    covering: dict[str, set] = {}
    for path, person, *counts in flags:
        keys = covering.get(path)
        if keys is None:
            keys = covering[path] = _covering(owners, path)
        for target_pk in keys:
            found = persons[target_pk]
            for index, count in enumerate(counts):
                if count:
                    found[index][person] = True
    trained = {
        f"{name}{pk}": len(found[index])
        for pk, found in persons.items()
        for index, name in enumerate("wna")
    }
    window = Decimal(max((as_of - since).days, 1))
    targets_by_pk = {t.pk: t for t in targets}
    result = {}
    for target in targets:
        result[target.pk] = Pipeline(
            months=months,
            dossiers=0,
            landing=0,
            last_expected=None,
            dossier_history=outcomes[target.pk]["h"],
            dossier_admitted=outcomes[target.pk]["a"],
            trained=trained[f"w{target.pk}"],
            trained_history=trained[f"n{target.pk}"],
            trained_admitted=trained[f"a{target.pk}"],
            time_share=min(Decimal((target.period_end - as_of).days) / window, Decimal(1)),
        )
    owners = _owners(by_target)
    deadlines = {}  # the R26 deadline, once per (cell resolution date, extension)
    for path, row in waiting_rows:
        key = (row["cell_resolution_date"], row["extension_working_days"])
        if key not in deadlines:
            deadlines[key] = key[0] and decision_deadline(
                Dossier(cell_resolution_date=key[0], extension_working_days=key[1])
            )
        expected = deadlines[key]
        for target_pk in _covering(owners, path):
            n = row["n"]
            target = targets_by_pk[target_pk]
            item = result[target_pk]
            item.dossiers += n
            if expected is not None and expected <= target.period_end:
                item.landing += n
                item.last_expected = max(item.last_expected or expected, expected)
    return result


def admissions_by_unit(units, *, start: date, end: date) -> dict[int, int]:
    """Admissions decided in [start, end] under each unit, in one query."""
    units = list(units)
    if not units:
        return {}
    prefixes = subtree_prefixes(units)
    rows = grouped(
        Member.objects.all(),
        "organization__path",
        [p for ps in prefixes.values() for p in ps],
        {"n": Count("pk", filter=_admitted_between(start, end))},
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
    """Sum of the children's assigned targets of the same measure and period (two queries)."""
    children = Organization.objects.filter(parent_id=target.organization_id).active_between(
        target.period_start, target.period_end
    )
    sums = Target.objects.filter(
        organization__in=children,
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
        children_total=children.count(),
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
        return _percent(self.admitted, self.target.min_value) if self.target else None


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


def _years_ago(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29/02
        return day.replace(year=day.year - years, day=28)


def quiet_cells(unit: Organization, *, as_of: date, years: int | None = None):
    """Cells under the unit (merged predecessors included) still active on `as_of` with no
    admission in the last `years` years, each with `last_admission` (None: never). One query
    after the prefixes."""
    years = years or conf("WATCH_YEARS")
    prefixes = subtree_prefixes([unit])[unit.pk]
    cutoff = _years_ago(as_of, years)
    return (
        Organization.objects.filter(kind__is_cell=True)
        .filter(descendant_filter("path", prefixes))
        .active_on(as_of)
        .annotate(
            # One backward probe of (cell, admission date) per cell, not a join of every
            # member of the subtree grouped by cell.
            last_admission=Subquery(
                Member.objects.filter(organization=OuterRef("pk"), admission_decided_on__lte=as_of)
                .order_by("-admission_decided_on")
                .values("admission_decided_on")[:1]
            )
        )
        .filter(Q(last_admission__isnull=True) | Q(last_admission__lt=cutoff))
        .select_related("parent")
        .order_by(F("last_admission").asc(nulls_first=True), "sort_key")
    )


def _active_cells(unit: Organization, as_of: date):
    prefixes = subtree_prefixes([unit])[unit.pk]
    return (
        Organization.objects.filter(kind__is_cell=True)
        .filter(descendant_filter("path", prefixes))
        .active_on(as_of)
        .select_related("parent", "sector")
        .order_by("sort_key")
    )


def cells_without_source(unit: Organization, *, as_of: date):
    """Cells under the unit (merged predecessors included) active on `as_of` with no source:
    nobody they sent to a class holds a certificate valid on `as_of` without being a member,
    and no dossier of theirs is open (on the list or in progress, not yet decided). One query
    after the prefixes."""
    trained = (
        Enrolment.objects.filter(organization=OuterRef("pk"), person__membership__isnull=True)
        .filter(result=EnrolmentResult.PASSED)
        .filter(certificate_date__lte=as_of, certificate_expires_on__gte=as_of)
    )
    open_dossiers = Dossier.objects.filter(
        organization=OuterRef("pk"), state__in=OPEN_DOSSIER_STATES
    )
    return _active_cells(unit, as_of).filter(~Exists(trained), ~Exists(open_dossiers))


def residential_cells_without_members(unit: Organization, *, as_of: date):
    """Cells of villages and residential groups (sector `is_residential`) under the unit,
    active on `as_of`, with no member on the books that day. One query after the prefixes."""
    members = Member.objects.filter(organization=OuterRef("pk")).on(as_of)
    return _active_cells(unit, as_of).filter(sector__is_residential=True).filter(~Exists(members))


def watch_list(unit: Organization, *, as_of: date, years: int | None = None) -> dict:
    """Everything of the watch page, for the page and the API."""
    years = years or conf("WATCH_YEARS")
    return {
        "organization": unit,
        "as_of": as_of,
        "years": years,
        "quiet_cells": list(quiet_cells(unit, as_of=as_of, years=years)),
        "behind_pace": behind_pace(unit, as_of=as_of),
        "cells_without_source": list(cells_without_source(unit, as_of=as_of)),
        "residential_cells_without_members": list(
            residential_cells_without_members(unit, as_of=as_of)
        ),
    }


def behind_pace(unit: Organization, *, as_of: date) -> list[Achievement]:
    """Count targets of the unit and its direct children running on `as_of` that are
    behind pace."""
    running = (
        Target.objects.filter(Q(organization=unit) | Q(organization__parent=unit))
        .filter(measure=TargetMeasure.COUNT, period_start__lte=as_of, period_end__gte=as_of)
        .select_related("organization")
    )
    return [item for item in achievements(running, as_of=as_of) if item.behind]


@dataclass
class RankingRow:
    unit: Organization
    target: Target | None
    admitted: int
    members_at_start: int
    cells_total: int
    cells_admitting: int
    scores: dict = field(default_factory=dict)
    score: Decimal = Decimal(0)
    rank: int = 0

    @property
    def achievement(self) -> Decimal | None:
        return _percent(self.admitted, self.target.min_value) if self.target else None

    @property
    def eligible(self) -> bool:
        """The seed rule: a unit (and the head of its committee) that did not meet the
        admission target is not eligible for an award."""
        return self.target is not None and self.admitted >= self.target.min_value

    @property
    def eligibility_text(self) -> str:
        if self.target is None:
            return "Chưa có chỉ tiêu kết nạp — chưa xét khen thưởng"
        if self.eligible:
            return "Đủ điều kiện xét khen thưởng"
        return "Không đủ điều kiện khen thưởng (không đạt chỉ tiêu kết nạp)"


CRITERIA_LABELS = {
    "achievement": "Hoàn thành chỉ tiêu kết nạp",
    "cell_coverage": "Tỷ lệ chi bộ kết nạp được đảng viên",
    "rate": "Tỷ lệ kết nạp so với số đảng viên đầu kỳ (so với mức Nghị quyết 21)",
}


def emulation_ranking(units, *, start: date, end: date, as_of: date) -> list[RankingRow]:
    """Rank units of one level over [start, end] by the weighted criteria of the
    configuration. Four queries plus the merger rounds, whatever the number of units."""
    units = list(units)
    if not units:
        return []
    prefixes = subtree_prefixes(units)
    counted_to = min(as_of, end)
    rank = {kind: i for i, kind in enumerate(KIND_PREFERENCE)}
    chosen: dict[int, Target] = {}
    for target in Target.objects.filter(
        organization__in=units, measure=TargetMeasure.COUNT, period_start=start, period_end=end
    ):
        current = chosen.get(target.organization_id)
        if current is None or rank[target.kind] < rank[current.kind]:
            chosen[target.organization_id] = target
    by_unit = {unit.pk: prefixes[unit.pk] for unit in units}
    every_prefix = [p for ps in by_unit.values() for p in ps]
    member_rows = grouped(
        Member.objects.all(),
        "organization__path",
        every_prefix,
        {
            "a": Count("pk", filter=_admitted_between(start, counted_to)),
            "m": Count("pk", filter=_members_at(start)),
        },
    )
    # A cell admitting in the period counts once for coverage.
    counts = roll_up(
        [(path, values | {"c": 1 if values["a"] else 0}) for path, values in member_rows],
        by_unit,
    )
    cells = grouped(
        Organization.objects.filter(kind__is_cell=True),
        "path",
        every_prefix,
        {"n": Count("pk", filter=_cell_active_during(start, end))},
    )
    for unit_id, values in roll_up(cells, by_unit).items():
        counts[unit_id].update(values)
    criteria = conf("EMULATION_CRITERIA")
    cap = Decimal(conf("EMULATION_SCORE_CAP"))
    floor = Decimal(str(conf("NQ21_RATE_FLOOR")))
    rows = []
    for unit in units:
        row = RankingRow(
            unit=unit,
            target=chosen.get(unit.pk),
            admitted=counts[unit.pk]["a"],
            members_at_start=counts[unit.pk]["m"],
            cells_total=counts[unit.pk]["n"],
            cells_admitting=counts[unit.pk]["c"],
        )
        yearly = _per_year(row.admitted, row.members_at_start, start, end)
        raw = {
            "achievement": row.achievement,
            "cell_coverage": _percent(row.cells_admitting, row.cells_total),
            "rate": _percent(yearly, floor) if yearly is not None else None,
        }
        total_weight = sum(Decimal(str(weight)) for _, weight in criteria) or Decimal(1)
        for name, weight in criteria:
            score = min(raw.get(name) or Decimal(0), cap)
            row.scores[name] = score
            row.score += score * Decimal(str(weight)) / total_weight
        rows.append(row)
    # Units without a target come last and are never ranked (rank 0): no score of theirs
    # may place them above a unit measured against its target.
    rows.sort(key=lambda r: (r.target is None, -r.score, r.unit.sort_key))
    for position, row in enumerate((r for r in rows if r.target is not None), start=1):
        row.rank = position
    return rows
