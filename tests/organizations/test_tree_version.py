"""A unit's subtree (its merged predecessors included) is derived once per state of the tree
and kept between requests (`tree_version`); every change of the tree, whatever its path,
makes the next lookup derive it again, so a scope is never read from an older tree."""

from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from ptdv.organizations import scope, services, tree_version
from ptdv.organizations.models import Organization, Reorganisation, ReorganisationKind
from ptdv.organizations.scope import forget_scope, scope_prefixes, subtree_prefixes_many
from tests.conftest import make_unit

pytestmark = pytest.mark.django_db
MERGE_DAY = date(2025, 6, 30)


@pytest.fixture(autouse=True)
def remembered(monkeypatch):
    """A store of this test's own, so that no other test's lookups are in it."""
    store = tree_version.Remembered()
    monkeypatch.setattr(scope, "_remembered", store)
    return store


def fresh(unit):
    """The unit as a new request reads it."""
    return Organization.objects.get(pk=unit.pk)


def lookups(queries) -> int:
    return sum('"merged_into_id" IS NOT NULL' in q["sql"] for q in queries.captured_queries)


def derived(unit):
    """The subtree derived from the tree now, nothing remembered."""
    return scope._subtree_prefixes_many([fresh(unit)])[unit.pk]


def lookup(unit):
    """A request's lookup: (the prefixes, the merged-unit reads it sent)."""
    with CaptureQueriesContext(connection) as sent:
        found = subtree_prefixes_many([fresh(unit)])[unit.pk]
    return found, lookups(sent)


def test_an_unchanged_tree_is_read_once_for_every_request(tree):
    first, read = lookup(tree.c1)
    assert read >= 1 and first == derived(tree.c1)
    again, read_again = lookup(tree.c1)
    assert (again, read_again) == (first, 0)


def test_a_merger_through_the_service_is_in_the_next_lookup(tree):
    before, _ = lookup(tree.c1)
    gone = make_unit(tree.p2, "GONE", "Chi bộ thôn Đã Nhập", sector="rural_residential")
    services.organization_dissolve(
        acting_user=None, organization=gone, on=MERGE_DAY, merged_into=tree.a
    )
    after, read = lookup(tree.c1)
    assert fresh(gone).path in after and fresh(gone).path not in before
    assert read >= 1 and after == derived(tree.c1)


def test_a_change_in_raw_sql_is_in_the_next_lookup(tree):
    lookup(tree.c1)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE organizations_organization SET merged_into_id = %s, valid_to = %s "
            "WHERE id = %s",
            [tree.c1.pk, MERGE_DAY, tree.d.pk],
        )
    after, read = lookup(tree.c1)
    assert read >= 1 and fresh(tree.d).path in after and after == derived(tree.c1)


def test_a_users_scope_follows_a_merger_into_their_unit(tree):
    user = tree.office_c2
    assert not any(tree.b.path.startswith(p) for p in scope_prefixes(user))
    services.organization_dissolve(
        acting_user=None, organization=fresh(tree.b), on=MERGE_DAY, merged_into=tree.c2
    )
    forget_scope(user)  # the next request's user object
    user.organization = fresh(tree.c2)
    assert any(tree.b.path.startswith(p) for p in scope_prefixes(user))


def test_a_unit_object_read_before_a_move_is_not_answered_with_its_new_place(tree):
    stale = fresh(tree.a)
    services.organization_update(
        acting_user=None,
        organization=stale,
        code="A",
        name=stale.name,
        kind=stale.kind,
        sector=stale.sector,
        valid_from=stale.valid_from,
        valid_to=None,
        parent=tree.c2,
    )
    moved = fresh(tree.a)
    assert moved.path != stale.path
    assert subtree_prefixes_many([moved])[moved.pk] == derived(tree.a)
    assert subtree_prefixes_many([stale])[stale.pk] == (stale.path,)


def test_a_dissolved_units_subtree_is_kept_and_follows_a_new_earlier_place(tree):
    old = fresh(tree.old)
    assert old.valid_to is not None
    first, read = lookup(tree.old)
    assert first == derived(tree.old)
    assert lookup(tree.old) == (first, 0)
    # An earlier place written alone (raw SQL): what the unit held on its last day changes.
    decision = Reorganisation.objects.create(
        kind=ReorganisationKind.MOVE,
        decision_number="1-QĐ/TU",
        decision_date=old.valid_to,
        issuing_body="Ban Thường vụ Tỉnh ủy",
        effective_on=old.valid_to,
        organization=tree.p1,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO organizations_parentperiod (organization_id, parent_id, path,"
            " valid_from, valid_to, reorganisation_id) VALUES (%s, %s, %s, NULL, %s, %s)",
            [tree.d.pk, tree.old.pk, f"{old.path}{tree.d.pk}/", old.valid_to, decision.pk],
        )
    after, read = lookup(tree.old)
    assert read >= 1 and after == derived(tree.old)
    assert any(tree.d.path.startswith(prefix) for prefix in after)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_rolled_back_change_leaves_no_version_that_a_later_tree_takes_again(tree):
    before = tree_version.current(Organization)[1]
    with pytest.raises(RuntimeError), transaction.atomic():
        make_unit(tree.p2, "ROLLED", "Chi bộ thôn Bỏ Dở")
        during = tree_version.current(Organization)[1]
        assert during != before
        raise RuntimeError
    assert tree_version.current(Organization)[1] == before
    make_unit(tree.p2, "KEPT", "Chi bộ thôn Giữ Lại")
    assert tree_version.current(Organization)[1] not in (before, during)
