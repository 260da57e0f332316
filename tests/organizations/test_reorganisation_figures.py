"""Figures across reorganisations: totals unchanged by any operation, the two readings
(restated to today's structure, as recorded at the time), members at a date across a
transfer and a move of their cell."""

from datetime import date

import pytest

from ptdv.organizations import reorganisation as reorg
from ptdv.organizations.models import Organization, OrganizationKind
from ptdv.organizations.scope import subtree_prefixes_many
from ptdv.people import services as people_services
from ptdv.people.models import Member
from ptdv.reports.figures import Period, statistics
from ptdv.reports.statistical_form import statistical_form
from tests.conftest import make_unit
from tests.factories import MemberFactory

REFORM = reorg.Decision(
    number="1234-QĐ/TU", date=date(2025, 6, 20), issuing_body="Tỉnh ủy Hà Tĩnh",
    effective_on=date(2025, 7, 1),
)  # fmt: skip
YEAR_2021 = Period(date(2021, 1, 1), date(2021, 12, 31))
PERIODS = [Period(date(y, 1, 1), date(y, 12, 31)) for y in (2019, 2021, 2023, 2025, 2026)] + [
    Period(date(2019, 1, 1), date(2026, 12, 31))
]


class Places:
    pass


@pytest.fixture
def ht(tree):
    """Hà Tĩnh before the reform: the district of Hương Khê with the communes of Hương Liên
    (two cells) and Hương Trạch (one cell); the new commune of Phúc Trạch from 01/07/2025."""
    p = Places()
    p.province = make_unit(tree.root, "HT", "Đảng bộ tỉnh Hà Tĩnh", "province")
    p.district = make_unit(p.province, "HK", "Đảng bộ huyện Hương Khê", "district")
    p.lien = make_unit(p.district, "HL", "Đảng bộ xã Hương Liên", "grassroots_committee")
    p.lien1 = make_unit(p.lien, "HL1", "Chi bộ thôn Trung Thủy", sector="rural_residential")
    p.lien2 = make_unit(p.lien, "HL2", "Chi bộ thôn Tân Hội", sector="rural_residential")
    p.trach = make_unit(p.district, "HTR", "Đảng bộ xã Hương Trạch", "grassroots_committee")
    p.trach1 = make_unit(p.trach, "HTR1", "Chi bộ thôn Phúc Đồng", sector="rural_residential")
    p.phuc = make_unit(
        p.province, "PT", "Đảng bộ xã Phúc Trạch", "commune", valid_from=date(2025, 7, 1)
    )
    p.m1 = MemberFactory(organization=p.lien1, admission_decided_on=date(2021, 3, 2))
    p.m2 = MemberFactory(organization=p.lien1, admission_decided_on=date(2021, 9, 2))
    p.m3 = MemberFactory(organization=p.lien2, admission_decided_on=date(2021, 5, 2))
    p.m4 = MemberFactory(organization=p.trach1, admission_decided_on=date(2021, 6, 2))
    p.m5 = MemberFactory(
        organization=p.lien2, admission_decided_on=date(2019, 6, 2), ended_on=date(2023, 1, 9)
    )
    p.m6 = MemberFactory(organization=p.trach1, admission_decided_on=date(2025, 8, 2))
    return p


def fresh(unit):
    return Organization.objects.get(pk=unit.pk)


def snapshot(units):
    return {
        (unit.code, period): statistics(fresh(unit), period).counts
        for unit in units
        for period in PERIODS
    }


def the_2025_reform(p):
    """Hương Liên merged into Phúc Trạch; Hương Trạch into Phúc Trạch too; the district
    abolished into the province."""
    reorg.merge(acting_user=None, sources=[p.lien, p.trach], into=p.phuc, decision=REFORM)
    reorg.merge(acting_user=None, sources=[p.district], into=p.province, decision=REFORM)


def recorded(unit, period):
    return statistics(fresh(unit), period, reorg.recorded_prefixes(fresh(unit), period.end))


OPERATIONS = {
    "reform": the_2025_reform,
    "merge into a new commune": lambda p: reorg.merge(
        acting_user=None,
        sources=[p.lien, p.trach],
        decision=REFORM,
        new={
            "parent": p.province,
            "code": "NEW",
            "name": "Đảng bộ xã Mới",
            "kind": OrganizationKind.objects.get(code="commune"),
        },
    ),
    "merge cells": lambda p: reorg.merge(
        acting_user=None, sources=[p.lien2], into=p.lien1, decision=REFORM
    ),
    "move": lambda p: reorg.move(acting_user=None, unit=p.lien, parent=p.province, decision=REFORM),
    "split": lambda p: reorg.split(
        acting_user=None,
        unit=p.lien,
        decision=REFORM,
        placements={p.lien1: p.phuc, p.lien2: p.trach},
    ),
    "split a cell": lambda p: reorg.split(
        acting_user=None,
        unit=p.lien2,
        decision=REFORM,
        placements={},
        members={p.m3: p.lien1},
    ),
    "rename": lambda p: reorg.rename(
        acting_user=None, unit=p.lien, name="Đảng bộ xã Hương Liên Mới", decision=REFORM
    ),
    "change kind": lambda p: reorg.change_kind(
        acting_user=None,
        unit=p.lien1,
        kind=OrganizationKind.objects.get(code="grassroots_cell"),
        decision=REFORM,
    ),
}


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_totals_are_identical_before_and_after_any_operation(ht, tree, operation):
    units = [tree.root, ht.province]
    before = snapshot(units)
    # As recorded: the district's and the communes' own figures before the operation.
    own_before = snapshot([ht.district, ht.lien, ht.trach])
    OPERATIONS[operation](ht)
    assert snapshot(units) == before
    for unit in (ht.district, ht.lien, ht.trach):
        for period in PERIODS:
            if period.end < REFORM.effective_on:
                assert recorded(unit, period).counts == own_before[(unit.code, period)], (
                    unit.code,
                    period,
                )


