"""Every figure that the seed articles state about their units, with the sentence it comes
from, reproduced by the reports from the demo population (both databases).

The demo tree and its population are built once for the whole list; a failing figure is
reported with its sentence.
"""

from datetime import date

import pytest

from ptdv.demo.builder import build_demo
from ptdv.reports import figures
from ptdv.reports.figures import Period, statistics, trends, unit_prefixes
from ptdv.reports.narrative import narrative

TL = Period(date(2020, 7, 1), date(2023, 10, 31))
VQ_2023 = Period(date(2023, 1, 1), date(2023, 8, 7))
DG = Period(date(2020, 7, 1), date(2022, 12, 31))

# (unit key, period, how to read the figure from the statistics, expected, the sentence)
SEED_FIGURES = [
    (
        "THANH-LIEM", TL, lambda s: s.admitted, 539,
        "Tính từ tháng 7/2020 đến tháng 10/2023, Đảng bộ huyện Thanh Liêm đã kết nạp được "
        "539 đảng viên mới",
    ),
    (
        "THANH-LIEM", TL, lambda s: s["members"], 7025,
        "Hiện tổng số đảng viên trong đảng bộ huyện là 7.025 đồng chí.",
    ),
    (
        "THANH-LIEM", TL, lambda s: s.percent("youth") > 46, True,
        "tỷ lệ đoàn viên, thanh niên chiếm trên 46% cơ cấu đảng viên mới",
    ),
    (
        "THANH-LIEM", TL, lambda s: s.percent("women") > 72, True,
        "với tỷ lệ đảng viên nữ chiếm trên 72%",
    ),
    (
        "THANH-LIEM", TL, lambda s: round(s.percent("religious"), 1), 4.5,
        "đảng viên tôn giáo chiếm 4,5%",
    ),
    (
        "THANH-LIEM", TL, lambda s: round(s.percent(figures.UPPER_SECONDARY_KEY)), 96,
        "trình độ THPT trở lên chiếm 96%",
    ),
    (
        "KIEN-KHE", TL, lambda s: s.admitted, 36,
        "Từ đầu nhiệm kỳ đến nay, Đảng bộ thị trấn Kiện Khê kết nạp được 36 đảng viên",
    ),
    (
        "KIEN-KHE", TL, lambda s: s["religious"], 9,
        "trong đó có 9 đồng chí theo đạo",
    ),
    (
        "KIEN-KHE", TL, lambda s: 24 <= s.percent("members_religious") < 25, True,
        "Đảng bộ có gần 25% đảng viên theo đạo Công giáo.",
    ),
    (
        "KIEN-KHE", Period(date(2023, 1, 1), date(2023, 12, 31)), lambda s: s.admitted, 12,
        "Năm 2023 … hiện đã hoàn thành chỉ tiêu kết nạp 12 đảng viên, đạt 100% kế hoạch.",
    ),
    (
        "DAK-GLEI", DG, lambda s: s.admitted, 107,
        "từ đầu nhiệm kỳ đến nay, Đảng bộ huyện Đăk Glei đã kết nạp 107 đảng viên",
    ),
    (
        "DAK-GLEI", DG, lambda s: s["cell_residential"], 61,
        "trong đó, 61 đảng viên được kết nạp ở các chi bộ khu dân cư.",
    ),
    (
        "DAK-GLEI", DG, lambda s: 2600 < s["members"] < 2700, True,
        "Nâng tổng số đảng viên của Đảng bộ huyện lên gần 2.700 đảng viên.",
    ),
    (
        "VAN-QUAN", VQ_2023, lambda s: s["members"] > 4800, True,
        "Đảng bộ huyện Văn Quan hiện có 37 tổ chức cơ sở đảng với hơn 4.800 đảng viên.",
    ),
    (
        "VAN-QUAN", Period(date(2021, 1, 1), date(2021, 12, 31)), lambda s: s.admitted > 150,
        True,
        "tính từ năm 2021 đến nay, mỗi năm Đảng bộ huyện kết nạp được hơn 150 đảng viên mới",
    ),
    (
        "VAN-QUAN", Period(date(2022, 1, 1), date(2022, 12, 31)),
        lambda s: 150 < s.admitted < 180, True,
        "… hơn 150 đảng viên mới … nhưng chưa đạt chỉ tiêu kết nạp 180 đảng viên/năm",
    ),
    (
        "VAN-QUAN", VQ_2023, lambda s: s.admitted, 86,
        "từ đầu năm 2023 đến nay, toàn Đảng bộ huyện kết nạp được 86 đảng viên mới",
    ),
    (
        "VAN-QUAN", Period(date(2023, 5, 1), date(2023, 8, 7)), lambda s: s.admitted, 74,
        "trong đó, riêng từ tháng 5 đến đầu tháng 8 đã kết nạp được 74 đảng viên mới.",
    ),
    (
        "AN-SON", Period(date(2023, 1, 1), date(2023, 7, 31)), lambda s: s.admitted, 12,
        "trong 7 tháng đầu năm Đảng bộ xã đã kết nạp mới 12 đảng viên mới.",
    ),
    (
        "TRANG-CAC/1", Period(date(2019, 8, 7), date(2023, 8, 7)), lambda s: s.admitted, 0,
        "Chi bộ thôn Nà Khàn … đã 4 năm qua, chi bộ không kết nạp được đảng viên mới.",
    ),
    (
        "TC60", Period(date(2021, 1, 1), date(2021, 12, 31)), lambda s: s.admitted, 2030,
        "năm 2021 toàn Đảng bộ tỉnh kết nạp đảng viên mới 2030/2000 đảng viên (tỷ lệ 101,5%)",
    ),
    (
        "HUONG-LIEN/1", Period(date(2017, 1, 1), date(2020, 12, 31)), lambda s: s.admitted, 0,
        "Trong 4 năm từ 2017 đến năm 2020, chi bộ thôn 5 … không kết nạp được đảng viên mới nào.",
    ),
    (
        "HUONG-LIEN/1", Period(date(2021, 1, 1), date(2021, 12, 31)), lambda s: s.admitted, 3,
        "Đến cuối 2021, chi bộ thôn 5 kết nạp được 3 đảng viên.",
    ),
]  # fmt: skip


