"""Report pages computed once per state of the data and never served stale.

A dashboard at the country or a province reads millions of rows; fifty officers opening it
in the same minute would make the server compute it fifty times. `cached()` keeps what such
a page computed, with a mark of the state of the data it was computed on, and serves it only
while that state is still the current one. No entry outlives a write that can change it:
every write to the data the reports read is recorded, in the write's own transaction,
whatever the path (services, the import's COPY, the reorganisation, raw SQL).

How the state is marked, per vendor:

- **PostgreSQL**: statement triggers on every covered table record, in
  `reports_datachange`, the writing transaction's id with the *scope* of what it wrote: the
  path of each commune-level unit (depth 3 of the tree) the written rows belong to, read
  from the statement's transition rows (`_UNITS`), or "/" (everything) for a write whose
  units cannot be told (the tree itself, the reference tables, TRUNCATE, a row whose unit
  is gone). No row is shared between writers, so writers never wait for each other. An
  entry keeps the snapshot it was computed after and the prefixes of the subtree it reads;
  it is current while no transaction recorded there with a scope overlapping those
  prefixes is visible now and was not visible in that snapshot (one probe of the log's
  index). A write in one commune leaves the pages of the other communes and provinces
  current; the country's pages read everything and follow every write. A request that
  waited while another process computed the entry is served it when it holds every write
  committed by the time the request came (its arrival snapshot), not only those committed
  by the end of its wait: under writes every second, the waiting requests would otherwise
  compute the page again one after the other.
  A transaction that has itself written (the tests, a page rendered after a write in one
  transaction) keys its entries by its own id and a number each write statement draws from
  a sequence: no other transaction sees them, and a rolled-back savepoint never leaves a
  number that can come back.
  The log is pruned by the writers: a row is marked when it is first seen committed, and
  dropped twice an entry's lifetime later, when no entry that could miss it is left.
- **SQLite** (one writer at a time anyway): row triggers give a one-row table a new random
  value at each write; an entry is keyed by that value.

Covered: every table of the apps the reports read (`covered_tables`); not the users and the
audit rows, which a login or a read itself writes and no report shows.
`tests/reports/test_cache.py` fails when a table is added without its trigger, or with a
column naming a unit that `_UNITS` does not read.
"""

import hashlib
import pickle
from collections.abc import Callable
from contextlib import contextmanager
from functools import partial
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connections, router
from django.utils.functional import SimpleLazyObject

from ptdv.organizations.paths import ALONE

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

