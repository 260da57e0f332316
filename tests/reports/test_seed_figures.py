"""Every figure that the seed articles state about their units, with the sentence it comes
from, reproduced by the reports from the demo population (both databases).

The demo tree and its population are built once for the whole list; a failing figure is
reported with its sentence.
"""

from datetime import date

import pytest

from ptdv.accounts.models import User
from ptdv.core.formatting import format_percent
from ptdv.organizations.scope import subtree_filter
from ptdv.people.models import CommitteeRole, Member
from ptdv.reports import figures
from ptdv.reports.figures import Period, statistics, unit_prefixes
from ptdv.reports.narrative import narrative
from ptdv.reports.timeseries import trends
from ptdv.targets.achievement import achievements
from ptdv.targets.models import Target, TargetKind
from ptdv.training import selectors as training
from ptdv.training.models import AwarenessClass, Enrolment

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


TL_END = TL.end
Y2023 = Period(date(2023, 1, 1), date(2023, 12, 31))
R, A, G = TargetKind.RESOLUTION, TargetKind.ASSIGNED, TargetKind.REGISTERED
TERM = (date(2020, 7, 1), date(2025, 6, 30))


def year(y: int) -> tuple[date, date]:
    return date(y, 1, 1), date(y, 12, 31)


def target(units, key, kind, period) -> Target:
    return Target.objects.get(
        organization=units[key], kind=kind, period_start=period[0], period_end=period[1]
    )


def achieved(units, key, kind, period, as_of):
    """The targets app's achievement of the unit's target on `as_of` (targets.achievement)."""
    return achievements([target(units, key, kind, period)], as_of=as_of)[0]


def percent(units, key, kind, period, as_of) -> str:
    return format_percent(achieved(units, key, kind, period, as_of).percent_min)


def classes(units, key, period):
    return figures.awareness_classes(units[key], period)


def kien_khe_sent_2023(units):
    # The old commune's subtree as it stood when dissolved (its cells moved on in 2025).
    return Enrolment.objects.filter(
        subtree_filter(units["KIEN-KHE"]),
        awareness_class__starts_on__year=2023,
    )


def secretaries(units, key, on):
    return figures.cell_secretaries(units[key], on)


