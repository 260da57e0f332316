"""Members on a day at the cost of the answer: per-cell counters kept by the database, and the
changes after the day.

`CellCount` holds, per cell, its current members (not yet left), how many of them are
official (an `official_from` date recorded, or the status official without one) and how many
hold a religion. Triggers on `people_member` and `people_person` keep it in the transaction
that writes a member or a person, whatever the path (services, imports, the reorganisation,
the demo, raw bulk SQL), on PostgreSQL and SQLite alike (`TRIGGERS`, installed by the
migration). `rebuild_counts()` recounts everything from the rows (after a load that bypassed
the triggers, or to repair).

The members of a cell on day D (`members_on_by_cell`) are then:

    the counter now
    − the current members whose state now is not their state on D (admitted after D, official
      after D, or moved by a transfer confirmed after D), by their current cell
    + the members on D among those and among the members who left after D, by their cell on D

so the cost is the cells read plus the changes after D, not the members of the country. The
result is the same as counting `member_on(D)` by `cell_on(D)` over every row (the tests
compare both).
"""

from contextlib import contextmanager

from django.db import connections, transaction
from django.db.models import Count, Q

from ptdv.core import triggers
from ptdv.core.bulk import pg_array
from ptdv.core.reference import Religion
from ptdv.organizations.models import Organization
from ptdv.organizations.paths import descendant_filter
from ptdv.people.cell_on import cells_and_leavers, transfers_after
from ptdv.people.models import CellCount, Member, MemberStatus

# The same three classifications in the triggers (SQL) and in the reads (Q): a member counted
# official now, a person holding a religion.
_OFFICIAL_SQL = "({row}.official_from IS NOT NULL OR {row}.status = 'official')"
_RELIGIOUS_SQL = f"(p.religion NOT IN ('{Religion.NONE}', ''))"
FIELDS = ("members", "official", "religious")


def official_on(day) -> Q:
    """Official on `day` as the statistics count it: official from that day at the latest, or
    recorded official without a date."""
    return Q(official_from__isnull=False, official_from__lte=day) | Q(
        official_from__isnull=True, status=MemberStatus.OFFICIAL
    )


def religious(prefix: str = "person__") -> Q:
    return ~Q(**{f"{prefix}religion": Religion.NONE}) & ~Q(**{f"{prefix}religion": ""})


_OFFICIAL_NOW = Q(official_from__isnull=False) | Q(status=MemberStatus.OFFICIAL)


def _delta_sql(row: str) -> str:
    return (
        f"SELECT {row}.organization_id, 1, "
        f"(CASE WHEN {_OFFICIAL_SQL.format(row=row)} THEN 1 ELSE 0 END), "
        f"(CASE WHEN {_RELIGIOUS_SQL} THEN 1 ELSE 0 END) "
        f"FROM people_person p WHERE p.id = {row}.person_id AND {row}.ended_on IS NULL"
    )


_UPSERT = (
    "INSERT INTO people_cellcount (organization_id, members, official, religious) {select} "
    "ON CONFLICT (organization_id) DO UPDATE SET "
    "members = people_cellcount.members + excluded.members, "
    "official = people_cellcount.official + excluded.official, "
    "religious = people_cellcount.religious + excluded.religious"
)
# Taking a member out of a count only updates the counter row that counted them (never an
# insert: when the tables are emptied together, the cell may be gone already).
_REMOVE = (
    "UPDATE people_cellcount SET members = members - 1, "
    f"official = official - (CASE WHEN {_OFFICIAL_SQL.format(row='OLD')} THEN 1 ELSE 0 END), "
    f"religious = religious - COALESCE((SELECT CASE WHEN {_RELIGIOUS_SQL} THEN 1 ELSE 0 END "
    "FROM people_person p WHERE p.id = OLD.person_id), 0) "
    "WHERE organization_id = OLD.organization_id AND OLD.ended_on IS NULL"
)
_MEMBER_COLUMNS = "organization_id, ended_on, status, official_from, person_id"
_PERSON_DELTA = (
    "UPDATE people_cellcount SET religious = religious + "
    f"(CASE WHEN NEW.religion NOT IN ('{Religion.NONE}', '') THEN 1 ELSE 0 END) - "
    f"(CASE WHEN OLD.religion NOT IN ('{Religion.NONE}', '') THEN 1 ELSE 0 END) "
    "WHERE organization_id IN (SELECT organization_id FROM people_member "
    "WHERE person_id = NEW.id AND ended_on IS NULL)"
)


# A bulk load (`bulk_load`) suspends the triggers for its transaction only.
_SETTING = "ptdv.cellcount_suspended"
_SUSPENDED = f"IF current_setting('{_SETTING}', true) = 'on' THEN RETURN NULL; END IF;"


