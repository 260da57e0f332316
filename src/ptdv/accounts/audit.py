"""Writing the audit trail. Called by services inside their transaction."""

import json
from datetime import date, datetime
from decimal import Decimal

from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from psycopg.types.json import set_json_dumps

from ptdv.accounts.models import AuditEvent, SensitiveView
from ptdv.core.bulk import insert_rows


def _plain(value):
    if value is None or type(value) in _AS_IS:
        return value
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


_AS_IS = frozenset((str, int, bool, float))


def snapshot(obj: models.Model, fields: list[str]) -> dict:
    """The named fields of `obj` as JSON-ready values (foreign keys as their ids)."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def snapshot_values(values: dict, fields: list[str]) -> dict:
    """`snapshot` of values not yet in a model instance (a bulk write's rows)."""
    return {name: value if type(value := values[name]) is str else _plain(value) for name in fields}


def audit_record(
    *,
    actor,
    event: str,
    obj: models.Model,
    organization=None,
    old: dict | None = None,
    new: dict | None = None,
) -> AuditEvent:
    if old is not None and new is not None:
        changed = {k for k in set(old) | set(new) if old.get(k) != new.get(k)}
        old = {k: v for k, v in old.items() if k in changed}
        new = {k: v for k, v in new.items() if k in changed}
    actor_obj = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent.objects.create(
        at=timezone.now(),
        actor=actor_obj,
        actor_name=str(actor_obj) if actor_obj else "hệ thống",
        event=event,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        organization=organization,
        old=old,
        new=new,
    )


def audit_records_bulk(*, actor, entries) -> None:
    """One audit row per entry `(event, obj, organization, new)`, inserted together (a bulk
    write checked row by row: the same rows `audit_record` writes, one instant for all)."""
    audit_rows_bulk(
        actor=actor,
        rows=[
            (
                event,
                obj._meta.label_lower,
                obj.pk,
                str(obj),
                organization.pk if organization is not None else None,
                new,
            )
            for event, obj, organization, new in entries
        ],
    )


AUDIT_COLUMNS = ("at", "actor_id", "actor_name", "event", "object_type", "object_id")
AUDIT_COLUMNS += ("object_repr", "organization_id", "old", "new")
# What a new object's audit row gives (its `old` is empty), and the PostgreSQL type each
# value is sent as in a binary COPY.
_NEW_ROW_COLUMNS = tuple(name for name in AUDIT_COLUMNS if name != "old")
_NEW_ROW_TYPES = ("timestamptz", "int8", "text", "text", "text", "text", "text", "int8", "jsonb")
# The JSON of the values as short as it can be written: the stored jsonb is the same.
_compact_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def audit_rows_bulk(*, actor, rows) -> None:
    """`audit_records_bulk` from plain values, without model instances: each row is
    `(event, object_type, object_id, object_repr, organization_id, new)`. On PostgreSQL
    one binary COPY of the columns given (ids numbered by the database, `old` left empty),
    elsewhere `core.bulk.insert_rows`."""
    actor_obj = actor if actor is not None and actor.is_authenticated else None
    head = (timezone.now(), actor_obj.pk if actor_obj else None)
    head += (str(actor_obj) if actor_obj else "hệ thống",)
    if connection.vendor != "postgresql":
        insert_rows(
            AuditEvent,
            AUDIT_COLUMNS,
            [
                (*head, event, label, str(pk), str(text)[:255], unit, None, new)
                for event, label, pk, text, unit, new in rows
            ],
            ids=False,
        )
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(AuditEvent._meta.get_field(name).column) for name in _NEW_ROW_COLUMNS)
    sql = f"COPY {quote(AuditEvent._meta.db_table)} ({columns}) FROM STDIN (FORMAT BINARY)"
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.cursor.copy(sql) as copy,
    ):
        copy.set_types(_NEW_ROW_TYPES)
        set_json_dumps(_compact_json, cursor.cursor)  # for this cursor only
        write = copy.write_row
        for event, label, pk, text, unit, new in rows:
            write((*head, event, label, str(pk), str(text)[:255], unit, new))


def audit_created(obj: models.Model, fields, *, actor, event: str, organization) -> AuditEvent:
    """The audit row of a new object: the values of its `fields`."""
    return audit_record(
        actor=actor,
        event=event,
        obj=obj,
        organization=organization,
        new=snapshot(obj, list(fields)),
    )


def save_audited(obj: models.Model, changes: dict, fields, *, actor, event: str, organization):
    """Set `changes` on `obj`, save those columns only, and write the audit row with the old
    and new values of `fields` (inside the caller's transaction)."""
    old = snapshot(obj, list(fields))
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.save(update_fields=sorted(changes))
    audit_record(
        actor=actor,
        event=event,
        obj=obj,
        organization=organization,
        old=old,
        new=snapshot(obj, list(fields)),
    )


def record_persons_shown(event: AuditEvent, person_ids) -> None:
    """One row per distinct person shown, under the event: one COPY on PostgreSQL (an
    export of a commune names thousands), no model instance per row."""
    rows = [(event.pk, pk) for pk in dict.fromkeys(person_ids)]
    insert_rows(SensitiveView, ("event_id", "person_id"), rows, batch_size=1000, ids=False)


def sensitive_views_of(person_id: int):
    """Every showing of a person's sensitive values: in a list or an export (the persons
    shown), or on the person's own page."""
    return AuditEvent.objects.filter(
        Q(persons_shown__person_id=person_id)
        | Q(object_type="people.person", object_id=str(person_id)),
        event="sensitive_viewed",
    ).distinct()
