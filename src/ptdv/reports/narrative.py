"""The paragraph of a briefing, written from the figures in the style of the press reports:
"Từ 01/07/2020 đến 31/10/2023, Đảng bộ huyện Thanh Liêm đã kết nạp 539 đảng viên mới; trong
đó đoàn viên thanh niên chiếm 46,2%, nữ chiếm 72,4%, …".

A clause is written only when the data holds its figure: a zero share is left out, never
written as "chiếm 0%"; with no admission at all the paragraph says so and stops there.
"""

from ptdv.core.formatting import format_date, format_number, format_percent
from ptdv.reports.figures import UPPER_SECONDARY_KEY, Statistics

# key, how the share is introduced in the sentence
SHARES = [
    ("youth", "đoàn viên thanh niên"),
    ("women", "nữ"),
    ("ethnic_minority", "người dân tộc thiểu số"),
    ("religious", "người có tôn giáo"),
    ("age_18_30", "người từ 18 đến 30 tuổi"),
    (UPPER_SECONDARY_KEY, "trình độ trung học phổ thông trở lên"),
]


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " và " + parts[-1]


def narrative(stats: Statistics) -> str:
    unit = stats.unit.name
    period = stats.period
    opening = f"Từ {format_date(period.start)} đến {format_date(period.end)}, {unit}"
    sentences = []
    if not stats.admitted:
        sentences.append(f"{opening} chưa kết nạp được đảng viên mới nào.")
    else:
        first = f"{opening} đã kết nạp {format_number(stats.admitted)} đảng viên mới"
        shares = [
            f"{label} chiếm {format_percent(stats.percent(key))}"
            for key, label in SHARES
            if stats[key]
        ]
        if shares:
            first += "; trong đó " + _join(shares)
        sentences.append(first + ".")
        residential = stats["cell_residential"]
        if residential:
            sentences.append(
                f"Có {format_number(residential)} đảng viên được kết nạp ở các chi bộ khu dân cư."
            )
    if stats["members"]:
        detail = []
        if stats["official"]:
            detail.append(f"{format_number(stats['official'])} đảng viên chính thức")
        if stats["probationary"]:
            detail.append(f"{format_number(stats['probationary'])} đảng viên dự bị")
        members = (
            f"Đến {format_date(period.end)}, tổng số đảng viên là "
            f"{format_number(stats['members'])} đồng chí"
        )
        if len(detail) == 2:
            members += f" ({_join(detail)})"
        sentences.append(members + ".")
    if stats["exited"]:
        growth = stats.net_growth
        change = "tăng" if growth > 0 else "giảm"
        text = f"Trong kỳ có {format_number(stats['exited'])} đảng viên ra khỏi danh sách; " + (
            f"số đảng viên {change} {format_number(abs(growth))} đồng chí."
            if growth
            else "số đảng viên không thay đổi."
        )
        sentences.append(text[0].upper() + text[1:])
    return " ".join(sentences)
