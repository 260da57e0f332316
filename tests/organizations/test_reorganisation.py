"""Reorganisation operations: each under a decision, in one transaction, refusing what would
break the tree or leave members without a cell; the history of places kept."""

from datetime import date

import pytest

from ptdv.accounts.models import AuditEvent
from ptdv.core.errors import DomainError
from ptdv.organizations import reorganisation as reorg
from ptdv.organizations.models import Organization, OrganizationKind, ParentPeriod
from ptdv.people.models import Member
from tests.conftest import make_unit
from tests.factories import MemberFactory

DECISION = reorg.Decision(
    number="125-QĐ/TU",
    date=date(2025, 6, 20),
    issuing_body="Ban Thường vụ Tỉnh ủy",
    effective_on=date(2025, 7, 1),
)


def kind(code):
    return OrganizationKind.objects.get(code=code)


def fresh(unit):
    return Organization.objects.get(pk=unit.pk)


def test_merge_into_a_new_commune_moves_the_cells_and_keeps_their_history(tree):
    MemberFactory(organization=tree.a, admission_decided_on=date(2021, 3, 1))
    MemberFactory(organization=tree.d, admission_decided_on=date(2021, 4, 1))
    new = reorg.merge(
        acting_user=tree.officer_p1,
        sources=[tree.c1, tree.c2],
        decision=DECISION,
        new={
            "parent": tree.p1,
            "code": "C12",
            "name": "Đảng bộ xã Hòa Đồng",
            "kind": kind("commune"),
        },
    )
    assert new.valid_from == date(2025, 7, 1)
    assert set(Organization.objects.filter(parent=new).values_list("code", flat=True)) == {
        "A",
        "B",
        "D",
    }
    assert fresh(tree.a).path.startswith(new.path)
    for unit in (tree.c1, tree.c2):
        unit = fresh(unit)
        assert unit.valid_to == date(2025, 6, 30) and unit.merged_into_id == new.pk
    period = ParentPeriod.objects.get(organization=tree.a)
    assert period.parent_id == tree.c1.pk and period.valid_to == date(2025, 6, 30)
    assert period.path == tree.a.path
    assert Member.objects.filter(organization__path__under=new.path).count() == 2
    events = AuditEvent.objects.filter(event="organization_merged")
    assert events.filter(organization=new).get().new["decision_number"] == "125-QĐ/TU"
    # The new commune's scope sees the cells today, and the old communes' history by merger.
    from ptdv.organizations.scope import subtree_prefixes

    prefixes = subtree_prefixes(new)
    assert new.path in prefixes and fresh(tree.c1).path in prefixes


def test_merging_cells_moves_members_by_dated_transfers(tree):
    member = MemberFactory(organization=tree.b, admission_decided_on=date(2020, 1, 1))
    reorg.merge(acting_user=tree.officer_p1, sources=[tree.b], into=tree.a, decision=DECISION)
    member.refresh_from_db()
    assert member.organization_id == tree.a.pk
    assert list(Member.objects.in_cell_on(tree.b, date(2025, 6, 30))) == [member]
    assert list(Member.objects.in_cell_on(tree.a, date(2025, 7, 1))) == [member]
    assert fresh(tree.b).merged_into_id == tree.a.pk


def test_a_cell_with_members_cannot_merge_into_a_committee(tree):
    MemberFactory(organization=tree.b)
    with pytest.raises(DomainError, match="đảng viên phải sinh hoạt ở một chi bộ"):
        reorg.merge(acting_user=None, sources=[tree.b], into=tree.c2, decision=DECISION)
    assert fresh(tree.b).valid_to is None


def test_move_refuses_a_cycle_and_a_cell_as_parent(tree):
    with pytest.raises(DomainError, match="không thể là cấp trên của chính nó"):
        reorg.move(acting_user=None, unit=tree.c1, parent=tree.a, decision=DECISION)
    with pytest.raises(DomainError, match="là chi bộ"):
        reorg.move(acting_user=None, unit=tree.b, parent=tree.a, decision=DECISION)
    assert not ParentPeriod.objects.exists()


