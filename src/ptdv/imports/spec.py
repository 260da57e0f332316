"""What an import file holds: a declarative list of columns per kind of import.

A column says its Vietnamese header (and the other headers people write for it), whether it
is required, how a cell is parsed (text, code, date, choice, CCCD) and, for a choice, the
values with the spellings people actually type. The template, the reader, the validator and
the export all follow the same list, so a file exported here imports back unchanged.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache

from ptdv.core.reference import (
    ETHNIC_GROUPS,
    GeneralEducation,
    ProfessionalLevel,
    Religion,
)
from ptdv.core.text import fold, normalize
from ptdv.people.models import Sex

TEXT, CODE, DATE, CHOICE, CITIZEN_ID, NUMBER = (
    "text",
    "code",
    "date",
    "choice",
    "citizen_id",
    "number",
)
_NUMBER_TEXT = re.compile(r"^\d+(?:,\d+)?$")
EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 01/01/1900, Excel's leap-year bug included
# Smaller numbers are years typed alone ("1990"), not serials: 10000 is 18/05/1927.
MIN_SERIAL = 10_000
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_DATE_TEXT = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_TEXT = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")


@lru_cache(maxsize=4096)  # the same few spellings, cell after cell
def key(text) -> str:
    """The matching key of a header or a choice: accent-free, lower case, letters and digits
    only ("Ê Đê", "ede", "E-de" → "ede")."""
    return _NOT_ALNUM.sub("", fold(text))


class CellError(ValueError):
    """A cell that cannot be read; the message is Vietnamese."""


@dataclass(frozen=True)
class Column:
    name: str  # the key in a row's values
    header: str
    kind: str = TEXT
    required: bool = False
    choices: tuple = ()  # (stored value, label shown)
    aliases: dict = field(default_factory=dict)  # what people type → stored value
    headers: tuple = ()  # other headers people write for this column
    note: str = ""
    default: object = ""
    width: int = 18

    def header_keys(self) -> set[str]:
        return {key(self.header), *(key(h) for h in self.headers)}

    def label_of(self, value) -> str:
        for stored, label in self.choices:
            if stored == value:
                return label
        return "" if value is None else str(value)

    def _choice_map(self) -> dict[str, object]:
        mapping: dict[str, object] = {}
        for stored, label in self.choices:
            for text in (label, stored, re.sub(r"\s*\(.*\)$", "", label)):
                mapping.setdefault(key(text), stored)
            inner = re.search(r"\((.*)\)$", label)
            if inner:
                mapping.setdefault(key(inner.group(1)), stored)
        for text, stored in self.aliases.items():
            mapping[key(text)] = stored
        return mapping

    def parse(self, raw):
        """The stored value of a raw cell (None, str, int, float, date, datetime, bool);
        raise CellError with a Vietnamese message when it cannot be read."""
        if self.kind == DATE:
            return parse_date(raw)
        if self.kind == NUMBER:
            return parse_number(raw)
        text = cell_text(raw, self.kind)
        if not text:
            return self.default
        if self.kind == CHOICE:
            mapping = _CHOICE_MAPS.get(self.name)
            if mapping is None:
                mapping = _CHOICE_MAPS[self.name] = self._choice_map()
            stored = mapping.get(key(text))
            if stored is None:
                sample = ", ".join(label for _, label in self.choices[:8])
                more = "…" if len(self.choices) > 8 else ""
                raise CellError(f"«{text}» không có trong danh mục {self.header} ({sample}{more}).")
            return stored
        return text


_CHOICE_MAPS: dict[str, dict] = {}


def cell_text(raw, kind: str = TEXT) -> str:
    """A cell as text, NFC, trimmed. Numbers typed in a code column come back without
    ".0"; a CCCD stored as a number lost its leading zero, which is put back."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "Có" if raw else "Không"
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, int):
        text = str(raw)
        if kind == CITIZEN_ID and len(text) < 12:
            text = text.zfill(12)
        return text
    if isinstance(raw, datetime | date):
        return raw.strftime("%d/%m/%Y")
    text = str(raw)
    # Plain printable ASCII (codes, CCCDs): `normalize` would only collapse the spaces.
    plain = text.isascii() and text.isprintable()
    text = " ".join(text.split()) if plain else normalize(text)
    if kind in (CODE, CITIZEN_ID):
        text = text.replace(" ", "").lstrip("'")
    return text


