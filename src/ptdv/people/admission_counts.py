"""Admissions per month under the top units, kept by the database (`AdmissionCount`).

A national or province report reads the admissions of years: about a million rows for the
country since the start of the term, each joined to its person and cell. The counters hold
them already summed, per unit of the top levels (the country and the provinces: `COUNTED_DEPTH`),
month of the admission decision, and one make-up dimension with its value (`DIMENSIONS`: sex,
ethnicity, age at admission, education…, the sector of the cell, the occupation), under the
cell of the admission day (`Member.admitted_in`) placed in today's tree (the restated reading).
A report of such a unit reads a few thousand counter rows instead (`month_counts`); below the
provinces the rows of a unit are few enough to read directly, so no counter is kept there.

Database triggers keep the counters in the transaction of the write, whatever the path
(services, the import's COPY, the reorganisation, raw SQL), on PostgreSQL and SQLite:

- a member inserted or deleted, or its admission cell, date or person changed;
- a person's make-up changed (sex, ethnicity, religion, birth date, education…);
- a unit moved in the tree or its sector changed: the admissions of that unit's own cell are
  taken from the old place and added to the new one.

On PostgreSQL they run once per statement over its changed rows (transition tables), so a
bulk write costs its rows grouped, not one upsert per row; SQLite counts row by row.
`rebuild_admission_counts()` recounts everything from the rows (the migration, and the
national generator after its load, which bypasses the triggers).
"""

from datetime import date, timedelta

from django.db import connections, transaction
from django.db.models import Sum

from ptdv.core import triggers

# The country (depth 0) and the provinces (depth 1).
COUNTED_DEPTH = 1

DIMENSIONS = (
    "all",
    "sex",
    "youth",
    "ethnicity",
    "religion",
    "age",
    "education",
    "profession",
    "workplace",
    "sector",
    "occupation",
)
# The person's columns a dimension reads (a change to one of them moves the person's counts).
PERSON_FIELDS = (
    "sex",
    "youth_union_member",
    "ethnicity",
    "religion",
    "birth_date",
    "general_education",
    "professional_level",
    "workplace_type",
    "occupation",
)

_VENDOR = {
    "postgresql": {
        "month": "CAST(date_trunc('month', s.day) AS date)",
        "ymd": "CAST(to_char({}, 'YYYYMMDD') AS integer)",
        # The top units are the first ids of the cell's path ("/1/42/317/").
        "ancestors": (
            f"unnest((string_to_array(btrim(s.path, '/'), '/'))[1:{COUNTED_DEPTH + 1}]) AS a(unit)"
        ),
        "ancestors_where": "TRUE",
        "unit": "CAST(a.unit AS bigint)",
    },
    "sqlite": {
        "month": "date(s.day, 'start of month')",
        "ymd": "CAST(strftime('%Y%m%d', {}) AS INTEGER)",
        "ancestors": "json_each('[' || replace(trim(s.path, '/'), '/', ',') || ']') AS a",
        # A unit already deleted (the tables emptied together) gets no counter row: its
        # foreign key would fail (PostgreSQL checks it at the commit).
        "ancestors_where": f"a.key <= {COUNTED_DEPTH} "
        "AND EXISTS (SELECT 1 FROM organizations_organization u WHERE u.id = a.value)",
        "unit": "a.value",
    },
}


def _value_sql(vendor: str) -> str:
    """The value of the dimension `d.dimension` for the source row `s`."""
    ymd = _VENDOR[vendor]["ymd"]
    # Age at admission in whole years: the same yyyymmdd difference as the reports' bands.
    age = f"({ymd.format('s.day')} - {ymd.format('s.birth_date')}) / 10000"
    values = {
        "all": "''",
        "sex": "s.sex",
        "youth": "(CASE WHEN s.youth_union_member THEN 'y' ELSE 'n' END)",
        "ethnicity": "s.ethnicity",
        "religion": "s.religion",
        "age": f"COALESCE(CAST({age} AS TEXT), '')",
        "education": "s.general_education",
        "profession": "s.professional_level",
        "workplace": "s.workplace_type",
        "sector": "COALESCE(CAST(s.sector_id AS TEXT), '')",
        "occupation": "s.occupation",
    }
    cases = " ".join(f"WHEN '{name}' THEN {values[name]}" for name in DIMENSIONS)
    return f"(CASE d.dimension {cases} END)"


