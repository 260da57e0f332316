"""Achievement is counted in the database: the number of queries does not grow with the
subtree."""

from datetime import date

import pytest

from ptdv.targets.achievement import achievements
from ptdv.targets.models import TargetKind, TargetMeasure
from ptdv.targets.ranking import emulation_ranking
from tests.conftest import make_unit
from tests.targets.helpers import admit, spread, target, veterans

pytestmark = pytest.mark.django_db
YEAR = (date(2024, 1, 1), date(2024, 12, 31))


def build(code: str, communes: int, cells: int, per_cell: int):
    province = make_unit(None, code, f"Đảng bộ tỉnh {code}", "province")
    for i in range(communes):
        commune = make_unit(province, f"{code}-X{i}", f"Đảng bộ xã {code} {i}", "commune")
        for j in range(cells):
            cell = make_unit(commune, f"{code}-X{i}-C{j}", f"Chi bộ thôn {code} {i} {j}")
            admit(cell, spread(per_cell, *YEAR))
            veterans(cell, 2)
        target(commune, TargetKind.ASSIGNED, *YEAR, per_cell * cells)
    target(province, TargetKind.RESOLUTION, *YEAR, 10)
    target(province, TargetKind.ASSIGNED, *YEAR, 3, 4, measure=TargetMeasure.RATE)
    target(province, TargetKind.REGISTERED, *YEAR, 100, measure=TargetMeasure.COVERAGE)
    return province


@pytest.mark.usefixtures("nothing_remembered")  # one computation's reads
@pytest.mark.parametrize("size", [(1, 1, 1), (4, 5, 6)])
def test_achievement_takes_four_queries_whatever_the_subtree(size, django_assert_num_queries):
    province = build(f"Q{size[0]}", *size)
    targets = list(province.targets.select_related("organization"))

    # subtree prefixes, one aggregate on members, one on cells (for the coverage target), one
    # for the rate's base (the per-cell counters with the changes since, found from the
    # cells: people.counters.members_on_by_cell)
    with django_assert_num_queries(4):
        items = achievements(targets, as_of=date(2024, 12, 31))

    communes, cells, per_cell = size
    by_measure = {item.target.measure: item for item in items}
    assert by_measure[TargetMeasure.COUNT].admitted == communes * cells * per_cell
    assert by_measure[TargetMeasure.COVERAGE].value == 100
    # admissions / members at the start (the veterans) × 100, per year
    assert round(by_measure[TargetMeasure.RATE].value) == round(per_cell / 2 * 100)


@pytest.mark.usefixtures("nothing_remembered")  # one computation's reads
@pytest.mark.parametrize("size", [(1, 1, 1), (4, 5, 6)])
def test_the_ranking_takes_five_queries_whatever_the_number_of_units(
    size, django_assert_num_queries
):
    province = build(f"R{size[0]}", *size)
    units = list(province.children.all())

    # the four of before, plus one for the members at the start (people.counters: the
    # counters with the changes since, in one statement)
    with django_assert_num_queries(5):
        rows = emulation_ranking(units, start=YEAR[0], end=YEAR[1], as_of=YEAR[1])

    assert len(rows) == size[0]
    assert all(row.eligible for row in rows)
