"""Excel workbooks and the PDF briefing. Each export states the unit, the period and the day
it was made; headers are Vietnamese; pages are set up for A4 printing."""

from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ptdv.core.formatting import format_date
from ptdv.core.spreadsheets import XLSX_TYPE as XLSX_TYPE
from ptdv.core.spreadsheets import new_workbook, sheet_title, xlsx_bytes
from ptdv.people.models import Sex

THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="F0F2F4")


def today() -> date:
    return timezone.localdate()


def _sheet(workbook, title: str, heading: str, unit, period, headers, widths):
    sheet = workbook.active
    sheet.title = sheet_title(title)
    sheet.append([heading])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"Đơn vị: {unit.name}"])
    sheet.append([f"Thời gian: {period.label}"])
    sheet.append([f"Ngày lập: {format_date(today())}"])
    sheet.append([])
    sheet.append(headers)
    header_row = sheet.max_row
    for column, width in enumerate(widths, start=1):
        cell = sheet.cell(row=header_row, column=column)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait" if len(headers) <= 4 else "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "Trang &P / &N"
    return sheet


def _finish(workbook, sheet, first_data_row: int, number_format: dict[int, str]) -> bytes:
    for row in sheet.iter_rows(min_row=first_data_row):
        for cell in row:
            cell.border = BORDER
            if cell.column in number_format:
                cell.number_format = number_format[cell.column]
    return xlsx_bytes(workbook)


def makeup_xlsx(stats, occupations) -> bytes:
    """The make-up table: one row per figure, its number and its share."""
    workbook = new_workbook()
    sheet = _sheet(
        workbook,
        "Cơ cấu đảng viên mới",
        "CƠ CẤU ĐẢNG VIÊN MỚI KẾT NẠP",
        stats.unit,
        stats.period,
        ["Nhóm", "Chỉ tiêu thống kê", "Số lượng", "Tỷ lệ (%)"],
        [28, 42, 12, 12],
    )
    first = sheet.max_row + 1
    for group, rows in stats.groups():
        for row in rows:
            percent = row["percent"]
            sheet.append(
                [
                    group,
                    row["figure"].label,
                    row["count"],
                    round(percent / 100, 4) if percent is not None else None,
                ]
            )
    sheet.append(["Tăng, giảm trong kỳ", "Tăng (giảm) thực", stats.net_growth, None])
    for item in occupations:
        sheet.append(["Nghề nghiệp", item["occupation"] or "Chưa khai", item["count"], None])
    return _finish(workbook, sheet, first, {3: "#,##0", 4: "0.0%"})


def form_xlsx(unit, period, columns, sections) -> bytes:
    """The statistical report on newly admitted members, in the boards' layout: one row per
    figure under its section, one column for the unit's total and one per child unit."""
    workbook = new_workbook()
    headers = ["STT", "Chỉ tiêu", *[column.label for column in columns]]
    sheet = _sheet(
        workbook,
        "Biểu thống kê",
        "BIỂU THỐNG KÊ ĐẢNG VIÊN MỚI KẾT NẠP",
        unit,
        period,
        headers,
        [6, 40, *[14 for _ in columns]],
    )
    header_row = sheet.max_row
    sheet.row_dimensions[header_row].height = 45
    for column in range(3, len(headers) + 1):
        sheet.cell(row=header_row, column=column).alignment = Alignment(
            wrap_text=True, vertical="center", horizontal="center"
        )
    sheet.page_setup.orientation = "landscape"
    sheet.freeze_panes = f"C{header_row + 1}"
    first = header_row + 1
    for number, (title, rows) in enumerate(sections, start=1):
        if [row["figure"].key for row in rows] == ["admitted"]:  # the total: a row of its own
            sheet.append([number, title, *rows[0]["counts"]])
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
            continue
        sheet.append([number, title])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([None, f"- {row['figure'].label}", *row["counts"]])
    return _finish(
        workbook, sheet, first, {column: "#,##0" for column in range(3, len(headers) + 1)}
    )


def people_xlsx(unit, period, figure, members) -> bytes:
    """The persons behind one figure."""
    workbook = new_workbook()
    sheet = _sheet(
        workbook,
        "Danh sách",
        f"DANH SÁCH: {figure.label.upper()}",
        unit,
        period,
        [
            "STT",
            "Họ và tên",
            "Ngày sinh",
            "Giới tính",
            "Chi bộ",
            "Ngày kết nạp",
            "Ngày chính thức",
            "Trạng thái",
        ],
        [6, 28, 12, 10, 36, 14, 14, 12],
    )
    first = sheet.max_row + 1
    for index, member in enumerate(members, start=1):
        person = member.person
        sheet.append(
            [
                index,
                person.full_name,
                format_date(person.birth_date),
                Sex(person.sex).label if person.sex in Sex.values else "",
                member.organization.name,
                format_date(member.admission_decided_on),
                format_date(member.official_from),
                member.get_status_display(),
            ]
        )
    return _finish(workbook, sheet, first, {})


def briefing_pdf(context: dict) -> bytes:
    """The briefing pack: narrative, figures, chart and tables, rendered by WeasyPrint."""
    from weasyprint import HTML

    html = render_to_string("reports/briefing_pdf.html", {**context, "made_on": today()})
    return HTML(string=html).write_pdf()
