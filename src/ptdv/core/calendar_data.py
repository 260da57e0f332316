"""The civil-servant calendar of 2017–2026 as announced each year (Thủ tướng Chính phủ on
the proposal of Bộ Lao động – Thương binh và Xã hội, from 2025 Bộ Nội vụ): Tết, Giỗ Tổ Hùng
Vương, the second day of Quốc khánh (from 2021, Bộ luật Lao động 2019 Điều 112), the
compensatory days off (nghỉ bù) and the swapped days with their make-up working days.

Plain data and one installer taking the model class, so that the data migration (historical
model) and the tests (after a transactional test flushed the table) install the same rows.
An administrator enters later years, or corrects these, on the calendar page or the API.
"""

from datetime import date, timedelta

OFF, WORK = "day_off", "working_day"
BASIS = "Thông báo lịch nghỉ lễ, Tết năm {year} đối với cán bộ, công chức, viên chức"


def _span(start: date, end: date, note: str) -> list[tuple[date, str, str]]:
    return [(start + timedelta(days=i), OFF, note) for i in range((end - start).days + 1)]


def _tet(start: date, end: date) -> list[tuple[date, str, str]]:
    return _span(start, end, "Nghỉ Tết Nguyên đán")


HUNG = "Giỗ Tổ Hùng Vương (10/3 âm lịch)"
QK2 = "Quốc khánh (ngày nghỉ thứ hai)"

# (day, kind, note). Weekend days inside a Tết span are harmless.
DAYS: dict[int, list[tuple[date, str, str]]] = {
    2017: [
        (date(2017, 1, 2), OFF, "Nghỉ bù Tết Dương lịch (01/01 là Chủ nhật)"),
        *_tet(date(2017, 1, 26), date(2017, 2, 1)),
        (date(2017, 4, 6), OFF, HUNG),
        (date(2017, 5, 2), OFF, "Nghỉ bù 30/4 (Chủ nhật)"),
        (date(2017, 9, 4), OFF, "Nghỉ bù Quốc khánh (02/9 là thứ Bảy)"),
    ],
    2018: [
        *_tet(date(2018, 2, 14), date(2018, 2, 20)),
        (date(2018, 4, 25), OFF, HUNG),
        (date(2018, 9, 3), OFF, "Nghỉ bù Quốc khánh (02/9 là Chủ nhật)"),
        (date(2018, 12, 31), OFF, "Nghỉ hoán đổi, làm bù thứ Bảy 05/01/2019"),
    ],
    2019: [
        (date(2019, 1, 5), WORK, "Làm bù cho ngày nghỉ hoán đổi 31/12/2018"),
        *_tet(date(2019, 2, 2), date(2019, 2, 10)),
        (date(2019, 4, 15), OFF, "Nghỉ bù Giỗ Tổ Hùng Vương (14/4 là Chủ nhật)"),
        (date(2019, 4, 29), OFF, "Nghỉ hoán đổi, làm bù thứ Bảy 04/5/2019"),
        (date(2019, 5, 4), WORK, "Làm bù cho ngày nghỉ hoán đổi 29/4/2019"),
    ],
    2020: [
        *_tet(date(2020, 1, 23), date(2020, 1, 29)),
        (date(2020, 4, 2), OFF, HUNG),
    ],
    2021: [
        *_tet(date(2021, 2, 10), date(2021, 2, 16)),
        (date(2021, 4, 21), OFF, HUNG),
        (date(2021, 5, 3), OFF, "Nghỉ bù 01/5 (thứ Bảy)"),
        (date(2021, 9, 3), OFF, QK2),
    ],
    2022: [
        (date(2022, 1, 3), OFF, "Nghỉ bù Tết Dương lịch (01/01 là thứ Bảy)"),
        *_tet(date(2022, 1, 29), date(2022, 2, 6)),
        (date(2022, 4, 11), OFF, "Nghỉ bù Giỗ Tổ Hùng Vương (10/4 là Chủ nhật)"),
        (date(2022, 5, 2), OFF, "Nghỉ bù 30/4 (thứ Bảy)"),
        (date(2022, 5, 3), OFF, "Nghỉ bù 01/5 (Chủ nhật)"),
        (date(2022, 9, 1), OFF, QK2),
    ],
    2023: [
        (date(2023, 1, 2), OFF, "Nghỉ bù Tết Dương lịch (01/01 là Chủ nhật)"),
        *_tet(date(2023, 1, 20), date(2023, 1, 26)),
        (date(2023, 5, 2), OFF, "Nghỉ bù Giỗ Tổ Hùng Vương (29/4 là thứ Bảy)"),
        (date(2023, 5, 3), OFF, "Nghỉ bù 30/4 (Chủ nhật)"),
        (date(2023, 9, 1), OFF, QK2),
        (date(2023, 9, 4), OFF, "Nghỉ bù Quốc khánh (02/9 là thứ Bảy)"),
    ],
    2024: [
        *_tet(date(2024, 2, 8), date(2024, 2, 14)),
        (date(2024, 4, 18), OFF, HUNG),
        (date(2024, 4, 29), OFF, "Nghỉ hoán đổi, làm bù thứ Bảy 04/5/2024"),
        (date(2024, 5, 4), WORK, "Làm bù cho ngày nghỉ hoán đổi 29/4/2024"),
        (date(2024, 9, 3), OFF, QK2),
    ],
    2025: [
        *_tet(date(2025, 1, 25), date(2025, 2, 2)),
        (date(2025, 4, 7), OFF, HUNG),
        (date(2025, 4, 26), WORK, "Làm bù cho ngày nghỉ hoán đổi 02/5/2025"),
        (date(2025, 5, 2), OFF, "Nghỉ hoán đổi, làm bù thứ Bảy 26/4/2025"),
        (date(2025, 9, 1), OFF, QK2),
    ],
    2026: [
        (date(2026, 1, 2), OFF, "Nghỉ hoán đổi, làm bù thứ Bảy 10/01/2026"),
        (date(2026, 1, 10), WORK, "Làm bù cho ngày nghỉ hoán đổi 02/01/2026"),
        *_tet(date(2026, 2, 14), date(2026, 2, 22)),
        (date(2026, 4, 27), OFF, "Nghỉ bù Giỗ Tổ Hùng Vương (26/4 là Chủ nhật)"),
        (date(2026, 8, 22), WORK, "Làm bù cho ngày nghỉ hoán đổi 31/8/2026"),
        (date(2026, 8, 31), OFF, "Nghỉ hoán đổi, làm bù thứ Bảy 22/8/2026"),
        (date(2026, 9, 1), OFF, QK2),
    ],
}


def install(CalendarDay) -> None:
    """Create the missing rows; rows already there (perhaps corrected) are kept."""
    existing = set(CalendarDay.objects.values_list("day", flat=True))
    CalendarDay.objects.bulk_create(
        [
            CalendarDay(day=day, kind=kind, note=note, legal_basis=BASIS.format(year=year))
            for year, rows in DAYS.items()
            for day, kind, note in rows
            if day not in existing
        ]
    )


def ensure_installed() -> None:
    from ptdv.core.models import CalendarDay

    if not CalendarDay.objects.exists():
        from ptdv.core.calendar import clear_cache

        install(CalendarDay)
        clear_cache()
