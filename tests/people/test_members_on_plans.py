"""On PostgreSQL: the members on a day under a part of the tree find the members changed
since the day from the cells, by the member indexes on (cell, date) and the transfers'
indexes, never by a scan of the members or a list of ids (read from EXPLAIN)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ptdv.organizations.scope import subtree_prefixes
from ptdv.people import counters

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL"),
]
DAY = date(2025, 12, 31)


def plan_of(prefixes, fields) -> str:
    with CaptureQueriesContext(connection) as queries:
        counters.members_on_by_cell(prefixes, DAY, fields=fields)
    (statement,) = queries.captured_queries
    with connection.cursor() as cursor:
        # The test tables are tiny: with sequential scans priced out, the plan shows which
        # index can serve each part.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + statement["sql"])
        return "\n".join(row[0] for row in cursor.fetchall())


def test_a_communes_changes_are_read_cell_by_cell(tree):
    plan = plan_of(subtree_prefixes(tree.c1), ("members",))
    assert "member_org_admission_idx" in plan, plan  # admitted since, per cell
    # left since: per cell, or by the exit-date index when the statistics say few left since
    # (at 5,6 M, 495 members for the whole country; the planner's choice on tiny tables
    # depends on what earlier tests left in them)
    assert "member_org_idx" in plan or "member_ended_idx" in plan, plan
    # moved since, out of or into a cell: by the cells' transfer indexes, or by the
    # confirmation date when few transfers are that recent (the planner's choice)
    transfers = [line for line in plan.splitlines() if "on people_membertransfer t_" in line]
    assert len(transfers) == 2, plan
    assert all(
        "transfer_confirmed_idx" in line or "_organization_id" in line for line in transfers
    ), plan
    assert "people_cellcount_pkey" in plan, plan  # the counters of the cells only
    assert "official_from" not in plan, plan  # the members alone: no official read
    assert "Seq Scan" not in plan, plan


def test_the_official_count_adds_the_members_made_official_since_cell_by_cell(tree):
    plan = plan_of(subtree_prefixes(tree.c1), counters.FIELDS)
    assert "official_from > " in plan, plan
    assert "Seq Scan" not in plan, plan


def test_the_whole_country_reads_its_changes_by_the_date_indexes(tree):
    plan = plan_of(subtree_prefixes(tree.root), counters.FIELDS)
    for index in (
        "member_admission_idx",
        "member_ended_idx",
        "member_official_from_idx",
        "transfer_confirmed_idx",
    ):
        assert index in plan, (index, plan)
