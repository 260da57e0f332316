"""The seed targets for the demo units. Called by the demo builder with its dict of units."""

from datetime import date

from django.utils import timezone

from ptdv.organizations.models import Organization
from ptdv.targets import services
from ptdv.targets.models import TargetKind, TargetMeasure

# The 2020–2025 congress term of the district committees of the seeds, up to their
# dissolution on 30/06/2025.
TERM = (date(2020, 7, 1), date(2025, 6, 30))


def _year(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _seed_targets() -> list[dict]:
    R, A, G = TargetKind.RESOLUTION, TargetKind.ASSIGNED, TargetKind.REGISTERED
    rows = [
        # Bình Thuận: "bình quân hằng năm phát triển 2.000 đảng viên" (Đại hội XIV); 2021: 2.030.
        {
            "unit": "TC60",
            "kind": R,
            "period": _year(2021),
            "min": 2000,
            "document": "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Bình Thuận lần thứ XIV",
        },
        # Thanh Liêm: 600 in the term (congress resolution); 539 by 10/2023 = "gần 90%".
        {
            "unit": "THANH-LIEM",
            "kind": R,
            "period": TERM,
            "min": 600,
            "document": "Nghị quyết Đại hội Đảng bộ huyện Thanh Liêm nhiệm kỳ 2020–2025",
        },
        # The province's assigned figure is not in the article; 650 makes 539 "gần 83%"
        # (539/650 = 82,9%).
        {
            "unit": "THANH-LIEM",
            "kind": A,
            "period": TERM,
            "min": 650,
            "document": "Ban Thường vụ Tỉnh ủy Hà Nam giao (số liệu suy ra từ tỷ lệ 83%)",
        },
        # "từ tháng 11/2023 đến tháng 6/2025 … kết nạp từ 170-200 đảng viên mới" (BTV Huyện ủy).
        {
            "unit": "THANH-LIEM",
            "kind": G,
            "period": (date(2023, 11, 1), date(2025, 6, 30)),
            "min": 170,
            "max": 200,
            "document": "Mục tiêu phấn đấu của Ban Thường vụ Huyện ủy Thanh Liêm",
        },
        # Đăk Glei: "mục tiêu kết nạp trên 600 đảng viên" in the term.
        {
            "unit": "DAK-GLEI",
            "kind": R,
            "period": TERM,
            "min": 600,
            "document": "Nghị quyết Đại hội Đảng bộ huyện Đăk Glei lần thứ XIX",
            "note": "Trên 600 đảng viên",
        },
        # Kiện Khê 2023: "hiện đã hoàn thành chỉ tiêu kết nạp 12 đảng viên, đạt 100% kế hoạch".
        {
            "unit": "KIEN-KHE",
            "kind": A,
            "period": _year(2023),
            "min": 12,
            "document": "Chỉ tiêu kết nạp đảng viên năm 2023 của Đảng bộ thị trấn Kiện Khê",
        },
        # An Sơn 2023: "được giao 13 (nhiều hơn 2 đảng viên so với xã đăng ký)".
        {
            "unit": "AN-SON",
            "kind": A,
            "period": _year(2023),
            "min": 13,
            "document": "Ban Thường vụ Huyện ủy Văn Quan giao",
        },
        {"unit": "AN-SON", "kind": G, "period": _year(2023), "min": 11},
        # Hương Khê: the article gives only ratios — 130% of the 2021 plan and "gần 70%" of the
        # 2022 target by 30/06/2022. Values chosen to match: 299/230 = 130,0% and
        # 174/250 = 69,6%.
        {
            "unit": "HUONG-KHE",
            "kind": A,
            "period": _year(2021),
            "min": 230,
            "document": "Kế hoạch phát triển đảng viên năm 2021 (giá trị minh họa)",
        },
        {
            "unit": "HUONG-KHE",
            "kind": A,
            "period": _year(2022),
            "min": 250,
            "document": "Chỉ tiêu phát triển đảng viên năm 2022 (giá trị minh họa)",
        },
    ]
    # Văn Quan: 180 a year by the congress resolution; more than 150 a year registered with
    # the provincial standing committee ("đạt mục tiêu đăng ký … chưa đạt 180/năm").
    for year in range(2021, 2025):
        rows.append(
            {
                "unit": "VAN-QUAN",
                "kind": R,
                "period": _year(year),
                "min": 180,
                "document": "Nghị quyết Đại hội Đảng bộ huyện Văn Quan nhiệm kỳ 2020–2025",
            }
        )
        rows.append(
            {
                "unit": "VAN-QUAN",
                "kind": G,
                "period": _year(year),
                "min": 150,
                "document": "Đăng ký với Ban Thường vụ Tỉnh ủy Lạng Sơn",
            }
        )
    # Resolution 21-NQ/TW: admissions each year equal to 3–4% of the members (R45).
    this_year = timezone.localdate().year
    for key in ("T20", "T37", "T42", "T51", "T68"):
        rows.append(
            {
                "unit": key,
                "kind": A,
                "measure": TargetMeasure.RATE,
                "period": _year(this_year),
                "min": 3,
                "max": 4,
                "document": "Nghị quyết 21-NQ/TW ngày 16/6/2022 của Ban Chấp hành Trung ương",
            }
        )
    return rows


def build_demo_targets(units: dict[str, Organization]) -> None:
    """Create the targets of the seed articles for the demo units (missing units skipped)."""
    for row in _seed_targets():
        unit = units.get(row["unit"])
        if unit is None:
            continue
        services.target_create(
            acting_user=None,
            organization=unit,
            kind=row["kind"],
            measure=row.get("measure", TargetMeasure.COUNT),
            period_start=row["period"][0],
            period_end=row["period"][1],
            min_value=row["min"],
            max_value=row.get("max"),
            document=row.get("document", ""),
            note=row.get("note", ""),
        )
