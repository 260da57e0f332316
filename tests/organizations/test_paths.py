"""The subtree query uses the path index on both databases."""

import pytest
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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQL of PostgreSQL")
@pytest.mark.django_db
@pytest.mark.parametrize("depth", [0, 1, 2, 3])
def test_the_ancestor_path_at_a_depth_is_the_paths_first_ids(depth):
    from ptdv.organizations.paths import ancestor_path_sql

    paths = ["/1/", "/1/42/", "/1/42/1234/", "/1/42/1234/98765/", "/1/7/88/999/1000/"]
    expected = [
        path
        if path.count("/") - 2 <= depth
        else "/" + "/".join(path.split("/")[1 : depth + 2]) + "/"
        for path in paths
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {ancestor_path_sql('p', depth)} FROM unnest(%s::text[]) WITH ORDINALITY "
            "AS t(p, n) ORDER BY n",
            [paths],
        )
        assert [row[0] for row in cursor.fetchall()] == expected