# Which units each covered table's written rows belong to: SELECTs over the transition rows
# `{rows}` giving unit ids. The first must give a unit for every row: a row without one
# counts for every page. The others add units where they find one; those marked `REVERSE`
# read rows that point at the written row, which an INSERT cannot have yet. A write to the
# tables of `_EVERYTHING` (the tree, the reference tables) counts for every page.
REVERSE = "reverse:"
_EVERYTHING = {
    "core_calendarday",
    "organizations_authorityrule",
    "organizations_organization",
    "organizations_organizationkind",
    "organizations_parentperiod",
    "organizations_reorganisation",
    "organizations_sector",
}
_UNITS: dict[str, list[str]] = {
    "people_admissioncount": ["SELECT r.unit_id FROM {rows} r"],
    "people_cellcount": ["SELECT r.organization_id FROM {rows} r"],
    "people_committeeseat": ["SELECT r.organization_id FROM {rows} r"],
    "people_lastadmission": ["SELECT r.organization_id FROM {rows} r"],
    "people_provincecount": ["SELECT r.unit_id FROM {rows} r"],
    "people_member": [
        "SELECT r.organization_id FROM {rows} r",
        "SELECT r.admitted_in_id FROM {rows} r",
    ],
    "people_memberexit": [
        "SELECT r.organization_id FROM {rows} r",
        "SELECT m.organization_id FROM {rows} r JOIN people_member m ON m.id = r.member_id",
    ],
    "people_membershipperiod": [
        "SELECT (SELECT m.organization_id FROM people_member m WHERE m.id = r.member_id) "
        "FROM {rows} r",
        "SELECT m.admitted_in_id FROM {rows} r JOIN people_member m ON m.id = r.member_id",
    ],
    "people_membertransfer": [
        "SELECT r.from_organization_id FROM {rows} r",
        "SELECT r.to_organization_id FROM {rows} r",
    ],
    # A person's details count where the person is a member, a candidate or a trainee.
    "people_person": [
        "SELECT r.organization_id FROM {rows} r",
        REVERSE + "SELECT m.organization_id FROM {rows} r JOIN people_member m "
        "ON m.person_id = r.id",
        REVERSE + "SELECT m.admitted_in_id FROM {rows} r JOIN people_member m "
        "ON m.person_id = r.id",
        REVERSE + "SELECT c.organization_id FROM {rows} r JOIN recruitment_candidate c "
        "ON c.person_id = r.id",
        REVERSE + "SELECT e.organization_id FROM {rows} r JOIN training_enrolment e "
        "ON e.person_id = r.id",
    ],
    "recruitment_candidate": ["SELECT r.organization_id FROM {rows} r"],
    "recruitment_dossier": [
        "SELECT r.organization_id FROM {rows} r",
        "SELECT r.decided_by_id FROM {rows} r",
    ],
    "recruitment_dossiertransition": [
        "SELECT (SELECT d.organization_id FROM recruitment_dossier d WHERE d.id = r.dossier_id) "
        "FROM {rows} r",
        "SELECT r.from_organization_id FROM {rows} r",
        "SELECT r.actor_body_id FROM {rows} r",
    ],
    "recruitment_mentorassignment": [
        "SELECT (SELECT c.organization_id FROM recruitment_candidate c "
        "WHERE c.id = r.candidate_id) FROM {rows} r",
    ],
    "recruitment_reviewnote": [
        "SELECT (SELECT c.organization_id FROM recruitment_candidate c "
        "WHERE c.id = r.candidate_id) FROM {rows} r",
    ],
    "recruitment_verificationrequest": [
        "SELECT (SELECT d.organization_id FROM recruitment_dossier d WHERE d.id = r.dossier_id) "
        "FROM {rows} r",
    ],
    "targets_oversight": ["SELECT r.organization_id FROM {rows} r"],
    "targets_oversightreport": [
        "SELECT (SELECT o.organization_id FROM targets_oversight o "
        "WHERE o.id = r.oversight_id) FROM {rows} r",
    ],
    "targets_target": ["SELECT r.organization_id FROM {rows} r"],
    "training_awarenessclass": ["SELECT r.organization_id FROM {rows} r"],
    "training_enrolment": [
        "SELECT r.organization_id FROM {rows} r",
        "SELECT c.organization_id FROM {rows} r "
        "JOIN training_awarenessclass c ON c.id = r.awareness_class_id",
    ],
}
EVERYTHING = "/"
# The counters that the triggers of the members and the persons keep, in the statement that
# writes those: that statement's own record covers every page the counters feed (the cell,
# its commune and everything above), so a counter written by a trigger records nothing. A
# bulk insert of members fires one counter statement per row: recording each cost 0,1 ms,
# 6 s for 50.000 rows. Written directly (a rebuild), they record as any table.
_KEPT_BY = {
    "people_cellcount",
    "people_admissioncount",
    "people_lastadmission",
    "people_provincecount",
}
# The depth of the units a write is recorded for: the communes (and the districts dissolved
# in 2025, with the communes they held under them).
SCOPE_DEPTH = 3
_EVENTS = ("insert", "update", "delete", "truncate")

_PG_SETUP = [
    "CREATE SEQUENCE IF NOT EXISTS reports_datachange_seq",
    "CREATE TABLE IF NOT EXISTS reports_datachange (xid xid8 NOT NULL, scope text NOT NULL, "
    "seen_at timestamptz, PRIMARY KEY (xid, scope))",
    # The installing transaction is a change of everything: an entry of an earlier database
    # of the same name (dropped and created again) is never current here.
    f"INSERT INTO reports_datachange (xid, scope) VALUES (pg_current_xact_id(), '{EVERYTHING}') "
    "ON CONFLICT DO NOTHING",
    # The scope of a written row's unit: below SCOPE_DEPTH, its ancestor at that depth
    # (anything under it may have changed: the pages above it and below it); at or above
    # it, the unit alone (the pages of the unit and above it: a unit's own rows, such as
    # its counters or its targets, are not read by the pages of the units below it).
    f"""CREATE OR REPLACE FUNCTION reports_scope(unit_path text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE
        WHEN unit_path IS NULL THEN '{EVERYTHING}'
        WHEN split_part(unit_path, '/', {SCOPE_DEPTH + 2}) <> '' THEN
          '/' || array_to_string((string_to_array(unit_path, '/'))[2:{SCOPE_DEPTH + 1}], '/')
          || '/'
        ELSE unit_path || '{ALONE}' END $$""",
    # Mark the rows first seen committed (a row the statement sees, not its own
    # transaction's, committed before the statement began: the mark is later than the
    # commit), drop those marked more than twice an entry's lifetime ago; rows another
    # writer holds are skipped.
    f"""CREATE OR REPLACE FUNCTION reports_datachange_prune() RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE reports_datachange SET seen_at = clock_timestamp() WHERE (xid, scope) IN (
        SELECT xid, scope FROM reports_datachange
        WHERE seen_at IS NULL AND xid IS DISTINCT FROM pg_current_xact_id_if_assigned()
        FOR UPDATE SKIP LOCKED);
      DELETE FROM reports_datachange WHERE (xid, scope) IN (
        SELECT xid, scope FROM reports_datachange
        WHERE seen_at < clock_timestamp() - interval '{2 * LIFETIME} seconds'
        FOR UPDATE SKIP LOCKED);
    END $$""",
    # Each write statement: the pruning now and then (once per transaction at most), and a
    # new number for the entries of the writing transaction itself.
    """CREATE OR REPLACE FUNCTION reports_change_counted() RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
      IF coalesce(current_setting('ptdv.data_change', true), '') = '' AND random() < 0.02 THEN
        PERFORM reports_datachange_prune();
      END IF;
      PERFORM set_config('ptdv.data_change', nextval('reports_datachange_seq')::text, true);
    END $$""",
]


