"""Rows written straight as the sheet's XML (`xlsx_bytes_with_rows`) are the cells openpyxl
writes for the same values and formats, cell by cell: values, types, number formats, the
quote prefix of risky text, the sheet's extent; the rows above them stay as they were."""

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

from openpyxl import load_workbook
from openpyxl.styles import Font

from ptdv.core.spreadsheets import is_risky, new_workbook, xlsx_bytes, xlsx_bytes_with_rows

FORMATS = [None, "DD/MM/YYYY", "@", None, "@"]
ROWS = [
    ["Nguyễn Văn An", date(1990, 5, 17), "001090123456", 3, "T42X001"],
    ['Trần Thị <Bình> & "Cúc"', date(1900, 1, 1), "", 2.5, None],
    ['=HYPERLINK("http://x.example","Bấm")', None, "-2+3", Decimal("7.25"), "@SUM(A1)"],
    ["  khoảng trắng  ", date(1899, 12, 31), "0", True, "+1"],
    ["", datetime(2026, 12, 1, 8, 30), None, 0, "\t=1+1"],
    ["Nguyễn Văn An", date(1990, 5, 17), "001090123456", False, "T42X001"],
]


def _reference(rows) -> bytes:
    """The same rows written cell by cell with openpyxl (what the exports did)."""
    workbook, sheet = _header_book()
    for number, values in enumerate(rows, start=3):
        for index, (fmt, value) in enumerate(zip(FORMATS, values, strict=True), start=1):
            cell = sheet.cell(number, index)
            cell.value = None if value == "" else value
            if fmt:
                cell.number_format = fmt
    return xlsx_bytes(workbook)


def _header_book():
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = "Dữ liệu"
    sheet["A1"] = "TIÊU ĐỀ"
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.merge_cells("A1:E1")
    sheet.append(["Họ và tên", "Ngày", "CCCD", "Số", "Mã"])
    sheet.freeze_panes = "A3"
    return workbook, sheet


def _cells(content: bytes) -> list:
    sheet = load_workbook(io.BytesIO(content)).active
    return [
        [
            (c.coordinate, c.value, c.data_type, c.number_format, c.quotePrefix, c.font.b)
            for c in row
        ]
        for row in sheet.iter_rows()
    ], (sheet.dimensions, [str(r) for r in sheet.merged_cells.ranges], sheet.freeze_panes)


def test_rows_as_xml_are_the_cells_openpyxl_writes():
    workbook, sheet = _header_book()
    ours = xlsx_bytes_with_rows(workbook, sheet, ROWS, FORMATS)
    assert _cells(ours) == _cells(_reference(ROWS))
    sheet = load_workbook(io.BytesIO(ours)).active
    assert sheet.dimensions == "A1:E8"
    assert sheet["A5"].quotePrefix and sheet["C5"].quotePrefix and sheet["C5"].number_format == "@"
    assert sheet["A4"].value == 'Trần Thị <Bình> & "Cúc"'
    assert sheet["A6"].value == "  khoảng trắng  "
    assert sheet["B3"].value == datetime(1990, 5, 17) and sheet["B3"].is_date
    assert sheet["C4"].value is None and sheet["C4"].number_format == "@"  # kept for typing


def test_rows_as_xml_keep_the_empty_formatted_cells_and_no_formula():
    workbook, sheet = _header_book()
    content = xlsx_bytes_with_rows(workbook, sheet, ROWS, FORMATS)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    assert xml.count('<row r="3"') == 1 and '<dimension ref="A1:E8"/>' in xml
    assert all(is_risky(v) for v in ("-2+3", "@SUM(A1)", "+1", "\t=1+1"))


def test_no_rows_and_characters_xml_cannot_hold():
    workbook, sheet = _header_book()
    empty = load_workbook(io.BytesIO(xlsx_bytes_with_rows(workbook, sheet, [], FORMATS))).active
    assert empty.max_row == 2 and empty["A2"].value == "Họ và tên"
    workbook, sheet = _header_book()
    content = xlsx_bytes_with_rows(workbook, sheet, [["Tên\x00có\x1fký tự", *[None] * 4]], FORMATS)
    assert load_workbook(io.BytesIO(content)).active["A3"].value == "Têncóký tự"
