"""On PostgreSQL: the indexes the figures rely on serve their queries (read from EXPLAIN),
and the app's connections carry the production session settings."""

from datetime import date

import pytest
from django.db import connection

from ptdv.organizations.models import Organization
from ptdv.organizations.paths import descendant_filter
from ptdv.people.models import Member

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="EXPLAIN and session settings of PostgreSQL"
    ),
]
YEAR = (date(2025, 1, 1), date(2025, 12, 31))


@pytest.fixture
def no_seqscan():
    # The test tables are tiny, so the planner would scan them whatever the indexes; with
    # sequential scans priced out, the plan shows which index can serve the query.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")


def test_admissions_in_a_period_use_the_admission_date_index(no_seqscan):
    plan = Member.objects.filter(admission_decided_on__range=YEAR).explain()
    assert "member_admission_idx" in plan, plan


def test_a_cells_admissions_use_the_cell_and_date_index(no_seqscan, tree):
    plan = Member.objects.filter(organization=tree.a, admission_decided_on__range=YEAR).explain()
    assert "member_org_admission_idx" in plan, plan


def test_the_cells_of_a_subtree_are_found_by_the_path_index(no_seqscan, tree):
    # The first step of every grouped read: the units under a prefix (the members are then
    # reached by cell, through the two indexes above).
    plan = Organization.objects.filter(descendant_filter("path", [tree.p1.path])).explain()
    assert "org_path_idx" in plan, plan


def test_the_app_runs_with_a_statement_timeout_and_without_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] not in ("0", "")