def _sources(table: str, event: str) -> list[tuple[str, bool]]:
    """(SELECT of unit ids, required) over the statement's transition rows."""
    names = {"insert": ["new_rows"], "update": ["old_rows", "new_rows"], "delete": ["old_rows"]}
    found = []
    for index, source in enumerate(_UNITS.get(table, [])):
        if source.startswith(REVERSE):
            if event == "insert":
                continue
            source = source[len(REVERSE) :]
        found += [(source.format(rows=rows), index == 0) for rows in names[event]]
    return found


def _pg_function(table: str, event: str) -> str:
    sources = _sources(table, event) if event != "truncate" else []
    if sources:
        units = " UNION ALL ".join(
            f"({sql})"
            if required
            else f"(SELECT * FROM ({sql}) AS s (unit) WHERE unit IS NOT NULL)"
            for sql, required in sources
        )
        record = (
            "INSERT INTO reports_datachange (xid, scope) "
            "SELECT DISTINCT pg_current_xact_id(), reports_scope(o.path::text) "
            f"FROM ({units}) AS u (unit) "
            "LEFT JOIN organizations_organization o ON o.id = u.unit ON CONFLICT DO NOTHING;"
        )
    else:
        record = (
            "INSERT INTO reports_datachange (xid, scope) "
            f"VALUES (pg_current_xact_id(), '{EVERYTHING}') ON CONFLICT DO NOTHING;"
        )
    skip = "IF pg_trigger_depth() > 1 THEN RETURN NULL; END IF; " if table in _KEPT_BY else ""
    if sources:
        # A statement that changed no row changed nothing (a member's trigger updating the
        # enrolments of a person who has none, once per member of a bulk insert).
        rows = "old_rows" if event != "insert" else "new_rows"
        skip += f"IF NOT EXISTS (SELECT FROM {rows}) THEN RETURN NULL; END IF; "
    return (
        f"CREATE OR REPLACE FUNCTION {table}_data_changed_{event}() RETURNS trigger "
        f"LANGUAGE plpgsql AS $$ BEGIN {skip}{record} PERFORM reports_change_counted(); "
        "RETURN NULL; END $$"
    )