# The figures that are not read from the statistics: (reader of the demo's units, expected,
# the sentence). Readers: classes and certificates (reports.figures.awareness_classes, the
# training selector), committee roles (reports.figures.cell_secretaries), the tree
# (reports.figures.grassroots_organizations) and the targets app (targets.achievement).
OTHER_FIGURES = [
    # Thanh Liêm (seed 001, up to 10/2023)
    (
        lambda u: classes(u, "THANH-LIEM", TL)["classes"], 18,
        "từ đầu nhiệm kỳ đến nay, Đảng bộ huyện Thanh Liêm đã mở 18 lớp bồi dưỡng kết nạp đảng "
        "cho 921 quần chúng ưu tú.",
    ),
    (
        lambda u: classes(u, "THANH-LIEM", TL)["trained"], 921,
        "… đã mở 18 lớp bồi dưỡng kết nạp đảng cho 921 quần chúng ưu tú.",
    ),
    (
        lambda u: classes(u, "THANH-LIEM", Y2023)["classes"], 6,
        "Trong năm 2023 đã mở được 6 lớp",
    ),
    (
        lambda u: {"youth", "women", "workers", "students"} <= set(
            AwarenessClass.objects.filter(
                organization=u["THANH-LIEM"], starts_on__year=2023
            ).values_list("target_group", flat=True)
        ),
        True,
        "trong đó có lớp cho đoàn viên, thanh niên, lớp cho hội viên phụ nữ, lớp cho người lao "
        "động trong các doanh nghiệp, lớp cho học sinh, sinh viên…",
    ),
    (
        lambda u: [
            c.enrolments.filter(result="passed").count()
            for c in AwarenessClass.objects.filter(
                organization=u["THANH-LIEM"], starts_on__year=2023, target_group="students"
            )
        ],
        [36],
        "Đặc biệt trong năm 2023, BTV Huyện ủy đã mở 1 lớp nhận thức về Đảng cho 36 quần chúng "
        "ưu tú là học sinh",
    ),
    (
        lambda u: training.trained_not_admitted(
            User.objects.get(username="quantri"), u["THANH-LIEM"], TL_END
        ),
        406,
        "Toàn huyện hiện có 406 quần chúng ưu tú đã được bồi dưỡng nhận thức về Đảng",
    ),
    (
        lambda u: percent(u, "THANH-LIEM", R, TERM, TL_END), "89,8%",
        "đã kết nạp được 539 đảng viên mới, đạt gần 90% chỉ tiêu Đại hội Đảng bộ huyện lần thứ "
        "XXX, nhiệm kỳ 2020-2025",
    ),
    (
        lambda u: target(u, "THANH-LIEM", R, TERM).min_value, 600,
        "Nghị quyết Đại hội Đảng bộ huyện Thanh Liêm nhiệm kỳ 2020-2025 đã xác định … trong "
        "nhiệm kỳ kết nạp được 600 đảng viên.",
    ),
    (
        lambda u: percent(u, "THANH-LIEM", A, TERM, TL_END), "82,9%",
        "đạt gần 83% chỉ tiêu BTV Tỉnh ủy giao.",
    ),
    (
        lambda u: (lambda t: (t.min_value, t.max_value))(
            target(u, "THANH-LIEM", G, (date(2023, 11, 1), date(2025, 6, 30)))
        ),
        (170, 200),
        "Hiện BTV Huyện ủy Thanh Liêm đang đặt mục tiêu phấn đấu từ tháng 11/2023 đến tháng "
        "6/2025 toàn Đảng bộ huyện kết nạp từ 170-200 đảng viên mới.",
    ),
    # Kiện Khê (seed 001)
    (
        lambda u: (lambda s: (s["secretaries"], s["religious"]))(
            secretaries(u, "KIEN-KHE", TL_END)
        ),
        (6, 3),
        "Số bí thư chi bộ theo đạo Công giáo là 50%.",
    ),
    (
        lambda u: kien_khe_sent_2023(u).count(), 16,
        "Năm 2023, Đảng ủy đã cử 16 đồng chí đi học lớp bồi dưỡng nhận thức về Đảng",
    ),
    (
        lambda u: Member.objects.filter(
            person__enrolments__in=kien_khe_sent_2023(u), admission_decided_on__year=2023
        ).count(),
        12,
        "… cử 16 đồng chí đi học lớp bồi dưỡng …, hiện đã hoàn thành chỉ tiêu kết nạp 12 đảng "
        "viên",
    ),
    (
        lambda u: percent(u, "KIEN-KHE", A, year(2023), Y2023.end), "100,0%",
        "hiện đã hoàn thành chỉ tiêu kết nạp 12 đảng viên, đạt 100% kế hoạch.",
    ),
    # Đăk Glei (seed 003)
    (
        lambda u: Member.objects.filter(
            person__full_name="Y Tới",
            organization=u["DAK-PEK/1"],
            admission_decided_on__range=(date(2021, 9, 1), date(2021, 9, 30)),
        ).count(),
        1,
        "tháng 9/2021, chị Y Tới ở thôn Măng Rao, xã Đăk Pék, huyện Đăk Glei đã được kết nạp "
        "vào Đảng Cộng sản Việt Nam.",
    ),
    (
        lambda u: (lambda t: (t.min_value, t.note))(target(u, "DAK-GLEI", R, TERM)),
        (600, "Trên 600 đảng viên"),
        "Nghị quyết Đại hội Đảng bộ huyện Đăk Glei lần thứ XIX, nhiệm kỳ 2020 – 2025 đề ra mục "
        "tiêu kết nạp trên 600 đảng viên.",
    ),
    # Văn Quan (seed 004, early 08/2023)
    (
        lambda u: figures.grassroots_organizations(u["VAN-QUAN"], VQ_2023.end), 37,
        "Đảng bộ huyện Văn Quan hiện có 37 tổ chức cơ sở đảng với hơn 4.800 đảng viên.",
    ),
    (
        lambda u: list(
            Member.objects.filter(
                organization=u["TRANG-CAC/1"], committee_role=CommitteeRole.SECRETARY
            ).values_list("person__full_name", flat=True)
        ),
        ["Hoàng Văn Toại"],
        "Ông Hoàng Văn Toại, Bí thư Chi bộ, Trưởng thôn Nà Khàn cho biết",
    ),
    *[
        (
            lambda u, y=y: (
                achieved(u, "VAN-QUAN", G, year(y), date(y, 12, 31)).met,
                achieved(u, "VAN-QUAN", R, year(y), date(y, 12, 31)).met,
                target(u, "VAN-QUAN", R, year(y)).min_value,
            ),
            (True, False, 180),
            f"({y}) mỗi năm Đảng bộ huyện kết nạp được hơn 150 đảng viên mới (đạt mục tiêu đăng "
            "ký với Ban Thường vụ Tỉnh ủy) nhưng chưa đạt chỉ tiêu kết nạp 180 đảng viên/năm",
        )
        for y in (2021, 2022)
    ],
    (
        lambda u: (
            target(u, "AN-SON", A, year(2023)).min_value,
            target(u, "AN-SON", G, year(2023)).min_value,
        ),
        (13, 11),
        "Năm 2023, đơn vị được Ban Thường vụ Huyện ủy giao phát triển 13 đảng viên mới (nhiều "
        "hơn 2 đảng viên so với xã đăng ký).",
    ),
    (
        lambda u: achieved(u, "AN-SON", A, year(2023), date(2023, 7, 31)).admitted, 12,
        "trong 7 tháng đầu năm Đảng bộ xã đã kết nạp mới 12 đảng viên mới.",
    ),
    # Bình Thuận (seed 002)
    (
        lambda u: achieved(u, "TC60", R, year(2021), date(2021, 12, 31)).text,
        "2.030/2.000 — 101,5%",
        "năm 2021 toàn Đảng bộ tỉnh kết nạp đảng viên mới 2030/2000 đảng viên (tỷ lệ 101,5%), "
        "vượt 1,5% chỉ tiêu đã đề ra.",
    ),
    # Hương Khê (seed 000, 06/08/2022)
    (
        lambda u: percent(u, "HUONG-KHE", A, year(2021), date(2021, 12, 31)), "130,0%",
        "Cuối năm 2021, công tác phát triển đảng viên mới ở huyện Hương Khê đạt 130% kế hoạch",
    ),
    (
        lambda u: 65 < achieved(u, "HUONG-KHE", A, year(2022), date(2022, 6, 30)).percent_min
        < 70,
        True,
        "và chỉ tính 6 tháng tháng đầu năm 2022 đã đạt gần 70% chỉ tiêu của cả năm.",
    ),
]  # fmt: skip


