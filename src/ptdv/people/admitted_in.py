"""The cell of the admission day, stored on the member (`Member.admitted_in`).

A member's cell on the admission day is `cell_on("admission_decided_on")`: the cell the first
transfer confirmed after that day left, else the current cell. It never changes after the
admission (a later transfer leaves it, the first one records it), so it is stored once and
every admissions figure (reports, targets, ranking, forecast) groups by it, with the index
(`admitted_in`, `admission_decided_on`): a period's admissions under a unit are read from the
cells of the unit, not from the members of the country.

Database triggers keep it, in the transaction of the write, whatever the path (services,
imports, the reorganisation, the demo, raw SQL), on PostgreSQL and SQLite alike:

- a member inserted, or its cell or admission date changed: recomputed for that row;
- a transfer inserted, deleted or changed (state, date, cells, member): recomputed for its
  member (written only when it changes).

`rebuild_admitted_in()` recomputes every member in one statement (the migration, and the
national generator after its load, which bypasses the triggers).
"""

from django.db import connections, transaction

from ptdv.core import triggers

# The definition (`cell_on`) in SQL, for the row `{row}` of people_member. Only a member a
# confirmed transfer ever moved reads the transfers (a hashed probe settles the others).
_CONFIRMED = "'confirmed'"
_CELL_SQL = (
    "(CASE WHEN {row}.admission_decided_on IS NULL THEN NULL ELSE COALESCE("
    "(SELECT t.from_organization_id FROM people_membertransfer t"
    f" WHERE t.member_id = {{row}}.id AND t.state = {_CONFIRMED}"
    " AND t.confirmed_on > {row}.admission_decided_on ORDER BY t.confirmed_on, t.id LIMIT 1),"
    " {row}.organization_id) END)"
)
_TRANSFER_COLUMNS = "member_id, from_organization_id, state, confirmed_on"


def cell_sql(row: str) -> str:
    """The member's cell on the admission day, for the member row aliased `row`."""
    return _CELL_SQL.format(row=row)


def _refresh_member(member: str, distinct: str) -> str:
    """Recompute the stored cell of the member `member` (an expression: NEW.member_id)."""
    cell = cell_sql("people_member")
    return (
        f"UPDATE people_member SET admitted_in_id = {cell} WHERE id = {member}"
        f" AND admitted_in_id {distinct} {cell}"
    )


def _postgresql() -> list[str]:
    member = (
        "CREATE OR REPLACE FUNCTION people_member_admitted_in() RETURNS trigger AS $$ BEGIN "
        f"NEW.admitted_in_id := {cell_sql('NEW')}; RETURN NEW; END $$ LANGUAGE plpgsql"
    )
    distinct = "IS DISTINCT FROM"
    transfer = (
        "CREATE OR REPLACE FUNCTION people_transfer_admitted_in() RETURNS trigger AS $$ BEGIN "
        f"IF TG_OP <> 'INSERT' THEN {_refresh_member('OLD.member_id', distinct)}; END IF; "
        f"IF TG_OP <> 'DELETE' THEN {_refresh_member('NEW.member_id', distinct)}; END IF; "
        "RETURN NULL; END $$ LANGUAGE plpgsql"
    )
    return [
        member,
        "CREATE TRIGGER people_member_admitted_in BEFORE INSERT OR UPDATE OF "
        "organization_id, admission_decided_on ON people_member FOR EACH ROW "
        "EXECUTE FUNCTION people_member_admitted_in()",
        transfer,
        "CREATE TRIGGER people_transfer_admitted_in AFTER INSERT OR DELETE OR UPDATE OF "
        f"{_TRANSFER_COLUMNS} ON people_membertransfer FOR EACH ROW "
        "EXECUTE FUNCTION people_transfer_admitted_in()",
    ]


def _sqlite() -> list[str]:
    # SQLite cannot assign NEW: the row is updated after its write (recursive triggers are
    # off, and the update names only `admitted_in_id`, which no trigger listens to).
    distinct = "IS NOT"
    return [
        "CREATE TRIGGER people_member_admitted_in_insert AFTER INSERT ON people_member "
        f"BEGIN {_refresh_member('NEW.id', distinct)}; END",
        "CREATE TRIGGER people_member_admitted_in_update AFTER UPDATE OF "
        "organization_id, admission_decided_on ON people_member "
        f"BEGIN {_refresh_member('NEW.id', distinct)}; END",
        "CREATE TRIGGER people_transfer_admitted_in_insert AFTER INSERT ON "
        f"people_membertransfer BEGIN {_refresh_member('NEW.member_id', distinct)}; END",
        "CREATE TRIGGER people_transfer_admitted_in_delete AFTER DELETE ON "
        f"people_membertransfer BEGIN {_refresh_member('OLD.member_id', distinct)}; END",
        f"CREATE TRIGGER people_transfer_admitted_in_update AFTER UPDATE OF {_TRANSFER_COLUMNS} "
        f"ON people_membertransfer BEGIN {_refresh_member('OLD.member_id', distinct)}; "
        f"{_refresh_member('NEW.member_id', distinct)}; END",
    ]


TRIGGERS = {"postgresql": _postgresql, "sqlite": _sqlite}
DROP = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS people_member_admitted_in ON people_member",
        "DROP TRIGGER IF EXISTS people_transfer_admitted_in ON people_membertransfer",
        "DROP FUNCTION IF EXISTS people_member_admitted_in()",
        "DROP FUNCTION IF EXISTS people_transfer_admitted_in()",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS people_member_admitted_in_insert",
        "DROP TRIGGER IF EXISTS people_member_admitted_in_update",
        "DROP TRIGGER IF EXISTS people_transfer_admitted_in_insert",
        "DROP TRIGGER IF EXISTS people_transfer_admitted_in_delete",
        "DROP TRIGGER IF EXISTS people_transfer_admitted_in_update",
    ],
}


def install_triggers(schema_editor) -> None:
    triggers.execute(schema_editor, TRIGGERS)


def drop_triggers(schema_editor) -> None:
    triggers.execute(schema_editor, DROP)


def rebuild_admitted_in(using: str = "default") -> int:
    """Recompute the stored cell of every member from the rows, in one statement (writing
    only the rows whose value changes): after a load that bypassed the triggers, or to
    repair. Returns the number of members written."""
    connection = connections[using]
    distinct = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    moved = (
        "SELECT t.member_id FROM people_membertransfer t "
        f"WHERE t.state = {_CONFIRMED} AND t.confirmed_on IS NOT NULL"
    )
    # Members never moved by a confirmed transfer keep their current cell (a hashed probe),
    # the others read the transfers.
    cell = (
        "(CASE WHEN m.admission_decided_on IS NULL THEN NULL "
        f"WHEN m.id IN ({moved}) THEN {cell_sql('m')} ELSE m.organization_id END)"
    )
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE people_member AS m SET admitted_in_id = {cell} "
            f"WHERE m.admitted_in_id {distinct} {cell}"
        )
        return cursor.rowcount
