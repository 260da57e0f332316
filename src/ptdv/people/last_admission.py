"""The latest admission of each cell, kept by the database (`LastAdmission`).

The watch list's quiet cells ("no admission for two years") asked the members' index once per
cell of the subtree: 254.000 probes for the country. The day of each cell's latest admission
(by the cell of the admission day, `Member.admitted_in`, as the reports count) is kept instead
by triggers on `people_member`, in the transaction of the write, whatever the path (services,
the import's COPY, the reorganisation, raw SQL), on PostgreSQL and SQLite:

- a member inserted: the day is raised to their admission day if later;
- a member deleted, or its admission cell or day changed: the cells they left are recounted
  from the members' index (one probe each); the cells they joined are raised.

On PostgreSQL the triggers run once per statement over its changed rows (transition tables).
A recount first locks the cells' rows, in a statement of its own, so that it reads, with a
snapshot taken after the lock, the admissions other transactions committed meanwhile (a
concurrent admission either waits for the recount or is seen by it). `rebuild_last_admissions()`
refills the table from the rows (the migration, the national generator after its load).
"""

from django.db import connections, transaction

from ptdv.core import triggers
from ptdv.people.admission_counts import as_date

_TABLE = "people_lastadmission"
_LATEST = (
    "(SELECT MAX(m.admission_decided_on) FROM people_member m "
    "WHERE m.admitted_in_id = {cell} AND m.admission_decided_on IS NOT NULL)"
)
_ADMITTED = "{r}.admitted_in_id IS NOT NULL AND {r}.admission_decided_on IS NOT NULL"

# --- PostgreSQL: statement triggers over the transition tables -----------------------------


def _raise_pg(rows: str, where: str = "TRUE") -> str:
    return (
        f"INSERT INTO {_TABLE} (organization_id, admitted_on) "
        f"SELECT n.admitted_in_id, MAX(n.admission_decided_on) FROM {rows} n "
        f"WHERE {_ADMITTED.format(r='n')} AND {where} GROUP BY n.admitted_in_id "
        "ON CONFLICT (organization_id) DO UPDATE SET "
        f"admitted_on = GREATEST({_TABLE}.admitted_on, excluded.admitted_on)"
    )


def _recount_pg(cells: str) -> str:
    """Lock, then recount (two statements: the second's snapshot sees what committed before
    the lock was granted)."""
    return (
        f"PERFORM 1 FROM {_TABLE} l WHERE l.organization_id IN ({cells}) "
        "ORDER BY l.organization_id FOR UPDATE; "
        f"UPDATE {_TABLE} l SET admitted_on = {_LATEST.format(cell='l.organization_id')} "
        f"WHERE l.organization_id IN ({cells})"
    )


_CHANGED = (
    "SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id "
    "WHERE (o.admitted_in_id, o.admission_decided_on) "
    "IS DISTINCT FROM (n.admitted_in_id, n.admission_decided_on)"
)
_EVENTS = {
    "insert": ("INSERT", "NEW TABLE AS new_rows"),
    "delete": ("DELETE", "OLD TABLE AS old_rows"),
    "update": ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
}


def _postgresql() -> list[str]:
    old_cells = "SELECT o.admitted_in_id FROM old_rows o WHERE o.admitted_in_id IS NOT NULL"
    changed_old = f"{old_cells} AND o.id IN ({_CHANGED})"
    bodies = {
        "insert": f"{_raise_pg('new_rows')};",
        "delete": f"{_recount_pg(old_cells)};",
        # Most updates change neither column: nothing runs for them but the join by id.
        "update": f"IF EXISTS ({_CHANGED}) THEN "
        f"{_raise_pg('new_rows', f'n.id IN ({_CHANGED})')}; {_recount_pg(changed_old)}; END IF;",
    }
    statements = []
    for name, (event, referencing) in _EVENTS.items():
        function = f"people_lastadmission_{name}"
        statements += [
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$ BEGIN "
            f"{bodies[name]} RETURN NULL; END $$ LANGUAGE plpgsql",
            f"CREATE TRIGGER {function} AFTER {event} ON people_member "
            f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        ]
    return statements