@pytest.fixture
def seeded(demo):
    """The whole demo, as `ptdv demo` builds it (once for the run, `tests/conftest.py`):
    members, classes, dossiers, targets and the seed population together must give the
    articles' figures."""
    return demo.units


def test_the_reports_reproduce_every_seed_figure(seeded):
    failures = []
    for key, period, read, expected, sentence in SEED_FIGURES:
        unit = seeded[key]
        found = read(statistics(unit, period))
        if found != expected:
            failures.append(f"{unit.name} {period.label}: {found!r} ≠ {expected!r} — «{sentence}»")
    assert not failures, "\n".join(failures)


def test_the_other_readers_reproduce_every_seed_figure(seeded):
    failures = []
    for read, expected, sentence in OTHER_FIGURES:
        found = read(seeded)
        if found != expected:
            failures.append(f"{found!r} ≠ {expected!r} — «{sentence}»")
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


def test_the_new_readers_read_one_query_each(tree, django_assert_num_queries):
    prefixes = unit_prefixes(tree.c1)
    with django_assert_num_queries(1):
        figures.cell_secretaries(tree.c1, TL_END, prefixes)
    with django_assert_num_queries(1):
        figures.awareness_classes(tree.c1, TL, prefixes)
    with django_assert_num_queries(1):
        figures.grassroots_organizations(tree.p1, TL_END)


