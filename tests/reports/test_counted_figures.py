"""The country's and the provinces' figures read from the monthly admission counters
(`people.admission_counts`) equal the same figures read from the rows, for periods of whole
months and periods that start or end inside a month; and a decision recorded shows at once."""

import itertools
from datetime import date

import pytest
from django.db import connection

from ptdv.core.reference import GeneralEducation, ProfessionalLevel, Religion, WorkplaceType
from ptdv.people.models import AdmissionCount, Member, Sex
from ptdv.reports import figures, timeseries
from ptdv.reports.figures import Period, unit_prefixes, whole_months
from tests.conftest import make_unit
from tests.reports.factories import admit

pytestmark = pytest.mark.django_db

PERIODS = [
    Period(date(2023, 1, 1), date(2023, 12, 31)),  # whole months
    Period(date(2023, 2, 10), date(2024, 3, 20)),  # parts of months at both ends
    Period(date(2023, 3, 5), date(2023, 3, 25)),  # inside one month
    Period(date(2022, 12, 31), date(2023, 1, 1)),  # two parts, no whole month
    Period(date(2023, 6, 1), date(2023, 6, 30)),  # one whole month
]


@pytest.fixture
def varied(tree):
    """Admissions of every kind of make-up, spread over months, in both provinces, a
    school cell, and the dissolved commune merged into C1."""
    school = make_unit(tree.c2, "SCH", "Chi bộ trường học", sector="school")
    cells = [tree.a, tree.b, tree.d, tree.e, tree.oldcell, school]
    educations = [*GeneralEducation.values, ""]
    professions = list(ProfessionalLevel.values)
    workplaces = list(WorkplaceType.values)
    births = [date(2005, 3, 10), date(1995, 7, 1), date(1985, 1, 1), date(1970, 6, 6), None]
    days = [date(2022, 12, 31), date(2023, 1, 1), date(2023, 2, 9), date(2023, 2, 10)]
    days += [date(2023, 3, 5), date(2023, 3, 26), date(2023, 6, 15), date(2024, 3, 20)]
    days += [date(2024, 3, 21), date(2023, 12, 31)]
    for i, (cell, day) in enumerate(itertools.product(cells, days)):
        admit(
            cell,
            day,
            sex=Sex.FEMALE if i % 3 else Sex.MALE,
            youth_union_member=bool(i % 2),
            ethnicity=["Kinh", "Tày", "Khmer"][i % 3],
            religion=[Religion.NONE, Religion.BUDDHISM, Religion.CATHOLICISM][i % 3],
            birth_date=births[i % len(births)],
            general_education=educations[i % len(educations)],
            professional_level=professions[i % len(professions)],
            workplace_type=workplaces[i % len(workplaces)],
            occupation=["Nông dân", "Giáo viên", "Công nhân", ""][i % 4],
        )
    return tree


@pytest.fixture
def from_rows(monkeypatch):
    """Read the same figures from the rows, as below the provinces."""

    def read(fn):
        with monkeypatch.context() as patch:
            patch.setattr(figures, "counted_units", lambda prefixes: None)
            patch.setattr(timeseries, "counted_units", lambda prefixes: None)
            return fn()

    return read


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.label)
@pytest.mark.parametrize("unit", ["root", "p1", "p2"])
def test_counted_figures_equal_the_rows(varied, from_rows, unit, period):
    tree = varied
    org = getattr(tree, unit)
    prefixes = unit_prefixes(org)

    def read():
        return (
            figures.statistics(org, period, prefixes).counts,
            figures.occupations(prefixes, period),
            timeseries.trends_by_grain(prefixes, period, ("month", "quarter", "year")),
            timeseries.children_admissions(tree.admin, org, period),
        )

    counted = read()
    assert counted == from_rows(read)
    assert counted[0]["admitted"] > 0 or period == PERIODS[3]
    assert AdmissionCount.objects.filter(unit=org).exists()


def test_the_whole_months_of_a_period():
    assert whole_months(Period(date(2023, 2, 10), date(2024, 3, 20))) == (
        (date(2023, 3, 1), date(2024, 2, 1)),
        [Period(date(2023, 2, 10), date(2023, 2, 28)), Period(date(2024, 3, 1), date(2024, 3, 20))],
    )
    assert whole_months(Period(date(2023, 1, 1), date(2023, 1, 31))) == (
        (date(2023, 1, 1), date(2023, 1, 1)),
        [],
    )
    inside = Period(date(2023, 3, 5), date(2023, 3, 25))
    assert whole_months(inside) == (None, [inside])
    across = Period(date(2022, 12, 31), date(2023, 1, 1))
    assert whole_months(across) == (
        None,
        [
            Period(date(2022, 12, 31), date(2022, 12, 31)),
            Period(date(2023, 1, 1), date(2023, 1, 1)),
        ],
    )


