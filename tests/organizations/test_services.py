from datetime import date

import pytest

from ptdv.accounts.models import AuditEvent
from ptdv.core.errors import DomainError
from ptdv.organizations import services
from ptdv.organizations.models import Organization, OrganizationKind


def kind(code):
    return OrganizationKind.objects.get(code=code)


def update(unit, user, **changes):
    fields = dict(
        code=unit.code,
        name=unit.name,
        kind=unit.kind,
        sector=unit.sector,
        valid_from=unit.valid_from,
        valid_to=unit.valid_to,
        parent=unit.parent,
    )
    fields.update(changes)
    return services.organization_update(acting_user=user, organization=unit, **fields)


def test_a_new_unit_gets_its_path_and_an_audit_row(tree):
    unit = services.organization_create(
        acting_user=tree.officer_p1,
        parent=tree.c1,
        code="a2",
        name="  Chi bộ  thôn Mới ",
        kind=kind("cell"),
    )
    assert unit.path == f"{tree.c1.path}{unit.pk}/"
    assert unit.code == "A2" and unit.name == "Chi bộ thôn Mới"
    assert unit.search_key == "chi bo thon moi"
    event = AuditEvent.objects.get(object_id=str(unit.pk), event="organization_created")
    assert event.actor == tree.officer_p1 and event.new["name"] == "Chi bộ thôn Mới"


def test_everything_under_a_unit_is_one_prefix_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        codes = set(Organization.objects.under(tree.c1).values_list("code", flat=True))
    assert codes == {"C1", "A", "B"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "   "}, "Tên tổ chức không được để trống."),
        ({"code": "B"}, "Mã tổ chức «B» đã được dùng cho «Chi bộ thôn Bình Minh»."),
        ({"code": ""}, "Mã tổ chức không được để trống."),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_nothing_changes(tree, changes, message):
    before = Organization.objects.values_list("pk", "code", "name", "path").order_by("pk")
    before = list(before)
    audits = AuditEvent.objects.count()
    with pytest.raises(DomainError) as error:
        update(tree.a, tree.officer_p1, **changes)
    assert error.value.message == message
    assert list(Organization.objects.values_list("pk", "code", "name", "path").order_by("pk")) == (
        before
    )
    assert AuditEvent.objects.count() == audits


def test_a_unit_cannot_be_made_its_own_ancestor(tree):
    paths = dict(Organization.objects.values_list("pk", "path"))
    with pytest.raises(DomainError, match="không thể là cấp trên của chính nó"):
        update(tree.c1, tree.officer_p1, parent=tree.c1)
    # Under one of its own cells' parents' children: still a cycle.
    sub = services.organization_create(
        acting_user=None,
        parent=tree.c1,
        code="PB",
        name="Đảng bộ bộ phận",
        kind=kind("partial_committee"),
    )
    with pytest.raises(DomainError, match="không thể là cấp trên của chính nó"):
        update(tree.c1, tree.officer_p1, parent=sub)
    paths_after = dict(Organization.objects.exclude(pk=sub.pk).values_list("pk", "path"))
    assert paths_after == paths


def test_a_cell_cannot_have_units_under_it(tree):
    with pytest.raises(DomainError, match="là chi bộ, không thể có tổ chức đảng trực thuộc"):
        services.organization_create(
            acting_user=tree.officer_p1,
            parent=tree.a,
            code="X",
            name="Chi bộ con",
            kind=kind("cell"),
        )
    assert not Organization.objects.filter(code="X").exists()


def test_moving_a_unit_rewrites_its_whole_subtree_in_one_transaction(tree):
    update(tree.c2, tree.officer_p1, parent=tree.c1, kind=kind("partial_committee"))
    tree.d.refresh_from_db()
    tree.c2.refresh_from_db()
    assert tree.c2.path == f"{tree.c1.path}{tree.c2.pk}/"
    assert tree.d.path == f"{tree.c2.path}{tree.d.pk}/"
    assert tree.d.depth == tree.c2.depth + 1


def test_users_cannot_change_units_outside_their_scope_or_without_the_role(tree):
    with pytest.raises(DomainError, match="ngoài phạm vi"):
        update(tree.e, tree.officer_p1, name="Đổi tên")
    with pytest.raises(DomainError, match="không được thay đổi cây tổ chức"):
        update(tree.a, tree.secretary_a, name="Đổi tên")
    with pytest.raises(DomainError, match="ngoài phạm vi"):
        update(tree.a, tree.officer_p1, parent=tree.c3)
    tree.a.refresh_from_db()
    assert tree.a.name == "Chi bộ thôn An Phú" and tree.a.parent == tree.c1


def test_dissolving_keeps_the_subtree_and_records_the_successor(tree):
    assert tree.old.valid_to == date(2025, 6, 30) and tree.old.merged_into == tree.c1
    assert tree.oldcell.path.startswith(tree.old.path)
    with pytest.raises(DomainError, match="đã giải thể"):
        services.organization_dissolve(acting_user=None, organization=tree.old, on=date(2026, 1, 1))


def test_bulk_creation_is_all_or_nothing(tree):
    rows = [
        {"code": "N1", "name": "Chi bộ một", "kind": kind("cell")},
        {"code": "N1", "name": "Chi bộ hai", "kind": kind("cell")},
    ]
    with pytest.raises(DomainError, match="bị trùng"):
        services.organization_bulk_create(acting_user=None, parent=tree.c1, rows=rows)
    assert not Organization.objects.filter(code="N1").exists()
    rows[1]["code"] = "N2"
    created = services.organization_bulk_create(acting_user=None, parent=tree.c1, rows=rows)
    assert [u.path for u in created] == [f"{tree.c1.path}{u.pk}/" for u in created]
