"""The plan of a checked file, kept for its confirmation.

The check reads the file, checks every cell and row and decides each row against the
database (`kinds.plan`). Of all this, only the database can change before the confirmation:
the file and its values cannot. So the check keeps its plan (`CheckedPlan`, compressed
JSON), and the confirmation checks again only what rests on the database, in a few queries
for the whole file (`recheck`): the user may still write this kind, each cell of the file
still exists, is a cell, is in being and in the user's scope, and the persons the rows are
about (same CCCD, or same name and birth date) are the ones found at the check, with the
same decision for each row. The uniqueness of CCCDs and party card numbers is checked again
by the write itself (`people.services.member_bulk_create`, one query per 900). When
anything differs, or the check was not made today, there is no kept plan: the file is read
and checked again from the start, with the messages of a first check.
"""

import json
import zlib
from datetime import date

from django.utils import timezone

from ptdv.imports import members
from ptdv.imports.engine import Plan, RowPlan, check_unit, row_problems, units_by_code
from ptdv.imports.models import CheckedPlan
from ptdv.imports.spec import DATE, Kind
from ptdv.people import services as people_services

KINDS_KEPT = ("members",)


FORMAT = 2  # column by column, dates as day numbers (`date.toordinal`)
_ROW_FIELDS = ("row", "action", "reason", "person_id", "unit_id", "name_key")


def keep(job, kind: Kind, plan: Plan) -> None:
    """Keep the rows of a plan without problems (a kind that can be rechecked), column by
    column: JSON of plain lists, dates as day numbers."""
    if kind.code not in KINDS_KEPT or plan.problems:
        forget(job)
        return
    rows = plan.rows
    days = {column.name for column in kind.columns if column.kind == DATE}
    values = {}
    for column in kind.columns:
        cells = [row.values[column.name] for row in rows]
        if column.name in days:
            cells = [None if cell is None else cell.toordinal() for cell in cells]
        values[column.name] = cells
    kept = {"format": FORMAT, "values": values}
    kept.update({name: [getattr(row, name) for row in rows] for name in _ROW_FIELDS})
    try:
        text = json.dumps(kept, ensure_ascii=False, separators=(",", ":")).encode()
    except (TypeError, AttributeError, UnicodeError):  # the confirmation checks the file again
        forget(job)
        return
    CheckedPlan.objects.update_or_create(
        job=job, defaults={"checked_on": timezone.localdate(), "data": zlib.compress(text, 1)}
    )


def forget(job) -> None:
    CheckedPlan.objects.filter(job=job).delete()


def recheck(job, kind: Kind, user) -> Plan | None:
    """The kept plan of `job`, if it still holds (see the module's text); None otherwise."""
    found = CheckedPlan.objects.filter(job=job).first()
    if kind.code not in KINDS_KEPT or found is None:
        return None
    if found.checked_on != timezone.localdate() or members.write_refusal(kind, user):
        return None
    rows = _rows(kind, bytes(found.data))
    if rows is None:
        return None
    codes = {row.values["unit_code"]: row.unit_id for row in rows}
    units, existing = units_by_code(set(codes))
    for code, unit_id in codes.items():
        problems, problem = row_problems({}, 0)
        unit = check_unit(code, units, existing, user, problem, cell=True)
        if problems or unit is None or unit.pk != unit_id:
            return None
    by_id, by_name = people_services.existing_persons(
        [(row.values["citizen_id"], row.name_key, row.values["birth_date"]) for row in rows]
    )
    for row in rows:
        values = row.values
        if (
            row.person_id is None
            and values["citizen_id"] not in by_id
            and (row.name_key, values["birth_date"]) not in by_name
        ):
            continue  # still nobody in the database: a new person, as decided
        unit = units[values["unit_code"]]
        decided = members.decide(row.row, values, unit, user, by_id, by_name, row.name_key)
        if not isinstance(decided, RowPlan) or (
            (decided.action, decided.reason, decided.person_id)
            != (row.action, row.reason, row.person_id)
        ):
            return None
    return Plan(rows=rows)


def _rows(kind: Kind, data: bytes) -> list[RowPlan] | None:
    """The rows kept by `keep` (None: kept in another format, the file is checked again)."""
    kept = json.loads(zlib.decompress(data))
    if not isinstance(kept, dict) or kept.get("format") != FORMAT:
        return None
    names = [column.name for column in kind.columns]
    cells = []
    for column in kind.columns:
        column_cells = kept["values"][column.name]
        if column.kind == DATE:
            column_cells = [None if day is None else date.fromordinal(day) for day in column_cells]
        cells.append(column_cells)
    values = [dict(zip(names, row, strict=True)) for row in zip(*cells, strict=True)]
    number, action, reason, person_id, unit_id, name_key = (kept[name] for name in _ROW_FIELDS)
    return [
        RowPlan(*fields)
        for fields in zip(number, action, reason, values, person_id, unit_id, name_key, strict=True)
    ]
