"""The arithmetic of the seed articles, rebuilt from members made in the test."""

from datetime import date

import pytest

from ptdv.targets.achievement import achievements
from ptdv.targets.models import TargetKind
from tests.conftest import make_unit
from tests.targets.helpers import admit, spread, target

pytestmark = pytest.mark.django_db

R, A, G = TargetKind.RESOLUTION, TargetKind.ASSIGNED, TargetKind.REGISTERED
YEAR_2023 = (date(2023, 1, 1), date(2023, 12, 31))


def by_kind(items):
    return {item.target.kind: item for item in items}


def test_binh_thuan_2021_admitted_2030_of_2000_is_101_5_percent():
    province = make_unit(None, "BT", "Đảng bộ tỉnh Bình Thuận", "province")
    district = make_unit(province, "BT-H", "Đảng bộ huyện Bắc Bình", "district")
    commune = make_unit(district, "BT-X", "Đảng bộ xã Phan Hòa", "commune")
    cells = [make_unit(commune, f"BT-C{i}", f"Chi bộ thôn {i}") for i in range(3)]
    admit(cells[0], spread(1000, date(2021, 1, 4), date(2021, 12, 28)))
    admit(cells[1], spread(1000, date(2021, 1, 5), date(2021, 12, 30)))
    admit(cells[2], spread(30, date(2021, 3, 1), date(2021, 11, 30)))
    admit(cells[2], [date(2020, 12, 31), date(2022, 1, 1)])  # outside the year
    plan = target(province, A, date(2021, 1, 1), date(2021, 12, 31), 2000)

    [item] = achievements([plan], as_of=date(2022, 1, 15))

    assert item.admitted == 2030
    assert item.text == "2.030/2.000 — 101,5%"
    assert item.met and item.status == "Đạt chỉ tiêu"


def test_thanh_liem_539_is_nearly_90_percent_of_the_resolution_and_83_of_the_assigned():
    province = make_unit(None, "HN", "Đảng bộ tỉnh Hà Nam", "province")
    district = make_unit(province, "TL", "Đảng bộ huyện Thanh Liêm", "district")
    town = make_unit(district, "TL-KK", "Đảng bộ thị trấn Kiện Khê", "commune")
    cells = [make_unit(town, f"TL-C{i}", f"Chi bộ tổ dân phố {i}") for i in range(2)]
    admit(cells[0], spread(300, date(2020, 7, 1), date(2023, 10, 31)))
    admit(cells[1], spread(239, date(2020, 8, 1), date(2023, 10, 20)))
    admit(cells[1], spread(10, date(2023, 11, 1), date(2023, 12, 31)))  # after the report
    term = (date(2020, 7, 1), date(2025, 6, 30))
    target(district, R, *term, 600, document="Nghị quyết Đại hội Đảng bộ huyện nhiệm kỳ 2020–2025")
    target(district, A, *term, 650, document="Ban Thường vụ Tỉnh ủy giao")

    items = by_kind(achievements(district.targets.all(), as_of=date(2023, 10, 31)))

    assert items[R].admitted == 539
    assert items[R].text == "539/600 — 89,8%"  # "đạt gần 90% chỉ tiêu Đại hội"
    assert items[A].text == "539/650 — 82,9%"  # "đạt gần 83% chỉ tiêu BTV Tỉnh ủy giao"
    # 1.218 of the term's 1.826 days gone (66,7%) and 89,8% achieved: ahead of pace.
    assert f"{items[R].elapsed_percent:.1f}" == "66.7"
    assert items[R].status == "Đúng tiến độ" and items[R].pace > 1


def test_thanh_liem_range_170_to_200_is_measured_against_both_ends():
    district = make_unit(None, "TL2", "Đảng bộ huyện Thanh Liêm", "district")
    cell = make_unit(district, "TL2-C", "Chi bộ thôn Bồng Lạng")
    admit(cell, spread(185, date(2023, 11, 1), date(2025, 6, 30)))
    plan = target(district, A, date(2023, 11, 1), date(2025, 6, 30), 170, 200)

    [item] = achievements([plan], as_of=date(2025, 6, 30))

    assert item.text == "185/170–200 — 108,8% / 92,5%"


def test_an_son_2023_assigned_13_registered_11_admitted_12_in_seven_months():
    district = make_unit(None, "VQ1", "Đảng bộ huyện Văn Quan", "district")
    commune = make_unit(district, "AS", "Đảng bộ xã An Sơn", "grassroots_committee")
    cells = [make_unit(commune, f"AS-{i}", n) for i, n in enumerate(["Nà Súng", "Khòn Khẻ"])]
    admit(cells[0], spread(7, date(2023, 1, 10), date(2023, 7, 20)))
    admit(cells[1], spread(5, date(2023, 2, 1), date(2023, 7, 31)))
    year = (date(2023, 1, 1), date(2023, 12, 31))
    target(commune, A, *year, 13, document="Ban Thường vụ Huyện ủy giao")
    target(commune, G, *year, 11)

    items = by_kind(achievements(commune.targets.all(), as_of=date(2023, 7, 31)))

    assert items[A].text == "12/13 — 92,3%"
    assert items[G].text == "12/11 — 109,1%"
    assert items[G].met and not items[A].met
    assert items[A].status == "Đúng tiến độ"  # 92,3% done with 58,1% of the year gone
    assert items[A].target.min_value - items[G].target.min_value == 2  # "nhiều hơn 2"


