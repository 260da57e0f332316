"""On PostgreSQL: the reads of the reorganisation history (the structure as recorded on a
day, the operations of a unit, a unit's earlier places) are served by indexes, read from
EXPLAIN of every statement they send."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ptdv.organizations import history
from ptdv.organizations import reorganisation as reorg
from ptdv.organizations.models import Organization

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL"),
]
REFORM = reorg.Decision("9-QĐ/TU", date(2025, 6, 20), "Ban Thường vụ Tỉnh ủy", date(2025, 7, 1))


@pytest.fixture
def merged(tree):
    """Hòa Bình merged into Đồng Tâm; sequential scans priced out, so that the tiny test
    tables show which index each statement can use."""
    reorg.merge(acting_user=None, sources=[tree.c1], into=tree.c2, decision=REFORM)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    return Organization.objects.get(pk=tree.c2.pk)


def plans_of(read) -> list[str]:
    """The plan of every statement `read()` sends."""
    with CaptureQueriesContext(connection) as sent:
        read()
    plans = []
    with connection.cursor() as cursor:
        for query in sent.captured_queries:
            if query["sql"].startswith(("SAVEPOINT", "RELEASE")):
                continue
            cursor.execute("EXPLAIN " + query["sql"])
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    assert plans, "the read sent no statement"
    return plans


def assert_indexed(plans, *indexes):
    for plan in plans:
        assert "Seq Scan" not in plan, plan
    every = "\n".join(plans)
    for index in indexes:
        assert index in every, every


def test_the_structure_as_recorded_is_read_by_the_path_and_history_indexes(merged):
    plans = plans_of(lambda: history.recorded_prefixes(merged, date(2021, 12, 31)))
    assert_indexed(
        plans, "org_parent_period_path_idx", "org_parent_period_unit_idx", "org_path_idx"
    )


def test_the_operations_of_a_unit_are_read_by_their_indexes(merged, tree):
    # The audit rows of other units (rolled back with the test) and fresh statistics: on a
    # near-empty audit table the planner may walk the time index instead, which on real
    # data means reading the whole trail.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO accounts_auditevent (at, actor_name, event, object_type, object_id,"
            " object_repr) SELECT now() - g * interval '1 minute', '', 'organization_renamed',"
            " 'organizations.organization', (10000000 + g)::text, ''"
            " FROM generate_series(1, 20000) g"
        )
        cursor.execute("ANALYZE accounts_auditevent")
    for unit in (merged, Organization.objects.get(pk=tree.a.pk)):
        plans = plans_of(lambda unit=unit: list(history.operations_of(unit)))
        assert_indexed(plans, "audit_object_idx", "org_parent_period_unit_idx")


def test_the_earlier_places_of_a_unit_are_read_by_the_unit_index(merged, tree):
    cell = Organization.objects.get(pk=tree.a.pk)
    plans = plans_of(lambda: list(cell.parent_history.order_by("-valid_to")))
    assert_indexed(plans, "org_parent_period_unit_idx")
