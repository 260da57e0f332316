"""Inserting many rows of one model at once, as plainly as the database allows: on
PostgreSQL the ids are taken from the table's sequence in one query and the rows sent with
one COPY; elsewhere `bulk_create`. No model instance per row on PostgreSQL: the rows are
tuples, built from the values given and the model's defaults (computed once)."""

import json
from datetime import date

from django.db import connection, models
from django.db.models import F, Lookup
from django.utils import timezone

IN_CHUNK = 900  # values per IN (...) query elsewhere, below SQLite's variable limit


def pg_array(values, db_type: str) -> tuple[str, list]:
    """SQL and parameters of an array of `values` (str, int, date or None) as PostgreSQL's
    `db_type[]`. The values go as ONE text parameter, split by the server
    (`string_to_array`, "" read as NULL): psycopg renders a list parameter value by value in
    Python, which costs more than the query for tens of thousands of values. A list when a
    text value is empty or holds a line break."""
    values = list(values)
    texts = [
        value
        if type(value) is str
        else ""
        if value is None
        else value.isoformat()
        if isinstance(value, date)
        else str(value)
        for value in values
    ]
    joined = "\n".join(texts)
    plain = joined.count("\n") == len(texts) - 1 and texts.count("") == values.count(None)
    if not plain or not texts:
        return f"%s::{db_type}[]", [values]
    return f"string_to_array(%s, E'\\n', '')::{db_type}[]", [joined]


class AnyOf(Lookup):
    """`field = ANY(array)` with the values as one parameter (PostgreSQL, `pg_array`): one
    query for any number of values, with no placeholder per value to render."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        db_type = self.lhs.output_field.cast_db_type(connection).split("(")[0]
        array, params = pg_array(self.rhs, db_type)
        return f"{lhs} = ANY({array})", [*lhs_params, *params]


def filter_in(queryset, field: str, values) -> list:
    """`queryset` filtered on `field` being one of `values`, as the querysets to run: one on
    PostgreSQL (`= ANY(array)`), one per IN_CHUNK values elsewhere (SQLite's limit on
    parameters). Distinct values, sorted; none: no query."""
    wanted = sorted(set(values))
    if not wanted:
        return []
    if connection.vendor == "postgresql":
        return [queryset.filter(AnyOf(F(field), wanted))]
    return [
        queryset.filter(**{f"{field}__in": wanted[start : start + IN_CHUNK]})
        for start in range(0, len(wanted), IN_CHUNK)
    ]


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


def insert_rows(
    model, names: tuple[str, ...], rows: list[tuple], *, batch_size=2000, ids: bool = True
) -> list:
    """Insert `rows` (tuples of the values of the fields `names`, by attname; every other
    field takes its default) and return their ids, in order (`ids=False`: the database
    numbers them and nothing is returned, for rows nobody refers to, such as audit rows).
    Constraint violations raise Django's IntegrityError, as `bulk_create` does."""
    if not rows:
        return []
    defaults = _defaults(model, set(names))
    if connection.vendor != "postgresql":
        extra = list(defaults.items())
        objs = [model(**dict(zip(names, row, strict=True)), **dict(extra)) for row in rows]
        created = model.objects.bulk_create(objs, batch_size=batch_size)
        return [obj.pk for obj in created] if ids else []
    fields = {field.attname: field for field in model._meta.concrete_fields}
    given = (*names, *defaults)
    json_at = [
        index for index, name in enumerate(given) if isinstance(fields[name], models.JSONField)
    ]
    tail = tuple(defaults.values())
    if ids:
        numbers = reserve_ids(model, len(rows))
        given = (model._meta.pk.attname, *given)
        json_at = [index + 1 for index in json_at]
        lines = ((pk, *row, *tail) for pk, row in zip(numbers, rows, strict=True))
    else:
        numbers = []
        lines = ((*row, *tail) for row in rows)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(fields[name].column) for name in given)
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    dumps = json.dumps
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.cursor.copy(sql) as copy,
    ):
        write = copy.write_row
        if not json_at:
            for line in lines:
                write(line)
        else:
            for line in lines:
                line = list(line)
                for index in json_at:
                    if line[index] is not None:
                        line[index] = dumps(line[index])
                write(line)
    return numbers