# The same figures counted again without the reports: every member of the demo read once as
# plain rows, then counted in Python by the unit's path (and the paths of the units merged
# into it), the admission date and the person's fields. The reports' filters
# (reports.figures) are not used, so a figure that only the builder and the reports agree on
# fails here.
INDEPENDENT_COUNTS = [
    ("THANH-LIEM", TL, "admitted", 539),
    ("THANH-LIEM", TL, "members", 7025),
    ("THANH-LIEM", TL, "women ‰ of admitted > 720", True),
    ("THANH-LIEM", TL, "religious ‰ of admitted", 45),
    ("KIEN-KHE", TL, "admitted", 36),
    ("KIEN-KHE", TL, "religious admitted", 9),
    ("KIEN-KHE", Y2023, "admitted", 12),
    ("DAK-GLEI", DG, "admitted", 107),
    ("DAK-GLEI", DG, "admitted in residential cells", 61),
    ("VAN-QUAN", VQ_2023, "admitted", 86),
    ("VAN-QUAN", Period(date(2023, 5, 1), date(2023, 8, 7)), "admitted", 74),
    ("AN-SON", Period(date(2023, 1, 1), date(2023, 7, 31)), "admitted", 12),
    ("TRANG-CAC/1", Period(date(2019, 8, 7), date(2023, 8, 7)), "admitted", 0),
    ("TC60", Period(date(2021, 1, 1), date(2021, 12, 31)), "admitted", 2030),
    ("HUONG-LIEN/1", Period(date(2017, 1, 1), date(2020, 12, 31)), "admitted", 0),
    ("HUONG-LIEN/1", Period(date(2021, 1, 1), date(2021, 12, 31)), "admitted", 3),
]


def _paths_of(unit) -> tuple[str, ...]:
    """The unit's path and those of every unit merged into it (and into those), read from
    the organisation rows themselves."""
    from ptdv.organizations.models import Organization

    merged = {}
    for pk, path, into in Organization.objects.values_list("pk", "path", "merged_into_id"):
        merged.setdefault(into, []).append((pk, path))
    paths, todo = [unit.path], [unit.pk]
    while todo:
        for pk, path in merged.get(todo.pop(), []):
            paths.append(path)
            todo.append(pk)
    return tuple(paths)


def _cell_paths_on(day) -> dict[int, str]:
    """Each unit's path on `day`: its earlier place when a reorganisation has moved it since,
    read from the rows of its parent history; otherwise where it is now."""
    from ptdv.organizations.models import Organization, ParentPeriod

    paths = dict(Organization.objects.values_list("pk", "path"))
    for unit_id, path, start, end in ParentPeriod.objects.values_list(
        "organization_id", "path", "valid_from", "valid_to"
    ):
        if (start is None or start <= day) and day <= end:
            paths[unit_id] = path
    return paths


def _independent_count(rows, unit, period, what):
    paths = _paths_of(unit)
    # A dissolved unit is counted as it stood on its last day; a unit of today as it is now.
    cell_paths = _cell_paths_on(unit.valid_to or date.max)
    mine = [r for r in rows if cell_paths[r["cell"]].startswith(paths)]
    admitted = [r for r in mine if period.start <= r["admitted"] <= period.end]
    if what == "admitted":
        return len(admitted)
    if what == "members":
        return sum(
            1
            for r in mine
            if r["admitted"] <= period.end and (r["ended"] is None or r["ended"] > period.end)
        )
    if what == "religious admitted":
        return sum(1 for r in admitted if r["religion"] != "none")
    if what == "religious ‰ of admitted":
        return round(1000 * sum(1 for r in admitted if r["religion"] != "none") / len(admitted))
    if what == "women ‰ of admitted > 720":
        return 1000 * sum(1 for r in admitted if r["sex"] == "female") > 720 * len(admitted)
    if what == "admitted in residential cells":
        return sum(1 for r in admitted if r["residential"])
    raise AssertionError(what)


def test_every_seed_count_holds_when_counted_without_the_reports(seeded):
    rows = [
        dict(zip(("cell", "admitted", "ended", "religion", "sex", "residential"), values,
                 strict=True))
        for values in Member.objects.filter(admission_decided_on__isnull=False).values_list(
            "organization_id", "admission_decided_on", "ended_on", "person__religion",
            "person__sex", "organization__sector__is_residential",
        )
    ]  # fmt: skip
    failures = []
    for key, period, what, expected in INDEPENDENT_COUNTS:
        found = _independent_count(rows, seeded[key], period, what)
        if found != expected:
            failures.append(f"{key} {period.label} {what}: {found!r} ≠ {expected!r}")
    assert not failures, "\n".join(failures)
