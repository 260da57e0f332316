"""On PostgreSQL: the audit table carries one plain index on the event (it is only ever
matched exactly) and no pattern-matching index, which every inserted audit row would pay
for; the exact matches the app sends on the event are served by that plain index."""

import pytest
from django.db import connection

from ptdv.accounts.models import AuditEvent

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="catalog and EXPLAIN of PostgreSQL"
    ),
]


def audit_indexes() -> dict[str, str]:
    """Every index of the audit table: name → definition, as the catalog has it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s",
            [AuditEvent._meta.db_table],
        )
        return dict(cursor.fetchall())


def test_the_event_has_one_plain_index_and_no_pattern_index():
    indexes = audit_indexes()
    on_event = {name: sql for name, sql in indexes.items() if "(event" in sql}
    assert list(on_event) == ["audit_event_idx"], on_event
    assert on_event["audit_event_idx"].endswith("USING btree (event)"), on_event
    assert not [sql for sql in indexes.values() if "pattern_ops" in sql], indexes


@pytest.fixture
def no_seqscan():
    # The test table is tiny: with sequential scans priced out, the plan shows the index.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")


def test_an_event_matched_exactly_uses_the_plain_index(no_seqscan):
    plan = AuditEvent.objects.filter(event="sensitive_viewed").explain()
    assert "audit_event_idx" in plan, plan
