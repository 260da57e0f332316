"""On PostgreSQL: the trained-not-admitted pool reads the valid certificates of non-members
under a subtree from each of its cells by the partial index of non-members' certificates (an
index-only scan), neither every certificate of the country nor the member rows (read from
EXPLAIN)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ptdv.organizations.scope import scope_prefixes, subtree_prefixes
from ptdv.people.services import member_create
from ptdv.training import selectors
from tests.targets.helpers import certify
from tests.training.test_selectors import enrol

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL"),
]


def test_the_trained_pool_reads_the_non_members_certificates_by_their_index(
    tree, make_class, make_person, passed
):
    names = ["Lê Thị Một", "Lê Thị Hai", "Lê Văn Ba"]
    for student in enrol(make_class, make_person, tree.a, names):
        passed(student, on=date(2025, 3, 7))
    member_create(  # admitted since: their certificate is still valid, not in the pool
        acting_user=None,
        person=student.person,
        organization=tree.a,
        admission_decided_on=date(2025, 9, 2),
    )
    # As in the country, most valid certificates are of persons admitted since; the
    # statistics taken, the planner prices the indexes by what they hold.
    certify(tree.a, 200, date(2024, 3, 1), admitted_on=date(2024, 9, 1))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE training_enrolment")
    scope_prefixes(tree.officer_p1)
    subtree_prefixes(tree.c1)
    with CaptureQueriesContext(connection) as sent:
        assert selectors.trained_not_admitted(tree.officer_p1, tree.c1, date(2025, 10, 1)) == 2
    [count] = [q["sql"] for q in sent.captured_queries if "training_enrolment" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # Only index-only scans of the certificates priced in: the plan shows whether the
        # pool's index alone can answer (what earlier tests left in the other tables' stats
        # would otherwise let the planner pick another index of these tiny tables).
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + count)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using enrolment_pool_idx" in plan, plan
    assert "people_member" not in plan, plan  # no membership probe
    assert "Seq Scan" not in plan, plan