def parse_number(raw) -> Decimal | None:
    """A number from a numeric cell, or typed the Vietnamese way ("2,5"; "12")."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return Decimal(str(raw))
    text = normalize(str(raw)).replace(" ", "").rstrip("%")
    if not text:
        return None
    if not _NUMBER_TEXT.match(text):
        raise CellError(f"«{text}» không phải là số (số thập phân viết với dấu phẩy: 2,5).")
    return Decimal(text.replace(",", "."))


def parse_date(raw) -> date | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if MIN_SERIAL <= raw < 2_958_466:  # Excel serials up to 31/12/9999
            return EXCEL_EPOCH + timedelta(days=int(raw))
        shown = int(raw) if float(raw).is_integer() else raw
        raise CellError(f"«{shown}» không phải là ngày: hãy ghi đủ ngày, tháng, năm (dd/mm/yyyy).")
    text = raw if type(raw) is str and _DATE_TEXT.match(raw) else normalize(str(raw))
    if not text:
        return None
    if text.isdigit():
        return parse_date(int(text))  # a serial stored as text (or a year alone)
    match = _DATE_TEXT.match(text)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
        match = _ISO_TEXT.match(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            return date(year, month, day)
    except ValueError as exc:
        raise CellError(f"«{text}» không phải là ngày có thật.") from exc
    raise CellError(f"«{text}» không đúng dạng ngày dd/mm/yyyy (ví dụ 19/05/2024).")


def _choices(enum) -> tuple:
    return tuple((value, label) for value, label in enum.choices if value != "")


RELIGION_ALIASES = {
    "không": Religion.NONE,
    "không có": Religion.NONE,
    "không tôn giáo": Religion.NONE,
    "Thiên chúa giáo": Religion.CATHOLICISM,
    "Thiên chúa": Religion.CATHOLICISM,
    "Công giáo La Mã": Religion.CATHOLICISM,
    "Đạo Phật": Religion.BUDDHISM,
    "Phật": Religion.BUDDHISM,
    "Tin lành": Religion.PROTESTANTISM,
    "Đạo Tin lành": Religion.PROTESTANTISM,
    "Hòa Hảo": Religion.HOA_HAO,
    "Hồi": Religion.ISLAM,
    "Đạo Cao Đài": Religion.CAO_DAI,
}
EDUCATION_ALIASES = {
    "5/10": GeneralEducation.PRIMARY,
    "7/10": GeneralEducation.LOWER_SECONDARY,
    "10/10": GeneralEducation.UPPER_SECONDARY,
    "THCS": GeneralEducation.LOWER_SECONDARY,
    "THPT": GeneralEducation.UPPER_SECONDARY,
    "Cấp 1": GeneralEducation.PRIMARY,
    "Cấp 2": GeneralEducation.LOWER_SECONDARY,
    "Cấp 3": GeneralEducation.UPPER_SECONDARY,
}
PROFESSIONAL_ALIASES = {
    "Không": ProfessionalLevel.NONE,
    "Cử nhân": ProfessionalLevel.UNIVERSITY,
    "Kỹ sư": ProfessionalLevel.UNIVERSITY,
    "Thạc sỹ": ProfessionalLevel.MASTER,
    "Tiến sỹ": ProfessionalLevel.DOCTOR,
}
ETHNIC_ALIASES = {"Mèo": "Mông", "H'Mông": "Mông", "Hmông": "Mông", "Khơ-me": "Khmer"}

PERSON_COLUMNS: tuple[Column, ...] = (
    Column(
        "full_name",
        "Họ và tên",
        required=True,
        headers=("Họ tên", "Họ và tên khai sinh", "Tên đảng viên"),
        width=28,
    ),
    Column(
        "birth_date",
        "Ngày sinh",
        DATE,
        required=True,
        headers=("Ngày, tháng, năm sinh", "Ngày tháng năm sinh"),
        note="dd/mm/yyyy",
        default=None,
        width=13,
    ),
    Column(
        "sex",
        "Giới tính",
        CHOICE,
        required=True,
        choices=tuple(Sex.choices),
        aliases={"Nam giới": Sex.MALE, "Nữ giới": Sex.FEMALE, "M": Sex.MALE, "F": Sex.FEMALE},
        width=10,
    ),
    Column(
        "citizen_id",
        "Số CCCD",
        CITIZEN_ID,
        headers=("CCCD", "Số căn cước công dân", "Số căn cước", "Số CCCD/CMND", "Số định danh"),
        note="12 chữ số, giữ số 0 ở đầu",
        width=15,
    ),
    Column(
        "ethnicity",
        "Dân tộc",
        CHOICE,
        choices=tuple((name, name) for name in ETHNIC_GROUPS),
        aliases=ETHNIC_ALIASES,
        default="Kinh",
        note="để trống: Kinh",
        width=12,
    ),
    Column(
        "religion",
        "Tôn giáo",
        CHOICE,
        choices=tuple(Religion.choices),
        aliases=RELIGION_ALIASES,
        default=Religion.NONE,
        note="để trống: Không",
        width=14,
    ),
    Column(
        "general_education",
        "Giáo dục phổ thông",
        CHOICE,
        choices=_choices(GeneralEducation),
        aliases=EDUCATION_ALIASES,
        headers=("Trình độ giáo dục phổ thông", "Trình độ văn hóa", "Văn hóa"),
        width=22,
    ),
    Column(
        "professional_level",
        "Trình độ chuyên môn",
        CHOICE,
        choices=tuple(ProfessionalLevel.choices),
        aliases=PROFESSIONAL_ALIASES,
        default=ProfessionalLevel.NONE,
        headers=("Chuyên môn", "Chuyên môn nghiệp vụ"),
        width=18,
    ),
    Column("occupation", "Nghề nghiệp", headers=("Nghề nghiệp, chức vụ",), width=20),
    Column("home_town", "Quê quán", width=24),
    Column("residence", "Nơi cư trú", headers=("Nơi ở hiện nay", "Chỗ ở hiện nay"), width=24),
)
UNIT_COLUMN = Column(
    "unit_code",
    "Mã chi bộ",
    CODE,
    required=True,
    headers=("Mã tổ chức", "Mã đơn vị", "Mã chi bộ sinh hoạt"),
    note="xem trang «Danh mục chi bộ»",
    width=12,
)
# Columns that may stand in the file but are not data (row numbers).
IGNORED_HEADERS = {key("STT"), key("TT"), key("Số TT"), key("Số thứ tự")}


@dataclass(frozen=True)
class Kind:
    code: str
    title: str
    sheet: str
    columns: tuple[Column, ...]
    per_class: bool = False  # rows of one awareness class chosen at upload

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)
