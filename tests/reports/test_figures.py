from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ptdv.core.reference import GeneralEducation, Religion
from ptdv.people.models import Sex
from ptdv.reports.figures import (
    FIGURES_BY_KEY,
    Period,
    occupations,
    people,
    statistics,
    unit_prefixes,
)
from ptdv.reports.timeseries import children_admissions, trends
from tests.conftest import make_unit
from tests.reports.factories import admit

pytestmark = pytest.mark.django_db
P = Period(date(2023, 1, 1), date(2023, 12, 31))


def test_make_up_counts_each_criterion(tree):
    admit(
        tree.a,
        date(2023, 3, 1),
        sex=Sex.FEMALE,
        youth_union_member=True,
        birth_date=date(2000, 3, 2),
        general_education=GeneralEducation.UPPER_SECONDARY,
    )
    admit(
        tree.a,
        date(2023, 4, 1),
        ethnicity="Tày",
        religion=Religion.BUDDHISM,
        birth_date=date(1980, 4, 1),
        occupation="Nông dân",
    )
    admit(tree.b, date(2023, 5, 1), birth_date=date(1970, 1, 1), occupation="Nông dân")
    admit(tree.b, date(2022, 5, 1))  # before the period: a member, not a new one
    admit(tree.d, date(2023, 5, 1))  # another commune
    stats = statistics(tree.c1, P)
    assert stats.admitted == 3
    assert (stats["women"], stats["youth"], stats["ethnic_minority"], stats["religious"]) == (
        1, 1, 1, 1,
    )  # fmt: skip
    # 03/2000 → 01/03/2023 is 22 (a day short of 23); 1980-04-01 → 2023-04-01 is exactly 43.
    assert (stats["age_18_30"], stats["age_41_50"], stats["age_51_60"]) == (1, 1, 1)
    assert stats["edu_upper_secondary"] == 1
    assert stats["cell_residential"] == 3
    assert stats["members"] == 4
    assert stats.percent("women") == pytest.approx(100 / 3)
    assert occupations(unit_prefixes(tree.c1), P)[0] == {"occupation": "Nông dân", "count": 2}


def test_age_band_boundaries_follow_the_birthday(tree):
    admit(tree.a, date(2023, 6, 10), birth_date=date(1992, 6, 10))  # 31 that day
    admit(tree.a, date(2023, 6, 9), birth_date=date(1992, 6, 10))  # still 30
    stats = statistics(tree.a, P)
    assert (stats["age_18_30"], stats["age_31_40"]) == (1, 1)


def test_members_at_the_end_date_official_probationary_exits_and_growth(tree):
    admit(tree.a, date(2010, 1, 1), official_from=date(2011, 1, 1))
    admit(tree.a, date(2023, 6, 1), official_from=date(2024, 6, 1))  # probationary on 31/12
    admit(tree.a, date(2005, 1, 1), official_from=date(2006, 1, 1), ended_on=date(2023, 2, 1))
    admit(tree.a, date(2024, 2, 1))  # after the period
    stats = statistics(tree.a, P)
    assert (stats["members"], stats["official"], stats["probationary"]) == (2, 1, 1)
    assert stats["exited"] == 1
    assert stats.net_growth == 0


def test_a_unit_includes_the_units_merged_into_it(tree):
    admit(tree.oldcell, date(2023, 2, 1))
    assert tree.old.path in unit_prefixes(tree.c1)
    assert statistics(tree.c1, P).admitted == 1
    assert statistics(tree.c2, P).admitted == 0
    rows = {row["unit"].pk: row["admitted"] for row in children_admissions(tree.admin, tree.p1, P)}
    assert rows[tree.c1.pk] == 1 and rows[tree.old.pk] == 1 and rows[tree.c2.pk] == 0


def test_people_behind_a_figure_are_the_ones_counted(tree):
    woman = admit(tree.a, date(2023, 3, 1), sex=Sex.FEMALE)
    admit(tree.a, date(2023, 3, 1))
    listed = list(people(unit_prefixes(tree.a), P, FIGURES_BY_KEY["women"]))
    assert listed == [woman]
    assert statistics(tree.a, P)["women"] == len(listed)


def test_trends_by_month_quarter_year_with_previous_year_and_running_total(tree):
    admit(tree.a, date(2023, 1, 15))
    admit(tree.a, date(2023, 1, 20))
    admit(tree.a, date(2023, 11, 2))
    admit(tree.a, date(2022, 1, 5))  # same month a year earlier
    prefixes = unit_prefixes(tree.a)
    months = trends(prefixes, P, "month")
    assert len(months) == 12
    assert (months[0]["label"], months[0]["count"], months[0]["previous"]) == ("01/2023", 2, 1)
    assert months[-1]["cumulative"] == 3 and months[-1]["previous_cumulative"] == 1
    quarters = trends(prefixes, P, "quarter")
    assert [q["count"] for q in quarters] == [2, 0, 0, 1]
    assert quarters[0]["label"] == "Quý I/2023"
    years = trends(prefixes, Period(date(2022, 1, 1), date(2023, 12, 31)), "year")
    assert [(y["label"], y["count"], y["previous"]) for y in years] == [
        ("2022", 1, 0),
        ("2023", 3, 1),
    ]


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


@pytest.mark.parametrize(
    "report",
    [
        lambda t: statistics(t.c1, P, unit_prefixes(t.c1)),
        lambda t: trends(unit_prefixes(t.c1), P, "month"),
        lambda t: occupations(unit_prefixes(t.c1), P),
        lambda t: children_admissions(t.admin, t.p1, P),
    ],
)
def test_the_number_of_queries_does_not_grow_with_the_data(tree, report, nothing_remembered):
    admit(tree.a, date(2023, 3, 1))
    few = _queries(lambda: report(tree))
    for day in range(1, 29):
        admit(tree.a, date(2023, 2, day), sex=Sex.FEMALE, occupation=f"Nghề {day}")
        admit(tree.oldcell, date(2023, 8, day))
    make_unit(tree.c1, "A2", "Chi bộ thôn Mới", sector="school")
    assert _queries(lambda: report(tree)) == few


def test_statistics_reads_one_query_and_the_members_from_the_counters(tree):
    # One query for the admissions (read by their stored cell of the admission day); one for
    # the exits, with the ids of the commune's cells and of the members who left them read
    # first; the members at the end date from the counters (one statement: the counters with
    # the changes since, found from the cells).
    prefixes = unit_prefixes(tree.c1)
    assert _queries(lambda: statistics(tree.c1, P, prefixes)) == 1 + 2 + 1
