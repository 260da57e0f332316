"""A number that changes with every write to the tree, so that what is derived from the tree
alone (a unit's subtree with its merged predecessors: `scope.subtree_prefixes_many`) can be
kept between requests and is never used after the tree changed.

`organizations_treeversion` holds one row. Triggers on the units and their earlier places
(`TABLES`) give it a new value in the writing transaction, whatever the path (services, the
reorganisation, raw SQL, TRUNCATE):

- **PostgreSQL**: a statement trigger draws the value from a sequence, so a rolled-back
  write never leaves a value that a later, different tree could take again.
- **SQLite**: row triggers draw a random value (one writer at a time; a rollback restores
  the old value together with the old tree).

A process reads the value once per request (`current()`) and keeps what it derived under it
(`remembered`). A tree change makes every process compute again on its next request; the
tree changes a few times a year.
"""

from contextvars import ContextVar

from django.db import DatabaseError, connections, router

from ptdv.core import triggers

TABLE = "organizations_treeversion"
SEQUENCE = "organizations_treeversion_seq"

# The tables the tree is read from: the units and their earlier places (a dissolved unit's
# subtree on its last day, `history.recorded_prefixes`).
TABLES = ("organizations_organization", "organizations_parentperiod")
_SQLITE_EVENTS = ("insert", "update", "delete")

_TRIGGERS = {
    "postgresql": [
        f"CREATE TABLE {TABLE} (id smallint PRIMARY KEY, version bigint NOT NULL)",
        f"CREATE SEQUENCE {SEQUENCE}",
        f"INSERT INTO {TABLE} (id, version) VALUES (1, nextval('{SEQUENCE}'))",
        "CREATE FUNCTION organizations_tree_changed() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN UPDATE {TABLE} SET version = nextval('{SEQUENCE}') WHERE id = 1; "
        "RETURN NULL; END $$",
        *(
            f"CREATE TRIGGER organizations_tree_changed AFTER INSERT OR UPDATE OR DELETE "
            f"OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION organizations_tree_changed()"
            for table in TABLES
        ),
    ],
    "sqlite": [
        f"CREATE TABLE {TABLE} (id integer PRIMARY KEY, version integer NOT NULL)",
        f"INSERT INTO {TABLE} (id, version) VALUES (1, abs(random()))",
        *(
            f"CREATE TRIGGER {table}_tree_changed_{event} AFTER {event.upper()} "
            f"ON {table} BEGIN "
            f"UPDATE {TABLE} SET version = abs(random()) WHERE id = 1; END"
            for table in TABLES
            for event in _SQLITE_EVENTS
        ),
    ],
}
_DROP = {
    "postgresql": [
        *(f"DROP TRIGGER IF EXISTS organizations_tree_changed ON {table}" for table in TABLES),
        "DROP FUNCTION IF EXISTS organizations_tree_changed()",
        f"DROP TABLE IF EXISTS {TABLE}",
        f"DROP SEQUENCE IF EXISTS {SEQUENCE}",
    ],
    "sqlite": [
        *(
            f"DROP TRIGGER IF EXISTS {table}_tree_changed_{event}"
            for table in TABLES
            for event in _SQLITE_EVENTS
        ),
        f"DROP TABLE IF EXISTS {TABLE}",
    ],
}


def install(schema_editor) -> None:
    triggers.execute(schema_editor, _TRIGGERS)


def drop(schema_editor) -> None:
    triggers.execute(schema_editor, _DROP)


# Within a request (`scope.mergers_read_once`): the version read, per database.
_read = ContextVar("ptdv_tree_version_read", default=None)


def current(model) -> tuple[str, int] | None:
    """(the database, its tree version) where `model`'s rows are read; None when it cannot
    be told (the table is missing: nothing is then remembered)."""
    alias = router.db_for_read(model)
    read = _read.get()
    if read is not None and alias in read:
        return read[alias]
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT version FROM {TABLE} WHERE id = 1")
            row = cursor.fetchone()
    except DatabaseError:
        # An unmigrated database; in a transaction PostgreSQL would stay aborted.
        if connection.in_atomic_block:
            raise
        row = None
    version = (alias, row[0]) if row else None
    if read is not None:
        read[alias] = version
    return version


def read_once():
    """Start a block (a request that only reads the tree) that reads the version once per
    database: returns the token to pass to `end_read`."""
    return _read.set({})


def end_read(token) -> None:
    _read.reset(token)


class Remembered:
    """Values derived from the tree, per unit, kept under the version they were derived on:
    a new version forgets them all. At most `size` units are kept (none with 0)."""

    def __init__(self, size: int = 20_000):
        self.size = size
        self.version = None
        self.values: dict = {}

    def get(self, version, key):
        if version is None or version != self.version:
            return None
        return self.values.get(key)

    def put(self, version, key, value) -> None:
        if version is None or not self.size:
            return
        if version != self.version:
            self.version, self.values = version, {}
        if len(self.values) >= self.size:
            self.values.clear()
        self.values[key] = value
