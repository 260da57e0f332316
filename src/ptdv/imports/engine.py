"""The small engine every kind of import runs through, one way:

read (`reading`, in a child process: `sandbox`) → check (`parse_rows`: every cell of every
row, each error listed) → plan (the kind's `plan`: what each row would do, against the
database) → apply (the kind's `apply` through `apply_rows`: one transaction, the first refusal
undoes everything). The kinds are declared in `kinds.py`, one module each; this module knows
none of them.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date

from django.db import transaction

from ptdv.core.errors import DomainError
from ptdv.imports.reading import Table
from ptdv.imports.spec import CellError, Kind
from ptdv.organizations.models import Organization
from ptdv.organizations.scope import in_scope

CREATE, UPDATE, SKIP = "create", "update", "skip"
ACTION_LABELS = {CREATE: "Thêm mới", UPDATE: "Cập nhật", SKIP: "Bỏ qua"}
CHUNK = 900  # values per IN (...) query, below SQLite's variable limit


@dataclass
class Problem:
    row: int  # the spreadsheet's row number (0: the whole file)
    column: str  # the column's header ("" for the whole row)
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class RowPlan:
    row: int
    action: str
    reason: str
    values: dict
    person_id: int | None = None
    unit_id: int | None = None
    name_key: str = ""  # the person's name as matched (`fold`), for a later recheck

    def summary(self) -> dict:
        return {
            "row": self.row,
            "action": self.action,
            "reason": self.reason,
            "full_name": self.values.get("full_name", ""),
            "birth_date": day_text(self.values.get("birth_date")),
            "unit_code": self.values.get("unit_code", ""),
        }


@dataclass
class Plan:
    rows: list[RowPlan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = {CREATE: 0, UPDATE: 0, SKIP: 0}
        for row in self.rows:
            counts[row.action] += 1
        return counts


def day_text(value) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else ""


def chunks(values: list, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def parse_rows(kind: Kind, table: Table, plan: Plan) -> list[tuple[int, dict]]:
    """Each row's cells parsed; every cell that cannot be read, or is required and empty,
    becomes a problem of its own (the row is marked bad, its other checks still run).
    A text cell is parsed once per column and spelling: the same unit code, ethnicity,
    place or date, row after row, is read from what its first occurrence gave."""
    columns = [
        (column, table.columns.get(column.name), {}, f"Thiếu {column.header}.")
        for column in kind.columns
    ]
    parsed = []
    for number, cells in table.rows:
        values: dict = {}
        bad = False
        size = len(cells)
        for column, position, seen, missing in columns:
            raw = cells[position] if position is not None and position < size else None
            if type(raw) is str:
                value = seen.get(raw, _UNSEEN)
                if value is _UNSEEN:
                    value = seen[raw] = _parsed(column, raw)
            else:
                value = _parsed(column, raw)
            if type(value) is _Unreadable:
                plan.problems.append(Problem(number, column.header, value.message))
                bad = True
                continue
            if column.required and value in ("", None):
                plan.problems.append(Problem(number, column.header, missing))
                bad = True
            values[column.name] = value
        parsed.append((number, values if not bad else {**values, "_bad": True}))
    return parsed


_UNSEEN = object()


class _Unreadable:
    """A cell that could not be read, with the reason (kept for the same spelling later)."""

    __slots__ = ("message",)

    def __init__(self, message: str):
        self.message = message


def _parsed(column, raw):
    try:
        return column.parse(raw)
    except CellError as error:
        return _Unreadable(str(error))


def row_problems(header: dict[str, str], number: int) -> tuple[list[Problem], Callable]:
    """A row's list of problems and the function that adds one by field name."""
    problems: list[Problem] = []

    def problem(name: str, message: str) -> None:
        problems.append(Problem(number, header.get(name, ""), message))

    return problems, problem


def units_by_code(codes: set[str]) -> tuple[dict[str, Organization], set[str]]:
    """Units by code among `codes`, and the codes that exist at all."""
    found: dict[str, Organization] = {}
    existing: set[str] = set()
    for chunk in chunks(sorted(codes)):
        for unit in Organization.objects.filter(code__in=chunk).select_related("kind"):
            existing.add(unit.code)
            found[unit.code] = unit
    return found, existing


def check_unit(code, units, existing_codes, user, problem, *, cell: bool) -> Organization | None:
    """The unit a row names by code, if it exists and is in the user's scope (and, for rows
    about people, a cell still in being); otherwise the reason is added as a problem."""
    if not code:
        return None
    unit = units.get(code)
    if code not in existing_codes:
        problem("unit_code", f"Không có tổ chức đảng nào mang mã «{code}».")
    elif not in_scope(user, unit.path):
        problem("unit_code", f"Mã «{code}» là đơn vị nằm ngoài phạm vi quản lý của bạn.")
        return None
    elif cell and not unit.kind.is_cell:
        problem("unit_code", f"«{unit.name}» (mã {code}) không phải là chi bộ.")
    elif cell and unit.valid_to is not None:
        problem("unit_code", f"«{unit.name}» đã giải thể từ {unit.valid_to:%d/%m/%Y}.")
    return unit


class RowRefused(Exception):
    def __init__(self, row: int, message: str):
        super().__init__(message)
        self.row = row
        self.message = message


def apply_rows(
    plan: Plan,
    write: Callable[[RowPlan], None],
    progress: Callable | None = None,
) -> dict[str, int]:
    """Write every row of the plan but the skipped ones in one transaction; the first
    DomainError undoes every row and is raised with its row number."""
    counts = plan.counts()
    with transaction.atomic():
        for index, row in enumerate(plan.rows):
            if progress and index % 500 == 0:
                progress(index)
            if row.action == SKIP:
                continue
            try:
                write(row)
            except DomainError as error:
                raise RowRefused(row.row, error.message) from error
    return counts
