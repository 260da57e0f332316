"""Report pages computed once per state of the data and never served stale.

A dashboard at the country or a province reads millions of rows; fifty officers opening it
in the same minute would make the server compute it fifty times. `cached()` keeps what such
a page computed, with a mark of the state of the data it was computed on, and serves it only
while that state is still the current one. No entry outlives a write: every write to the
data the reports read changes the state, in the write's own transaction, whatever the path
(services, the import's COPY, the reorganisation, raw SQL).

How the state is marked, per vendor:

- **PostgreSQL**: a statement trigger on every covered table records the writing
  transaction's id in `reports_datachange`, once per transaction (no row is shared between
  writers, so writers never wait for each other). An entry keeps the snapshot it was
  computed after; it is current while no transaction recorded there is visible now and was
  not visible in that snapshot (one probe of the log's index). A transaction that has itself
  written (the tests, a page rendered after a write in one transaction) keys its entries by
  its own id and a number each write statement draws from a sequence: no other transaction
  sees them, and a rolled-back savepoint never leaves a number that can come back.
  The log is pruned by the writers: a row is marked when it is first seen committed, and
  dropped twice an entry's lifetime later, when no entry that could miss it is left.
- **SQLite** (one writer at a time anyway): row triggers give a one-row table a new random
  value at each write; an entry is keyed by that value.

Covered: every table of the apps the reports read (`covered_tables`); not the users and the
audit rows, which a login or a read itself writes and no report shows.
`tests/reports/test_cache.py` fails when a table is added without its trigger.
"""

import hashlib
import pickle
from collections.abc import Callable
from contextlib import contextmanager
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connections, router

T = TypeVar("T")

CACHE_ALIAS = "reports"
# Seconds an entry lives; the log keeps a row twice as long after it is first seen committed.
LIFETIME = 600

# The apps the reports read, the ones below `reports` in the dependency order. Not `accounts`:
# its users and audit rows are written by logins and by reading a sensitive list, and no
# report shows them (the key holds the user's scope and role); nor `imports` and `documents`,
# which come after `reports` and which no report reads.
_DOMAIN_APPS = ("core", "organizations", "people", "training", "recruitment", "targets")


