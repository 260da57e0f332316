"""A rate's base (the members at the start of its period) counts each member under their cell
on that day: a member who moves to another commune later still counts at the start for the
commune they were in (issue: "members at a date, rates and the statistical form")."""

from datetime import date

import pytest

from ptdv.people import services as people_services
from ptdv.people.counters import members_on
from ptdv.people.models import Member
from ptdv.targets.achievement import achievements
from ptdv.targets.counting import members_at_start, subtree_prefixes
from ptdv.targets.models import TargetKind, TargetMeasure
from ptdv.targets.ranking import emulation_ranking
from tests.conftest import make_unit
from tests.factories import MemberFactory
from tests.targets.helpers import admit, target, veterans

pytestmark = pytest.mark.django_db
START, END = date(2024, 1, 1), date(2024, 12, 31)


def test_the_rate_base_is_counted_under_the_cell_on_its_day():
    province = make_unit(None, "RB", "Đảng bộ tỉnh RB", "province")
    communes, cells = [], []
    for i in range(2):
        commune = make_unit(province, f"RB-X{i}", f"Đảng bộ xã RB {i}", "commune")
        cells.append(make_unit(commune, f"RB-X{i}-C", f"Chi bộ thôn RB {i}"))
        veterans(cells[-1], 2)
        target(commune, TargetKind.ASSIGNED, START, END, 3, measure=TargetMeasure.RATE)
        communes.append(commune)
    moving = Member.objects.filter(organization=cells[0]).first()
    request = people_services.member_transfer_request(
        acting_user=None, member=moving, to_organization=cells[1], requested_on=date(2024, 6, 1)
    )
    people_services.member_transfer_confirm(
        acting_user=None, transfer=request, confirmed_on=date(2024, 6, 1)
    )

    rows = emulation_ranking(communes, start=START, end=END, as_of=END)
    assert [row.members_at_start for row in rows] == [2, 2]
    items = achievements(
        [t for c in communes for t in c.targets.select_related("organization")], as_of=END
    )
    assert {i.target.organization_id: i.members_at_start for i in items} == {
        communes[0].pk: 2,
        communes[1].pk: 2,
    }
    # The next year's base follows the member: 1 in the first commune, 3 in the second.
    rows = emulation_ranking(communes, start=date(2025, 1, 1), end=date(2025, 12, 31), as_of=END)
    assert [row.members_at_start for row in rows] == [1, 3]


def test_one_units_base_is_the_same_read_alone_or_beside_others(tree):
    """The base of one unit (its rows summed, no walk up the paths) equals its share of a
    reading for several units (rolled up), merged predecessors included."""
    for cell in (tree.a, tree.b, tree.oldcell, tree.d):
        MemberFactory(organization=cell, admission_decided_on=date(2020, 5, 1))
    start = date(2025, 1, 1)
    prefixes = subtree_prefixes([tree.c1, tree.c2])
    alone = members_at_start(start, {tree.c1.pk: prefixes[tree.c1.pk]})
    together = members_at_start(start, prefixes)
    assert alone[tree.c1.pk] == together[tree.c1.pk] == 3  # A, B and the merged cell's
    assert together[tree.c2.pk] == 1
    assert alone[tree.c1.pk] == members_on(prefixes[tree.c1.pk], date(2024, 12, 31))["members"]


def test_a_units_targets_read_alone_equal_their_reading_beside_another_units(tree):
    """The targets of one unit (their rows summed) and the same targets beside another
    unit's (rolled up the paths) reach the same figures, merged predecessors included."""
    for cell in (tree.a, tree.oldcell, tree.d):
        veterans(cell, 2)
        admit(cell, [date(2024, 3, 1), date(2024, 9, 1)])
    for unit in (tree.c1, tree.c2):
        target(unit, TargetKind.ASSIGNED, START, END, 3)
        target(unit, TargetKind.ASSIGNED, START, END, 3, measure=TargetMeasure.RATE)
        target(unit, TargetKind.REGISTERED, START, END, 50, measure=TargetMeasure.COVERAGE)
    c1 = list(tree.c1.targets.select_related("organization"))
    both = c1 + list(tree.c2.targets.select_related("organization"))

    def figures(items):
        return {
            i.target.measure: (i.admitted, i.value, i.members_at_start, i.cells_admitting)
            for i in items
            if i.target.organization_id == tree.c1.pk
        }

    alone = figures(achievements(c1, as_of=END))
    assert alone == figures(achievements(both, as_of=END))
    # A and the merged cell: 4 admitted, 4 members at the start, 2 cells admitting
    assert alone[TargetMeasure.COUNT][0] == 4
    assert alone[TargetMeasure.RATE][2] == 4
    assert alone[TargetMeasure.COVERAGE][3] == 2
