"""One document model for every generated paper, rendered twice (`render.to_docx`,
`render.to_pdf`): the Party's document format of Hướng dẫn 36-HD/VPTW (2018).

The parts, in the numbering of the guide's layout (ô số): 1 the heading "ĐẢNG CỘNG SẢN VIỆT
NAM" top right; 2 the issuing body top left (its superior on the line above, in capitals;
the body itself in bold capitals, a star below); 3 the number and symbol ("Số 12-NQ/CB");
4 the place and date ("Thanh Liêm, ngày 05 tháng 3 năm 2023", italic, under the heading);
5 the kind of document and its subject; 6 the body; 7 the signing block (authority "T/M CHI
BỘ", title "BÍ THƯ", name); 9 "Nơi nhận". Personal papers (the application, a self-review)
have no issuing body and no number: only the heading, the title and the writer's signature.
What the guide leaves to each body, or what the project could not confirm, is listed in
docs/forms.md.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from ptdv.organizations.models import Organization

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
YOUTH_UNION = "ĐOÀN TNCS HỒ CHÍ MINH"
BLANK = "……"


# --- the blocks of a body ----------------------------------------------------------------


@dataclass
class Paragraph:
    text: str
    bold: bool = False
    italic: bool = False
    align: str = "justify"  # justify, center, left, right
    indent: bool = True  # first-line indent of body text


@dataclass
class Heading:
    text: str


@dataclass
class Field:
    """A labelled line of a form ("Họ và tên: Nguyễn Văn An"); empty values print dots."""

    label: str
    value: str = ""


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    widths: list[int] | None = None  # relative widths
    numeric: set[int] = field(default_factory=set)  # right-aligned columns
    bold_rows: set[int] = field(default_factory=set)


@dataclass
class Image:
    png: bytes
    caption: str = ""
    width_mm: int = 160


@dataclass
class PageBreak:
    pass


Block = Paragraph | Heading | Field | Table | Image | PageBreak


# --- the document --------------------------------------------------------------------------


@dataclass
class Signature:
    authority: str = ""  # "T/M CHI BỘ"; empty for a personal paper
    title: str = ""  # "BÍ THƯ", "NGƯỜI LÀM ĐƠN"
    name: str = ""
    note: str = "(Ký, ghi rõ họ tên)"


@dataclass
class Header:
    superior: str = ""  # "ĐẢNG BỘ HUYỆN THANH LIÊM"
    issuer: str = ""  # "CHI BỘ THÔN AN PHÚ"; empty for a personal paper
    number: str = ""  # "Số 12-NQ/CB"
    place: str = ""
    day: date | None = None
    heading: str = PARTY

    @property
    def place_and_date(self) -> str:
        return place_and_date(self.place, self.day)


@dataclass
class PartyDocument:
    key: str  # file name stem, e.g. "06-nghi-quyet-chi-bo"
    form: str  # "Mẫu 6-KNĐ" or "" when the paper has no form number
    kind: str  # "NGHỊ QUYẾT"
    subject: str  # "đề nghị kết nạp đảng viên"
    header: Header
    blocks: list[Block]
    signature: Signature | None = None
    recipients: list[str] = field(default_factory=list)
    second_signature: Signature | None = None  # e.g. the committee's certification
    landscape: bool = False

    @property
    def title(self) -> str:
        return f"{self.kind} {self.subject}".strip()

    def text(self) -> str:
        """The plain text of the document (manifests and tests)."""
        parts = [self.header.heading, self.header.superior, self.header.issuer]
        parts += [self.header.number, self.header.place_and_date, self.kind, self.subject]
        for block in self.blocks:
            if isinstance(block, Paragraph | Heading):
                parts.append(block.text)
            elif isinstance(block, Field):
                parts.append(f"{block.label}: {block.value}")
        return "\n".join(p for p in parts if p)


# --- dates, places, issuers ----------------------------------------------------------------


def place_and_date(place: str, day: date | None) -> str:
    """ "Thanh Liêm, ngày 05 tháng 3 năm 2023": day and month under 10 are written as the
    guide's examples write them (day with a leading zero, months 1 and 2 with one, the rest
    without). Without a date, dots are left to be filled in by hand."""
    where = place or BLANK
    if day is None:
        return f"{where}, ngày {BLANK} tháng {BLANK} năm {BLANK}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{where}, ngày {day.day:02d} tháng {month} năm {day.year}"


# "Đảng bộ huyện Thanh Liêm" → its committee "Huyện ủy Thanh Liêm" (symbol HU). Derived from
# the unit's name; a name that fits none of these keeps its own words.
COMMITTEES = [
    (re.compile(r"^Đảng bộ tỉnh (.+)$", re.I), "Tỉnh ủy {}", "TU"),
    (re.compile(r"^Đảng bộ thành phố (.+)$", re.I), "Thành ủy {}", "TU"),
    (re.compile(r"^Đảng bộ huyện (.+)$", re.I), "Huyện ủy {}", "HU"),
    (re.compile(r"^Đảng bộ thị xã (.+)$", re.I), "Thị ủy {}", "TU"),
    (re.compile(r"^Đảng bộ (xã|phường|thị trấn|đặc khu) (.+)$", re.I), "Đảng ủy {} {}", "ĐU"),
    (re.compile(r"^Đảng bộ (.+)$", re.I), "Đảng ủy {}", "ĐU"),
    (re.compile(r"^Chi bộ (.+)$", re.I), "Chi bộ {}", "CB"),
]
PLACE_PREFIXES = re.compile(
    r"^(Đảng bộ|Chi bộ|Đảng ủy)\s+(tỉnh|thành phố|huyện|thị xã|quận|xã|phường|thị trấn|đặc khu)"
    r"\s+(.+)$",
    re.I,
)


def upper(text: str) -> str:
    return text.upper()


def committee(unit: Organization) -> tuple[str, str]:
    """(name of the unit's committee, its symbol): "Huyện ủy Thanh Liêm", "HU"."""
    for pattern, name, symbol in COMMITTEES:
        match = pattern.match(unit.name)
        if match:
            return name.format(*match.groups()), symbol
    return unit.name, "ĐU"


def place_of(unit: Organization) -> str:
    """The place written before the date: the locality of the nearest unit (itself or above)
    whose name names one ("Đảng bộ xã Hòa Bình" → "Hòa Bình")."""
    ancestors = {o.pk: o for o in Organization.objects.filter(pk__in=unit.ancestor_ids())}
    for current in [unit, *[ancestors[i] for i in reversed(unit.ancestor_ids()) if i in ancestors]]:
        match = PLACE_PREFIXES.match(current.name)
        if match:
            return match.group(3)
    return ""


def number(code: str, kind_symbol: str, issuer_symbol: str) -> str:
    """ "Số 12-NQ/CB": the recorded number when there is one (it may be written with or
    without its symbol), else a blank number to be filled in when the paper is registered."""
    code = (code or "").strip()
    if code and "-" in code:
        return f"Số {code}"
    return f"Số {code or BLANK}-{kind_symbol}/{issuer_symbol}"


def header_for(
    unit: Organization, *, kind_symbol: str, code: str = "", day: date | None = None
) -> Header:
    """The header of a paper issued by `unit` (a cell or a committee): its superior above it,
    its own name below, the number, the place and the date."""
    name, symbol = committee(unit)
    parent = unit.parent
    return Header(
        superior=upper(parent.name) if parent and parent.parent_id else "",
        issuer=upper(name),
        number=number(code, kind_symbol, symbol),
        place=place_of(unit),
        day=day,
    )


def on_behalf_of(unit: Organization, *, standing: bool | None = None) -> str:
    """The authority line of a paper `unit` signs: "T/M CHI BỘ" for a cell, "T/M BAN THƯỜNG
    VỤ" when its standing committee decides (by default: district and provincial committees),
    "T/M ĐẢNG ỦY" when the whole committee does."""
    symbol = committee(unit)[1]
    if symbol == "CB":
        return "T/M CHI BỘ"
    if standing is None:
        standing = symbol in {"HU", "TU"}
    return "T/M BAN THƯỜNG VỤ" if standing else "T/M ĐẢNG ỦY"
