"""On PostgreSQL: a unit's admissions of a period are read through the index on the cell of
the admission day and the admission date (read from EXPLAIN): per cell of the unit, only the
admissions of the period, never every member of the country."""

from datetime import date

import pytest
from django.db import connection
from django.db.models import Count

from ptdv.organizations.rollup import covering_prefixes
from ptdv.organizations.scope import subtree_prefixes
from ptdv.people.models import ADMITTED_IN_PATH, Member
from ptdv.targets.counting import admitted_between

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL"),
]


def test_a_communes_admissions_of_a_period_probe_the_admitted_in_index(tree):
    # The test tables are tiny: with sequential scans and hash joins priced out, the plan
    # shows which index serves each cell's probe.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_hashjoin = off")
        cursor.execute("SET LOCAL enable_mergejoin = off")
    prefixes = covering_prefixes(subtree_prefixes(tree.c1))
    rows = (
        Member.objects.filter(admitted_between(date(2024, 1, 1), date(2024, 12, 31)))
        .admitted_under(prefixes)
        .order_by()
        .values(ADMITTED_IN_PATH)
        .annotate(n=Count("pk"))
    )
    plan = rows.explain()
    assert "member_admitted_in_idx" in plan, plan
    probe = plan[plan.index("member_admitted_in_idx") :]
    assert "admitted_in_id = " in probe and "admission_decided_on >=" in probe, plan
    assert "org_path_idx" in plan, plan
