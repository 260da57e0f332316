"""The figures of a unit for a period, computed in the database.

Every figure is a `Figure`: a base (admitted in the period, members at the end date, gone in
the period) and a condition. `statistics` turns all of them into ONE aggregate query with
`Count(filter=...)`; `people` applies one figure's base and condition to list the persons
behind it, so a number on the dashboard and the list it links to can never disagree.

A unit's figures cover its subtree and the subtrees of the units merged into it (followed
transitively, as `organizations.scope` does for users). A member counts under the cell that
holds the record now; members transferred between cells follow their record.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connections
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import (
    ExtractDay,
    ExtractMonth,
    ExtractYear,
    TruncMonth,
    TruncQuarter,
    TruncYear,
)

from ptdv.core.formatting import format_date
from ptdv.core.reference import GeneralEducation, ProfessionalLevel, Religion, WorkplaceType
from ptdv.organizations.models import Organization
from ptdv.organizations.paths import descendant_filter
from ptdv.organizations.rollup import grouped, roll_up
from ptdv.organizations.scope import subtree_prefixes_many
from ptdv.people.models import ExitReason, Member, MemberStatus, Sex, member_on
from ptdv.reports import config


def unit_prefixes(unit: Organization) -> tuple[str, ...]:
    """The path prefixes whose members count for `unit`: its own subtree and those of every
    unit merged into it, transitively (see `organizations.scope.subtree_prefixes_many`)."""
    return subtree_prefixes_many([unit])[unit.pk]


def shift_year(day: date, years: int = -1) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29/02 in a year without one
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def label(self) -> str:
        return f"từ {format_date(self.start)} đến {format_date(self.end)}"

    def previous_year(self) -> "Period":
        return Period(shift_year(self.start), shift_year(self.end))


# --- the figures ---------------------------------------------------------------------------

ADMITTED = "admitted"  # admission decided in the period
MEMBERS = "members"  # a member on the period's last day
EXITED = "exited"  # left the list in the period


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    base: str
    condition: Q | Callable[["Period"], Q]  # a callable when it depends on the period
    group: str
    sensitive: bool = False  # the list of persons needs Action.VIEW_SENSITIVE


def _age_key():
    """Age at admission as a number yyyymmdd-difference: age ≥ N ⇔ key ≥ N·10000. Works on
    every database because it only extracts the parts of both dates."""

    def key(field):
        return ExtractYear(field) * 10000 + ExtractMonth(field) * 100 + ExtractDay(field)

    return key("admission_decided_on") - key("person__birth_date")


def _age_condition(low: int, high: int | None) -> Q:
    condition = Q(age_key__gte=low * 10000)
    if high is not None:
        condition &= Q(age_key__lt=(high + 1) * 10000)
    return condition


def _cell_type_condition(codes) -> Q:
    if codes is None:
        return Q(organization__sector__is_residential=True)
    return Q(organization__sector__code__in=codes)


AGE_KEYS = frozenset(key for key, *_ in config.AGE_BANDS)

MAKEUP = "Cơ cấu đảng viên mới"
AGE = "Độ tuổi khi kết nạp"
EDUCATION = "Trình độ giáo dục phổ thông"
PROFESSION = "Trình độ chuyên môn"
CELL = "Loại hình chi bộ"
WORKPLACE = "Nghề nghiệp, nơi làm việc"
MEMBERSHIP = "Đảng viên"
EXITS = "Ra khỏi danh sách theo lý do"

FIGURES: list[Figure] = [
    Figure("admitted", "Đảng viên mới kết nạp", ADMITTED, Q(), MAKEUP),
    Figure("youth", "Đoàn viên thanh niên", ADMITTED, Q(person__youth_union_member=True), MAKEUP),
    Figure("women", "Nữ", ADMITTED, Q(person__sex=Sex.FEMALE), MAKEUP),
    Figure(
        "ethnic_minority",
        "Người dân tộc thiểu số",
        ADMITTED,
        ~Q(person__ethnicity=config.MAJORITY_ETHNICITY) & ~Q(person__ethnicity=""),
        MAKEUP,
        sensitive=True,
    ),
    Figure(
        "religious",
        "Người có tôn giáo",
        ADMITTED,
        ~Q(person__religion=Religion.NONE) & ~Q(person__religion=""),
        MAKEUP,
        sensitive=True,
    ),
    *[
        Figure(key, label, ADMITTED, _age_condition(low, high), AGE)
        for key, label, low, high in config.AGE_BANDS
    ],
    *[
        Figure(f"edu_{value}", label, ADMITTED, Q(person__general_education=value), EDUCATION)
        for value, label in GeneralEducation.choices
    ],
    *[
        Figure(f"prof_{value}", label, ADMITTED, Q(person__professional_level=value), PROFESSION)
        for value, label in ProfessionalLevel.choices
    ],
    *[
        Figure(
            f"work_{value or 'none'}", label, ADMITTED, Q(person__workplace_type=value), WORKPLACE
        )
        for value, label in WorkplaceType.choices
    ],
    *[
        Figure(key, label, ADMITTED, _cell_type_condition(codes), CELL)
        for key, label, codes in config.CELL_TYPES
    ],
    Figure("members", "Tổng số đảng viên (cuối kỳ)", MEMBERS, Q(), MEMBERSHIP),
    Figure(
        "official",
        "Đảng viên chính thức",
        MEMBERS,
        lambda period: (
            Q(official_from__isnull=False, official_from__lte=period.end)
            | Q(official_from__isnull=True, status=MemberStatus.OFFICIAL)
        ),
        MEMBERSHIP,
    ),
    Figure(
        "probationary",
        "Đảng viên dự bị",
        MEMBERS,
        lambda period: (
            Q(official_from__gt=period.end)
            | Q(official_from__isnull=True, status=MemberStatus.PROBATIONARY)
        ),
        MEMBERSHIP,
    ),
    Figure(
        "members_religious",
        "Đảng viên có tôn giáo (cuối kỳ)",
        MEMBERS,
        ~Q(person__religion=Religion.NONE) & ~Q(person__religion=""),
        MEMBERSHIP,
        sensitive=True,
    ),
    Figure("exited", "Ra khỏi danh sách trong kỳ", EXITED, Q(), MEMBERSHIP),
    # The reason is on the exit record (people.MemberExit, one per member: a LEFT JOIN that
    # cannot repeat a row); a member ended without a record counts as "no reason recorded".
    *[
        Figure(f"exit_{value}", label, EXITED, Q(exit__reason=value), EXITS)
        for value, label in ExitReason.choices
    ],
    Figure("exit_unrecorded", "Chưa ghi lý do", EXITED, Q(exit__isnull=True), EXITS),
]
FIGURES_BY_KEY = {figure.key: figure for figure in FIGURES}
EXIT_KEYS = [figure.key for figure in FIGURES if figure.group == EXITS]
# "Upper secondary or above": upper secondary is the top of general education.
UPPER_SECONDARY_KEY = f"edu_{GeneralEducation.UPPER_SECONDARY}"


def _base_condition(base: str, period: Period) -> Q:
    if base == ADMITTED:
        return Q(admission_decided_on__gte=period.start, admission_decided_on__lte=period.end)
    if base == MEMBERS:
        return member_on(period.end)
    return Q(ended_on__gte=period.start, ended_on__lte=period.end)


def members_under(prefixes, period: Period) -> QuerySet:
    """Members of the units under `prefixes`, annotated with the age at admission."""
    return Member.objects.filter(descendant_filter("organization__path", prefixes)).annotate(
        age_key=_age_key()
    )


def figure_condition(figure: Figure, period: Period) -> Q:
    condition = figure.condition(period) if callable(figure.condition) else figure.condition
    return _base_condition(figure.base, period) & condition


@dataclass
class Statistics:
    unit: Organization
    period: Period
    counts: dict[str, int]

    def __getitem__(self, key: str) -> int:
        return self.counts[key]

    @property
    def admitted(self) -> int:
        return self.counts["admitted"]

    @property
    def net_growth(self) -> int:
        return self.counts["admitted"] - self.counts["exited"]

    def percent(self, key: str) -> float | None:
        """Share of the period's new members (or of the members at the end date)."""
        figure = FIGURES_BY_KEY[key]
        whole = self.counts["members"] if figure.base == MEMBERS else self.counts["admitted"]
        if figure.base == EXITED or not whole:
            return None
        return self.counts[key] * 100 / whole

    def rows(self, group: str | None = None) -> list[dict]:
        return [
            {"figure": f, "count": self.counts[f.key], "percent": self.percent(f.key)}
            for f in FIGURES
            if group is None or f.group == group
        ]

    def exits(self) -> list[dict]:
        """Exits in the period by reason (reasons with none left out)."""
        return [row for row in self.rows(EXITS) if row["count"]]

    def growth(self) -> list[dict]:
        """Net growth by reason: admissions, minus each reason of exit, and the balance."""
        rows = [{"label": "Kết nạp mới", "key": "admitted", "change": self.admitted}]
        rows += [
            {"label": row["figure"].label, "key": row["figure"].key, "change": -row["count"]}
            for row in self.exits()
        ]
        rows.append({"label": "Tăng (giảm) thực", "key": None, "change": self.net_growth})
        return rows

    def groups(self) -> list[tuple[str, list[dict]]]:
        names = list(dict.fromkeys(f.group for f in FIGURES))
        return [(name, self.rows(name)) for name in names]


