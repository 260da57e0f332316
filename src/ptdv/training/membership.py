"""Whether the person of an enrolment is a party member, stored on the enrolment
(`Enrolment.person_is_member`, with the member's admission date `person_admitted_on`).

The trained pool (persons with a valid certificate who are not members) and the forecast's
trained counts read only the certificates of non-members: with the mark they are a range of
the partial index `enrolment_pool_idx`, not a membership probe of every valid certificate of
the country (most of which belong to persons admitted since).

Database triggers keep it, in the transaction of the write, whatever the path (the admission
decision, the member services, the bulk import's COPY, the demo, raw SQL), on PostgreSQL and
SQLite alike:

- a member inserted, deleted, or its person or admission date changed: the enrolments of the
  person (before and after) are recomputed (written only when they change);
- an enrolment inserted, or its person changed: recomputed for that row.

`rebuild_pool_marks()` recomputes every enrolment in one statement (the migration, and the
national generator after its load, which bypasses the triggers).
"""

from django.db import connections, transaction

from ptdv.core import triggers

# The definition, for the enrolment row `{row}`: the person's member row (one at most).
_IS_MEMBER = "EXISTS (SELECT 1 FROM people_member m WHERE m.person_id = {row}.person_id)"
_ADMITTED_ON = (
    "(SELECT m.admission_decided_on FROM people_member m WHERE m.person_id = {row}.person_id)"
)


def _refresh_person(person: str, distinct: str) -> str:
    """Recompute the marks of the enrolments of the person `person` (an expression)."""
    is_member = _IS_MEMBER.format(row="training_enrolment")
    admitted_on = _ADMITTED_ON.format(row="training_enrolment")
    return (
        f"UPDATE training_enrolment SET person_is_member = {is_member}, "
        f"person_admitted_on = {admitted_on} WHERE person_id = {person} "
        f"AND (person_is_member {distinct} {is_member} "
        f"OR person_admitted_on {distinct} {admitted_on})"
    )


_MEMBER_COLUMNS = "person_id, admission_decided_on"


def _postgresql() -> list[str]:
    distinct = "IS DISTINCT FROM"
    member = (
        "CREATE OR REPLACE FUNCTION training_member_pool() RETURNS trigger AS $$ BEGIN "
        f"IF TG_OP <> 'INSERT' THEN {_refresh_person('OLD.person_id', distinct)}; END IF; "
        f"IF TG_OP <> 'DELETE' THEN {_refresh_person('NEW.person_id', distinct)}; END IF; "
        "RETURN NULL; END $$ LANGUAGE plpgsql"
    )
    enrolment = (
        "CREATE OR REPLACE FUNCTION training_enrolment_pool() RETURNS trigger AS $$ BEGIN "
        f"NEW.person_is_member := {_IS_MEMBER.format(row='NEW')}; "
        f"NEW.person_admitted_on := {_ADMITTED_ON.format(row='NEW')}; "
        "RETURN NEW; END $$ LANGUAGE plpgsql"
    )
    return [
        member,
        "CREATE TRIGGER training_member_pool AFTER INSERT OR DELETE OR UPDATE OF "
        f"{_MEMBER_COLUMNS} ON people_member FOR EACH ROW "
        "EXECUTE FUNCTION training_member_pool()",
        enrolment,
        "CREATE TRIGGER training_enrolment_pool BEFORE INSERT OR UPDATE OF person_id "
        "ON training_enrolment FOR EACH ROW EXECUTE FUNCTION training_enrolment_pool()",
    ]


def _sqlite() -> list[str]:
    # SQLite cannot assign NEW: the enrolment is updated after its write (recursive triggers
    # are off, and the update names only the marks, which no trigger listens to).
    distinct = "IS NOT"
    own = _refresh_person("NEW.person_id", distinct) + " AND id = NEW.id"
    return [
        "CREATE TRIGGER training_member_pool_insert AFTER INSERT ON people_member "
        f"BEGIN {_refresh_person('NEW.person_id', distinct)}; END",
        "CREATE TRIGGER training_member_pool_delete AFTER DELETE ON people_member "
        f"BEGIN {_refresh_person('OLD.person_id', distinct)}; END",
        f"CREATE TRIGGER training_member_pool_update AFTER UPDATE OF {_MEMBER_COLUMNS} "
        f"ON people_member BEGIN {_refresh_person('OLD.person_id', distinct)}; "
        f"{_refresh_person('NEW.person_id', distinct)}; END",
        f"CREATE TRIGGER training_enrolment_pool_insert AFTER INSERT ON training_enrolment "
        f"BEGIN {own}; END",
        "CREATE TRIGGER training_enrolment_pool_update AFTER UPDATE OF person_id "
        f"ON training_enrolment BEGIN {own}; END",
    ]


TRIGGERS = {"postgresql": _postgresql, "sqlite": _sqlite}
DROP = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS training_member_pool ON people_member",
        "DROP TRIGGER IF EXISTS training_enrolment_pool ON training_enrolment",
        "DROP FUNCTION IF EXISTS training_member_pool()",
        "DROP FUNCTION IF EXISTS training_enrolment_pool()",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS training_member_pool_insert",
        "DROP TRIGGER IF EXISTS training_member_pool_delete",
        "DROP TRIGGER IF EXISTS training_member_pool_update",
        "DROP TRIGGER IF EXISTS training_enrolment_pool_insert",
        "DROP TRIGGER IF EXISTS training_enrolment_pool_update",
    ],
}


def install_triggers(schema_editor) -> None:
    triggers.execute(schema_editor, TRIGGERS)


def drop_triggers(schema_editor) -> None:
    triggers.execute(schema_editor, DROP)


def rebuild_pool_marks(using: str = "default") -> int:
    """Recompute the marks of every enrolment from the member rows, in one statement (one
    join of the enrolments and the members, writing only the rows whose marks change): after
    a load that bypassed the triggers, or to repair; then the table's statistics. Returns
    the number of enrolments written."""
    connection = connections[using]
    distinct = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    marks = (
        "SELECT e.id, m.id IS NOT NULL AS is_member, m.admission_decided_on AS admitted_on "
        "FROM training_enrolment e LEFT JOIN people_member m ON m.person_id = e.person_id"
    )
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE training_enrolment SET person_is_member = s.is_member, "
            f"person_admitted_on = s.admitted_on FROM ({marks}) AS s "
            "WHERE s.id = training_enrolment.id "
            f"AND (training_enrolment.person_is_member {distinct} s.is_member "
            f"OR training_enrolment.person_admitted_on {distinct} s.admitted_on)"
        )
        written = cursor.rowcount
        if written:
            # The planner reads the partial indexes of the marks by their statistics: taken
            # before the marks were written, they would price the non-members' index as if
            # it held every certificate.
            cursor.execute("ANALYZE training_enrolment")
        return written
