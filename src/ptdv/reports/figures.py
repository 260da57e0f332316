"""The figures of a unit for a period, computed in the database.

Every figure is a `Figure`: a base (admitted in the period, members at the end date, gone in
the period) and a condition. `statistics` turns all of them into ONE aggregate query with
`Count(filter=...)`; `people` applies one figure's base and condition to list the persons
behind it, so a number on the dashboard and the list it links to can never disagree.

A unit's figures cover its subtree and the subtrees of the units merged into it (followed
transitively, as `organizations.scope` does for users). A member counts under their cell on
the figure's day (`people.cell_on`: the admission decision for the admitted, the period's
last day for the members, the day they left for the exits), so a past figure does not change
when a member moves later; the cells' places are today's (restated) or those of the period's
last day (as recorded), by the prefixes given. The admitted are read by the cell of the
admission day stored on the member (`Member.admitted_in`, `people.admitted_in`), the members
at the end date from the per-cell counters and the changes since (`people.counters`).

The admissions over time are in `reports.timeseries`, the statistical form in
`reports.statistical_form`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import connections
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear

from ptdv.core.formatting import format_date
from ptdv.core.reference import GeneralEducation, ProfessionalLevel, Religion, WorkplaceType
from ptdv.organizations.models import Organization, Sector
from ptdv.organizations.paths import AncestorPath, descendant_filter
from ptdv.organizations.rollup import minimal_prefixes
from ptdv.organizations.scope import subtree_prefixes_many
from ptdv.people.admission_counts import counted_units, month_counts, month_split
from ptdv.people.counters import members_on, official_on, religious
from ptdv.people.models import ADMITTED_IN_PATH, ExitReason, Member, Sex, member_on
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
    # For an admitted figure, the same condition read from the monthly counters
    # (`people.admission_counts`): the dimension, and whether a value of it meets the
    # condition (the second argument: the sectors, {id as text: (code, residential)}).
    counted: tuple[str, Callable[[str, dict], bool]] | None = None

    def __reduce__(self):
        # Pickled by its key (the report cache): the conditions hold functions.
        return (figure_by_key, (self.key,))


def figure_by_key(key: str) -> "Figure":
    return FIGURES_BY_KEY[key]


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


def _is(expected: str):
    return lambda value, _sectors: value == expected


def _age_counted(low: int, high: int | None):
    def meets(value: str, _sectors) -> bool:
        return value != "" and int(value) >= low and (high is None or int(value) <= high)

    return ("age", meets)


def _cell_type_counted(codes):
    def meets(value: str, sectors: dict) -> bool:
        if value not in sectors:
            return False
        code, residential = sectors[value]
        return residential if codes is None else code in codes

    return ("sector", meets)


def _cell_type_condition(codes) -> Q:
    """The member's cell on the admission day (`Member.admitted_in`) is of the type."""
    if codes is None:
        return Q(admitted_in__sector__is_residential=True)
    return Q(admitted_in__sector__code__in=codes)


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
    Figure("admitted", "Đảng viên mới kết nạp", ADMITTED, Q(), MAKEUP, counted=("all", _is(""))),
    Figure(
        "youth",
        "Đoàn viên thanh niên",
        ADMITTED,
        Q(person__youth_union_member=True),
        MAKEUP,
        counted=("youth", _is("y")),
    ),
    Figure(
        "women", "Nữ", ADMITTED, Q(person__sex=Sex.FEMALE), MAKEUP, counted=("sex", _is(Sex.FEMALE))
    ),
    Figure(
        "ethnic_minority",
        "Người dân tộc thiểu số",
        ADMITTED,
        ~Q(person__ethnicity=config.MAJORITY_ETHNICITY) & ~Q(person__ethnicity=""),
        MAKEUP,
        sensitive=True,
        counted=("ethnicity", lambda value, _: value not in (config.MAJORITY_ETHNICITY, "")),
    ),
    Figure(
        "religious",
        "Người có tôn giáo",
        ADMITTED,
        ~Q(person__religion=Religion.NONE) & ~Q(person__religion=""),
        MAKEUP,
        sensitive=True,
        counted=("religion", lambda value, _: value not in (Religion.NONE, "")),
    ),
    *[
        Figure(
            key, label, ADMITTED, _age_condition(low, high), AGE, counted=_age_counted(low, high)
        )
        for key, label, low, high in config.AGE_BANDS
    ],
    *[
        Figure(
            f"edu_{value}",
            label,
            ADMITTED,
            Q(person__general_education=value),
            EDUCATION,
            counted=("education", _is(value)),
        )
        for value, label in GeneralEducation.choices
    ],
    *[
        Figure(
            f"prof_{value}",
            label,
            ADMITTED,
            Q(person__professional_level=value),
            PROFESSION,
            counted=("profession", _is(value)),
        )
        for value, label in ProfessionalLevel.choices
    ],
    *[
        Figure(
            f"work_{value or 'none'}",
            label,
            ADMITTED,
            Q(person__workplace_type=value),
            WORKPLACE,
            counted=("workplace", _is(value)),
        )
        for value, label in WorkplaceType.choices
    ],
    *[
        Figure(
            key,
            label,
            ADMITTED,
            _cell_type_condition(codes),
            CELL,
            counted=_cell_type_counted(codes),
        )
        for key, label, codes in config.CELL_TYPES
    ],
    Figure("members", "Tổng số đảng viên (cuối kỳ)", MEMBERS, Q(), MEMBERSHIP),
    Figure(
        "official",
        "Đảng viên chính thức",
        MEMBERS,
        lambda period: official_on(period.end),
        MEMBERSHIP,
    ),
    Figure(
        "probationary",
        "Đảng viên dự bị",
        MEMBERS,
        lambda period: ~official_on(period.end),
        MEMBERSHIP,
    ),
    Figure(
        "members_religious",
        "Đảng viên có tôn giáo (cuối kỳ)",
        MEMBERS,
        religious(),
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


def base_condition(base: str, period: Period) -> Q:
    if base == ADMITTED:
        return Q(admission_decided_on__gte=period.start, admission_decided_on__lte=period.end)
    if base == MEMBERS:
        return member_on(period.end)
    return Q(ended_on__gte=period.start, ended_on__lte=period.end)


def base_day(base: str, period: Period):
    """The day on which a base reads the member's cell: each row's admission decision, the
    period's last day, each row's day of leaving."""
    if base == ADMITTED:
        return "admission_decided_on"
    if base == MEMBERS:
        return period.end
    return "ended_on"


def members_under(prefixes, period: Period, base: str = ADMITTED) -> QuerySet:
    """The members of `base` in the period whose cell on the base's day lies under
    `prefixes`, annotated with that cell (`cell_on`) and, for the admitted, the age at
    admission (the only figures that read it). The admitted
    are read by their stored cell of the admission day (`Member.admitted_in`), the others
    by `cell_on`."""
    rows = Member.objects.filter(base_condition(base, period))
    if base != ADMITTED:
        return rows.cell_under_on(prefixes, base_day(base, period))
    rows = rows.admitted_under(prefixes).annotate(cell_on=F("admitted_in"))
    return rows.annotate(age_key=_age_key())


def by_cell(rows: QuerySet, columns: dict, depth: int | None = None) -> list[tuple[str, dict]]:
    """The admitted `rows` (from `members_under`) grouped by their cell of the admission
    day, each group with the aggregates of `columns`, keyed by the cell's current path (for
    `organizations.rollup.roll_up`): one query. With `depth` (the deepest unit the rows
    will be rolled up to), grouped by the cell's ancestor at that depth instead: the same
    roll-up from far fewer rows."""
    if depth is None:
        groups = rows.order_by().values(ADMITTED_IN_PATH).annotate(**columns)
        return [(row.pop(ADMITTED_IN_PATH), row) for row in groups]
    groups = (
        rows.order_by()
        .annotate(held_by=AncestorPath(ADMITTED_IN_PATH, depth))
        .values("held_by")
        .annotate(**columns)
    )
    return [(row.pop("held_by"), row) for row in groups]


def figure_condition(figure: Figure, period: Period) -> Q:
    condition = figure.condition(period) if callable(figure.condition) else figure.condition
    return base_condition(figure.base, period) & condition


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
    """Every figure of the unit for the period: the admitted (`admitted_figures`), the exits
    (one aggregate over the period's exits, read by their date index) and the members at the
    end date from the counters (`people.counters`, four small queries); plus the merge lookup
    when `prefixes` is not given."""
    prefixes = prefixes if prefixes is not None else unit_prefixes(unit)
    counts = admitted_figures(prefixes, period)
    counts.update(_exited_figures(prefixes, period))
    members = members_on(prefixes, period.end)
    counts.update(
        members=members["members"],
        official=members["official"],
        probationary=members["probationary"],
        members_religious=members["religious"],
    )
    return Statistics(unit=unit, period=period, counts=counts)


ADMITTED_FIGURES = [f for f in FIGURES if f.base == ADMITTED]


def whole_months(period: Period) -> tuple[tuple[date, date] | None, list[Period]]:
    """The whole months of the period (the first days of the first and of the last), or
    None, and the parts of months at its ends (`people.admission_counts.month_split`)."""
    months, edges = month_split(period.start, period.end)
    return months, [Period(start, end) for start, end in edges]


def admitted_figures(prefixes, period: Period) -> dict[str, int]:
    """The admitted figures (make-up, age, education, cell type…) of the units under
    `prefixes` in the period. For the country or a province, the whole months are read from
    the monthly counters (`people.admission_counts`: a few thousand rows instead of up to a
    million admissions) and only the parts of months at the ends from the rows; below, from
    the rows (`_admitted_from_rows`)."""
    units = counted_units(minimal_prefixes(prefixes))
    months, edges = whole_months(period)
    if units is None or months is None:
        return _admitted_from_rows(prefixes, period)
    counts = dict.fromkeys((f.key for f in ADMITTED_FIGURES), 0)
    by_dimension: dict[str, list[Figure]] = {}
    for figure in ADMITTED_FIGURES:
        by_dimension.setdefault(figure.counted[0], []).append(figure)
    sectors = {
        str(pk): (code, residential)
        for pk, code, residential in Sector.objects.values_list("pk", "code", "is_residential")
    }
    for row in month_counts(units, *months):
        for figure in by_dimension.get(row["dimension"], ()):
            if figure.counted[1](row["value"], sectors):
                counts[figure.key] += row["total"]
    for edge in edges:
        for key, value in _admitted_from_rows(prefixes, edge).items():
            counts[key] += value
    return counts


def _admitted_from_rows(prefixes, period: Period) -> dict[str, int]:
    """The admitted figures from the period's admitted rows: ONE aggregate, each row read
    once with its age at admission and a 0/1 column per make-up condition (each computed
    once per row); the outer select sums them and compares the age with each band (the
    conditions of `_age_condition`)."""
    params = []
    flags = {
        f"f_{f.key}": _flag(f.condition(period) if callable(f.condition) else f.condition)
        for f in ADMITTED_FIGURES
        if f.key not in AGE_KEYS
    }
    admitted = members_under(prefixes, period).annotate(**flags).values("age_key", *flags)
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
    params.extend(inner_params)
    with connections[Member.objects.db].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM ({sql}) AS admitted_rows", params)
        names = [column[0] for column in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


def _exited_figures(prefixes, period: Period) -> dict[str, int]:
    """The exits of the period by reason: one aggregate over the period's exit rows (the
    persons are joined only when a condition reads them)."""
    counts = {
        f.key: Count("pk", filter=f.condition(period) if callable(f.condition) else f.condition)
        for f in FIGURES
        if f.base == EXITED
    }
    return members_under(prefixes, period, EXITED).order_by().aggregate(**counts)


def people(prefixes, period: Period, figure: Figure, occupation: str | None = None):
    """The members behind one figure, with their persons, in Vietnamese name order."""
    condition = figure.condition(period) if callable(figure.condition) else figure.condition
    query = members_under(prefixes, period, figure.base).filter(condition)
    if occupation is not None:
        query = query.filter(person__occupation=occupation)
    return query.select_related("person", "organization").order_by("person__sort_key", "pk")


def occupations(prefixes, period: Period, limit: int = 10) -> list[dict]:
    """New members by occupation, the most frequent first: one GROUP BY query over the
    period's admitted rows, or for the country and a province the monthly counters of the
    whole months and the rows of the parts of months at the ends."""
    units = counted_units(minimal_prefixes(prefixes))
    months, edges = whole_months(period)
    if units is None or months is None:
        rows = (
            members_under(prefixes, period)
            .values("person__occupation")
            .annotate(count=Count("pk"))
            .order_by("-count", "person__occupation")[:limit]
        )
        return [{"occupation": r["person__occupation"], "count": r["count"]} for r in rows]
    totals: dict[str, int] = {}
    for row in month_counts(units, *months, dimensions=["occupation"]):
        totals[row["value"]] = totals.get(row["value"], 0) + row["total"]
    for edge in edges:
        rows = members_under(prefixes, edge).values("person__occupation").annotate(n=Count("pk"))
        for row in rows.order_by():
            occupation = row["person__occupation"]
            totals[occupation] = totals.get(occupation, 0) + row["n"]
    ranked = sorted((item for item in totals.items() if item[1]), key=lambda i: (-i[1], i[0]))
    return [{"occupation": name, "count": count} for name, count in ranked[:limit]]


# --- trends --------------------------------------------------------------------------------

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