def _flag(condition: Q):
    """1 when the row meets the condition, else 0."""
    if not condition:
        return Value(1, output_field=IntegerField())
    return Case(When(condition, then=1), default=0, output_field=IntegerField())


def statistics(unit: Organization, period: Period, prefixes=None) -> Statistics:
    """Every figure of the unit for the period: ONE query (plus the merge lookup when
    `prefixes` is not given) joining three aggregates, one per base, each reading only the
    rows of its base — the period's admissions and exits by their date indexes, the members
    at the end date — so the many make-up conditions are tested on the period's admitted
    rows only, once per row, not on every member of the subtree."""
    prefixes = prefixes if prefixes is not None else unit_prefixes(unit)
    parts, params = [], []
    # The period's admitted rows once, each with its age at admission and a 0/1 column per
    # make-up condition (each computed once per row); the outer select sums them and compares
    # the age with each band (the conditions of `_age_condition`).
    flags = {
        f"f_{f.key}": _flag(f.condition(period) if callable(f.condition) else f.condition)
        for f in FIGURES
        if f.base == ADMITTED and f.key not in AGE_KEYS
    }
    admitted = (
        members_under(prefixes, period)
        .filter(_base_condition(ADMITTED, period))
        .annotate(**flags)
        .values("age_key", *flags)
    )
    sql, inner_params = admitted.query.sql_with_params()
    if connections[Member.objects.db].vendor == "postgresql":
        sql += " OFFSET 0"  # keeps the inner select apart: its age is computed once per row
    columns = [f"COALESCE(SUM({name}), 0) AS {name[2:]}" for name in flags]
    for key, _label, low, high in config.AGE_BANDS:
        if high is None:
            columns.append(f"COALESCE(SUM(CASE WHEN age_key >= %s THEN 1 ELSE 0 END), 0) AS {key}")
            params.append(low * 10000)
        else:
            columns.append(
                "COALESCE(SUM(CASE WHEN age_key >= %s AND age_key < %s THEN 1 ELSE 0 END), 0)"
                f" AS {key}"
            )
            params.extend([low * 10000, (high + 1) * 10000])
    parts.append(f"(SELECT {', '.join(columns)} FROM ({sql}) AS admitted_rows) AS admitted_figures")
    params.extend(inner_params)
    for base in (MEMBERS, EXITED):
        counts = {
            f.key: Count("pk", filter=figure_condition(f, period))
            for f in FIGURES
            if f.base == base
        }
        # One row without GROUP BY (grouping by a constant groups nothing); the persons are
        # joined only when a condition reads them.
        # The members at the end date are nearly every row: their base stays in the counts'
        # FILTER (an OR of dates in the WHERE sends SQLite to the date index for every row).
        rows = Member.objects.filter(descendant_filter("organization__path", prefixes))
        if base != MEMBERS:
            rows = rows.filter(_base_condition(base, period))
        part = rows.order_by().values(one=Value(1)).annotate(**counts).values(*counts)
        sql, part_params = part.query.sql_with_params()
        parts.append(f"({sql}) AS {base}_figures")
        params.extend(part_params)
    with connections[Member.objects.db].cursor() as cursor:
        cursor.execute(f"SELECT * FROM {' CROSS JOIN '.join(parts)}", params)
        names = [column[0] for column in cursor.description]
        counts = dict(zip(names, cursor.fetchone(), strict=True))
    return Statistics(unit=unit, period=period, counts=counts)