def test_a_decision_recorded_is_in_the_countrys_figures_at_once(tree):
    period = Period(date(2023, 1, 1), date(2023, 12, 31))
    prefixes = unit_prefixes(tree.root)
    before = figures.statistics(tree.root, period, prefixes)["women"]
    member = admit(tree.e, date(2023, 5, 5), sex=Sex.FEMALE)
    assert figures.statistics(tree.root, period, prefixes)["women"] == before + 1
    Member.objects.filter(pk=member.pk).update(admission_decided_on=date(2024, 5, 5))
    assert figures.statistics(tree.root, period, prefixes)["women"] == before


@pytest.mark.parametrize("unit", ["root", "p1"])
def test_the_benchs_floor_on_the_counters_gives_the_pages_numbers(varied, unit):
    from bench.national_floors import floor_statistics_counted

    org = getattr(varied, unit)
    member = Member.objects.filter(ended_on__isnull=True).first()
    Member.objects.filter(pk=member.pk).update(ended_on=date(2023, 7, 1))
    for period in PERIODS:
        stats = figures.statistics(org, period, unit_prefixes(org))
        floor = floor_statistics_counted(unit_prefixes(org), period)
        assert floor == {k: stats[k] for k in ("admitted", "members", "exited")}, period


@pytest.mark.parametrize("unit", ["root", "p1", "c1"])
def test_rows_grouped_by_the_ancestor_at_the_roll_up_depth_roll_up_as_the_cells(varied, unit):
    from django.db.models import Count

    from ptdv.organizations.models import Organization
    from ptdv.organizations.rollup import roll_up, rollup_depth
    from ptdv.organizations.scope import subtree_prefixes_many
    from ptdv.people.counters import members_on_by_cell

    children = list(Organization.objects.filter(parent=getattr(varied, unit)))
    prefixes = subtree_prefixes_many(children)
    depth = rollup_depth(prefixes)
    assert depth is not None
    rows = figures.members_under(unit_prefixes(getattr(varied, unit)), PERIODS[1])
    by_cells = figures.by_cell(rows, {"n": Count("pk")})
    by_level = figures.by_cell(rows, {"n": Count("pk")}, depth)
    assert roll_up(by_level, prefixes) == roll_up(by_cells, prefixes)
    assert any(totals for totals in roll_up(by_level, prefixes).values())
    # The members on a day, likewise.
    union = unit_prefixes(getattr(varied, unit))
    members_by_cells = members_on_by_cell(union, date(2023, 12, 31))
    members_by_level = members_on_by_cell(union, date(2023, 12, 31), depth=depth)
    assert roll_up(members_by_level, prefixes) == roll_up(members_by_cells, prefixes)
    if connection.vendor == "postgresql" and unit != "c1":
        assert len(members_by_level) < len(members_by_cells)
    if connection.vendor == "postgresql" and unit != "c1":  # the children are not cells
        assert len(by_level) < len(by_cells)


def test_the_targets_of_the_country_and_the_provinces_count_as_the_rows(varied, monkeypatch):
    from ptdv.targets import achievement
    from ptdv.targets.models import Target, TargetKind, TargetMeasure

    tree = varied
    targets = [
        Target.objects.create(
            organization=unit,
            kind=TargetKind.ASSIGNED,
            measure=TargetMeasure.COUNT,
            period_start=start,
            period_end=end,
            min_value=10,
            max_value=10,
        )
        for unit in (tree.root, tree.p1, tree.p2)
        for start, end in [
            (date(2023, 1, 1), date(2023, 12, 31)),
            (date(2023, 2, 10), date(2024, 3, 20)),
        ]
    ]
    for as_of in (date(2023, 6, 15), date(2024, 3, 20), date(2023, 12, 31)):
        counted = [(i.admitted, i.forecast) for i in achievement.achievements(targets, as_of=as_of)]
        with monkeypatch.context() as patch:
            patch.setattr(achievement, "counted_units", lambda prefixes: None)
            rows = [
                (i.admitted, i.forecast) for i in achievement.achievements(targets, as_of=as_of)
            ]
        assert counted == rows and any(admitted for admitted, _ in counted), as_of
