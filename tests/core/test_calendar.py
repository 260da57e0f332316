"""Working days of the civil-servant calendar: weekends, public holidays, swapped days off and
make-up Saturdays (data, shipped for 2017–2026), at the boundaries and across Tết."""

from datetime import date

import pytest

from ptdv.accounts import calendar_services as services
from ptdv.core.calendar import (
    add_months,
    add_working_days,
    extra_working_days_of,
    holidays_of,
    is_working_day,
    months_between,
    working_days_between,
)
from ptdv.core.errors import DomainError
from ptdv.core.models import CalendarDay

pytestmark = pytest.mark.usefixtures("reference_data")


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


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 2),  # Friday, swapped for Saturday 10/01/2026
        date(2026, 8, 31),  # Monday, swapped for Saturday 22/08/2026
        date(2024, 4, 29),  # Monday, swapped for Saturday 04/05/2024
        date(2025, 5, 2),  # Friday, swapped for Saturday 26/04/2025
    ],
)
def test_swapped_days_off_are_not_working_days(day):
    assert day.weekday() < 5
    assert not is_working_day(day)
    assert day in holidays_of(day.year)


@pytest.mark.parametrize(
    "day", [date(2024, 5, 4), date(2025, 4, 26), date(2026, 1, 10), date(2026, 8, 22)]
)
def test_make_up_saturdays_are_working_days(day):
    assert day.weekday() == 5
    assert is_working_day(day)
    assert day in extra_working_days_of(day.year)
    # The Saturday after it is an ordinary weekend day.
    assert not is_working_day(date.fromordinal(day.toordinal() + 7))


def test_p8_the_31st_working_day_after_05_01_2026_is_23_02_2026():
    # 6–9/1 (4), Saturday 10/1 worked (5), four full weeks (25), 9–13/2 (30), then Tết.
    assert add_working_days(date(2026, 1, 5), 30) == date(2026, 2, 13)
    assert working_days_between(date(2026, 1, 5), date(2026, 2, 23)) == 31


def test_p9_09_10_2026_is_the_30th_working_day_after_25_08_2026():
    # 26–28/8 (3); 31/8 swapped off, 1/9 and 2/9 Quốc khánh; 3–4/9 (5); five weeks (30).
    assert add_working_days(date(2026, 8, 25), 30) == date(2026, 10, 9)
    assert working_days_between(date(2026, 8, 25), date(2026, 10, 9)) == 30


def test_sixty_working_days_from_a_january_2026_resolution_cross_tet():
    # From Monday 12/01/2026: 24 working days to 13/02, Tết, then 36 more from 23/02.
    end = add_working_days(date(2026, 1, 12), 60)
    assert end == date(2026, 4, 13)
    assert working_days_between(date(2026, 1, 12), date(2026, 2, 13)) == 24
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 22)) == 0
    assert working_days_between(date(2026, 1, 12), end) == 60


def test_every_year_2017_to_2026_is_shipped():
    years = {d.year for d in CalendarDay.objects.values_list("day", flat=True)}
    assert set(range(2017, 2027)) <= years
    assert date(2022, 1, 3) in holidays_of(2022)  # 01/01/2022 was a Saturday
    assert date(2019, 1, 5) in extra_working_days_of(2019)


def test_an_entered_day_changes_every_deadline_and_is_audited(tree):
    from ptdv.accounts.models import AuditEvent

    assert is_working_day(date(2030, 3, 4))
    assert add_working_days(date(2030, 3, 1), 1) == date(2030, 3, 4)
    services.calendar_day_save(
        acting_user=tree.admin, day=date(2030, 3, 4), kind="day_off", note="Nghỉ bù"
    )
    assert not is_working_day(date(2030, 3, 4))
    assert add_working_days(date(2030, 3, 1), 1) == date(2030, 3, 5)
    services.calendar_day_save(
        acting_user=tree.admin, day=date(2030, 3, 9), kind="working_day", note="Làm bù"
    )
    assert add_working_days(date(2030, 3, 8), 1) == date(2030, 3, 9)
    row = CalendarDay.objects.get(day=date(2030, 3, 4))
    services.calendar_day_delete(acting_user=tree.admin, row=row)
    assert is_working_day(date(2030, 3, 4))
    events = AuditEvent.objects.filter(event__startswith="calendar_day").order_by("id")
    assert [e.event for e in events] == [
        "calendar_day_saved",
        "calendar_day_saved",
        "calendar_day_deleted",
    ]


@pytest.mark.parametrize(
    ("day", "kind", "message"),
    [
        (date(2030, 3, 5), "working_day", "chỉ ghi ngày làm bù cho thứ Bảy"),
        (date(2030, 3, 9), "day_off", "ngày nghỉ cuối tuần"),
        (date(2030, 4, 30), "day_off", "ngày lễ cố định"),
    ],
)
def test_a_wrong_day_is_refused_and_nothing_is_written(tree, day, kind, message):
    with pytest.raises(DomainError, match=message):
        services.calendar_day_save(acting_user=tree.admin, day=day, kind=kind, note="x")
    assert not CalendarDay.objects.filter(day=day).exists()


def test_only_the_administrator_edits_the_calendar(tree):
    with pytest.raises(DomainError, match="Chỉ quản trị hệ thống"):
        services.calendar_day_save(
            acting_user=tree.officer_p1, day=date(2030, 3, 4), kind="day_off", note="x"
        )
    assert not CalendarDay.objects.filter(day=date(2030, 3, 4)).exists()


def test_months_are_counted_whole():
    assert months_between(date(2005, 6, 15), date(2023, 6, 15)) == 216
    assert months_between(date(2005, 6, 15), date(2023, 6, 14)) == 215
    assert months_between(date(2005, 1, 31), date(2005, 2, 28)) == 1
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)
