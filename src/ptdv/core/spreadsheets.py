"""The one writer of every spreadsheet the system produces (exports, templates, error
workbooks, statistical forms): user text is always written as text, never as a formula.

openpyxl turns any string that starts with "=" into a formula. Files made here travel up the
tree to other officers, so a name typed as `=HYPERLINK(...)` must stay a name: before saving,
every string cell is written as a string and the text that a spreadsheet program would read
as a formula or a command (leading `= + - @`, tab, carriage return) gets the "quote prefix"
style — Excel and LibreOffice show the text unchanged and keep it text when it is edited.
The system writes no formulas of its own (drop-down lists are data validations, not cells).

Long lists (a commune's members: thousands of rows) are written by `xlsx_bytes_with_rows`:
the workbook, its title and header rows are openpyxl's, the list's rows are written straight
as the sheet's XML, a cell per value with no cell object, the same cells openpyxl writes.
"""

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def new_workbook() -> Workbook:
    return Workbook()


def is_risky(text: str) -> bool:
    """Text that a spreadsheet program would take for a formula if typed in."""
    return text.startswith(FORMULA_TRIGGERS)


def neutralise(workbook: Workbook) -> None:
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if not isinstance(value, str):
                    continue
                if cell.data_type == "f" or is_risky(value):
                    cell.data_type = "s"
                    cell.quotePrefix = True


def xlsx_bytes(workbook: Workbook) -> bytes:
    """The workbook as .xlsx bytes, with every string cell made safe."""
    neutralise(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_bytes_with_rows(
    workbook: Workbook,
    sheet,
    rows: Iterable[Sequence],
    formats: Sequence[str | None],
) -> bytes:
    """The workbook as .xlsx bytes (as `xlsx_bytes`), with `rows` added to `sheet` below its
    last row (`sheet.max_row`): the i-th value of a row in the i-th column, with the number format
    `formats[i]` (None: General). A value is None or "" (no value), text, a number, a
    boolean, a date or a datetime. The cells are those openpyxl writes for the same values
    and formats: text inline, risky text with the quote prefix, dates as serial numbers,
    an empty cell of a formatted column kept with its format (a CCCD typed into it later
    keeps its leading zeros); characters XML cannot hold are left out."""
    neutralise(workbook)
    first = sheet.max_row + 1  # openpyxl counts an empty sheet as one row
    width = len(formats)
    styles = [_style_id(sheet, fmt, False) for fmt in formats]
    quoted = [_style_id(sheet, fmt, True) for fmt in formats]
    buffer = io.BytesIO()
    workbook.save(buffer)
    body, last = _sheet_rows(rows, first, styles, quoted, width)
    return _with_rows(buffer.getvalue(), sheet, body, max(last, sheet.max_row), width)


def _style_id(sheet, number_format: str | None, quote_prefix: bool) -> int:
    """The index of the cell format (number format, quote prefix) in the workbook's styles,
    added to them if new: what a cell of that style is written with."""
    cell = Cell(sheet)
    if number_format:
        cell.number_format = number_format
    if quote_prefix:
        cell.quotePrefix = True
    return cell.style_id


def _sheet_rows(rows, first: int, styles, quoted, width: int) -> tuple[str, int]:
    """The `<row>` elements of `rows` from row number `first`, and the last row number. A
    cell is its reference and a tail (style, type, value) made once per column and distinct
    text or date: names, places, codes and dates repeat row after row."""
    letters = [get_column_letter(index) for index in range(1, width + 1)]
    tails: list[dict] = [{} for _ in range(width)]
    parts = []
    append = parts.append
    number = first - 1
    for number, values in enumerate(rows, start=first):
        append(f'<row r="{number}">')
        for index, value in enumerate(values):
            kept = type(value) in _KEPT
            tail = tails[index].get(value) if kept else None
            if tail is None:
                tail = _tail(value, styles[index], quoted[index])
                if kept:
                    tails[index][value] = tail
            if tail:
                append(f'<c r="{letters[index]}{number}"{tail}')
        append("</row>")
    return "".join(parts), number


_KEPT = (str, date, type(None))  # the types whose equal values are the same cell


def _tail(value, style: int, quoted: int) -> str:
    """What follows a cell's reference: its style, type and value ("" for no cell)."""
    if value is None or value == "":
        return f' s="{style}"/>' if style else ""
    if isinstance(value, str):
        style = quoted if is_risky(value) else style
        kind, content = "inlineStr", _inline_text(value)
    elif isinstance(value, bool):
        kind, content = "b", f"<v>{int(value)}</v>"
    elif isinstance(value, (int, float, Decimal)):
        kind = "n"
        content = f"<v>{value:.16g}</v>" if isinstance(value, float) else f"<v>{value}</v>"
    elif isinstance(value, (date, datetime)):
        kind, content = "n", f"<v>{to_excel(value):.16g}</v>"
    else:
        kind, content = "inlineStr", _inline_text(str(value))
    style_attribute = f' s="{style}"' if style else ""
    return f'{style_attribute} t="{kind}">{content}</c>'


def _inline_text(value: str) -> str:
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f"<is><t{space}>{escape(value)}</t></is>"


_DIMENSION = re.compile(rb'<dimension ref="[^"]*"\s*/>')
_EMPTY_DATA = re.compile(rb"<sheetData\s*/>")


def _with_rows(package: bytes, sheet, body: str, last: int, width: int) -> bytes:
    """The saved package with `body` added at the end of the sheet's data."""
    part = sheet.path.lstrip("/")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                data = _spliced(data, body.encode(), last, max(width, sheet.max_column))
                # Level 3: a tenth larger than openpyxl's level 6, a third of its time.
                target.writestr(info, data, compresslevel=3)
            else:
                target.writestr(info, data)
    return out.getvalue()


def _spliced(xml: bytes, body: bytes, last: int, width: int) -> bytes:
    if body:
        if _EMPTY_DATA.search(xml):
            xml = _EMPTY_DATA.sub(lambda _: b"<sheetData>" + body + b"</sheetData>", xml, 1)
        else:
            head, tail = xml.split(b"</sheetData>", 1)
            xml = head + body + b"</sheetData>" + tail
    ref = f"A1:{get_column_letter(width)}{last}".encode()
    return _DIMENSION.sub(lambda _: b'<dimension ref="' + ref + b'"/>', xml, 1)


def sheet_title(text: str, fallback: str = "Trang tính") -> str:
    """A valid sheet name from any text (Excel refuses []:*?/\\ and more than 31 characters)."""
    return _BAD_TITLE.sub(" ", text or "").strip()[:31] or fallback
