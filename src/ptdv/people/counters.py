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
from ptdv.organizations.paths import ALONE, ancestor_path_sql, descendant_filter
from ptdv.people.models import Member, MemberStatus, TransferState

# The depth of the units whose members are also counted as a whole (`ProvinceCount`).
PROVINCE_DEPTH = 1
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


# A confirmed transfer after the day (`t`; parameters: the state, the day).
_AFTER = "t.state = %s AND t.confirmed_on > %s"


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


# --- the provinces' counters (`ProvinceCount`) ---------------------------------------------

# The unit of depth 1 above a cell (the cell itself at depth 1), read from its path:
# "/1/42/317/" gives 42; NULL for the root.
_TOP = {
    "postgresql": "CAST(NULLIF(split_part({path}, '/', 3), '') AS bigint)",
    "sqlite": "CAST(NULLIF(substr(substr({path}, instr(substr({path}, 2), '/') + 2), 1, "
    "instr(substr({path}, instr(substr({path}, 2), '/') + 2), '/') - 1), '') AS INTEGER)",
}
# Each session adds to a row of its own (its server process): writers in one province never
# wait for each other's commit on one row. SQLite has one writer at a time.
STRIPES = 16
_STRIPE = {"postgresql": f"mod(pg_backend_pid(), {STRIPES})", "sqlite": "0"}
_PROVINCE_UPSERT = (
    "INSERT INTO people_provincecount (unit_id, stripe, members, official, religious) "
    "{select} ON CONFLICT (unit_id, stripe) DO UPDATE SET "
    "members = people_provincecount.members + excluded.members, "
    "official = people_provincecount.official + excluded.official, "
    "religious = people_provincecount.religious + excluded.religious"
)


def _top(path: str, vendor: str) -> str:
    return _TOP[vendor].format(path=path)


def _province_delta(row: str, sign: int, vendor: str) -> str:
    """The member `row`'s counts (times `sign`) for the province of its cell, if counted."""
    official = _OFFICIAL_SQL.format(row=row)
    top = _top("c.path", vendor)
    return (
        f"SELECT {top}, {_STRIPE[vendor]}, {sign}, "
        f"{sign} * (CASE WHEN {official} THEN 1 ELSE 0 END), "
        f"{sign} * COALESCE((SELECT CASE WHEN {_RELIGIOUS_SQL} THEN 1 ELSE 0 END "
        f"FROM people_person p WHERE p.id = {row}.person_id), 0) "
        f"FROM organizations_organization c WHERE c.id = {row}.organization_id "
        f"AND {row}.ended_on IS NULL AND {top} IS NOT NULL"
    )


def _province_person_delta(vendor: str) -> str:
    """A person's changed religion, for the provinces of their current cells."""
    top = _top("c.path", vendor)
    change = (
        f"(CASE WHEN NEW.religion NOT IN ('{Religion.NONE}', '') THEN 1 ELSE 0 END) - "
        f"(CASE WHEN OLD.religion NOT IN ('{Religion.NONE}', '') THEN 1 ELSE 0 END)"
    )
    return _PROVINCE_UPSERT.format(
        select=f"SELECT {top}, {_STRIPE[vendor]}, 0, 0, SUM({change}) "
        "FROM people_member m JOIN organizations_organization c ON c.id = m.organization_id "
        f"WHERE m.person_id = NEW.id AND m.ended_on IS NULL AND {top} IS NOT NULL GROUP BY 1"
    )


def _province_moved(old: str, new: str, source: str, condition: str, vendor: str) -> str:
    """Cells whose province changed with a move: their counts leave the old province and join
    the new one (`old`, `new`: the paths; `source` and `condition` give them with `k`, the
    cell's counter)."""
    was, now = _top(old, vendor), _top(new, vendor)
    differs = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    moved = f"{source} WHERE {condition} AND {was} {differs} {now}"
    return _PROVINCE_UPSERT.format(
        select=f"SELECT unit, {_STRIPE[vendor]}, SUM(members), SUM(official), SUM(religious) "
        f"FROM (SELECT {now} AS unit, k.members, k.official, k.religious {moved} "
        f"UNION ALL SELECT {was}, -k.members, -k.official, -k.religious {moved}) x "
        "WHERE unit IS NOT NULL GROUP BY unit"
    )


