"""Reading a workbook or a CSV file into a table: the header row found wherever it stands,
rows numbered as the spreadsheet numbers them, empty rows dropped.

Whole-file problems (an empty file, not a spreadsheet, no header, missing columns) raise
FileRejected with a Vietnamese message; cell problems are the validator's business.
"""

import csv
import io
from dataclasses import dataclass, field

from python_calamine import CalamineError, CalamineWorkbook

from ptdv.imports.conf import limit
from ptdv.imports.spec import IGNORED_HEADERS, Kind, cell_text, key

WORKBOOK_EXTENSIONS = {"xlsx", "xlsm", "xls", "ods"}
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls


class FileRejected(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    sheet: str
    header_row: int  # 1-based, as the spreadsheet shows it
    columns: dict[str, int]  # column name → 0-based position in the file
    headers: list[str]  # the file's header texts, by position
    rows: list[tuple[int, list]] = field(default_factory=list)  # (row number, raw cells)
    unknown_headers: list[str] = field(default_factory=list)


def extension(file_name: str) -> str:
    return file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""


def read_table(kind: Kind, file_name: str, data: bytes) -> Table:
    if not data:
        raise FileRejected(f"Tệp «{file_name}» rỗng (0 byte): hãy chọn lại tệp.")
    if len(data) > limit("MAX_BYTES"):
        megabytes = limit("MAX_BYTES") // (1024 * 1024)
        raise FileRejected(
            f"Tệp «{file_name}» lớn hơn {megabytes} MB: hãy chia thành nhiều tệp nhỏ hơn."
        )
    ext = extension(file_name)
    if ext == "csv":
        sheets = [("CSV", _csv_rows(file_name, data))]
    elif ext in WORKBOOK_EXTENSIONS:
        sheets = _workbook_sheets(kind, file_name, data)
    else:
        raise FileRejected(
            f"Không đọc được tệp «{file_name}»: chỉ nhận bảng tính Excel (.xlsx) hoặc tệp CSV."
        )
    tried = []
    for sheet_name, rows in sheets:
        table = _table_from(kind, sheet_name, rows)
        if table is not None:
            return table
        tried.append(f"«{sheet_name}»")
    expected = ", ".join(f"«{c.header}»" for c in kind.columns if c.required)
    raise FileRejected(
        f"Không tìm thấy dòng tiêu đề của {kind.title.lower()} trong trang tính nào "
        f"({', '.join(tried)}). Dòng tiêu đề phải có các cột {expected}; "
        "hãy dùng tệp mẫu."
    )


def _workbook_sheets(kind: Kind, file_name: str, data: bytes):
    if not (data.startswith(ZIP_MAGIC) or data.startswith(OLE_MAGIC)):
        raise FileRejected(
            f"Tệp «{file_name}» không phải là bảng tính Excel (có thể là tệp khác được đổi đuôi "
            "thành .xlsx). Hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại dạng .xlsx."
        )
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(workbook.sheet_names)
    except Exception as exc:  # the reader raises several kinds (zip, xml, calamine)
        raise FileRejected(
            f"Tệp «{file_name}» bị hỏng hoặc không phải là bảng tính Excel đọc được."
        ) from exc
    # The sheet named like the template's first, then the others in their order.
    names.sort(key=lambda name: key(name) != key(kind.sheet))

    def rows_of(name):
        try:
            sheet = workbook.get_sheet_by_name(name)
            yield from sheet.iter_rows()
        except CalamineError as exc:
            raise FileRejected(f"Trang tính «{name}» của tệp «{file_name}» bị hỏng.") from exc

    return [(name, rows_of(name)) for name in names]


def _csv_rows(file_name: str, data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRejected(
            f"Tệp CSV «{file_name}» không được lưu bằng bảng mã UTF-8: trong Excel hãy chọn "
            "«CSV UTF-8 (Comma delimited)» khi lưu."
        ) from exc
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.reader(io.StringIO(text), dialect)


def _match_header(kind: Kind, cells: list) -> tuple[dict[str, int], list[str]] | None:
    texts = [cell_text(cell) for cell in cells]
    wanted = {c.name: c.header_keys() for c in kind.columns}
    found: dict[str, int] = {}
    unknown: list[str] = []
    for position, text in enumerate(texts):
        if not text:
            continue
        text_key = key(text.rstrip("*"))
        name = next((n for n, keys in wanted.items() if text_key in keys), None)
        if name is not None and name not in found:
            found[name] = position
        elif text_key not in IGNORED_HEADERS:
            unknown.append(text)
    first = kind.columns[0].name
    if first in found and len(found) >= 2:
        return found, unknown
    return None


def _table_from(kind: Kind, sheet_name: str, rows) -> Table | None:
    iterator = iter(rows)
    header = None
    number = 0
    for number, cells in enumerate(iterator, start=1):
        match = _match_header(kind, list(cells))
        if match is not None:
            header = (number, list(cells), *match)
            break
        if number >= limit("HEADER_SEARCH_ROWS"):
            return None
    if header is None:
        return None
    header_row, header_cells, columns, unknown = header
    missing = [c.header for c in kind.columns if c.required and c.name not in columns]
    if missing:
        raise FileRejected(
            f"Trang tính «{sheet_name}» thiếu cột bắt buộc: "
            + ", ".join(f"«{name}»" for name in missing)
            + f" (dòng tiêu đề là dòng {header_row})."
        )
    table = Table(
        sheet=sheet_name,
        header_row=header_row,
        columns=columns,
        headers=[cell_text(cell) for cell in header_cells],
        unknown_headers=unknown,
    )
    max_rows = limit("MAX_ROWS")
    positions = list(columns.values())
    for number, cells in enumerate(iterator, start=header_row + 1):
        cells = list(cells)
        if not any(
            cell_text(cells[p]) if p < len(cells) else "" for p in positions
        ):  # empty rows, wherever they are, are not data
            continue
        if len(table.rows) >= max_rows:
            raise FileRejected(
                f"Tệp có hơn {max_rows:,} dòng dữ liệu: hãy chia thành nhiều tệp.".replace(",", ".")
            )
        table.rows.append((number, cells))
    return table
