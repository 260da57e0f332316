"""Workbooks written with openpyxl: the template of a kind, the export of a list (the same
layout, so an export imports back), and the error report with the faulty cells marked."""

from datetime import date

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from ptdv.core.spreadsheets import (
    XLSX_TYPE,
    new_workbook,
    sheet_title,
    xlsx_bytes,
    xlsx_bytes_with_rows,
)
from ptdv.imports.kinds import KINDS
from ptdv.imports.spec import CHOICE, CITIZEN_ID, CODE, DATE, Kind

XLSX = XLSX_TYPE
TITLE_ROW, HEADER_ROW = 1, 2
RED = PatternFill("solid", fgColor="FFC7CE")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)
DATE_FORMAT = "DD/MM/YYYY"
LISTS_SHEET = "Danh mục"
UNITS_SHEET = "Danh mục chi bộ"
NOTES_SHEET = "Hướng dẫn"


def _to_bytes(workbook: Workbook) -> bytes:
    return xlsx_bytes(workbook)


def _data_sheet(workbook: Workbook, kind: Kind, title: str):
    sheet = workbook.active
    sheet.title = kind.sheet
    sheet.cell(TITLE_ROW, 1, title).font = Font(bold=True, size=13)
    sheet.merge_cells(
        start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=len(kind.columns)
    )
    for index, column in enumerate(kind.columns, start=1):
        cell = sheet.cell(HEADER_ROW, index, column.header)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        note = ("Bắt buộc. " if column.required else "") + column.note
        if note.strip():
            cell.comment = Comment(note.strip(), "PTĐV")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"  # a coordinate: no empty cell made
    return sheet


def _validations(workbook: Workbook, sheet, kind: Kind, units: list[tuple[str, str]]) -> None:
    lists = workbook.create_sheet(LISTS_SHEET)
    last = HEADER_ROW + 5000
    position = 0
    for index, column in enumerate(kind.columns, start=1):
        letter = get_column_letter(index)
        if column.kind == CHOICE:
            position += 1
            list_letter = get_column_letter(position)
            lists.cell(1, position, column.header).font = BOLD
            for offset, (_, label) in enumerate(column.choices, start=2):
                lists.cell(offset, position, label)
            end = len(column.choices) + 1
            formula = f"{quote_sheetname(LISTS_SHEET)}!${list_letter}$2:${list_letter}${end}"
            validation = DataValidation(type="list", formula1=formula, allow_blank=True)
            validation.error = f"Hãy chọn {column.header} trong danh sách."
            validation.errorTitle = column.header
        elif column.kind == DATE:
            validation = DataValidation(
                type="date", operator="between", formula1="1", formula2="73050"
            )
            validation.error = "Ngày phải có dạng dd/mm/yyyy."
            validation.errorTitle = column.header
        elif column.name == "unit_code" and units:
            end = len(units) + 1
            formula = f"{quote_sheetname(UNITS_SHEET)}!$A$2:$A${end}"
            validation = DataValidation(type="list", formula1=formula, allow_blank=True)
            validation.showErrorMessage = False  # a code typed by hand is checked on import
        else:
            continue
        sheet.add_data_validation(validation)
        validation.add(f"{letter}{HEADER_ROW + 1}:{letter}{last}")
        if column.kind in (CODE, CITIZEN_ID):
            for row in range(HEADER_ROW + 1, HEADER_ROW + 201):
                sheet.cell(row, index).number_format = "@"
    lists.sheet_state = "hidden"


def _sentences(*parts: str) -> str:
    """Notes as sentences: each part starts with a capital and ends with a full stop
    ("Chọn trong danh sách.", "để trống: Kinh" → "Chọn trong danh sách. Để trống: Kinh.")."""
    done = []
    for part in parts:
        part = part.strip().rstrip(".")
        if part:
            done.append(part[0].upper() + part[1:] + ".")
    return " ".join(done)


def template(kind: Kind, units: list[tuple[str, str]]) -> bytes:
    """An empty import file: the data sheet with headers and drop-down lists, the notes,
    the lists, and the user's cells (code, name)."""
    workbook = new_workbook()
    sheet = _data_sheet(workbook, kind, f"{kind.title.upper()} (mẫu nhập PTĐV)")
    for index, column in enumerate(kind.columns, start=1):
        if column.kind in (CODE, CITIZEN_ID):
            for row in range(HEADER_ROW + 1, HEADER_ROW + 201):
                sheet.cell(row, index).number_format = "@"
    notes = workbook.create_sheet(NOTES_SHEET)
    notes.append(["Cột", "Bắt buộc", "Cách ghi"])
    for cell in notes[1]:
        cell.font = BOLD
    for column in kind.columns:
        how = _sentences(column.note)
        if column.kind == DATE:
            extra = "" if column.note == "dd/mm/yyyy" else column.note
            how = _sentences("Ngày dạng dd/mm/yyyy (ví dụ 19/05/2024)", extra)
        if column.kind == CHOICE:
            how = _sentences("Chọn trong danh sách", column.note)
        notes.append([column.header, "Có" if column.required else "", how])
    notes.append([])
    notes.append(["Dòng tiêu đề có thể đứng dưới các dòng tên bảng; dòng trống được bỏ qua."])
    notes.append(["Không ghi được gì nếu còn một ô sai: hệ thống liệt kê mọi ô sai để sửa."])
    notes.column_dimensions["A"].width = 26
    notes.column_dimensions["C"].width = 70
    unit_sheet = workbook.create_sheet(UNITS_SHEET)
    unit_sheet.append(["Mã chi bộ", "Tên chi bộ"])
    for cell in unit_sheet[1]:
        cell.font = BOLD
    for code, name in units:
        unit_sheet.append([code, name])
        unit_sheet.cell(unit_sheet.max_row, 1).number_format = "@"
    unit_sheet.column_dimensions["A"].width = 14
    unit_sheet.column_dimensions["B"].width = 40
    _validations(workbook, sheet, kind, units)
    return _to_bytes(workbook)