def _province_postgresql() -> list[str]:
    vendor = "postgresql"
    add = _PROVINCE_UPSERT.format(select=_province_delta("NEW", 1, vendor))
    remove = _PROVINCE_UPSERT.format(select=_province_delta("OLD", -1, vendor))
    moved = _province_moved(
        "o.path",
        "n.path",
        "FROM old_rows o JOIN new_rows n ON n.id = o.id "
        "JOIN people_cellcount k ON k.organization_id = n.id",
        "TRUE",
        vendor,
    )
    return [
        "CREATE OR REPLACE FUNCTION people_provincecount_member() RETURNS trigger AS $$ BEGIN "
        f"{_SUSPENDED} "
        f"IF TG_OP <> 'INSERT' THEN {remove}; END IF; "
        f"IF TG_OP <> 'DELETE' THEN {add}; END IF; "
        "RETURN NULL; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER people_provincecount_member AFTER INSERT OR DELETE OR UPDATE OF "
        f"{_MEMBER_COLUMNS} ON people_member FOR EACH ROW "
        "EXECUTE FUNCTION people_provincecount_member()",
        "CREATE OR REPLACE FUNCTION people_provincecount_person() RETURNS trigger AS $$ BEGIN "
        f"{_SUSPENDED} {_province_person_delta(vendor)}; RETURN NULL; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER people_provincecount_person AFTER UPDATE OF religion ON people_person "
        "FOR EACH ROW WHEN (OLD.religion IS DISTINCT FROM NEW.religion) "
        "EXECUTE FUNCTION people_provincecount_person()",
        "CREATE OR REPLACE FUNCTION people_provincecount_moved() RETURNS trigger AS $$ BEGIN "
        f"{moved}; RETURN NULL; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER people_provincecount_moved AFTER UPDATE ON organizations_organization "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
        "EXECUTE FUNCTION people_provincecount_moved()",
    ]


def _province_sqlite() -> list[str]:
    vendor = "sqlite"
    add = _PROVINCE_UPSERT.format(select=_province_delta("NEW", 1, vendor))
    # Taken out by an update of the row that counted the member (never an insert: when the
    # tables are emptied together, the province's row may be gone already).
    top = _top("c.path", vendor)
    remove = (
        "UPDATE people_provincecount SET members = members - 1, "
        f"official = official - (CASE WHEN {_OFFICIAL_SQL.format(row='OLD')} THEN 1 ELSE 0 END), "
        f"religious = religious - COALESCE((SELECT CASE WHEN {_RELIGIOUS_SQL} THEN 1 ELSE 0 END "
        "FROM people_person p WHERE p.id = OLD.person_id), 0) "
        f"WHERE stripe = 0 AND OLD.ended_on IS NULL AND unit_id = (SELECT {top} "
        "FROM organizations_organization c WHERE c.id = OLD.organization_id)"
    )
    moved = _province_moved(
        "OLD.path", "NEW.path", "FROM people_cellcount k", "k.organization_id = NEW.id", vendor
    )
    return [
        f"CREATE TRIGGER people_provincecount_member_insert AFTER INSERT ON people_member "
        f"BEGIN {add}; END",
        f"CREATE TRIGGER people_provincecount_member_delete AFTER DELETE ON people_member "
        f"BEGIN {remove}; END",
        f"CREATE TRIGGER people_provincecount_member_update AFTER UPDATE OF {_MEMBER_COLUMNS} "
        f"ON people_member BEGIN {remove}; {add}; END",
        "CREATE TRIGGER people_provincecount_person AFTER UPDATE OF religion ON people_person "
        f"WHEN OLD.religion IS NOT NEW.religion BEGIN {_province_person_delta(vendor)}; END",
        "CREATE TRIGGER people_provincecount_moved AFTER UPDATE OF path "
        f"ON organizations_organization BEGIN {moved}; END",
    ]


