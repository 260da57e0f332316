"""The targets count an admission where the reports count it: under the member's cell on the
admission day, not under the cell they moved to since."""

from datetime import date

from ptdv.people import services as people
from ptdv.reports.figures import Period, statistics
from ptdv.targets.achievement import achievements, admissions_by_unit
from ptdv.targets.models import TargetKind
from ptdv.targets.ranking import emulation_ranking
from ptdv.targets.watchlist import quiet_cells
from tests.factories import MemberFactory
from tests.targets.helpers import target

YEAR = (date(2024, 1, 1), date(2024, 12, 31))


def test_a_member_who_moved_counts_for_the_commune_that_admitted_them(tree):
    """Admitted in cell A (commune C1) in March, moved to cell D (commune C2) in September:
    the admission is C1's in its achievement, the ranking and the admissions by unit, as in
    C1's report; C2 admitted no one."""
    member = MemberFactory(organization=tree.a, admission_decided_on=date(2024, 3, 1))
    transfer = people.member_transfer_request(
        acting_user=None, member=member, to_organization=tree.d, requested_on=date(2024, 8, 20)
    )
    people.member_transfer_confirm(
        acting_user=None, transfer=transfer, confirmed_on=date(2024, 9, 1)
    )
    member.refresh_from_db()
    assert member.organization == tree.d
    plans = [target(unit, TargetKind.ASSIGNED, *YEAR, 1) for unit in (tree.c1, tree.c2)]

    by_commune = {
        item.target.organization_id: item.admitted for item in achievements(plans, as_of=YEAR[1])
    }
    assert by_commune == {tree.c1.pk: 1, tree.c2.pk: 0}

    ranking = {
        row.unit.pk: (row.admitted, row.cells_admitting)
        for row in emulation_ranking([tree.c1, tree.c2], start=YEAR[0], end=YEAR[1], as_of=YEAR[1])
    }
    assert ranking == {tree.c1.pk: (1, 1), tree.c2.pk: (0, 0)}

    assert admissions_by_unit([tree.c1, tree.c2], start=YEAR[0], end=YEAR[1]) == {
        tree.c1.pk: 1,
        tree.c2.pk: 0,
    }
    # The same numbers as the reports'.
    period = Period(*YEAR)
    assert statistics(tree.c1, period).admitted == 1
    assert statistics(tree.c2, period).admitted == 0


def test_a_cell_whose_new_member_moved_away_is_not_quiet(tree):
    """The watch list's quiet cells read the same admissions: cell A admitted someone in 2024
    who moved to cell D since; A is not quiet, D (which admitted no one) is."""
    member = MemberFactory(organization=tree.a, admission_decided_on=date(2024, 3, 1))
    transfer = people.member_transfer_request(
        acting_user=None, member=member, to_organization=tree.d, requested_on=date(2024, 8, 20)
    )
    people.member_transfer_confirm(
        acting_user=None, transfer=transfer, confirmed_on=date(2024, 9, 1)
    )

    assert tree.a.pk not in {cell.pk for cell in quiet_cells(tree.c1, as_of=YEAR[1])}
    assert tree.d.pk in {cell.pk for cell in quiet_cells(tree.c2, as_of=YEAR[1])}
