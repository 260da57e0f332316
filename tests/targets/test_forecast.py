"""The forecast on constructed histories: steady pace, a late surge, nothing at all."""

from datetime import date, timedelta

import pytest

from ptdv.targets.achievement import achievements
from ptdv.targets.forecast import forecast_count
from ptdv.targets.models import TargetKind
from tests.conftest import make_unit
from tests.targets.helpers import admit, spread, target

pytestmark = pytest.mark.django_db

YEAR_2023 = (date(2023, 1, 1), date(2023, 12, 31))


@pytest.fixture
def district():
    district = make_unit(None, "VQ", "Đảng bộ huyện Văn Quan", "district")
    commune = make_unit(district, "VQ-AS", "Đảng bộ xã An Sơn", "grassroots_committee")
    make_unit(commune, "VQ-C1", "Chi bộ thôn Nà Súng")
    return district


def cell(district):
    return district.children.get().children.get()


def test_a_steady_pace_forecasts_about_the_yearly_total(district):
    admit(cell(district), spread(150, date(2023, 1, 2), date(2023, 12, 30)))
    plan = target(district, TargetKind.REGISTERED, *YEAR_2023, 150)

    [item] = achievements([plan], as_of=date(2023, 6, 30))

    assert 73 <= item.admitted <= 76
    assert abs(item.forecast.value - 150) <= 3
    assert abs(item.forecast.linear - 150) <= 3
    assert item.status == "Đúng tiến độ"


def test_a_late_surge_raises_the_forecast_above_the_average_pace(district):
    """Văn Quan 2023: 86 admitted to early August, 74 of them from May."""
    early = spread(12, date(2023, 1, 6), date(2023, 4, 25))
    surge = spread(74, date(2023, 5, 3), date(2023, 8, 4))
    admit(cell(district), early + surge)
    plan = target(district, TargetKind.RESOLUTION, *YEAR_2023, 180)
    as_of = date(2023, 8, 5)

    [item] = achievements([plan], as_of=as_of)

    window_start = as_of - timedelta(days=89)
    recent = sum(1 for day in early + surge if window_start <= day <= as_of)
    remaining = (date(2023, 12, 31) - as_of).days
    assert item.admitted == 86
    assert item.forecast.recent == recent
    assert item.forecast.value == int(86 + recent / 90 * remaining + 0.5)
    # The average since January (86 in 217 days) would end near 145, short of even 150;
    # the recent pace reaches the 180 of the resolution.
    assert item.forecast.linear == round(86 * 365 / 217) == 145
    assert item.forecast.value > 180
    assert "90 ngày gần nhất" in item.forecast.method


def test_no_admissions_at_all_forecasts_zero_and_is_behind(district):
    plan = target(district, TargetKind.RESOLUTION, *YEAR_2023, 180)

    [item] = achievements([plan], as_of=date(2023, 5, 1))

    assert item.text == "0/180 — 0,0%"
    assert item.forecast.value == 0 and item.forecast.linear == 0
    assert item.pace == 0 and item.status == "Chậm tiến độ"


def test_before_the_period_starts_nothing_is_divided_by_zero(district):
    plan = target(district, TargetKind.RESOLUTION, *YEAR_2023, 180)

    [item] = achievements([plan], as_of=date(2022, 12, 1))

    assert item.forecast.value == 0 and item.pace is None
    assert item.status == "Chưa đến kỳ"


def test_the_window_shrinks_to_the_days_elapsed_early_in_the_period():
    forecast = forecast_count(
        achieved=10, recent=10, window_days=90, elapsed_days=20, remaining_days=346
    )

    assert forecast.window_days == 20
    assert forecast.value == 10 + 173