_DIMENSION_ROWS = " UNION ALL ".join(
    f"SELECT '{name}'" + (" AS dimension" if i == 0 else "") for i, name in enumerate(DIMENSIONS)
)


def _source(member: str, person: str, cell: str, tables: str, where: str) -> str:
    """The admitted rows to count, one per member: the admission day, the cell's path and
    sector, the person's make-up. `member`, `person`, `cell` name a table alias or a trigger
    record (NEW, OLD) each; `tables` and `where` join them."""
    columns = ", ".join(f"{person}.{field} AS {field}" for field in PERSON_FIELDS)
    return (
        f"SELECT {member}.admission_decided_on AS day, {cell}.path AS path, "
        f"{cell}.sector_id AS sector_id, {columns} FROM {tables} "
        f"WHERE {member}.admission_decided_on IS NOT NULL "
        f"AND {member}.admitted_in_id IS NOT NULL AND {where}"
    )


def _contributions(source: str, sign: int, vendor: str) -> str:
    """For each row of `source`: one count of `sign` per counted unit above its cell and
    dimension."""
    v = _VENDOR[vendor]
    return (
        f"SELECT {v['unit']} AS unit, {v['month']} AS month, d.dimension AS dimension, "
        f"{_value_sql(vendor)} AS value, {sign} AS delta "
        f"FROM ({source}) s, {v['ancestors']}, ({_DIMENSION_ROWS}) d "
        f"WHERE {v['ancestors_where']}"
    )


def _upsert(parts: list[str]) -> str:
    """Add the contributions `parts` to the counters, grouped (one row per key)."""
    union = " UNION ALL ".join(parts)
    return (
        "INSERT INTO people_admissioncount (unit_id, month, dimension, value, count) "
        f"SELECT unit, month, dimension, value, SUM(delta) FROM ({union}) x WHERE TRUE "
        "GROUP BY unit, month, dimension, value HAVING SUM(delta) <> 0 "
        "ON CONFLICT (unit_id, month, dimension, value) DO UPDATE SET "
        "count = people_admissioncount.count + excluded.count"
    )


_MEMBER_JOIN = "p.id = m.person_id AND c.id = m.admitted_in_id"
_TABLES = "people_person p, organizations_organization c"


def _member_rows(rows: str, where: str = "TRUE") -> str:
    return _source("m", "p", "c", f"{rows} m, {_TABLES}", f"{_MEMBER_JOIN} AND {where}")


# --- PostgreSQL: statement triggers over the transition tables -----------------------------

_BOTH = "OLD TABLE AS old_rows NEW TABLE AS new_rows"
# Each trigger: its event, its table and (PostgreSQL) the transition tables it reads.
_EVENTS = {
    "member_insert": ("INSERT", "people_member", "NEW TABLE AS new_rows"),
    "member_delete": ("DELETE", "people_member", "OLD TABLE AS old_rows"),
    "member_update": ("UPDATE", "people_member", _BOTH),
    "person_update": ("UPDATE", "people_person", _BOTH),
    "cell_update": ("UPDATE", "organizations_organization", _BOTH),
}


def _changed(columns) -> str:
    """The ids of the rows of an UPDATE whose `columns` changed (the transition tables)."""
    listed = ", ".join(f"{{r}}.{column}" for column in columns)
    return (
        "SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id "
        f"WHERE ({listed.format(r='o')}) IS DISTINCT FROM ({listed.format(r='n')})"
    )


