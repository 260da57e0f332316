"""Working days: weekends and public holidays, at the boundaries and across Tết."""

from datetime import date

import pytest

from ptdv.core.calendar import (
    add_months,
    add_working_days,
    is_working_day,
    months_between,
    working_days_between,
)


def test_weekends_are_not_working_days():
    assert is_working_day(date(2026, 11, 20))  # Friday
    assert not is_working_day(date(2026, 11, 21))  # Saturday
    assert not is_working_day(date(2026, 11, 22))  # Sunday


def test_one_working_day_after_a_friday_is_the_monday():
    assert add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 23)
    assert add_working_days(date(2026, 11, 20), 0) == date(2026, 11, 20)


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 1),
        date(2026, 2, 16),
        date(2026, 2, 20),
        date(2026, 4, 27),
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 9, 1),
        date(2026, 9, 2),
        date(2025, 1, 29),
        date(2024, 2, 14),
    ],
)
def test_public_holidays_are_not_working_days(day):
    assert not is_working_day(day)


def test_tet_2026_the_day_before_the_break_the_break_and_the_day_after():
    # Tết Bính Ngọ: 14/02/2026 (Saturday) to 22/02/2026 (Sunday).
    assert is_working_day(date(2026, 2, 13))
    assert not any(is_working_day(date(2026, 2, d)) for d in range(14, 23))
    assert is_working_day(date(2026, 2, 23))
    assert add_working_days(date(2026, 2, 12), 1) == date(2026, 2, 13)
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert add_working_days(date(2026, 2, 13), 2) == date(2026, 2, 24)


def test_thirty_working_days_across_tet_2025():
    # From Monday 20/01/2025: 4 days that week, Tết 25/01–02/02, then 26 more from 03/02.
    end = add_working_days(date(2025, 1, 20), 30)
    assert end == date(2025, 3, 10)
    assert working_days_between(date(2025, 1, 20), end) == 30
    assert working_days_between(date(2025, 1, 20), date(2025, 3, 9)) == 29  # a Sunday
    assert working_days_between(date(2025, 1, 20), date(2025, 3, 11)) == 31


def test_working_days_between_is_empty_for_the_same_day_or_backwards():
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 2)) == 0
    assert working_days_between(date(2026, 3, 3), date(2026, 3, 2)) == 0


def test_a_year_can_be_configured_in_settings(settings):
    settings.PTDV_HOLIDAYS = {2030: [date(2030, 3, 4)]}
    assert not is_working_day(date(2030, 3, 4))
    assert is_working_day(date(2030, 3, 5))
    settings.PTDV_HOLIDAYS = {2030: []}
    assert is_working_day(date(2030, 3, 4))


def test_months_are_counted_whole():
    assert months_between(date(2005, 6, 15), date(2023, 6, 15)) == 216
    assert months_between(date(2005, 6, 15), date(2023, 6, 14)) == 215
    assert months_between(date(2005, 1, 31), date(2005, 2, 28)) == 1
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)
