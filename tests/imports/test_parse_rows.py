"""The cells of a file are parsed column by column (`engine.parse_rows`): every kind's rows
come out as a plain row-by-row reading gives them, hostile cells included — the values, the
rows marked bad and the problems, in the same order."""

from datetime import date, datetime

import pytest

from ptdv.imports.engine import Plan, Problem, parse_rows
from ptdv.imports.kinds import KINDS
from ptdv.imports.reading import Table
from ptdv.imports.spec import CellError


def row_by_row(kind, table) -> tuple[list[tuple[int, dict]], list[Problem]]:
    """The reference: each row, each column in the kind's order, each cell parsed."""
    rows, problems = [], []
    for number, cells in table.rows:
        values, bad = {}, False
        for column in kind.columns:
            position = table.columns.get(column.name)
            raw = cells[position] if position is not None and position < len(cells) else None
            try:
                value = column.parse(raw)
            except CellError as error:
                problems.append(Problem(number, column.header, str(error)))
                bad = True
                continue
            if column.required and value in ("", None):
                problems.append(Problem(number, column.header, f"Thiếu {column.header}."))
                bad = True
            values[column.name] = value
        rows.append((number, {**values, "_bad": True} if bad else values))
    return rows, problems


# What a spreadsheet or a CSV can hand over in any cell: equal values of other types
# (True, 1, 1.0), serials, dates and datetimes, blanks, unreadable and unknown texts,
# control characters, a formula's error text, very long text.
HOSTILE = [
    None,
    "",
    "   ",
    True,
    False,
    1,
    1.0,
    0,
    45000,
    45000.0,
    -3,
    1e300,
    date(2020, 2, 29),
    datetime(2021, 5, 19, 8, 30),
    "31/02/2020",
    "19/05/2024",
    " 19/05/2024 ",
    "2024-05-19",
    "45000",
    "abc",
    "Nam",
    "nữ",
    "Kinh",
    "Chính thức",
    "dự bị",
    "CB001",
    " cb 001 ",
    "'001090000123",
    "001090000123",
    "Nguyễn Văn An",
    "Nguyễn  Văn\tAn",
    "Nguyê\u0303n Văn An",  # decomposed
    "a\x00b",
    "#REF!",
    "=1+1",
    "x" * 5000,
]


def hostile_table(kind, *, width: int, rows: int, drop: str | None = None) -> Table:
    """`rows` rows of `width` cells drawn from HOSTILE in a fixed pattern that puts every
    value in every column (in the reverse order of the kind's), some rows shorter than the
    header, and (`drop`) one column absent."""
    names = [column.name for column in kind.columns if column.name != drop]
    columns = {name: width - 1 - position for position, name in enumerate(names)}
    table = Table(sheet="S", header_row=1, columns=columns, headers=names)
    for index in range(rows):
        cells = [HOSTILE[(index * 7 + at * 3) % len(HOSTILE)] for at in range(width)]
        if index % 11 == 5:
            cells = cells[: index % width]  # a short row (a CSV line, a trimmed sheet row)
        table.rows.append((index + 2, cells))
    return table


@pytest.mark.parametrize("name", sorted(KINDS))
@pytest.mark.parametrize("drop", [None, "last"])
def test_hostile_cells_are_read_as_row_by_row(name, drop):
    kind = KINDS[name]
    dropped = kind.columns[-1].name if drop else None
    table = hostile_table(kind, width=len(kind.columns), rows=400, drop=dropped)
    expected_rows, expected_problems = row_by_row(kind, table)
    plan = Plan()
    assert parse_rows(kind, table, plan) == expected_rows
    assert plan.problems == expected_problems
    assert expected_problems, "the table must hold unreadable and missing cells"


def test_a_file_of_good_rows_has_no_problem_and_no_mark():
    kind = KINDS["members"]
    good = {
        "full_name": "Nguyễn Văn An",
        "birth_date": "01/02/1980",
        "sex": "Nam",
        "unit_code": "CB001",
        "status": "Chính thức",
        "admission_decided_on": date(2005, 3, 4),
    }
    names = [column.name for column in kind.columns]
    table = Table(sheet="S", header_row=1, columns={n: i for i, n in enumerate(names)}, headers=[])
    for index in range(50):
        table.rows.append((index + 2, [good.get(name) for name in names]))
    plan = Plan()
    rows = parse_rows(kind, table, plan)
    assert plan.problems == []
    assert rows == row_by_row(kind, table)[0]
    assert rows[0][1]["birth_date"] == date(1980, 2, 1)
    assert all("_bad" not in values for _, values in rows)
