"""The dashboard reads some figures once for several uses: the trends of three grains from one
query, the make-up statistics as one statement of three aggregates, the targets' progress and
those behind pace from one computation. Each must give what the separate reads give."""

from datetime import date

import pytest

from ptdv.core.reference import GeneralEducation, Religion
from ptdv.people.models import Sex
from ptdv.reports.figures import FIGURES, Period, people, statistics, unit_prefixes
from ptdv.reports.timeseries import trends, trends_by_grain
from ptdv.reports.watch import progress_and_behind, target_progress
from ptdv.targets.models import TargetKind
from ptdv.targets.watchlist import behind_pace
from tests.reports.factories import admit
from tests.targets.helpers import target

pytestmark = pytest.mark.django_db
P = Period(date(2023, 2, 15), date(2024, 8, 10))


@pytest.fixture
def admitted(tree):
    days = [date(2022, 3, 1), date(2022, 11, 30), date(2023, 2, 15), date(2023, 3, 31)]
    days += [date(2023, 7, 4), date(2023, 12, 31), date(2024, 1, 1), date(2024, 8, 10)]
    for i, day in enumerate(days):
        admit(
            tree.a if i % 2 else tree.b,
            day,
            sex=Sex.FEMALE if i % 3 == 0 else Sex.MALE,
            birth_date=date(1960 + 5 * i, 1 + i, 10),
            religion=Religion.BUDDHISM if i == 4 else Religion.NONE,
            general_education=GeneralEducation.UPPER_SECONDARY if i % 2 else "",
            youth_union_member=i > 4,
        )
    admit(tree.oldcell, date(2023, 5, 5), ethnicity="Tày")
    admit(tree.a, date(2010, 1, 1), ended_on=date(2023, 9, 1))
    return tree


def test_the_three_grains_from_one_query_equal_three_queries(admitted):
    prefixes = unit_prefixes(admitted.c1)

    together = trends_by_grain(prefixes, P, ("month", "quarter", "year"))

    for grain in ("month", "quarter", "year"):
        assert together[grain] == trends(prefixes, P, grain)
    # six in the cells, one in the cell merged into the commune
    assert sum(row["count"] for row in together["year"]) == 7


def test_every_figure_counts_the_persons_its_list_shows(admitted):
    prefixes = unit_prefixes(admitted.c1)

    stats = statistics(admitted.c1, P, prefixes)

    for figure in FIGURES:
        assert stats[figure.key] == people(prefixes, P, figure).count(), figure.key
    assert (stats["admitted"], stats["exited"], stats["religious"]) == (7, 1, 1)


def test_progress_and_behind_from_one_computation_equal_the_separate_reads(admitted):
    year = (date(2023, 1, 1), date(2023, 12, 31))
    target(admitted.c1, TargetKind.ASSIGNED, *year, 40)
    target(admitted.c1, TargetKind.RESOLUTION, date(2020, 1, 1), date(2025, 12, 31), 20)
    target(admitted.a, TargetKind.ASSIGNED, *year, 1)
    target(admitted.b, TargetKind.ASSIGNED, *year, 30)
    period = Period(date(2023, 1, 1), date(2023, 6, 30))

    progress, behind = progress_and_behind(admitted.admin, admitted.c1, period)

    expected = target_progress(admitted.admin, admitted.c1, period)
    assert [(i.target.pk, i.admitted, i.status) for i in progress] == [
        (i.target.pk, i.admitted, i.status) for i in expected
    ]
    separate = behind_pace(admitted.c1, as_of=period.end)
    assert sorted((i.target.pk, i.admitted) for i in behind) == sorted(
        (i.target.pk, i.admitted) for i in separate
    )
    assert {i.target.organization for i in behind} == {admitted.c1, admitted.b}
