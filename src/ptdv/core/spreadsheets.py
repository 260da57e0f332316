"""The one writer of every spreadsheet the system produces (exports, templates, error
workbooks, statistical forms): user text is always written as text, never as a formula.

openpyxl turns any string that starts with "=" into a formula. Files made here travel up the
tree to other officers, so a name typed as `=HYPERLINK(...)` must stay a name: before saving,
every string cell is written as a string and the text that a spreadsheet program would read
as a formula or a command (leading `= + - @`, tab, carriage return) gets the "quote prefix"
style — Excel and LibreOffice show the text unchanged and keep it text when it is edited.
The system writes no formulas of its own (drop-down lists are data validations, not cells).
"""

import io
import re

from openpyxl import Workbook

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


def sheet_title(text: str, fallback: str = "Trang tính") -> str:
    """A valid sheet name from any text (Excel refuses []:*?/\\ and more than 31 characters)."""
    return _BAD_TITLE.sub(" ", text or "").strip()[:31] or fallback
