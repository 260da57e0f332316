"""Inserting many rows of one model at once, as plainly as the database allows: on
PostgreSQL the ids are taken from the table's sequence in one query and the rows sent with
one COPY; elsewhere `bulk_create`. No model instance per row on PostgreSQL: the rows are
tuples, built from the values given and the model's defaults (computed once)."""

import json

from django.db import connection, models
from django.utils import timezone


def _defaults(model, given: set[str]) -> dict[str, object]:
    """The value of each concrete field the rows do not give: its default, one instant for
    the auto_now(_add) dates (as `save` would set them)."""
    now = timezone.now()
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.attname in given:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            values[field.attname] = now
        else:
            values[field.attname] = field.get_default()
    return values


def reserve_ids(model, count: int) -> list[int]:
    """`count` new ids from the model's id sequence (PostgreSQL)."""
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(table), column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def insert_rows(model, names: tuple[str, ...], rows: list[tuple], *, batch_size=2000) -> list:
    """Insert `rows` (tuples of the values of the fields `names`, by attname; every other
    field takes its default) and return their ids, in order. Constraint violations raise
    Django's IntegrityError, as `bulk_create` does."""
    if not rows:
        return []
    defaults = _defaults(model, set(names))
    if connection.vendor != "postgresql":
        extra = list(defaults.items())
        objs = [model(**dict(zip(names, row, strict=True)), **dict(extra)) for row in rows]
        return [obj.pk for obj in model.objects.bulk_create(objs, batch_size=batch_size)]
    ids = reserve_ids(model, len(rows))
    fields = {field.attname: field for field in model._meta.concrete_fields}
    json_at = [
        index
        for index, name in enumerate((*names, *defaults))
        if isinstance(fields[name], models.JSONField)
    ]
    tail = tuple(defaults.values())
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(fields[name].column) for name in (model._meta.pk.attname, *names, *defaults)
    )
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.cursor.copy(sql) as copy,
    ):
        for pk, row in zip(ids, rows, strict=True):
            values = (*row, *tail)
            if json_at:
                values = list(values)
                for index in json_at:
                    if values[index] is not None:
                        values[index] = json.dumps(values[index])
            copy.write_row((pk, *values))
    return ids