def people(prefixes, period: Period, figure: Figure, occupation: str | None = None):
    """The members behind one figure, with their persons, in Vietnamese name order."""
    query = members_under(prefixes, period).filter(figure_condition(figure, period))
    if occupation is not None:
        query = query.filter(person__occupation=occupation)
    return query.select_related("person", "organization").order_by("person__sort_key", "pk")


def occupations(prefixes, period: Period, limit: int = 10) -> list[dict]:
    """New members by occupation (one GROUP BY query), the most frequent first."""
    rows = (
        members_under(prefixes, period)
        .filter(_base_condition(ADMITTED, period))
        .values("person__occupation")
        .annotate(count=Count("pk"))
        .order_by("-count", "person__occupation")[:limit]
    )
    return [{"occupation": r["person__occupation"], "count": r["count"]} for r in rows]


# --- trends --------------------------------------------------------------------------------

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
    previous = period.previous_year()
    trunc = GRAINS[grain]
    in_current = Q(admission_decided_on__gte=period.start, admission_decided_on__lte=period.end)
    in_previous = Q(
        admission_decided_on__gte=previous.start, admission_decided_on__lte=previous.end
    )
    rows = (
        Member.objects.filter(descendant_filter("organization__path", prefixes))
        .filter(in_current | in_previous)
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
    """The unit's child units (those the user sees) with their admissions in the period and
    members at its end: two queries whatever the number of members."""
    children = list(
        Organization.objects.for_user(user)
        .filter(parent=unit)
        .select_related("kind")
        .order_by("sort_key")
    )
    if not children:
        return []
    prefixes = subtree_prefixes_many(children)
    # Grouped once by cell over the children's subtrees, then rolled up to each child.
    rows = grouped(
        Member.objects.all(),
        "organization__path",
        [p for ps in prefixes.values() for p in ps],
        {
            "admitted": Count("pk", filter=_base_condition(ADMITTED, period)),
            "members": Count("pk", filter=_base_condition(MEMBERS, period)),
        },
    )
    counts = roll_up(rows, prefixes)
    return [
        {
            "unit": child,
            "admitted": counts[child.pk]["admitted"],
            "members": counts[child.pk]["members"],
        }
        for child in children
    ]


# --- the statistical report on newly admitted members --------------------------------------

FORM_PREFIXES = {"age": "age_", "edu": "edu_", "prof": "prof_", "work": "work_"}
OTHER_COLUMN = 0  # members under the unit but under none of its current child units


def form_rows() -> list[tuple[str, list[Figure]]]:
    """The sections of the form with their figures, from `config.FORM_SECTIONS`."""
    sections = []
    for title, keys in config.FORM_SECTIONS:
        if isinstance(keys, str):
            prefix = FORM_PREFIXES[keys]
            chosen = [f for f in FIGURES if f.key.startswith(prefix) and f.base == ADMITTED]
        else:
            chosen = [FIGURES_BY_KEY[key] for key in keys]
        sections.append((title, chosen))
    return sections


@dataclass
class FormColumn:
    label: str
    unit: Organization | None  # None: the total, or members under no current child
    counts: dict[str, int]


def statistical_form(unit: Organization, period: Period, prefixes=None) -> list[FormColumn]:
    """The form's columns: the unit's total, then each direct child unit (units merged into a
    child count for it; a child merged away is not a column of its own), then "other" when
    members sit under none of the current children. ONE query for the figures, grouped by
    child with a CASE on the path (plus the child list and the merge lookups)."""
    prefixes = prefixes if prefixes is not None else unit_prefixes(unit)
    children = list(
        Organization.objects.filter(parent=unit, merged_into__isnull=True).order_by("sort_key")
    )
    child_prefixes = subtree_prefixes_many(children) if children else {}
    keys = [figure for _, chosen in form_rows() for figure in chosen]
    # Grouped once by cell (the figures as columns), then rolled up to each child; what no
    # current child covers is the "other" column.
    cells = grouped(
        members_under(prefixes, period).filter(_base_condition(ADMITTED, period)),
        "organization__path",
        prefixes,
        {f.key: Count("pk", filter=figure_condition(f, period)) for f in keys},
    )
    by_child = roll_up(cells, child_prefixes)
    covered = roll_up(cells, {OTHER_COLUMN: tuple(p for ps in child_prefixes.values() for p in ps)})
    everything = roll_up(cells, {None: prefixes})[None]
    by_column = {pk: values for pk, values in by_child.items() if any(values.values())}
    other = {f.key: everything[f.key] - covered[OTHER_COLUMN][f.key] for f in keys}
    if any(other.values()):
        by_column[OTHER_COLUMN] = other
    empty = dict.fromkeys((f.key for f in keys), 0)
    total = {f.key: everything[f.key] for f in keys}
    columns = [FormColumn("Tổng số", None, total)]
    for child in children:
        counts = by_column.get(child.pk, empty)
        columns.append(FormColumn(child.name, child, {f.key: counts.get(f.key, 0) for f in keys}))
    if OTHER_COLUMN in by_column:
        other = by_column[OTHER_COLUMN]
        columns.append(FormColumn("Đơn vị khác", None, {f.key: other[f.key] for f in keys}))
    return columns


# --- the target line -----------------------------------------------------------------------


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


# --- figures outside the statistics: committees, classes, the tree ---------------------------


def cell_secretaries(unit: Organization, on: date, prefixes=None) -> dict:
    """The secretaries of the cells of the unit's subtree on the list on `on`, and how many of
    them hold a religion (one query): {"secretaries": n, "religious": n}."""
    from ptdv.people.models import CommitteeRole

    prefixes = prefixes or unit_prefixes(unit)
    return (
        Member.objects.on(on)
        .filter(
            descendant_filter("organization__path", prefixes),
            organization__kind__is_cell=True,
            committee_role=CommitteeRole.SECRETARY,
        )
        .aggregate(
            secretaries=Count("pk"),
            religious=Count("pk", filter=~Q(person__religion=Religion.NONE)),
        )
    )


def awareness_classes(unit: Organization, period: Period, prefixes=None) -> dict:
    """The party-awareness classes organised in the unit's subtree that started in the period,
    and the persons who passed them (one query): {"classes": n, "trained": n}."""
    from ptdv.training.models import AwarenessClass, EnrolmentResult

    prefixes = prefixes or unit_prefixes(unit)
    return AwarenessClass.objects.filter(
        descendant_filter("organization__path", prefixes),
        starts_on__range=(period.start, period.end),
    ).aggregate(
        classes=Count("pk", distinct=True),
        trained=Count(
            "enrolments__person",
            filter=Q(enrolments__result=EnrolmentResult.PASSED),
            distinct=True,
        ),
    )


def grassroots_organizations(unit: Organization, on: date) -> int:
    """Grassroots party organisations (đảng bộ cơ sở, chi bộ cơ sở) under the unit on `on`,
    as the tree stood that day (units moved since by a reorganisation included)."""
    from ptdv.organizations.history import recorded_filter

    return (
        Organization.objects.active_on(on)
        .filter(recorded_filter(unit, on), kind__is_grassroots=True)
        .exclude(pk=unit.pk)
        .count()
    )
