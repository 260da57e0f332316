"""Workbooks as people make them, for the import tests."""

import io
import unicodedata
from datetime import date

from openpyxl import Workbook

HEADERS = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số CCCD",
    "Dân tộc",
    "Tôn giáo",
    "Giáo dục phổ thông",
    "Trình độ chuyên môn",
    "Nghề nghiệp",
    "Quê quán",
    "Nơi cư trú",
    "Mã chi bộ",
    "Trạng thái",
    "Ngày vào Đảng",
    "Ngày lễ kết nạp",
    "Ngày chính thức",
    "Số thẻ đảng viên",
]


def member(**changes) -> dict:
    row = {
        "STT": 1,
        "Họ và tên": "Nguyễn Văn An",
        "Ngày sinh": "15/03/1990",
        "Giới tính": "Nam",
        "Số CCCD": "001090123456",
        "Dân tộc": "Kinh",
        "Tôn giáo": "Không",
        "Giáo dục phổ thông": "12/12",
        "Trình độ chuyên môn": "Đại học",
        "Nghề nghiệp": "Giáo viên",
        "Quê quán": "Xã Hòa Bình",
        "Nơi cư trú": "Thôn An Phú",
        "Mã chi bộ": "A",
        "Trạng thái": "Chính thức",
        "Ngày vào Đảng": "19/05/2015",
        "Ngày lễ kết nạp": "",
        "Ngày chính thức": "19/05/2016",
        "Số thẻ đảng viên": "",
    }
    row.update(changes)
    return row


def three_members() -> list[dict]:
    return [
        member(),
        member(
            **{
                "STT": 2,
                # NFD, stray spaces, lower case enumerations as typed
                "Họ và tên": unicodedata.normalize("NFD", "  Trần   Thị Bình "),
                "Ngày sinh": date(1985, 7, 2),
                "Giới tính": "nữ",
                "Số CCCD": "001185000123",
                "Dân tộc": "kinh",
                "Tôn giáo": "Thiên chúa giáo",
                "Trạng thái": "du bi",
                "Ngày vào Đảng": "02/01/2025",
                "Ngày chính thức": "",
                "Số thẻ đảng viên": "00012345",
            }
        ),
        member(
            **{
                "STT": 3,
                "Họ và tên": "Lò Văn Cường",
                "Ngày sinh": 33000,  # an Excel serial: 07/05/1990
                "Số CCCD": "",
                "Dân tộc": "Thai",
                "Mã chi bộ": "B",
                "Ngày vào Đảng": "03/02/2018",
                "Ngày chính thức": "03/02/2019",
            }
        ),
    ]


def xlsx(
    rows: list[dict],
    *,
    headers=None,
    title_rows: int = 2,
    sheet: str = "Đảng viên",
    trailing_empty: int = 3,
    extra_sheets: dict | None = None,
) -> bytes:
    """A workbook "saved by LibreOffice": merged title rows above the header, numbers and
    codes typed as text, empty rows at the end."""
    headers = headers or HEADERS
    workbook = Workbook()
    book = workbook.active
    book.title = sheet
    for number in range(1, title_rows + 1):
        book.cell(number, 1, "ĐẢNG BỘ XÃ HÒA BÌNH" if number == 1 else "DANH SÁCH ĐẢNG VIÊN")
        book.merge_cells(start_row=number, start_column=1, end_row=number, end_column=8)
    book.append(headers)
    for row in rows:
        book.append([row.get(header, "") for header in headers])
    for _ in range(trailing_empty):
        book.append([None, "", "  "])
    for name, content in (extra_sheets or {}).items():
        other = workbook.create_sheet(name)
        for line in content:
            other.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[dict], *, bom: bool = True, delimiter: str = ",") -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([_text(row.get(header, "")) for header in HEADERS])
    data = buffer.getvalue().encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if bom else data


def _text(value) -> str:
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def empty_rows_xlsx(target_bytes: int) -> bytes:
    """A header and then rows of blank cells (spaces) until the file is `target_bytes` big.
    The parts are written by hand and stored uncompressed, as a large sheet would be: openpyxl
    needs half a minute for what this writes in a second."""
    import zipfile
    from xml.sax.saxutils import escape

    def inline(ref: str, text: str) -> str:
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'

    letters = [chr(ord("A") + i) for i in range(len(HEADERS))]
    header = "".join(inline(f"{c}1", h) for c, h in zip(letters, HEADERS, strict=True))
    parts = [f'<row r="1">{header}</row>']
    size, number = 0, 1
    while size < target_bytes:
        number += 1
        row = f'<row r="{number}">' + "".join(inline(f"{c}{number}", " ") for c in letters)
        parts.append(row + "</row>")
        size += len(parts[-1])
    ns = "http://schemas.openxmlformats.org"
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(parts)}</sheetData></worksheet>"
    )
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<workbook xmlns="{ns}/spreadsheetml/2006/main" '
            f'xmlns:r="{ns}/officeDocument/2006/relationships"><sheets>'
            '<sheet name="Đảng viên" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/'
            'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, content in files.items():
            archive.writestr(name, content.encode("utf-8"))
    return buffer.getvalue()