PROVINCE_TRIGGERS = {"postgresql": _province_postgresql, "sqlite": _province_sqlite}
PROVINCE_DROP = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS people_provincecount_member ON people_member",
        "DROP TRIGGER IF EXISTS people_provincecount_person ON people_person",
        "DROP TRIGGER IF EXISTS people_provincecount_moved ON organizations_organization",
        "DROP FUNCTION IF EXISTS people_provincecount_member()",
        "DROP FUNCTION IF EXISTS people_provincecount_person()",
        "DROP FUNCTION IF EXISTS people_provincecount_moved()",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS people_provincecount_member_insert",
        "DROP TRIGGER IF EXISTS people_provincecount_member_delete",
        "DROP TRIGGER IF EXISTS people_provincecount_member_update",
        "DROP TRIGGER IF EXISTS people_provincecount_person",
        "DROP TRIGGER IF EXISTS people_provincecount_moved",
    ],
}


def install_province_triggers(schema_editor) -> None:
    triggers.execute(schema_editor, PROVINCE_TRIGGERS)


def drop_province_triggers(schema_editor) -> None:
    triggers.execute(schema_editor, PROVINCE_DROP)


def install_triggers(schema_editor) -> None:
    """Create the triggers (the migration's forward step)."""
    triggers.execute(schema_editor, TRIGGERS)


def drop_triggers(schema_editor) -> None:
    triggers.execute(schema_editor, DROP)


def rebuild_counts(using: str = "default") -> int:
    """Recount every cell and every province from the rows, in one transaction: after a bulk
    load that bypassed the triggers, or to repair. Returns the number of cells."""
    with transaction.atomic(using=using):
        cells = rebuild_cell_counts(using)
        rebuild_province_counts(using)
    return cells


def rebuild_province_counts(using: str = "default") -> None:
    """The provinces' counters summed from the cells' (one statement)."""
    vendor = connections[using].vendor
    top = _top("c.path", vendor)
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute("DELETE FROM people_provincecount")
        cursor.execute(
            "INSERT INTO people_provincecount (unit_id, stripe, members, official, religious) "
            f"SELECT {top}, 0, SUM(k.members), SUM(k.official), SUM(k.religious) "
            "FROM people_cellcount k JOIN organizations_organization c "
            f"ON c.id = k.organization_id WHERE {top} IS NOT NULL GROUP BY 1"
        )


def rebuild_cell_counts(using: str = "default") -> int:
    """Recount every cell from the rows (one statement each way). Returns the number of
    cells."""
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
            added_sql = _ADDED_SQL.format(*arrays)
            top = _top("c.path", "postgresql")
            with connection.cursor() as cursor:
                cursor.execute(_UPSERT.format(select=added_sql), params)
                cursor.execute(
                    _PROVINCE_UPSERT.format(
                        select=f"SELECT {top}, {_STRIPE['postgresql']}, SUM(a.members), "
                        "SUM(a.official), SUM(a.religious) "
                        f"FROM ({added_sql}) AS a(organization_id, members, official, religious) "
                        "JOIN organizations_organization c ON c.id = a.organization_id "
                        f"WHERE {top} IS NOT NULL GROUP BY 1"
                    ),
                    params,
                )


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