def _postgresql() -> list[str]:
    add, remove = _UPSERT.format(select=_delta_sql("NEW")), _REMOVE
    return [
        "CREATE OR REPLACE FUNCTION people_cellcount_member() RETURNS trigger AS $$ BEGIN "
        f"{_SUSPENDED} "
        f"IF TG_OP <> 'INSERT' THEN {remove}; END IF; "
        f"IF TG_OP <> 'DELETE' THEN {add}; END IF; "
        "RETURN NULL; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER people_cellcount_member AFTER INSERT OR DELETE OR UPDATE OF "
        f"{_MEMBER_COLUMNS} ON people_member FOR EACH ROW "
        "EXECUTE FUNCTION people_cellcount_member()",
        "CREATE OR REPLACE FUNCTION people_cellcount_person() RETURNS trigger AS $$ BEGIN "
        f"{_SUSPENDED} {_PERSON_DELTA}; RETURN NULL; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER people_cellcount_person AFTER UPDATE OF religion ON people_person "
        "FOR EACH ROW WHEN (OLD.religion IS DISTINCT FROM NEW.religion) "
        "EXECUTE FUNCTION people_cellcount_person()",
    ]


def _sqlite() -> list[str]:
    # SQLite's UPSERT after a SELECT needs a WHERE (it has one) to parse.
    add, remove = _UPSERT.format(select=_delta_sql("NEW")), _REMOVE
    return [
        f"CREATE TRIGGER people_cellcount_member_insert AFTER INSERT ON people_member "
        f"BEGIN {add}; END",
        f"CREATE TRIGGER people_cellcount_member_delete AFTER DELETE ON people_member "
        f"BEGIN {remove}; END",
        f"CREATE TRIGGER people_cellcount_member_update AFTER UPDATE OF {_MEMBER_COLUMNS} "
        f"ON people_member BEGIN {remove}; {add}; END",
        "CREATE TRIGGER people_cellcount_person AFTER UPDATE OF religion ON people_person "
        f"WHEN OLD.religion IS NOT NEW.religion BEGIN {_PERSON_DELTA}; END",
    ]


TRIGGERS = {"postgresql": _postgresql, "sqlite": _sqlite}
DROP = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS people_cellcount_member ON people_member",
        "DROP TRIGGER IF EXISTS people_cellcount_person ON people_person",
        "DROP FUNCTION IF EXISTS people_cellcount_member()",
        "DROP FUNCTION IF EXISTS people_cellcount_person()",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS people_cellcount_member_insert",
        "DROP TRIGGER IF EXISTS people_cellcount_member_delete",
        "DROP TRIGGER IF EXISTS people_cellcount_member_update",
        "DROP TRIGGER IF EXISTS people_cellcount_person",
    ],
}


def install_triggers(schema_editor) -> None:
    """Create the triggers (the migration's forward step)."""
    triggers.execute(schema_editor, TRIGGERS)


def drop_triggers(schema_editor) -> None:
    triggers.execute(schema_editor, DROP)


def rebuild_counts(using: str = "default") -> int:
    """Recount every cell from the rows, in one transaction (one statement each way): after a
    bulk load that bypassed the triggers, or to repair. Returns the number of cells."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute("DELETE FROM people_cellcount")
        cursor.execute(
            "INSERT INTO people_cellcount (organization_id, members, official, religious) "
            "SELECT m.organization_id, COUNT(*), "
            f"SUM(CASE WHEN {_OFFICIAL_SQL.format(row='m')} THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN {_RELIGIOUS_SQL} THEN 1 ELSE 0 END) "
            "FROM people_member m JOIN people_person p ON p.id = m.person_id "
            "WHERE m.ended_on IS NULL GROUP BY m.organization_id"
        )
        return cursor.rowcount


@contextmanager
def bulk_load(using: str = "default"):
    """For a load of many members at once (the national generator, a bulk import that
    writes with COPY): on PostgreSQL the triggers are suspended inside the block (a setting
    local to the transaction, so other sessions keep theirs) and the counters rebuilt from the
    rows at its end (one statement instead of one upsert per row); elsewhere the triggers stay
    on. Runs in one transaction (the caller's, when there is one)."""
    vendor = connections[using].vendor
    with transaction.atomic(using=using):
        if vendor == "postgresql":
            with connections[using].cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'on', true)", [_SETTING])
        try:
            yield
        finally:
            if vendor == "postgresql":
                with connections[using].cursor() as cursor:
                    cursor.execute("SELECT set_config(%s, 'off', true)", [_SETTING])
        rebuild_counts(using)


