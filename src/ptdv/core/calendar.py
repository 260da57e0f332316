"""Working days (ngày làm việc): Monday to Friday, minus Viet Nam's public holidays.

Every deadline of the admission procedure counts working days (DOMAIN.md glossary). The days
off are data, year by year: `HOLIDAYS` holds the days announced for civil servants (Tết
Nguyên đán, Giỗ Tổ Hùng Vương, 30/4, 1/5, Quốc khánh, 1/1), and `settings.PTDV_HOLIDAYS`
({year: [date, …]}) adds or replaces a year without a release, e.g. when the Government
announces a compensatory day off (nghỉ bù) or the Tết schedule of a new year.
"""

from datetime import date, timedelta
from functools import lru_cache

from django.conf import settings


def _span(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def _fixed(year: int, *extra: date) -> list[date]:
    return [date(year, 1, 1), date(year, 4, 30), date(year, 5, 1), date(year, 9, 2), *extra]


# Tết breaks for civil servants (weekends inside the range are harmless), Hùng Kings day
# (10/3 lunar) and the extra National Day day (from 2021). 2027 is provisional: the Tết
# schedule is announced the year before.
HOLIDAYS: dict[int, list[date]] = {
    2017: [*_fixed(2017, date(2017, 4, 6)), *_span(date(2017, 1, 26), date(2017, 2, 1))],
    2018: [*_fixed(2018, date(2018, 4, 25)), *_span(date(2018, 2, 14), date(2018, 2, 20))],
    2019: [*_fixed(2019, date(2019, 4, 15)), *_span(date(2019, 2, 2), date(2019, 2, 10))],
    2020: [*_fixed(2020, date(2020, 4, 2)), *_span(date(2020, 1, 23), date(2020, 1, 29))],
    2021: [
        *_fixed(2021, date(2021, 4, 21), date(2021, 9, 3)),
        *_span(date(2021, 2, 10), date(2021, 2, 16)),
    ],
    2022: [
        *_fixed(2022, date(2022, 4, 11), date(2022, 5, 2), date(2022, 5, 3), date(2022, 9, 1)),
        *_span(date(2022, 1, 29), date(2022, 2, 6)),
    ],
    2023: [
        *_fixed(2023, date(2023, 1, 2), date(2023, 5, 2), date(2023, 5, 3), date(2023, 9, 1)),
        *_span(date(2023, 1, 20), date(2023, 1, 26)),
        date(2023, 9, 4),
    ],
    2024: [
        *_fixed(2024, date(2024, 4, 18), date(2024, 4, 29), date(2024, 9, 3)),
        *_span(date(2024, 2, 8), date(2024, 2, 14)),
    ],
    2025: [
        *_fixed(2025, date(2025, 4, 7), date(2025, 5, 2), date(2025, 9, 1)),
        *_span(date(2025, 1, 25), date(2025, 2, 2)),
    ],
    2026: [
        *_fixed(2026, date(2026, 4, 27), date(2026, 9, 1)),
        *_span(date(2026, 2, 14), date(2026, 2, 22)),
    ],
    2027: [
        *_fixed(2027, date(2027, 4, 16), date(2027, 9, 3)),
        *_span(date(2027, 2, 4), date(2027, 2, 10)),
    ],
}


@lru_cache(maxsize=64)
def _holidays(year: int, overrides_key: str) -> frozenset[date]:
    overrides = getattr(settings, "PTDV_HOLIDAYS", {}) or {}
    if year in overrides:
        return frozenset(overrides[year])
    return frozenset(HOLIDAYS.get(year, _fixed(year)))


def holidays_of(year: int) -> frozenset[date]:
    """The public holidays of `year` (the built-in table, or the settings override)."""
    overrides = getattr(settings, "PTDV_HOLIDAYS", {}) or {}
    return _holidays(year, repr(sorted(overrides.get(year, []))))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in holidays_of(day.year)


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (`start` itself not counted). "Within 30 working
    days of D" means on or before add_working_days(D, 30)."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    while n:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]: 0 when end <= start. working_days_between(d,
    add_working_days(d, n)) == n."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def add_months(day: date, months: int) -> date:
    """Same day `months` later; the 29–31st falls back to the month's last day."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def months_between(start: date, end: date) -> int:
    """Whole months from `start` to `end` ("tính theo tháng"): 18 years = 216 months."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day and add_months(start, months) > end:
        months -= 1
    return months
