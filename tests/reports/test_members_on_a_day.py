"""Members at a date: each member under their cell on that date (their transfers and the
moves of their cells), in both readings of the reports; a past figure does not change when a
member moves later, and a reorganisation leaves every period's totals as they were."""

from datetime import date

import pytest

from ptdv.organizations import reorganisation as reorg
from ptdv.organizations.history import recorded_prefixes
from ptdv.organizations.models import Organization
from ptdv.people import counters
from ptdv.people import services as people_services
from ptdv.reports.figures import FIGURES_BY_KEY, Period, people, statistics, unit_prefixes
from ptdv.reports.statistical_form import statistical_form
from ptdv.reports.timeseries import children_admissions, trends
from tests.reports.factories import admit

pytestmark = pytest.mark.django_db
Y2023 = Period(date(2023, 1, 1), date(2023, 12, 31))
Y2024 = Period(date(2024, 1, 1), date(2024, 12, 31))
Y2025 = Period(date(2025, 1, 1), date(2025, 12, 31))
PERIODS = [Y2023, Y2024, Period(date(2025, 1, 1), date(2025, 6, 30)), Y2025]
MOVE = reorg.Decision("31-QĐ/TU", date(2025, 6, 20), "Ban Thường vụ Tỉnh ủy", date(2025, 7, 1))


def fresh(unit):
    return Organization.objects.get(pk=unit.pk)


def transfer(member, to, on):
    request = people_services.member_transfer_request(
        acting_user=None, member=member, to_organization=to, requested_on=on
    )
    people_services.member_transfer_confirm(acting_user=None, transfer=request, confirmed_on=on)


def members(unit, period, prefixes=None) -> int:
    return statistics(fresh(unit), period, prefixes)["members"]


def listed(unit, period, key="members") -> set[int]:
    return {m.pk for m in people(unit_prefixes(fresh(unit)), period, FIGURES_BY_KEY[key])}


def test_members_at_a_date_follow_a_transfer(tree):
    moving = admit(tree.a, date(2020, 5, 1), official_from=date(2021, 5, 1))
    admit(tree.d, date(2020, 5, 1), official_from=date(2021, 5, 1))
    transfer(moving, tree.d, date(2024, 3, 1))
    # Before the transfer the member was in A (commune C1), after it in D (commune C2).
    assert (members(tree.c1, Y2023), members(tree.c2, Y2023)) == (1, 1)
    assert (members(tree.c1, Y2024), members(tree.c2, Y2024)) == (0, 2)
    assert listed(tree.c1, Y2023) == {moving.pk} and listed(tree.c1, Y2024) == set()
    assert moving.pk in listed(tree.c2, Y2024)
    # The official ones and the children's rows follow the same cell.
    assert statistics(fresh(tree.c1), Y2023)["official"] == 1
    rows = {r["unit"].pk: r["members"] for r in children_admissions(tree.admin, tree.p1, Y2023)}
    assert (rows[tree.c1.pk], rows[tree.c2.pk]) == (1, 1)
    rows = {r["unit"].pk: r["members"] for r in children_admissions(tree.admin, tree.p1, Y2024)}
    assert (rows[tree.c1.pk], rows[tree.c2.pk]) == (0, 2)


def test_members_at_a_date_follow_a_move_of_their_cell_in_both_readings(tree):
    stay = admit(tree.b, date(2020, 5, 1))
    reorg.move(acting_user=None, unit=tree.b, parent=tree.c2, decision=MOVE)
    end_2024 = date(2024, 12, 31)
    # Restated to today's structure: B sits under C2, for 2024 as for 2025.
    assert (members(tree.c1, Y2024), members(tree.c2, Y2024)) == (0, 1)
    # As recorded: in 2024 B lay under C1; from 01/07/2025 under C2.
    as_recorded = {
        unit.code: members(unit, Y2024, recorded_prefixes(fresh(unit), end_2024))
        for unit in (tree.c1, tree.c2)
    }
    assert as_recorded == {"C1": 1, "C2": 0}
    assert members(tree.c2, Y2025, recorded_prefixes(fresh(tree.c2), Y2025.end)) == 1
    assert stay.pk in listed(tree.c2, Y2024)


def figures_of(tree):
    """Every figure of every unit for every period: the statistics, the statistical form's
    columns, the children's rows and the monthly trend."""
    units = [tree.root, tree.p1, tree.p2, tree.c1, tree.c2, tree.c3]
    found = {}
    for period in PERIODS:
        for unit in units:
            unit = fresh(unit)
            found[unit.code, period, "stats"] = statistics(unit, period).counts
            found[unit.code, period, "trend"] = [
                row["count"] for row in trends(unit_prefixes(unit), period, "month")
            ]
        found["P1", period, "form"] = [
            (c.label, c.counts) for c in statistical_form(fresh(tree.p1), period)
        ]
        found["P1", period, "children"] = [
            (r["unit"].code, r["admitted"], r["members"])
            for r in children_admissions(tree.admin, fresh(tree.p1), period)
        ]
    return found


def test_a_past_figure_does_not_change_when_the_member_moves_later(tree, frozen_today):
    frozen_today(date(2026, 6, 1))
    newcomer = admit(tree.a, date(2024, 4, 1))  # admitted in A (C1) in 2024
    older = admit(tree.b, date(2019, 1, 1), official_from=date(2020, 1, 1))
    admit(tree.d, date(2023, 2, 1))
    before = figures_of(tree)
    assert before["C1", Y2024, "stats"]["admitted"] == 1
    assert before["C1", Y2024, "stats"]["members"] == 2
    # Both move to another province after every period above.
    transfer(newcomer, tree.e, date(2026, 2, 1))
    transfer(older, tree.e, date(2026, 3, 1))
    assert figures_of(tree) == before
    # Today, they count in C3.
    today = Period(date(2026, 1, 1), date(2026, 6, 1))
    assert statistics(fresh(tree.c3), today)["members"] == 2
    assert statistics(fresh(tree.c1), today)["members"] == 0


def test_totals_are_the_same_before_and_after_a_reorganisation(tree, frozen_today):
    frozen_today(date(2026, 6, 1))
    admit(tree.a, date(2023, 3, 1))
    admit(tree.b, date(2024, 5, 1))
    admit(tree.d, date(2025, 2, 1), official_from=date(2026, 2, 1))
    admit(tree.e, date(2022, 2, 1), ended_on=date(2024, 9, 1))
    admit(tree.oldcell, date(2023, 9, 1))

    def totals():
        root = fresh(tree.root)
        return [statistics(root, period).counts for period in PERIODS]

    before = totals()
    # Cells merged (D's members join A by dated transfers), a cell moved to another commune.
    reorg.merge(acting_user=tree.officer_p1, sources=[tree.d], into=tree.a, decision=MOVE)
    reorg.move(acting_user=None, unit=tree.b, parent=tree.c3, decision=MOVE)
    assert totals() == before
    assert [counts["members"] for counts in before] == [3, 3, 4, 4]
    # And the counters still equal the rows.
    root = unit_prefixes(fresh(tree.root))
    for period in PERIODS:
        assert counters.members_on(root, period.end) == counters.direct_counts(root, period.end)
