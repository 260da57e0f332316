"""The SQL floors of `bench/national.py`: the numbers of each path computed by hand-written
SQL (checked equal to the page's by the bench)."""

from datetime import timedelta
from io import BytesIO

from django.db import connection

from ptdv.organizations.models import Organization
from ptdv.reports import figures
from ptdv.targets.counting import OPEN_DOSSIER_STATES

OPEN_STATES = [str(state) for state in OPEN_DOSSIER_STATES]


def sql(query: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def under(alias: str, prefixes) -> tuple[str, list]:
    """`alias.path` under any of the prefixes (LIKE on PostgreSQL, served by the
    varchar_pattern_ops index; a byte range on SQLite)."""
    if connection.vendor == "postgresql":
        terms = " OR ".join(f"{alias}.path LIKE %s" for _ in prefixes)
        return f"({terms})", [p + "%" for p in prefixes]
    terms = " OR ".join(f"({alias}.path >= %s AND {alias}.path < %s)" for _ in prefixes)
    params = [value for p in prefixes for value in (p, p + "~")]
    return f"({terms})", params


def to_owners(cells: str, columns: str) -> str:
    """FROM-clause joining the grouped `cells` (with a `path`) to `owners(prefix, child)`.
    On PostgreSQL by equality of each ancestor prefix of the cell's path (a hash join: a
    LIKE join would test every cell against every prefix, and the floor would be slower
    than the page); elsewhere by a range test."""
    if connection.vendor == "postgresql":
        parts = "string_to_array(trim(both '/' from c.path), '/')"
        return (
            f" SELECT w.child, {columns} FROM {cells} c"
            f" CROSS JOIN LATERAL generate_series(1, cardinality({parts})) AS k(depth)"
            f" JOIN owners w ON w.prefix = '/' || array_to_string(({parts})[1:k.depth], '/')"
            " || '/' GROUP BY w.child"
        )
    return (
        f" SELECT w.child, {columns} FROM {cells} c JOIN owners w"
        " ON c.path >= w.prefix AND c.path < w.prefix || '~' GROUP BY w.child"
    )


# --- the floors: the same numbers in hand-written SQL ------------------------------------


def cell_at(day: str) -> str:
    """The member's cell on `day` (SQL): the cell left by the first transfer confirmed after
    it, else the current cell."""
    return (
        "COALESCE((SELECT t.from_organization_id FROM people_membertransfer t"
        f" WHERE t.member_id = m.id AND t.state = 'confirmed' AND t.confirmed_on > {day}"
        " ORDER BY t.confirmed_on, t.id LIMIT 1), m.organization_id)"
    )


def candidates(where: str) -> str:
    """The members now in a cell under `where` or who left one by a transfer: those whose
    cell on some day may lie under it (`cells` is the CTE of those cells)."""
    return (
        f"WITH cells AS (SELECT o.id, o.path FROM organizations_organization o WHERE {where}),"
        " rows AS (SELECT m.* FROM people_member m WHERE m.organization_id IN"
        " (SELECT id FROM cells) OR m.id IN"
        " (SELECT t.member_id FROM people_membertransfer t WHERE t.state = 'confirmed'"
        "  AND t.from_organization_id IN (SELECT id FROM cells)))"
    )


def floor_statistics(prefixes, period):
    """From every row: each member under their cell on the figure's day (the stored cell of
    the admission day, `people_member.admitted_in_id`; the end date and the exit read from
    the transfers), the cells' current paths under the prefixes."""
    where, params = under("o", prefixes)
    s, e = period.start, period.end
    row = sql(
        f"{candidates(where)} SELECT"
        " SUM(CASE WHEN m.admission_decided_on BETWEEN %s AND %s"
        "  AND m.admitted_in_id IN (SELECT id FROM cells) THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN (m.admission_decided_on IS NULL OR m.admission_decided_on <= %s)"
        "  AND (m.ended_on IS NULL OR m.ended_on > %s)"
        f"  AND {cell_at('%s')} IN (SELECT id FROM cells) THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN m.ended_on BETWEEN %s AND %s"
        f"  AND {cell_at('m.ended_on')} IN (SELECT id FROM cells) THEN 1 ELSE 0 END)"
        " FROM rows m",
        [*params, s, e, e, e, e, s, e],
    )[0]
    return {"admitted": row[0] or 0, "members": row[1] or 0, "exited": row[2] or 0}


def floor_statistics_counted(prefixes, period):
    """For the country and a province, the same three numbers by hand from what the page
    reads: the admissions of the whole months from the monthly counters
    (`people_admissioncount`) and of the parts of months at the ends from the rows (by the
    stored cell of the admission day); the members at the end date from the per-cell
    counters (`people_cellcount`; the provinces' own, `people_provincecount`, for whole
    provinces or the country) minus the current members changed since (admitted or moved
    after it) plus the members on that day among those and the members who left since (by
    their cell that day); the exits by the cell of their day, or by date alone when the
    prefixes cover the whole tree."""
    from ptdv.organizations.rollup import minimal_prefixes
    from ptdv.people.admission_counts import counted_units

    prefixes = minimal_prefixes(prefixes)
    units = counted_units(prefixes)
    months, edges = figures.whole_months(period)
    where, params = under("o", prefixes)
    cells = f"SELECT o.id FROM organizations_organization o WHERE {where}"
    admitted = 0
    if months:
        admitted += sql(
            "SELECT COALESCE(SUM(count), 0) FROM people_admissioncount WHERE dimension = 'all'"
            f" AND unit_id IN ({', '.join(['%s'] * len(units))}) AND month BETWEEN %s AND %s",
            [*units, *months],
        )[0][0]
    for edge in edges:
        admitted += sql(
            "SELECT COUNT(*) FROM people_member m JOIN organizations_organization o"
            f" ON o.id = m.admitted_in_id WHERE m.admission_decided_on BETWEEN %s AND %s"
            f" AND {where}",
            [edge.start, edge.end, *params],
        )[0][0]
    e = period.end
    moved = (
        "SELECT t.member_id FROM people_membertransfer t"
        " WHERE t.state = 'confirmed' AND t.confirmed_on > %s"
    )
    # Whole provinces (or the country): the provinces' counters, as the page reads them.
    whole_provinces = all(prefix.count("/") <= 3 for prefix in prefixes)
    counted = (
        f"SELECT COALESCE(SUM(members), 0) FROM people_provincecount WHERE unit_id IN ({cells})"
        if whole_provinces
        else f"SELECT COALESCE(SUM(members), 0) FROM people_cellcount"
        f"  WHERE organization_id IN ({cells})"
    )
    members = sql(
        f"SELECT ({counted})"
        " - (SELECT COUNT(*) FROM people_member m WHERE m.ended_on IS NULL"
        f"  AND m.organization_id IN ({cells})"
        f"  AND (m.admission_decided_on > %s OR m.id IN ({moved})))"
        " + (SELECT COUNT(*) FROM people_member m"
        "  WHERE (m.admission_decided_on IS NULL OR m.admission_decided_on <= %s)"
        "  AND (m.ended_on IS NULL OR m.ended_on > %s)"
        f"  AND (m.ended_on > %s OR m.id IN ({moved}))"
        f"  AND {cell_at('%s')} IN ({cells}))",
        [*params, *params, e, e, e, e, e, e, e, *params],
    )[0][0]
    roots = sql("SELECT path FROM organizations_organization WHERE parent_id IS NULL")
    if {path for (path,) in roots} <= set(prefixes):
        exited = sql(
            "SELECT COUNT(*) FROM people_member WHERE ended_on BETWEEN %s AND %s",
            [period.start, e],
        )[0][0]
    else:
        exited = sql(
            f"{candidates(where)} SELECT COUNT(*) FROM rows m"
            f" WHERE m.ended_on BETWEEN %s AND %s AND {cell_at('m.ended_on')} IN"
            " (SELECT id FROM cells)",
            [*params, period.start, e],
        )[0][0]
    return {"admitted": admitted, "members": members, "exited": exited}


_OWNERS = {}


def _owners(unit) -> list[tuple[str, int]]:
    """(prefix, child) pairs, read once outside the timings (the tree, not the figures)."""
    if unit.pk not in _OWNERS:
        _OWNERS[unit.pk] = (
            [
                (prefix, child.pk)
                for child in Organization.objects.filter(parent=unit)
                for prefix in figures.unit_prefixes(child)
            ],
            figures.unit_prefixes(unit),
        )
    return _OWNERS[unit.pk]


def floor_children(unit, start, end):
    """Admissions in [start, end] under each child (with the units merged into it): the
    admissions grouped by the cell of the admission day (`admitted_in_id`), the cells joined
    to the children's prefixes, in SQL (the prefixes are the tree, read once outside the
    timings)."""
    owners, unit_prefixes = _owners(unit)
    if not owners:
        return {}
    values = ", ".join("(%s, %s)" for _ in owners)
    where, params = under("o", unit_prefixes)
    rows = sql(
        f"WITH cells AS (SELECT o.id, o.path FROM organizations_organization o WHERE {where}),"
        f" owners(prefix, child) AS (VALUES {values}),"
        " admitted AS (SELECT c.path, COUNT(*) AS n FROM people_member m"
        " JOIN cells c ON c.id = m.admitted_in_id"
        " WHERE m.admission_decided_on BETWEEN %s AND %s GROUP BY c.path)"
        + to_owners("admitted", "SUM(c.n)"),
        params + [value for pair in owners for value in pair] + [start, end],
    )
    return {int(child): int(n) for child, n in rows}


def floor_ranking(unit, start, end):
    """The ranking's numbers per child: admissions in [start, end] (by the cell of the
    admission day) and members on
    the day before `start` (the rate's base, by their cell on that day), the cells joined to
    the children's prefixes, in SQL."""
    owners, unit_prefixes = _owners(unit)
    values = ", ".join("(%s, %s)" for _ in owners)
    where, params = under("o", unit_prefixes)
    before = start - timedelta(days=1)
    rows = sql(
        f"{candidates(where)}, owners(prefix, child) AS (VALUES {values}),"
        " counted AS (SELECT o.path, COUNT(*) AS a, 0 AS m FROM people_member m"
        " JOIN organizations_organization o ON o.id = m.admitted_in_id"
        f" WHERE {where} AND m.admission_decided_on BETWEEN %s AND %s GROUP BY o.path"
        " UNION ALL SELECT c.path, 0, COUNT(*) FROM rows m"
        f" JOIN cells c ON c.id = {cell_at('%s')}"
        " WHERE (m.admission_decided_on IS NULL OR m.admission_decided_on <= %s)"
        "  AND (m.ended_on IS NULL OR m.ended_on > %s) GROUP BY c.path)"
        + to_owners("counted", "SUM(c.a), SUM(c.m)"),
        params
        + [value for pair in owners for value in pair]
        + params
        + [start, end, before, before, before],
    )
    return {int(child): (int(a), int(m)) for child, a, m in rows}


def floor_months(prefixes, period):
    where, params = under("o", prefixes)
    day = "m.admission_decided_on"
    if connection.vendor == "postgresql":
        parts = f"EXTRACT(YEAR FROM {day}), EXTRACT(MONTH FROM {day})"
    else:
        parts = f"strftime('%%Y', {day}), strftime('%%m', {day})"
    rows = sql(
        f"SELECT {parts}, COUNT(*) FROM people_member m"
        " JOIN organizations_organization o ON o.id = m.admitted_in_id"
        f" WHERE {where} AND m.admission_decided_on BETWEEN %s AND %s GROUP BY 1, 2",
        [*params, period.start, period.end],
    )
    return {(int(y), int(mo)): n for y, mo, n in rows}


def floor_quiet(prefixes, as_of, years):
    where, params = under("c", prefixes)
    cutoff = figures.shift_year(as_of, -years)
    return sql(
        "SELECT COUNT(*) FROM organizations_organization c"
        " JOIN organizations_organizationkind k ON k.id = c.kind_id AND k.is_cell"
        f" WHERE {where} AND (c.valid_to IS NULL OR c.valid_to >= %s)"
        " AND NOT EXISTS (SELECT 1 FROM people_member m WHERE m.admitted_in_id = c.id"
        "  AND m.admission_decided_on >= %s AND m.admission_decided_on <= %s)",
        [*params, as_of, cutoff, as_of],
    )[0][0]


def floor_watch_cells(prefixes, as_of):
    """The two other cell lists of the watch page: cells without a source (no valid
    certificate of a non-member they sent, no open dossier) and residential cells without a
    member on the day."""
    where, params = under("c", prefixes)
    cells = (
        "FROM organizations_organization c"
        " JOIN organizations_organizationkind k ON k.id = c.kind_id AND k.is_cell"
        " LEFT JOIN organizations_sector s ON s.id = c.sector_id"
        f" WHERE {where} AND (c.valid_from IS NULL OR c.valid_from <= %s)"
        " AND (c.valid_to IS NULL OR c.valid_to >= %s)"
    )
    without_source = sql(
        f"SELECT COUNT(*) {cells}"
        " AND NOT EXISTS (SELECT 1 FROM training_enrolment e WHERE e.organization_id = c.id"
        "  AND e.result = 'passed' AND e.certificate_date <= %s"
        "  AND e.certificate_expires_on >= %s"
        "  AND NOT EXISTS (SELECT 1 FROM people_member m WHERE m.person_id = e.person_id))"
        " AND NOT EXISTS (SELECT 1 FROM recruitment_dossier d WHERE d.organization_id = c.id"
        f"  AND d.state IN ({', '.join(['%s'] * len(OPEN_STATES))}))",
        [*params, as_of, as_of, as_of, as_of, *OPEN_STATES],
    )[0][0]
    empty = sql(
        f"SELECT COUNT(*) {cells} AND s.is_residential"
        " AND NOT EXISTS (SELECT 1 FROM people_member m WHERE m.organization_id = c.id"
        "  AND (m.admission_decided_on IS NULL OR m.admission_decided_on <= %s)"
        "  AND (m.ended_on IS NULL OR m.ended_on > %s))",
        [*params, as_of, as_of, as_of, as_of],
    )[0][0]
    return without_source, empty


def floor_open_dossiers(prefixes):
    where, params = under("o", prefixes)
    return sql(
        "SELECT COUNT(*) FROM recruitment_dossier d"
        " JOIN organizations_organization o ON o.id = d.organization_id"
        f" WHERE {where} AND d.state NOT IN ('official', 'rejected', 'dropped', 'struck_off')",
        params,
    )[0][0]


def _member_export_rows(prefixes) -> list[tuple]:
    """The export's columns of the subtree's current members, in its order, read in SQL."""
    where, params = under("o", prefixes)
    return sql(
        "SELECT p.full_name, p.birth_date, p.sex, p.citizen_id, p.ethnicity, p.religion,"
        " p.general_education, p.professional_level, p.occupation, p.home_town, p.residence,"
        " o.code, m.status, m.admission_decided_on, m.ceremony_on, m.official_from,"
        " m.party_card_number"
        " FROM people_member m"
        " JOIN people_person p ON p.id = m.person_id"
        " JOIN organizations_organization o ON o.id = m.organization_id"
        f" WHERE {where} AND m.ended_on IS NULL ORDER BY p.sort_key, m.id",
        params,
    )


def floor_member_export(prefixes) -> int:
    """The member export's floor: the same columns of the subtree's current members read in
    SQL, in the same order, and written to an .xlsx with no title, header, style, label or
    audit row, by the fastest writer at hand (`core.spreadsheets.xlsx_bytes_with_rows`, the
    page's own: the rows as the sheet's XML). Returns the rows written."""
    from ptdv.core.spreadsheets import new_workbook, xlsx_bytes_with_rows

    rows = _member_export_rows(prefixes)
    workbook = new_workbook()
    xlsx_bytes_with_rows(workbook, workbook.active, rows, [None] * 17)
    return len(rows)


def floor_member_export_openpyxl(prefixes) -> int:
    """The earlier floor, which the page now costs less than: the same rows written with
    openpyxl's streaming writer, no styles."""
    from openpyxl import Workbook

    rows = _member_export_rows(prefixes)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(row)
    workbook.save(BytesIO())
    return len(rows)


CLOSED_STATES = ("official", "rejected", "dropped", "struck_off")


def floor_worklist(prefixes, today, horizon, cert_horizon, waiting_states) -> tuple:
    """The worklist's three totals from one scan of the subtree's open dossiers: overdue,
    due by the horizon (certificates by their own), and waiting for the role's step."""
    where, params = under("o", prefixes)
    soon = (
        "d.due_on >= %s AND ((d.due_rule <> 'R8' AND d.due_on <= %s)"
        " OR (d.due_rule = 'R8' AND d.due_on <= %s))"
    )
    waiting = ", ".join(["%s"] * len(waiting_states)) or "NULL"
    row = sql(
        "SELECT COUNT(*) FILTER (WHERE d.due_on < %s),"
        f" COUNT(*) FILTER (WHERE {soon}),"
        f" COUNT(*) FILTER (WHERE d.state IN ({waiting})"
        f"  AND NOT COALESCE(d.due_on < %s OR ({soon}), false))"
        " FROM recruitment_dossier d JOIN organizations_organization o"
        " ON o.id = d.organization_id"
        f" WHERE {where} AND d.state NOT IN ({', '.join(['%s'] * len(CLOSED_STATES))})",
        [
            today,
            today,
            horizon,
            cert_horizon,
            *waiting_states,
            today,
            today,
            horizon,
            cert_horizon,
            *params,
            *CLOSED_STATES,
        ],
    )[0]
    return tuple(row)