# --- SQLite: row triggers (one writer at a time) ------------------------------------------

# A unit already deleted (the tables emptied together) gets no row: its foreign key would fail.
_RAISE_SQLITE = (
    f"INSERT INTO {_TABLE} (organization_id, admitted_on) "
    "SELECT NEW.admitted_in_id, NEW.admission_decided_on "
    f"WHERE {_ADMITTED.format(r='NEW')} "
    "AND EXISTS (SELECT 1 FROM organizations_organization u WHERE u.id = NEW.admitted_in_id) "
    "ON CONFLICT (organization_id) DO UPDATE SET admitted_on = "
    f"MAX(COALESCE({_TABLE}.admitted_on, excluded.admitted_on), excluded.admitted_on)"
)
_RECOUNT_SQLITE = (
    f"UPDATE {_TABLE} SET admitted_on = {_LATEST.format(cell='OLD.admitted_in_id')} "
    "WHERE organization_id = OLD.admitted_in_id"
)


def _sqlite() -> list[str]:
    return [
        f"CREATE TRIGGER people_lastadmission_insert AFTER INSERT ON people_member "
        f"BEGIN {_RAISE_SQLITE}; END",
        f"CREATE TRIGGER people_lastadmission_delete AFTER DELETE ON people_member "
        f"BEGIN {_RECOUNT_SQLITE}; END",
        "CREATE TRIGGER people_lastadmission_update AFTER UPDATE OF admitted_in_id, "
        "admission_decided_on ON people_member "
        "WHEN OLD.admitted_in_id IS NOT NEW.admitted_in_id "
        "OR OLD.admission_decided_on IS NOT NEW.admission_decided_on "
        f"BEGIN {_RAISE_SQLITE}; {_RECOUNT_SQLITE}; END",
    ]


TRIGGERS = {"postgresql": _postgresql, "sqlite": _sqlite}
DROP = {
    "postgresql": [
        f"DROP TRIGGER IF EXISTS people_lastadmission_{name} ON people_member" for name in _EVENTS
    ]
    + [f"DROP FUNCTION IF EXISTS people_lastadmission_{name}()" for name in _EVENTS],
    "sqlite": [f"DROP TRIGGER IF EXISTS people_lastadmission_{name}" for name in _EVENTS],
}


def install_triggers(schema_editor) -> None:
    triggers.execute(schema_editor, TRIGGERS)


def drop_triggers(schema_editor) -> None:
    triggers.execute(schema_editor, DROP)


_DIRECT = (
    "SELECT m.admitted_in_id, MAX(m.admission_decided_on) FROM people_member m "
    f"WHERE {_ADMITTED.format(r='m')} GROUP BY m.admitted_in_id"
)


def rebuild_last_admissions(using: str = "default") -> int:
    """Refill the table from the members, in one transaction: after a load that bypassed the
    triggers, or to repair. Returns the number of cells."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {_TABLE}")
        cursor.execute(f"INSERT INTO {_TABLE} (organization_id, admitted_on) {_DIRECT}")
        return cursor.rowcount


def direct_last_admissions(using: str = "default") -> dict:
    """{cell id: day of its latest admission} from the rows (the check of the tests)."""
    with connections[using].cursor() as cursor:
        cursor.execute(_DIRECT)
        return {cell: as_date(day) for cell, day in cursor.fetchall()}


def stored_last_admissions(using: str = "default") -> dict:
    """The same as stored, without the cells whose admissions are all gone."""
    from ptdv.people.models import LastAdmission

    rows = LastAdmission.objects.using(using).exclude(admitted_on=None)
    return dict(rows.values_list("organization_id", "admitted_on"))