def test_move_rewrites_the_subtree_and_records_every_unit(tree):
    reorg.move(acting_user=tree.admin, unit=tree.c1, parent=tree.p2, decision=DECISION)
    assert fresh(tree.a).path.startswith(fresh(tree.p2).path)
    assert set(ParentPeriod.objects.values_list("organization_id", flat=True)) >= {
        tree.c1.pk,
        tree.a.pk,
        tree.b.pk,
    }


def test_move_outside_scope_is_refused(tree):
    with pytest.raises(DomainError, match="ngoài phạm vi"):
        reorg.move(acting_user=tree.officer_p1, unit=tree.c1, parent=tree.p2, decision=DECISION)
    assert fresh(tree.c1).parent_id == tree.p1.pk


def test_split_needs_a_place_for_every_cell_and_member(tree):
    member = MemberFactory(organization=tree.a)
    with pytest.raises(DomainError, match="Chưa chỉ định nơi chuyển đến cho"):
        reorg.split(acting_user=None, unit=tree.c1, decision=DECISION, placements={tree.a: tree.c2})
    reorg.split(
        acting_user=None,
        unit=tree.c1,
        decision=DECISION,
        placements={tree.a: tree.c2, tree.b: fresh(tree.c2)},
    )
    assert fresh(tree.a).parent_id == tree.c2.pk and fresh(tree.c1).valid_to is not None
    with pytest.raises(DomainError, match="Chưa chỉ định chi bộ tiếp nhận cho đảng viên"):
        reorg.split(acting_user=None, unit=tree.a, decision=DECISION, placements={})
    reorg.split(
        acting_user=None, unit=tree.a, decision=DECISION, placements={}, members={member: tree.d}
    )
    member.refresh_from_db()
    assert member.organization_id == tree.d.pk


def test_rename_change_kind_and_dissolve(tree):
    reorg.rename(acting_user=None, unit=tree.c1, name="Đảng bộ xã Hòa Bình Mới", decision=DECISION)
    assert fresh(tree.c1).name == "Đảng bộ xã Hòa Bình Mới"
    MemberFactory(organization=tree.a)
    with pytest.raises(DomainError, match="không còn chi bộ sinh hoạt"):
        reorg.change_kind(
            acting_user=None, unit=tree.a, kind=kind("grassroots_committee"), decision=DECISION
        )
    with pytest.raises(DomainError, match="chi bộ không thể có tổ chức trực thuộc"):
        reorg.change_kind(acting_user=None, unit=tree.c1, kind=kind("cell"), decision=DECISION)
    with pytest.raises(DomainError, match="hãy chuyển đi hoặc hợp nhất trước khi giải thể"):
        reorg.dissolve(acting_user=None, unit=tree.a, decision=DECISION)
    reorg.dissolve(acting_user=None, unit=tree.e, decision=DECISION)
    assert fresh(tree.e).valid_to == date(2025, 6, 30)


def test_a_decision_needs_its_number_and_body(tree):
    blank = reorg.Decision("", date(2025, 6, 1), "Tỉnh ủy", date(2025, 7, 1))
    with pytest.raises(DomainError, match="Phải ghi số quyết định"):
        reorg.rename(acting_user=None, unit=tree.c1, name="Tên khác", decision=blank)


def test_recorded_structure_reads_the_past(tree):
    new_cell = make_unit(tree.c2, "D2", "Chi bộ thôn Mới", valid_from=date(2026, 1, 1))
    reorg.merge(acting_user=None, sources=[tree.c1], into=tree.c2, decision=DECISION)
    before = reorg.recorded_units(fresh(tree.c1), date(2021, 12, 31))
    assert {tree.c1.pk, tree.a.pk, tree.b.pk} <= before and tree.d.pk not in before
    assert reorg.recorded_units(fresh(tree.c1), date(2025, 7, 1)) == {tree.c1.pk}
    after = reorg.recorded_units(fresh(tree.c2), date(2025, 7, 1))
    assert {tree.a.pk, tree.b.pk, tree.d.pk} <= after
    assert new_cell.pk not in after
    assert tree.a.pk not in reorg.recorded_units(fresh(tree.c2), date(2021, 12, 31))
