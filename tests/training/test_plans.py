"""On PostgreSQL: the trained-not-admitted pool reads the valid certificates of a subtree
from each of its cells by the partial index of passed enrolments (an index-only scan), not
every certificate of the country (read from EXPLAIN)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ptdv.organizations.scope import scope_prefixes, subtree_prefixes
from ptdv.training import selectors
from tests.training.test_selectors import enrol

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL"),
]


def test_the_trained_pool_reads_the_valid_certificates_by_their_index(
    tree, make_class, make_person, passed
):
    for student in enrol(make_class, make_person, tree.a, ["Lê Thị Một", "Lê Thị Hai"]):
        passed(student, on=date(2025, 3, 7))
    scope_prefixes(tree.officer_p1)
    subtree_prefixes(tree.c1)
    with CaptureQueriesContext(connection) as sent:
        assert selectors.trained_not_admitted(tree.officer_p1, tree.c1, date(2025, 10, 1)) == 2
    [count] = [q["sql"] for q in sent.captured_queries if "training_enrolment" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + count)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using enrolment_valid_idx" in plan, plan
    assert "Seq Scan" not in plan, plan