def _pg_trigger(table: str) -> list[str]:
    statements = []
    for event in _EVENTS:
        name = f"{table}_data_changed_{event}"
        referencing = {
            "insert": "REFERENCING NEW TABLE AS new_rows ",
            "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows ",
            "delete": "REFERENCING OLD TABLE AS old_rows ",
        }.get(event, "")
        if event == "truncate" or not _UNITS.get(table):
            referencing = ""
        statements += [
            _pg_function(table, event),
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"CREATE TRIGGER {name} AFTER {event.upper()} ON {table} {referencing}"
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
        ]
    return statements


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
        statements = [
            s
            for t in tables
            for e in _EVENTS
            for s in (
                f"DROP TRIGGER IF EXISTS {t}_data_changed_{e} ON {t}",
                f"DROP FUNCTION IF EXISTS {t}_data_changed_{e}()",
            )
        ] + [
            "DROP FUNCTION IF EXISTS reports_change_counted()",
            "DROP FUNCTION IF EXISTS reports_datachange_prune()",
            "DROP FUNCTION IF EXISTS reports_scope(text)",
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
                "SELECT c.relname, t.tgname FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal"
            )
            events = _EVENTS
        else:
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
            events = _SQLITE_EVENTS
        found = set(cursor.fetchall())
    return {
        table
        for table, _ in found
        if all((table, f"{table}_data_changed_{e}") in found for e in events)
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


def _unchanged_since(
    connection, snapshot: str, scope: tuple[str, ...], as_of: str | None = None
) -> bool:
    """No write committed since `snapshot` under one of the `scope` prefixes (or above
    them) is visible now (one probe of the log's key); with `as_of` (the snapshot of a
    request's arrival), none that was visible then: what the entry holds is at least as new
    as the data was when the request came."""
    arrived = "AND pg_visible_in_snapshot(c.xid, %s::pg_snapshot) " if as_of else ""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT NOT EXISTS (SELECT 1 FROM reports_datachange c "
            "WHERE c.xid >= pg_snapshot_xmin(%s::pg_snapshot) "
            "AND NOT pg_visible_in_snapshot(c.xid, %s::pg_snapshot) "
            f"{arrived}"
            # Written under the page's subtree, or the page lies under what was written.
            "AND EXISTS (SELECT 1 FROM unnest(%s::text[]) AS p (prefix) "
            "WHERE starts_with(c.scope, p.prefix) OR starts_with(p.prefix, c.scope)))",
            [snapshot, snapshot, *([as_of] if as_of else []), list(scope)],
        )
        return cursor.fetchone()[0]


def _scope_of(prefixes) -> tuple[str, ...]:
    """The prefixes a page reads, as paths of units: a unit standing alone
    (`paths.alone`) reads as its whole subtree, which only widens what empties the entry."""
    return tuple(sorted({p[: -len(ALONE)] if p.endswith(ALONE) else p for p in prefixes}))


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
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [number])
        except DatabaseError:
            # The computation left its transaction aborted, so the lock cannot be released
            # by a statement: closing the connection ends the session and its locks (a
            # connection kept between requests would otherwise hold it for good).
            connection.close()


_MISSING = object()


def cached(
    name: str,
    parts: tuple,
    compute: Callable[[], T],
    *,
    reads: tuple[str, ...] = (EVERYTHING,),
    model=None,
) -> T:
    """`compute()`, or what it returned before for the same `parts` on the same state of the
    data. `parts` must hold everything the result depends on besides the data (unit, period,
    the user's scope and role, today's date…). `reads`: the path prefixes of the units whose
    rows the result depends on (a subtree's, merged units included); a write elsewhere
    leaves the entry current. `model` tells the router which database the reads go to (the
    replica for the report pages)."""
    if not settings.PTDV_REPORT_CACHE:
        return compute()
    scope = _scope_of(reads)
    parts = (parts, scope)
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
    if entry is not None and _unchanged_since(connection, entry[0], scope):
        return entry[1]
    with _computing_alone(connection, key):
        # Computed by another process while this one waited: served if it holds every write
        # that had committed when this request came (`mark`, its snapshot on arrival). A
        # write committed during the wait does not send every waiting request to compute
        # the page again, one after the other, while the writes go on.
        entry = cache.get(key)
        if entry is not None and _unchanged_since(connection, entry[0], scope, as_of=mark):
            return entry[1]
        # The snapshot is taken before the computation: what it reads includes at least
        # what the snapshot sees, so the entry is dropped as soon as anything newer commits.
        snapshot = _state(connection)[1]
        value = compute()
        cache.set(key, (snapshot, value), LIFETIME)
        return value


class Deferred:
    """Values kept pickled inside an entry, unpickled only when read: a page served from the
    cache renders the part it stored already rendered and reads none of the figures it was
    rendered from (a province's figures are hundreds of objects, milliseconds to unpickle
    on every request)."""

    def __init__(self, values: dict):
        self.keys = tuple(values)
        self._pickled = None  # pickled when the entry is stored
        self._values = values

    def __getstate__(self):
        if self._pickled is None:
            self._pickled = pickle.dumps(self._values, protocol=pickle.HIGHEST_PROTOCOL)
        return {"keys": self.keys, "_pickled": self._pickled, "_values": None}

    def values(self) -> dict:
        if self._values is None:
            self._values = pickle.loads(self._pickled)
        return self._values

    def lazily(self) -> dict:
        """Each value as a lazy object: all are unpickled when the first is used."""
        return {key: SimpleLazyObject(partial(self._value, key)) for key in self.keys}

    def _value(self, key: str):
        return self.values()[key]
