"""On PostgreSQL: each round of the merged-predecessor closure probes the merged units of
the successors it found by path (the partial index of merged units, index-only), never a
hash of every merged unit of the country (read from EXPLAIN)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ptdv.organizations import reorganisation as reorg
from ptdv.organizations.models import Organization
from ptdv.organizations.scope import subtree_prefixes_many

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL"),
]
REFORM = reorg.Decision("9-QĐ/TU", date(2025, 6, 20), "Ban Thường vụ Tỉnh ủy", date(2025, 7, 1))


def test_the_merged_predecessors_are_probed_by_the_merged_units_index(tree):
    reorg.merge(acting_user=None, sources=[tree.c1], into=tree.c2, decision=REFORM)
    c2 = Organization.objects.get(pk=tree.c2.pk)
    with CaptureQueriesContext(connection) as sent:
        prefixes = subtree_prefixes_many([c2])[c2.pk]
    assert Organization.objects.get(pk=tree.c1.pk).path in prefixes
    rounds = [q["sql"] for q in sent.captured_queries if '"merged_into__path"' in q["sql"]]
    assert rounds
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for sql in rounds:
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "org_merged_idx" in plan, plan
            assert "Seq Scan" not in plan, plan