@contextmanager
def members_inserted(using: str = "default"):
    """For new members inserted in bulk (COPY) inside the caller's transaction: yields a
    list the caller extends with `(organization_id, status, official_from, religion)` of
    each new member (religion: the person's). On PostgreSQL the triggers are suspended
    inside the block (a setting local to the transaction) and, at its end, the counters of
    the cells those members joined are increased in one statement, grouped by cell, with
    the classification the triggers use: an upsert of additions, as the triggers make, so
    writers of other cells or of the same cells at the same time keep their counts. The
    cost is the rows inserted, not the table. Elsewhere the triggers stay on and count each
    row (the list is not read)."""
    connection = connections[using]
    added: list[tuple] = []
    if connection.vendor != "postgresql":
        yield added
        return
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'on', true)", [_SETTING])
        try:
            yield added
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'off', true)", [_SETTING])
        if added:
            arrays, params = [], []
            types = ("bigint", "varchar", "date", "varchar")
            for column, db_type in zip(zip(*added, strict=True), types, strict=True):
                sql, values = pg_array(column, db_type)
                arrays.append(sql)
                params += values
            with connection.cursor() as cursor:
                cursor.execute(_UPSERT.format(select=_ADDED_SQL.format(*arrays)), params)


# The counts of new members given as arrays (`members_inserted`), grouped by cell; `p` is
# the person, as in the triggers' classification.
_ADDED_SQL = (
    "SELECT m.organization_id, COUNT(*), "
    f"SUM(CASE WHEN {_OFFICIAL_SQL.format(row='m')} THEN 1 ELSE 0 END), "
    f"SUM(CASE WHEN {_RELIGIOUS_SQL} THEN 1 ELSE 0 END) "
    "FROM unnest({}, {}, {}, {}) AS m(organization_id, status, official_from, religion) "
    "CROSS JOIN LATERAL (SELECT m.religion) AS p(religion) "
    "GROUP BY m.organization_id"
)


# --- reading --------------------------------------------------------------------------------


def members_on_by_cell(prefixes, day) -> list[tuple[str, dict]]:
    """The members on `day` of the cells under `prefixes` (current paths: pass
    `organizations.history.recorded_prefixes` for the structure as recorded), by the current
    path of their cell on that day: [(path, {"members", "official", "religious"})], a path
    possibly more than once (sum them, or roll them up with `organizations.rollup.roll_up`).
    Two queries (three under a part of the tree: the ids of its cells and of the members who
    left one, first): the members moved by a transfer since `day`, then ONE statement adding
    the counters, minus the current members changed since, plus the state on `day` of those
    and of the members who left since."""
    moved = list(transfers_after(day).order_by().values_list("member_id", flat=True).distinct())
    # Under a part of the tree, the member rows are first narrowed to those now in its cells
    # or who left one of them by a transfer (the only ones whose cell on `day` can be
    # there), so that the member indexes read the unit's rows instead of a scan of the
    # country's changes (one more query: the ids).
    narrow = Q()
    if not any(prefix.count("/") <= 2 for prefix in prefixes):
        cells = Organization.objects.filter(descendant_filter("path", prefixes)).values("pk")
        cell_ids, left = cells_and_leavers(cells)
        narrow = Q(organization__in=cell_ids) | Q(pk__in=left)
    now = (
        CellCount.objects.filter(descendant_filter("organization__path", prefixes))
        .exclude(members=0, official=0, religious=0)
        .values_list("organization__path", *FIELDS)
    )
    changed = Q(admission_decided_on__gt=day) | Q(official_from__gt=day) | Q(pk__in=moved)
    since = (
        Member.objects.filter(ended_on__isnull=True)
        .filter(narrow, changed, descendant_filter("organization__path", prefixes))
        .order_by()
        .values("organization__path")
        .annotate(
            members=-Count("pk"),
            official=-Count("pk", filter=_OFFICIAL_NOW),
            religious=-Count("pk", filter=religious()),
        )
        .values_list("organization__path", *FIELDS)
    )
    then = (
        Member.objects.on(day)
        .filter(narrow, changed | Q(ended_on__gt=day))
        .with_cell_path_on(day)
        .filter(descendant_filter("cell_path", prefixes))
        .order_by()
        .values("cell_path")
        .annotate(
            members=Count("pk"),
            official=Count("pk", filter=official_on(day)),
            religious=Count("pk", filter=religious()),
        )
        .values_list("cell_path", *FIELDS)
    )
    return [
        (path, dict(zip(FIELDS, values, strict=True)))
        for path, *values in now.union(since, then, all=True)
    ]


def members_on(prefixes, day) -> dict[str, int]:
    """The totals of `members_on_by_cell`: {"members", "official", "probationary",
    "religious"}."""
    totals = dict.fromkeys(FIELDS, 0)
    for _path, values in members_on_by_cell(prefixes, day):
        for name, value in values.items():
            totals[name] += value
    totals["probationary"] = totals["members"] - totals["official"]
    return totals


def direct_counts(prefixes, day) -> dict[str, int]:
    """The same totals read from every member row (no counter): the check of the tests and
    of `bench/national.py`."""
    counts = (
        Member.objects.under_on(prefixes, day)
        .order_by()
        .aggregate(
            members=Count("pk"),
            official=Count("pk", filter=official_on(day)),
            religious=Count("pk", filter=religious()),
        )
    )
    counts["probationary"] = counts["members"] - counts["official"]
    return counts