def members_on_by_cell(prefixes, day, fields=FIELDS, depth=None) -> list[tuple[str, dict]]:
    """The members on `day` of the cells under `prefixes` (current paths: pass
    `organizations.history.recorded_prefixes` for the structure as recorded), by the current
    path of their cell on that day: [(path, {field: value})] for the `fields` asked among
    "members", "official" and "religious", one row per path.

    ONE statement: the counters of the cells, minus their current members changed since
    `day`, plus the state on `day` of the members changed since and of those who left since.
    The changed members are found from the cells (under a part of the tree: each cell's
    admissions and exits after `day` by the member indexes on (cell, date), the transfers
    after `day` out of or into a cell by their own indexes), never as a list of ids, so the
    cost is the cells and their changes. A member changes cell only by a confirmed transfer
    (the transfer services, the reorganisation's moves), so one moved since `day` now sits
    where a transfer since then took them. Without "official", the members who only became
    official since are not read (their count on `day` is the same).

    With `depth` (the deepest unit the rows will be rolled up to, `rollup.rollup_depth`), on
    PostgreSQL one row per unit of that depth instead of one per cell: the same roll-up. For
    the whole country rolled up to the provinces (`depth` ≤ 1), the provinces' counters
    (`ProvinceCount`) stand for their cells', as a row at each province's path."""
    fields = tuple(name for name in FIELDS if name in fields)
    rows = _read_on(prefixes, day, fields, by_cell=True, depth=depth)
    return [
        (path, {name: int(v) for name, v in zip(FIELDS, values, strict=True) if name in fields})
        for path, *values in rows
    ]


