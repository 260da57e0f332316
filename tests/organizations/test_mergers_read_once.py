"""Inside `mergers_read_once` (the report pages and the targets page) each subtree's merged
units are read from the database once: the unit's lookup again, its children's, the user's
scope are answered from the rows read, with the same prefixes as a lookup of their own."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ptdv.organizations import services
from ptdv.organizations.models import Organization
from ptdv.organizations.scope import mergers_read_once, subtree_prefixes_many
from ptdv.targets.models import TargetKind
from tests.conftest import make_unit
from tests.targets.helpers import target

pytestmark = pytest.mark.django_db
MERGE_DAY = date(2025, 6, 30)


@pytest.fixture(autouse=True)
def _derived_each_time(nothing_remembered):
    """What one request reads (`test_tree_version.py` tests what is kept between them)."""


def lookups(queries) -> int:
    """The statements that read merged units (one per round of a lookup)."""
    return sum('"merged_into_id" IS NOT NULL' in q["sql"] for q in queries.captured_queries)


@pytest.fixture
def merged(tree):
    """Under C1: OLD merged into it (the tree's), an old cell merged into its cell A, and an
    old unit merged into OLD's cell (found in a second round)."""
    gone = make_unit(tree.p2, "GONE", "Chi bộ thôn Đã Nhập", sector="rural_residential")
    services.organization_dissolve(
        acting_user=None, organization=gone, on=MERGE_DAY, merged_into=tree.a
    )
    older = make_unit(tree.p2, "OLDER", "Chi bộ thôn Cũ Hơn", sector="rural_residential")
    services.organization_dissolve(
        acting_user=None, organization=older, on=MERGE_DAY, merged_into=tree.oldcell
    )
    return tree


def fresh(*units):
    return list(Organization.objects.filter(pk__in=[u.pk for u in units]).order_by("pk"))


def test_a_second_lookup_under_a_prefix_read_sends_no_query_and_finds_the_same(
    merged, django_assert_num_queries
):
    t = merged
    units = fresh(t.c1, t.a, t.b, t.old, t.oldcell, t.c2, t.p2)
    separately = {unit.pk: subtree_prefixes_many([unit])[unit.pk] for unit in units}
    assert Organization.objects.get(code="GONE").path in separately[t.a.pk]
    assert Organization.objects.get(code="OLDER").path in separately[t.c1.pk]
    commune, children, again = fresh(t.c1), fresh(t.c1, t.a, t.b), fresh(t.c1)
    with mergers_read_once():
        assert subtree_prefixes_many(commune) == {t.c1.pk: separately[t.c1.pk]}
        with django_assert_num_queries(0):
            inside = subtree_prefixes_many(children)
            assert subtree_prefixes_many(again) == {t.c1.pk: separately[t.c1.pk]}
        # A dissolved unit adds what it held on its last day (queries of their own).
        inside.update(subtree_prefixes_many(fresh(t.old, t.oldcell)))
        # Outside what was read: read from the database (and only what is new).
        outside = fresh(t.c2, t.p2)
        with CaptureQueriesContext(connection) as sent:
            others = subtree_prefixes_many(outside)
        assert lookups(sent) >= 1
    assert inside == {pk: separately[pk] for pk in inside}
    assert others == {pk: separately[pk] for pk in others}


def test_outside_the_block_every_lookup_reads_the_database(merged):
    with CaptureQueriesContext(connection) as sent:
        subtree_prefixes_many(fresh(merged.c1))
        subtree_prefixes_many(fresh(merged.c1))
    with CaptureQueriesContext(connection) as once:
        subtree_prefixes_many(fresh(merged.c1))
    assert lookups(sent) == 2 * lookups(once) > 0


@pytest.mark.parametrize("url_name", ["reports:dashboard", "targets:unit"])
def test_a_commune_page_reads_its_merged_units_once(merged, login, url_name):
    year = timezone.localdate().year
    for unit in (merged.c1, merged.a):  # the page's targets and its children's rows
        target(unit, TargetKind.ASSIGNED, date(year, 1, 1), date(year, 12, 31), 10)
    with CaptureQueriesContext(connection) as once:
        subtree_prefixes_many(fresh(merged.c1))
    client = login(merged.office_c1)
    with CaptureQueriesContext(connection) as sent:
        response = client.get(reverse(url_name, args=[merged.c1.pk]))
    assert response.status_code == 200
    assert lookups(sent) == lookups(once)