@pytest.fixture
def seeded(reference_data):
    """The whole demo, as `ptdv demo` builds it: members, classes, dossiers, targets and the
    seed population together must give the articles' figures."""
    units = build_demo(quick=True, log=lambda *a: None)
    return units


def test_the_reports_reproduce_every_seed_figure(seeded):
    failures = []
    for key, period, read, expected, sentence in SEED_FIGURES:
        unit = seeded[key]
        found = read(statistics(unit, period))
        if found != expected:
            failures.append(f"{unit.name} {period.label}: {found!r} ≠ {expected!r} — «{sentence}»")
    assert not failures, "\n".join(failures)


def test_the_units_that_show_something_also_have_older_members(seeded):
    """The "none for 4 years" figures are not vacuous: Nà Khàn and thôn 5 have members."""
    for key in ("TRANG-CAC/1", "HUONG-LIEN/1"):
        assert statistics(seeded[key], TL)["members"] > 0


def test_the_thanh_liem_narrative_reads_like_the_article(seeded):
    text = narrative(statistics(seeded["THANH-LIEM"], TL))
    assert text.startswith(
        "Từ 01/07/2020 đến 31/10/2023, Đảng bộ huyện Thanh Liêm đã kết nạp 539 đảng viên mới; "
        "trong đó đoàn viên thanh niên chiếm 46,2%, nữ chiếm 72,4%"
    )
    assert "người có tôn giáo chiếm 4,5%" in text
    assert "tổng số đảng viên là 7.025 đồng chí" in text


def test_van_quan_monthly_trend_holds_the_may_to_august_surge(seeded):
    prefixes = unit_prefixes(seeded["VAN-QUAN"])
    series = trends(prefixes, VQ_2023, "month")
    assert sum(row["count"] for row in series) == 86
    assert sum(row["count"] for row in series[4:]) == 74
    assert series[-1]["cumulative"] == 86
    assert sum(row["previous"] for row in series) > 0  # 2022 admissions, same months