def test_2021_restated_and_as_recorded_for_phuc_trach_and_old_huong_lien(ht):
    assert statistics(fresh(ht.phuc), YEAR_2021).admitted == 0  # nothing yet: by hand, no merge
    the_2025_reform(ht)
    # Restated to today's structure: Phúc Trạch's 2021 includes the cells it absorbed.
    assert statistics(fresh(ht.phuc), YEAR_2021).admitted == 4
    assert statistics(fresh(ht.phuc), YEAR_2021)["members"] == 5
    # As recorded: Phúc Trạch did not exist in 2021.
    assert recorded(ht.phuc, YEAR_2021).admitted == 0
    # Old Hương Liên: as recorded, its own 2021 report; its cells now count for Phúc Trạch,
    # and the dissolved commune keeps what it held on its last day (its report does not
    # change when its cells move on).
    assert recorded(ht.lien, YEAR_2021).admitted == 3
    assert recorded(ht.lien, YEAR_2021)["members"] == 4
    assert statistics(fresh(ht.lien), YEAR_2021).admitted == 3
    # The old district's own report, as recorded.
    assert recorded(ht.district, YEAR_2021).admitted == 4
    # 2025 after the reform: Phúc Trạch as recorded on 31/12 holds the August admission
    # and every member of the two communes it absorbed.
    year_2025 = Period(date(2025, 1, 1), date(2025, 12, 31))
    assert recorded(ht.phuc, year_2025).admitted == 1
    assert recorded(ht.phuc, year_2025)["members"] == 5
    # The statistical form of the province restated: Phúc Trạch is the column of 2021.
    columns = statistical_form(fresh(ht.province), YEAR_2021)
    by_unit = {column.unit.pk: column for column in columns if column.unit}
    assert by_unit[ht.phuc.pk].counts["admitted"] == 4


def test_members_at_a_date_across_a_transfer_and_a_move(ht):
    transfer = people_services.member_transfer_request(
        acting_user=None, member=ht.m1, to_organization=ht.trach1, requested_on=date(2024, 2, 20)
    )
    people_services.member_transfer_confirm(
        acting_user=None, transfer=transfer, confirmed_on=date(2024, 3, 1)
    )
    reorg.move(
        acting_user=None,
        unit=ht.lien1,
        parent=ht.phuc,
        decision=reorg.Decision("77-QĐ/HU", date(2025, 6, 1), "Huyện ủy", date(2025, 7, 1)),
    )

    def members(unit, day, *, as_recorded):
        prefixes = (
            reorg.recorded_prefixes(fresh(unit), day)
            if as_recorded
            else subtree_prefixes_many([fresh(unit)])[unit.pk]
        )
        return set(Member.objects.under_on(prefixes, day).values_list("pk", flat=True))

    before_transfer, after_transfer, after_move = (
        date(2023, 12, 31),
        date(2024, 6, 1),
        date(2025, 7, 1),
    )
    # As recorded: Hương Liên had m1 until the transfer, then Hương Trạch.
    assert ht.m1.pk in members(ht.lien, before_transfer, as_recorded=True)
    assert ht.m1.pk not in members(ht.lien, after_transfer, as_recorded=True)
    assert ht.m1.pk in members(ht.trach, after_transfer, as_recorded=True)
    # m2 stayed in the cell: Hương Liên's as recorded before the move, Phúc Trạch's after.
    assert ht.m2.pk in members(ht.lien, after_transfer, as_recorded=True)
    assert ht.m2.pk not in members(ht.lien, after_move, as_recorded=True)
    assert ht.m2.pk in members(ht.phuc, after_move, as_recorded=True)
    # Restated: the cell counts under Phúc Trạch on every day, m1 only while in it.
    assert {ht.m1.pk, ht.m2.pk} <= members(ht.phuc, before_transfer, as_recorded=False)
    assert ht.m1.pk not in members(ht.phuc, after_transfer, as_recorded=False)
    assert ht.m1.pk in members(ht.trach, after_transfer, as_recorded=False)