def covered_tables() -> list[str]:
    """The tables whose writes change the state of the data (sorted)."""
    return sorted(
        {
            model._meta.db_table
            for label in _DOMAIN_APPS
            for model in apps.get_app_config(label).get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
    )


# --- The triggers ------------------------------------------------------------------------

_PG_SETUP = [
    "CREATE SEQUENCE IF NOT EXISTS reports_datachange_seq",
    "CREATE TABLE IF NOT EXISTS reports_datachange (xid xid8 PRIMARY KEY, seen_at timestamptz)",
    # The installing transaction is a change: an entry of an earlier database of the same
    # name (dropped and created again) is never current here.
    "INSERT INTO reports_datachange (xid) VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING",
    # Mark the rows first seen committed (a row the statement sees, not its own
    # transaction's, committed before the statement began: the mark is later than the
    # commit), drop those marked more than twice an entry's lifetime ago; rows another
    # writer holds are skipped.
    f"""CREATE OR REPLACE FUNCTION reports_datachange_prune() RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE reports_datachange SET seen_at = clock_timestamp() WHERE xid IN (
        SELECT xid FROM reports_datachange
        WHERE seen_at IS NULL AND xid IS DISTINCT FROM pg_current_xact_id_if_assigned()
        FOR UPDATE SKIP LOCKED);
      DELETE FROM reports_datachange WHERE xid IN (
        SELECT xid FROM reports_datachange
        WHERE seen_at < clock_timestamp() - interval '{2 * LIFETIME} seconds'
        FOR UPDATE SKIP LOCKED);
    END $$""",
    """CREATE OR REPLACE FUNCTION reports_data_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF coalesce(current_setting('ptdv.data_change', true), '') = '' THEN
        INSERT INTO reports_datachange (xid) VALUES (pg_current_xact_id())
        ON CONFLICT DO NOTHING;
        IF random() < 0.02 THEN PERFORM reports_datachange_prune(); END IF;
      END IF;
      PERFORM set_config('ptdv.data_change', nextval('reports_datachange_seq')::text, true);
      RETURN NULL;
    END $$""",
]


def _pg_trigger(table: str) -> list[str]:
    name = f"{table}_data_changed"
    return [
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
        f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION reports_data_changed()",
    ]


_SQLITE_SETUP = [
    "CREATE TABLE IF NOT EXISTS reports_dataversion "
    "(id integer PRIMARY KEY CHECK (id = 1), value integer NOT NULL)",
    "INSERT OR IGNORE INTO reports_dataversion (id, value) VALUES (1, random())",
]


_SQLITE_EVENTS = ("insert", "update", "delete")


def _sqlite_trigger(table: str) -> list[str]:
    statements = []
    for event in _SQLITE_EVENTS:
        name = f"{table}_data_changed_{event}"
        statements += [
            f"DROP TRIGGER IF EXISTS {name}",
            f"CREATE TRIGGER {name} AFTER {event.upper()} ON {table} "
            "BEGIN UPDATE reports_dataversion SET value = random() WHERE id = 1; END",
        ]
    return statements


def install(schema_editor, tables: list[str]) -> None:
    """The log (or the version row) and the triggers on `tables` (a migration's frozen list;
    idempotent, so a later migration adds the tables of new models)."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = _PG_SETUP + [s for table in tables for s in _pg_trigger(table)]
    elif vendor == "sqlite":
        statements = _SQLITE_SETUP + [s for table in tables for s in _sqlite_trigger(table)]
    else:
        return
    for statement in statements:
        schema_editor.execute(statement, params=None)


def uninstall(schema_editor, tables: list[str]) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = [f"DROP TRIGGER IF EXISTS {t}_data_changed ON {t}" for t in tables] + [
            "DROP FUNCTION IF EXISTS reports_data_changed()",
            "DROP FUNCTION IF EXISTS reports_datachange_prune()",
            "DROP TABLE IF EXISTS reports_datachange",
            "DROP SEQUENCE IF EXISTS reports_datachange_seq",
        ]
    elif vendor == "sqlite":
        statements = [
            f"DROP TRIGGER IF EXISTS {t}_data_changed_{e}" for t in tables for e in _SQLITE_EVENTS
        ] + ["DROP TABLE IF EXISTS reports_dataversion"]
    else:
        return
    for statement in statements:
        schema_editor.execute(statement, params=None)


def triggered_tables(alias: str = "default") -> set[str]:
    """The tables that carry the trigger in the database (for the coverage test)."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = c.relname || '_data_changed' AND NOT t.tgisinternal"
            )
            return {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        names = cursor.fetchall()
    found = {(table, name) for table, name in names}
    return {
        table
        for table, _ in found
        if all((table, f"{table}_data_changed_{e}") in found for e in _SQLITE_EVENTS)
    }


# --- The state of the data ------------------------------------------------------------------


def _state(connection) -> tuple | None:
    """("snapshot", text) for a PostgreSQL reader that has not written; ("token", text) when
    the entry's key alone identifies the state (SQLite, a PostgreSQL writer); None when the
    state cannot be told (the log or the version row is missing): then nothing is cached."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT current_setting('ptdv.data_change', true), "
                "pg_current_xact_id_if_assigned()::text, pg_current_snapshot()::text, "
                "to_regclass('reports_datachange') IS NOT NULL"
            )
            change, xid, snapshot, installed = cursor.fetchone()
            if not installed:
                return None
            if change:
                return ("token", f"tx{xid}.{change}")
            return ("snapshot", snapshot)
        if connection.vendor == "sqlite":
            try:
                cursor.execute("SELECT value FROM reports_dataversion WHERE id = 1")
            except Exception:  # the table is not there (an unmigrated database)
                return None
            row = cursor.fetchone()
            return ("token", f"v{row[0]}") if row else None
    return None


def _unchanged_since(connection, snapshot: str) -> bool:
    """No write committed since `snapshot` is visible now (one probe of the log's key)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT NOT EXISTS (SELECT 1 FROM reports_datachange c "
            "WHERE c.xid >= pg_snapshot_xmin(%s::pg_snapshot) "
            "AND NOT pg_visible_in_snapshot(c.xid, %s::pg_snapshot))",
            [snapshot, snapshot],
        )
        return cursor.fetchone()[0]


def _key(name: str, parts: tuple, connection) -> str:
    database = connection.settings_dict
    where = (database.get("HOST"), database.get("PORT"), str(database.get("NAME")))
    digest = hashlib.sha256(pickle.dumps((where, parts), protocol=4)).hexdigest()
    return f"ptdv:{name}:{digest}"


@contextmanager
def _computing_alone(connection, key: str):
    """On PostgreSQL, one process computes a missing entry while the others with the same key
    wait for it and then find it (an advisory lock on the key)."""
    if connection.vendor != "postgresql":
        yield
        return
    number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [number])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [number])


_MISSING = object()


def cached(name: str, parts: tuple, compute: Callable[[], T], *, model=None) -> T:
    """`compute()`, or what it returned before for the same `parts` on the same state of the
    data. `parts` must hold everything the result depends on besides the data (unit, period,
    the user's scope and role, today's date…). `model` tells the router which database the
    reads go to (the replica for the report pages)."""
    if not settings.PTDV_REPORT_CACHE:
        return compute()
    from ptdv.organizations.models import Organization

    connection = connections[router.db_for_read(model or Organization)]
    state = _state(connection)
    if state is None:
        return compute()
    cache = caches[CACHE_ALIAS]
    kind, mark = state
    if kind == "token":
        key = _key(name, (parts, mark), connection)
        value = cache.get(key, _MISSING)
        if value is _MISSING:
            value = compute()
            cache.set(key, value, LIFETIME)
        return value
    key = _key(name, parts, connection)
    entry = cache.get(key)
    if entry is not None and _unchanged_since(connection, entry[0]):
        return entry[1]
    with _computing_alone(connection, key):
        entry = cache.get(key)
        if entry is not None and _unchanged_since(connection, entry[0]):
            return entry[1]
        # The snapshot is taken before the computation: what it reads includes at least
        # what the snapshot sees, so the entry is dropped as soon as anything newer commits.
        snapshot = _state(connection)[1]
        value = compute()
        cache.set(key, (snapshot, value), LIFETIME)
        return value
