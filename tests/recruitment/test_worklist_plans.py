"""On PostgreSQL: the worklist of a unit reads its open dossiers from the unit's subtree (the
path index, then each unit's dossiers by their unit), never by walking the country's
deadline indexes until enough rows of the subtree turn up (read from EXPLAIN)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ptdv.recruitment.selectors import worklist_sections

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL"),
]
TODAY = date(2026, 12, 1)


def plans_of(read) -> list[str]:
    with CaptureQueriesContext(connection) as sent:
        read()
    plans = []
    with connection.cursor() as cursor:
        # Tiny test tables would be scanned whatever the indexes: with sequential scans
        # priced out, the plan shows which index can serve the statement.
        cursor.execute("SET LOCAL enable_seqscan = off")
        for query in sent.captured_queries:
            if 'FROM "recruitment_dossier"' in query["sql"]:
                cursor.execute("EXPLAIN " + query["sql"])
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


def crowd_elsewhere(dossier, unit, n=20000, cells=5000):
    """A country around the commune: `cells` more cells under another commune and `n`
    copies of the dossier in one of them, due over the coming year, with fresh statistics.
    The deadline index is long and the commune a small share of the units: the case where
    a walk of that index until `limit` rows of the commune turn up looks cheap (the
    planner expects them spread along it) and reads it whole."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO organizations_organization (code, name, path, depth, valid_from,"
            " valid_to, search_key, sort_key, created_at, updated_at, merged_into_id,"
            " parent_id, kind_id, sector_id)"
            " SELECT code || '-' || g, name, path || (900000 + g) || '/', depth + 1,"
            " valid_from, valid_to, search_key, sort_key, created_at, updated_at, NULL,"
            " id, kind_id, sector_id FROM organizations_organization,"
            " generate_series(1, %s) g WHERE id = %s",
            [cells, unit.pk],
        )
    columns = [
        f.column for f in type(dossier)._meta.concrete_fields if f.column not in ("id", "due_on")
    ]
    copied = ", ".join(f'"{c}"' for c in columns)
    chosen = ", ".join("%s" if c == "organization_id" else f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO recruitment_dossier ({copied}, "due_on")'
            f" SELECT {chosen}, %s + (g %% 365) FROM recruitment_dossier,"
            " generate_series(1, %s) g WHERE id = %s",
            [unit.pk, TODAY, n, dossier.pk],
        )
        cursor.execute("ANALYZE recruitment_dossier")
        cursor.execute("ANALYZE organizations_organization")


@pytest.mark.parametrize("waiting", [True, False])
def test_a_communes_worklist_reads_the_dossiers_of_its_units(walk, tree, waiting):
    dossier = walk("admission_decided")
    crowd_elsewhere(dossier, tree.d)
    plans = plans_of(
        lambda: worklist_sections(tree.office_c1, tree.c1, TODAY, limit=8, waiting=waiting)
    )
    for plan in plans:
        assert "dossier_due_idx" not in plan and "dossier_open_due_idx" not in plan, plan
    assert any("org_path_idx" in plan and "(organization_id = " in plan for plan in plans), plans
