"""Audit rows written in bulk (`audit_rows_bulk`: one binary COPY on PostgreSQL) are the rows
`audit_record` writes one by one, whatever the text and values hold."""

import pytest

from ptdv.accounts.audit import audit_record, audit_rows_bulk
from ptdv.accounts.models import AuditEvent
from ptdv.organizations.models import Organization

pytestmark = pytest.mark.django_db

# Text a name, a place or a note may hold: quotes, backslashes, tabs and line breaks (the
# separators and escapes of COPY's text format and of JSON), other scripts, emoji, a
# combining mark, the Unicode line separators JSON leaves as they are, and a long name.
HOSTILE = [
    'Nguyễn "Văn" An',
    "Lê\\Thị\\Bình",
    "Tab\there\nand line\r\nbreaks",
    "Trần Thị Thu \u2028 \u2029 Hà",
    "Phạm 😀 Đức",
    "Nguye\u0302\u0303n",
    "\\N",
    "",
    "x" * 300,
]


def values_of(event: AuditEvent) -> tuple:
    return (
        event.event,
        event.actor_id,
        event.actor_name,
        event.object_type,
        event.object_id,
        event.object_repr,
        event.organization_id,
        event.old,
        event.new,
    )


@pytest.mark.parametrize("actor_name", ["officer_p1", None])
def test_bulk_audit_rows_are_the_rows_written_one_by_one(tree, actor_name):
    actor = getattr(tree, actor_name) if actor_name else None
    units = [
        # Unsaved units carry the text (no person is built outside the people services).
        Organization(pk=1000 + n, name=text or "Không tên")
        for n, text in enumerate(HOSTILE)
    ]
    entries = []
    for n, (unit, text) in enumerate(zip(units, HOSTILE, strict=True)):
        new = {
            "full_name": text,
            "note": None,
            "count": n,
            "share": 0.5,
            "flag": n % 2 == 0,
            "on": "2025-07-01",
        }
        entries.append(("organization_created", unit, text, new))
    AuditEvent.objects.all().delete()  # the tree's own rows
    for event, unit, _, new in entries:
        audit_record(actor=actor, event=event, obj=unit, organization=tree.a, new=new)
    one_by_one = [values_of(e) for e in AuditEvent.objects.order_by("id")]
    AuditEvent.objects.all().delete()

    audit_rows_bulk(
        actor=actor,
        rows=[
            (event, "organizations.organization", unit.pk, str(unit), tree.a.pk, new)
            for event, unit, _, new in entries
        ],
    )
    in_bulk = [values_of(e) for e in AuditEvent.objects.order_by("id")]
    assert in_bulk == one_by_one
    assert len(in_bulk) == len(HOSTILE)
    assert in_bulk[-1][5] == "x" * 255  # the object's text cut as the column allows
    assert {row[7] for row in in_bulk} == {None}
    at = set(AuditEvent.objects.values_list("at", flat=True))
    assert len(at) == 1  # one instant for the whole write