def test_van_quan_over_150_a_year_meets_the_registered_target_but_not_the_resolution():
    district = make_unit(None, "VQ", "Đảng bộ huyện Văn Quan", "district")
    commune = make_unit(district, "VQ-TC", "Đảng bộ xã Tràng Các", "grassroots_committee")
    cell = make_unit(commune, "VQ-C", "Chi bộ thôn Nà Khàn")
    yearly = {2021: 152, 2022: 158}
    for year, count in yearly.items():
        admit(cell, spread(count, date(year, 1, 5), date(year, 12, 28)))
        target(district, R, date(year, 1, 1), date(year, 12, 31), 180)
        target(district, G, date(year, 1, 1), date(year, 12, 31), 150)

    items = achievements(district.targets.order_by("period_start", "kind"), as_of=date(2023, 1, 1))

    for item in items:
        assert item.admitted == yearly[item.target.period_start.year]
        if item.target.kind == G:
            assert item.met  # "đạt mục tiêu đăng ký với Ban Thường vụ Tỉnh ủy"
        else:
            assert not item.met and item.status == "Không đạt chỉ tiêu"  # "chưa đạt 180/năm"
    assert [i.text for i in items if i.target.kind == R] == ["152/180 — 84,4%", "158/180 — 87,8%"]


def test_huong_khe_130_percent_of_the_2021_plan_and_nearly_70_percent_by_mid_2022():
    province = make_unit(None, "HT", "Đảng bộ tỉnh Hà Tĩnh", "province")
    district = make_unit(province, "HK", "Đảng bộ huyện Hương Khê", "district")
    commune = make_unit(district, "HK-HL", "Đảng bộ xã Hương Liên", "grassroots_committee")
    cell = make_unit(commune, "HK-T5", "Chi bộ thôn 5")
    admit(cell, spread(299, date(2021, 1, 8), date(2021, 12, 27)))
    admit(cell, spread(174, date(2022, 1, 10), date(2022, 6, 30)))
    admit(cell, spread(20, date(2022, 7, 1), date(2022, 8, 1)))
    plan_2021 = target(district, A, date(2021, 1, 1), date(2021, 12, 31), 230)
    plan_2022 = target(district, A, date(2022, 1, 1), date(2022, 12, 31), 250)

    first, second = achievements([plan_2021, plan_2022], as_of=date(2022, 6, 30))

    assert first.text == "299/230 — 130,0%"
    assert second.text == "174/250 — 69,6%"  # "gần 70% chỉ tiêu của cả năm"
    assert second.status == "Đúng tiến độ" and second.pace > 1  # half the year gone, 69,6%


def test_a_commune_merged_into_another_counts_for_its_successor():
    province = make_unit(None, "M", "Đảng bộ tỉnh Mới", "province")
    new = make_unit(province, "M-NEW", "Đảng bộ xã Mới", "commune")
    old = make_unit(province, "M-OLD", "Đảng bộ xã Cũ", "commune")
    old_cell = make_unit(old, "M-OLDC", "Chi bộ thôn Cũ")
    new_cell = make_unit(new, "M-NEWC", "Chi bộ thôn Mới")
    from ptdv.organizations.services import organization_dissolve

    organization_dissolve(acting_user=None, organization=old, on=date(2025, 6, 30), merged_into=new)
    admit(old_cell, spread(4, date(2025, 1, 1), date(2025, 6, 1)))
    admit(new_cell, spread(3, date(2025, 8, 1), date(2025, 10, 1)))
    plan = target(new, A, date(2025, 1, 1), date(2025, 12, 31), 10)

    [item] = achievements([plan], as_of=date(2025, 12, 31))

    assert item.admitted == 7


def test_the_nq21_rate_counts_admissions_against_the_members_at_the_start():
    """Resolution 21-NQ/TW: each year, admissions of 3–4% of the members."""
    from ptdv.targets.models import TargetMeasure
    from tests.targets.helpers import veterans

    commune = make_unit(None, "NQ", "Đảng bộ xã Nghĩa Quang", "commune")
    cell = make_unit(commune, "NQ-C", "Chi bộ thôn Quang Trung")
    veterans(cell, 200)
    admit(cell, spread(4, date(2023, 1, 20), date(2023, 6, 20)))
    rate = target(commune, A, *YEAR_2023, 3, 4, measure=TargetMeasure.RATE)

    [mid_year] = achievements([rate], as_of=date(2023, 6, 30))

    assert mid_year.members_at_start == 200  # the 4 new ones joined after the start
    assert mid_year.text == "2,0%/3,0–4,0% — 66,7% / 50,0%"
    assert mid_year.status == "Đúng tiến độ"  # 66,7% of the floor with 49,6% of the year gone