def _read_on(prefixes, day, fields, *, by_cell: bool, depth=None) -> list[tuple]:
    """The statement of `members_on_by_cell`: rows (path, members, official, religious) by
    cell, or one row of totals (no path: nothing grouped, sorted or sent per cell)."""
    if not prefixes:  # no unit: nothing to read (and no SQL for an empty filter)
        return [] if by_cell else [(0, 0, 0)]
    official = "official" in fields
    units = Organization.objects.filter(descendant_filter("path", prefixes)).order_by()
    paths_sql, paths_params = units.values_list("id", "path").query.sql_with_params()
    ids_sql, ids_params = units.values_list("id").query.sql_with_params()
    whole = any(prefix.count("/") <= 2 for prefix in prefixes)
    # The totals of the whole country: every cell counts, no unit to join and test.
    join_units = by_cell or not (whole and Organization.objects.cover_everything(prefixes))
    # Whole provinces (or the country), in totals or rolled up no deeper than the provinces:
    # the provinces' counters stand for their cells' (34 units' rows, not 254.000 cells
    # joined to their paths); the join to the units keeps those under `prefixes`.
    whole_provinces = all(
        prefix.count("/") <= PROVINCE_DEPTH + 2 and not prefix.endswith(ALONE)
        for prefix in prefixes
    )
    provinces = whole_provinces and (not by_cell or (depth is not None and depth <= PROVINCE_DEPTH))
    # The members whose count may differ between `day` and now: admitted, left or moved
    # since (and, for the official count, made official since). Under a part of the tree,
    # each from the cells (an inline subquery, so that the planner sees how few they are
    # and probes the indexes cell by cell); for the whole tree, by the date indexes.
    in_cells = "" if whole else f" AND {{column}} IN ({ids_sql})"
    cells_params = [] if whole else list(ids_params)
    sources, changed_params = [], []
    dated = ["admission_decided_on", "ended_on"] + (["official_from"] if official else [])
    for column in dated:
        sources.append(
            f"SELECT m.id FROM people_member m WHERE m.{column} > %s"
            + in_cells.format(column="m.organization_id")
        )
        changed_params += [day, *cells_params]
    # The country's totals: a transfer moves a member between two of its cells, so only the
    # dates count (no transfer read: at 5,6 M a past day read 376.000 changed members' moves).
    sides = () if not join_units else ("from",) if whole else ("from", "to")
    for side in sides:
        sources.append(
            f"SELECT t.member_id FROM people_membertransfer t WHERE {_AFTER}"
            + in_cells.format(column=f"t.{side}_organization_id")
        )
        changed_params += [TransferState.CONFIRMED, day, *cells_params]
    since = "r.admitted > %s OR r.first_from IS NOT NULL"
    then = "r.first_from IS NOT NULL OR r.ended > %s"
    if official:
        since += " OR r.official_from > %s"
        then += " OR r.official_from > %s"
    # The person is read only for the religious count (a person's fields carry no dates).
    religion, person = "0", ""
    if "religious" in fields:
        religion = f"(CASE WHEN {_RELIGIOUS_SQL} THEN 1 ELSE 0 END)"
        person = " JOIN people_person p ON p.id = m.person_id"
    # By cell: summed by the cell's id (a hashed integer), its path joined once per cell.
    head, tail = ("u.path, ", " GROUP BY u.id, u.path") if by_cell else ("", "")
    if by_cell and depth is not None and connections[Member.objects.db].vendor == "postgresql":
        # By the cell's ancestor at `depth`: one row per unit of that level.
        head, tail = f"{ancestor_path_sql('u.path', depth)}, ", " GROUP BY 1"
    units_cte = f"units AS ({paths_sql}), " if join_units else ""
    # the cell on `day` of a member moved since: the one their first transfer left
    first_from, first_params = "CAST(NULL AS BIGINT)", []
    if join_units:
        first_from = (
            "(SELECT t.from_organization_id FROM people_membertransfer t "
            f"WHERE t.member_id = m.id AND {_AFTER} ORDER BY t.confirmed_on, t.id LIMIT 1)"
        )
        first_params = [TransferState.CONFIRMED, day]
    sql = (
        f"WITH {units_cte}changed AS ({' UNION '.join(sources)}), "
        "r AS (SELECT m.organization_id AS now_cell, m.admission_decided_on AS admitted, "
        "m.ended_on AS ended, m.official_from, m.status, "
        f"{religion} AS religious, "
        f"{first_from} AS first_from "
        f"FROM people_member m{person} "
        "WHERE m.id IN (SELECT id FROM changed)) "
        f"SELECT {head}SUM(x.members), SUM(x.official), SUM(x.religious) FROM ("
        + (
            "SELECT k.unit_id AS cell, k.members, k.official, k.religious "
            "FROM people_provincecount k"
            if provinces
            else "SELECT k.organization_id AS cell, k.members, k.official, k.religious "
            "FROM people_cellcount k "
            "WHERE NOT (k.members = 0 AND k.official = 0 AND k.religious = 0)"
            + in_cells.format(column="k.organization_id")
        )
        + " UNION ALL "
        "SELECT r.now_cell, -1, "
        f"-(CASE WHEN {_OFFICIAL_SQL.format(row='r')} THEN 1 ELSE 0 END), -r.religious "
        f"FROM r WHERE r.ended IS NULL AND ({since}) "
        "UNION ALL "
        "SELECT COALESCE(r.first_from, r.now_cell), 1, CASE WHEN r.official_from <= %s "
        "OR (r.official_from IS NULL AND r.status = %s) THEN 1 ELSE 0 END, r.religious "
        "FROM r WHERE (r.admitted IS NULL OR r.admitted <= %s) "
        f"AND (r.ended IS NULL OR r.ended > %s) AND ({then})"
        + (f") x JOIN units u ON u.id = x.cell{tail}" if join_units else ") x")
    )
    extra = [day] if official else []
    params = [
        *(paths_params if join_units else []),
        *changed_params,
        *first_params,
        *([] if provinces else cells_params),  # the cells' counters read under `prefixes`
        day,
        *extra,
        day,
        MemberStatus.OFFICIAL,
        day,
        day,
        day,
        *extra,
    ]
    with connections[Member.objects.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def members_on(prefixes, day) -> dict[str, int]:
    """The totals of `members_on_by_cell`: {"members", "official", "probationary",
    "religious"}, summed by the same statement."""
    [row] = _read_on(prefixes, day, FIELDS, by_cell=False)
    totals = {name: int(value or 0) for name, value in zip(FIELDS, row, strict=True)}
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
