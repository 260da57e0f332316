"""Working days (ngày làm việc) of the civil-servant calendar.

Every deadline of the admission procedure counts working days (DOMAIN.md glossary): Monday to
Friday, minus the fixed public holidays of the Labour Code (1/1, 30/4, 1/5, 2/9), minus the
days off announced each year (Tết, Giỗ Tổ Hùng Vương, the second Quốc khánh day, compensatory
and swapped days off), plus the make-up working days (a Saturday worked in exchange for a
swapped day). The announced days are data (`core.models.CalendarDay`), entered by an
administrator and shipped for 2017–2026 (`core.calendar_data`).
"""

import time
from datetime import date, timedelta

from django.db import transaction

# The whole table, read in one query: {"at": loaded at, "years": {year: (days off, worked)}}.
# Cleared in this process whenever the table changes; other server processes reload it after
# CACHE_SECONDS.
_CACHE: dict = {}
CACHE_SECONDS = 300


def fixed_holidays(year: int) -> list[date]:
    """The solar-calendar holidays fixed by law (Bộ luật Lao động 2019 Điều 112)."""
    return [date(year, 1, 1), date(year, 4, 30), date(year, 5, 1), date(year, 9, 2)]


def clear_cache() -> None:
    _CACHE.clear()


def calendar_changed() -> None:
    """Called after a change of the table: now, and again once the transaction commits."""
    clear_cache()
    transaction.on_commit(clear_cache)


def load() -> dict[int, tuple[set[date], set[date]]]:
    """Read the announced days (one query) unless they are fresh in the cache."""
    now = time.monotonic()
    if not _CACHE or now - _CACHE["at"] > CACHE_SECONDS:
        from ptdv.core.models import CalendarDay, CalendarDayKind

        years: dict[int, tuple[set[date], set[date]]] = {}
        for day, kind in CalendarDay.objects.values_list("day", "kind"):
            off, work = years.setdefault(day.year, (set(), set()))
            (work if kind == CalendarDayKind.WORKING_DAY else off).add(day)
        _CACHE.update(at=now, years=years, built={}, added={})
    return _CACHE["years"]


def _year(year: int) -> tuple[frozenset[date], frozenset[date]]:
    years = load()
    built = _CACHE["built"]
    if year not in built:
        off, work = years.get(year, (set(), set()))
        off = (set(fixed_holidays(year)) | off) - work
        built[year] = (frozenset(off), frozenset(work))
    return built[year]


def holidays_of(year: int) -> frozenset[date]:
    """The days off of `year`: the fixed holidays and the announced days off."""
    return _year(year)[0]


def extra_working_days_of(year: int) -> frozenset[date]:
    """The weekend days worked in `year` (make-up Saturdays)."""
    return _year(year)[1]


def is_working_day(day: date) -> bool:
    off, work = _year(day.year)
    if day in work:
        return True
    return day.weekday() < 5 and day not in off


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (`start` itself not counted). "Within 30 working
    days of D" means on or before add_working_days(D, 30)."""
    if n < 0:
        raise ValueError("n must not be negative")
    load()
    added = _CACHE["added"]  # the answers since the calendar was read (deadlines repeat)
    day = added.get((start, n))
    if day is None:
        day, left = start, n
        while left:
            day += timedelta(days=1)
            if is_working_day(day):
                left -= 1
        added[(start, n)] = day
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
