"""The subtree query uses the path index on both databases."""

from django.db import connection

from ptdv.organizations.models import Organization


def test_the_subtree_query_is_served_by_the_path_index(tree):
    query = Organization.objects.under(tree.c1).values("pk")
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            cursor.execute("SET enable_seqscan = on")
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "org_path_idx" in plan, plan