def export(kind: Kind, title: str, rows: list[dict]) -> bytes:
    """A list in the template's layout: `rows` hold stored values by column name. The cells
    are those openpyxl wrote cell by cell (a choice as its label, a date in the dd/mm/yyyy format,
    a code or a CCCD as text, an empty text as no value), written as the sheet's XML
    (`xlsx_bytes_with_rows`): a commune's list is thousands of rows."""
    workbook = new_workbook()
    sheet = _data_sheet(workbook, kind, title)
    formats = [_number_format(column) for column in kind.columns]
    names = [column.name for column in kind.columns]
    labels = {
        index: {stored: label for stored, label in reversed(column.choices)}
        for index, column in enumerate(kind.columns)
        if column.kind == CHOICE
    }

    def cells(values: dict) -> list:
        row = [values.get(name) for name in names]
        for index, label in labels.items():
            value = row[index]
            if value not in ("", None):
                row[index] = label.get(value, value if isinstance(value, str) else str(value))
        return row

    return xlsx_bytes_with_rows(workbook, sheet, map(cells, rows), formats)


def _number_format(column) -> str | None:
    if column.kind == DATE:
        return DATE_FORMAT
    if column.kind in (CODE, CITIZEN_ID):
        return "@"  # text: leading zeros stay
    return None


def error_report(file_name: str, table, problems: list[dict]) -> bytes:
    """The file's rows as they were read, each faulty cell filled red with its message as a
    comment, and a sheet listing every problem (row, column, message)."""
    workbook = new_workbook()
    listing = workbook.active
    listing.title = "Lỗi"
    listing.append([f"Lỗi trong tệp «{file_name}»"])
    listing["A1"].font = Font(bold=True, size=13)
    listing.append(["Dòng", "Cột", "Lỗi"])
    for cell in listing[2]:
        cell.font = BOLD
    for problem in problems:
        listing.append([problem["row"] or "", problem["column"], problem["message"]])
    listing.column_dimensions["B"].width = 24
    listing.column_dimensions["C"].width = 90
    if table is not None:
        sheet = workbook.create_sheet(sheet_title(table.sheet, "Dữ liệu"))
        for index, text in enumerate(table.headers, start=1):
            sheet.cell(table.header_row, index, text or None).font = BOLD
        for number, cells in table.rows:
            for index, value in enumerate(cells, start=1):
                if value in ("", None):
                    continue
                cell = sheet.cell(number, index, value)
                if isinstance(value, date):
                    cell.number_format = DATE_FORMAT
        positions = {text: index for index, text in enumerate(table.headers, start=1) if text}
        by_header = {name: position + 1 for name, position in table.columns.items()}
        marked: dict[tuple[int, int], list[str]] = {}
        for problem in problems:
            if not problem["row"]:
                continue
            index = positions.get(problem["column"]) or _position(by_header, problem["column"])
            marked.setdefault((problem["row"], index or 1), []).append(problem["message"])
        for (row, index), messages in marked.items():
            cell = sheet.cell(row, index)
            cell.fill = RED
            cell.comment = Comment("\n".join(messages), "PTĐV", width=320, height=120)
    return _to_bytes(workbook)


def _position(by_name: dict[str, int], header: str) -> int | None:
    for kind in KINDS.values():
        for column in kind.columns:
            if column.header == header and column.name in by_name:
                return by_name[column.name]
    return None


def handover(unit_name: str, start: date, end: date, fields, rows: list[list[str]]) -> bytes:
    """The hand-over file: one row per member in the national form's field order, every
    value as text (dates dd/mm/yyyy, CCCD with its leading zeros)."""
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = "Phiếu đảng viên"
    sheet.append(
        [f"BÀN GIAO DỮ LIỆU ĐẢNG VIÊN — {unit_name}, từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"]
    )
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(["STT", *(label for _, label in fields)])
    for cell in sheet[2]:
        cell.font = BOLD
        cell.fill = HEADER_FILL
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row])
        for cell in sheet[sheet.max_row][1:]:
            cell.number_format = "@"
    for index in range(2, len(fields) + 2):
        sheet.column_dimensions[get_column_letter(index)].width = 18
    return _to_bytes(workbook)


def listing(title: str, unit_name: str, generated_on: date, sheets) -> bytes:
    """A list export: each sheet with the title, the unit and the date of generation above
    the Vietnamese headers; dates as dd/mm/yyyy cells."""
    workbook = new_workbook()
    workbook.remove(workbook.active)
    for item in sheets:
        sheet = workbook.create_sheet(sheet_title(item.name))
        sheet.append([f"{title.upper()} — {item.name}"])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([f"Đơn vị: {unit_name}", None, f"Ngày lập: {generated_on:%d/%m/%Y}"])
        sheet.append(list(item.headers))
        for cell in sheet[3]:
            cell.font = BOLD
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for row in item.rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, date):
                    cell.number_format = DATE_FORMAT
        for index, header in enumerate(item.headers, start=1):
            width = max(12, min(40, len(header) + 2))
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = sheet.cell(4, 1)
    return _to_bytes(workbook)