def _postgresql() -> list[str]:
    vendor = "postgresql"
    changed_only = "{alias}.id IN (SELECT id FROM changed)"

    def member_rows(rows: str) -> str:
        return _member_rows(rows, changed_only.format(alias="m"))

    def person_rows(rows: str) -> str:
        return _source(
            "m",
            "p",
            "c",
            f"people_member m, {rows} p, organizations_organization c",
            f"{_MEMBER_JOIN} AND {changed_only.format(alias='p')}",
        )

    def cell_rows(rows: str) -> str:
        return _source(
            "m",
            "p",
            "c",
            f"people_member m, people_person p, {rows} c",
            f"{_MEMBER_JOIN} AND {changed_only.format(alias='c')}",
        )

    def on_change(columns, rows) -> str:
        # Most updates change none of the counted columns: the ids of those that do are
        # found once (a join of the two transition tables by id), and nothing else runs
        # when there are none.
        changed = _changed(columns)
        upsert = _upsert(
            [
                _contributions(rows("old_rows"), -1, vendor),
                _contributions(rows("new_rows"), 1, vendor),
            ]
        )
        return (
            f"IF EXISTS ({changed}) THEN WITH changed AS MATERIALIZED ({changed}) {upsert}; END IF"
        )

    bodies = {
        "member_insert": _upsert([_contributions(_member_rows("new_rows"), 1, vendor)]) + ";",
        "member_delete": _upsert([_contributions(_member_rows("old_rows"), -1, vendor)]) + ";",
        "member_update": on_change(
            ("admitted_in_id", "admission_decided_on", "person_id"), member_rows
        )
        + ";",
        "person_update": on_change(PERSON_FIELDS, person_rows) + ";",
        "cell_update": on_change(("path", "sector_id"), cell_rows) + ";",
    }
    statements = []
    for name, (event, table, referencing) in _EVENTS.items():
        function = f"people_admissioncount_{name}"
        statements += [
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$ BEGIN "
            f"{bodies[name]} RETURN NULL; END $$ LANGUAGE plpgsql",
            f"CREATE TRIGGER {function} AFTER {event} ON {table} REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        ]
    return statements


# --- SQLite: row triggers -----------------------------------------------------------------


def _sqlite() -> list[str]:
    vendor = "sqlite"

    def member_record(record: str) -> str:
        return _source(
            record,
            "p",
            "c",
            _TABLES,
            f"p.id = {record}.person_id AND c.id = {record}.admitted_in_id",
        )

    def person_record(record: str) -> str:
        return _source(
            "m",
            record,
            "c",
            "people_member m, organizations_organization c",
            f"m.person_id = {record}.id AND c.id = m.admitted_in_id",
        )

    def cell_record(record: str) -> str:
        return _source(
            "m",
            "p",
            record,
            "people_member m, people_person p",
            f"m.admitted_in_id = {record}.id AND p.id = m.person_id",
        )

    def both(source) -> str:
        return _upsert(
            [
                _contributions(source("OLD"), -1, vendor),
                _contributions(source("NEW"), 1, vendor),
            ]
        )

    member_columns = "admitted_in_id, admission_decided_on, person_id"
    person_columns = ", ".join(PERSON_FIELDS)
    person_changed = " OR ".join(f"OLD.{f} IS NOT NEW.{f}" for f in PERSON_FIELDS)
    return [
        "CREATE TRIGGER people_admissioncount_member_insert AFTER INSERT ON people_member "
        f"BEGIN {_upsert([_contributions(member_record('NEW'), 1, vendor)])}; END",
        "CREATE TRIGGER people_admissioncount_member_delete AFTER DELETE ON people_member "
        f"BEGIN {_upsert([_contributions(member_record('OLD'), -1, vendor)])}; END",
        f"CREATE TRIGGER people_admissioncount_member_update AFTER UPDATE OF {member_columns} "
        f"ON people_member BEGIN {both(member_record)}; END",
        f"CREATE TRIGGER people_admissioncount_person_update AFTER UPDATE OF {person_columns} "
        f"ON people_person WHEN {person_changed} BEGIN {both(person_record)}; END",
        "CREATE TRIGGER people_admissioncount_cell_update AFTER UPDATE OF path, sector_id "
        "ON organizations_organization "
        "WHEN OLD.path IS NOT NEW.path OR OLD.sector_id IS NOT NEW.sector_id "
        f"BEGIN {both(cell_record)}; END",
    ]


TRIGGERS = {"postgresql": _postgresql, "sqlite": _sqlite}
DROP = {
    "postgresql": [
        f"DROP TRIGGER IF EXISTS people_admissioncount_{name} ON {table}"
        for name, (_event, table, _tables) in _EVENTS.items()
    ]
    + [f"DROP FUNCTION IF EXISTS people_admissioncount_{name}()" for name in _EVENTS],
    "sqlite": [f"DROP TRIGGER IF EXISTS people_admissioncount_{name}" for name in _EVENTS],
}


def install_triggers(schema_editor) -> None:
    triggers.execute(schema_editor, TRIGGERS)


def drop_triggers(schema_editor) -> None:
    triggers.execute(schema_editor, DROP)


def rebuild_admission_counts(using: str = "default") -> int:
    """Recount every counter from the rows, in one transaction: after a load that bypassed
    the triggers, or to repair. Returns the number of counter rows."""
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("DELETE FROM people_admissioncount")
        source = _member_rows("people_member")
        cursor.execute(_upsert([_contributions(source, 1, connection.vendor)]))
        return cursor.rowcount


# --- reading --------------------------------------------------------------------------------


def counted_units(prefixes) -> list[int] | None:
    """The ids of the units whose subtrees are `prefixes` when every one of them is a
    counted unit (the country, a province), else None (read the rows). The prefixes must
    be disjoint (`organizations.rollup.minimal_prefixes`)."""
    ids = []
    for prefix in prefixes:
        parts = prefix.strip("/").split("/")
        if not prefix.endswith("/") or len(parts) > COUNTED_DEPTH + 1 or not parts[-1].isdigit():
            return None
        ids.append(int(parts[-1]))
    return ids or None


def month_split(start: date, end: date) -> tuple[tuple[date, date] | None, list[tuple]]:
    """The whole months from `start` to `end` (the first days of the first and of the last),
    or None, and the parts of months at the ends, as (start, end) pairs each within a month
    (at most two): the counters serve the first, the rows the second."""
    first = start if start.day == 1 else _month_after(start)
    after_end = end + timedelta(days=1)
    last_end = end if after_end.day == 1 else after_end.replace(day=1) - timedelta(days=1)
    if first > last_end:  # no whole month: the days lie within one month or across two
        if (start.year, start.month) == (end.year, end.month):
            return None, [(start, end)]
        return None, [(start, first - timedelta(days=1)), (first, end)]
    edges = []
    if start < first:
        edges.append((start, first - timedelta(days=1)))
    if last_end < end:
        edges.append((last_end + timedelta(days=1), end))
    return (first, last_end.replace(day=1)), edges


def _month_after(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def month_counts(unit_ids, first: date, last: date, dimensions=None, by=()):
    """The counters of `unit_ids` for the months from `first` to `last` (first days),
    summed over units and months: rows of `dimension`, `value`, the fields `by` ("month",
    "unit_id") and `count`."""
    from ptdv.people.models import AdmissionCount

    rows = AdmissionCount.objects.filter(unit_id__in=unit_ids, month__range=(first, last))
    if dimensions is not None:
        rows = rows.filter(dimension__in=dimensions)
    return rows.order_by().values("dimension", "value", *by).annotate(total=Sum("count"))


def direct_counts(using: str = "default") -> dict:
    """Every counter recomputed from the rows, without writing: {(unit, month, dimension,
    value): count} (the check of the tests)."""
    connection = connections[using]
    source = _member_rows("people_member")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT unit, month, dimension, value, SUM(delta) FROM "
            f"({_contributions(source, 1, connection.vendor)}) x "
            "GROUP BY unit, month, dimension, value"
        )
        return {
            (int(unit), as_date(month), dimension, value): total
            for unit, month, dimension, value, total in cursor.fetchall()
        }


def stored_counts(using: str = "default") -> dict:
    """The counters as stored, without zero rows: {(unit, month, dimension, value): count}."""
    from ptdv.people.models import AdmissionCount

    rows = AdmissionCount.objects.using(using).exclude(count=0)
    return {
        (r.unit_id, as_date(r.month), r.dimension, r.value): r.count
        for r in rows.only("unit_id", "month", "dimension", "value", "count")
    }


def as_date(value) -> date:
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value.date() if hasattr(value, "date") and callable(value.date) else value
