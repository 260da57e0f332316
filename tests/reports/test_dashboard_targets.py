"""Issue 6 point 3, progress bars: the dashboard shows the unit's targets of the period, each
with its achievement (targets.achievement) and a bar, in a fixed number of queries."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ptdv.targets.models import Target, TargetKind, TargetMeasure
from tests.reports.factories import admit

pytestmark = pytest.mark.django_db
PERIOD = {"tu": "01/01/2023", "den": "31/12/2023"}


def target(unit, low, start, end, kind=TargetKind.ASSIGNED, high=None):
    return Target.objects.create(
        organization=unit,
        kind=kind,
        measure=TargetMeasure.COUNT,
        period_start=start,
        period_end=end,
        min_value=Decimal(low),
        max_value=None if high is None else Decimal(high),
    )


def progress_section(body: str) -> str:
    return re.search(r'<section class="card" id="targets-progress">(.*?)</section>', body, re.S)[1]


@pytest.fixture
def data(tree):
    for cell, day in ((tree.a, date(2023, 3, 1)), (tree.b, date(2023, 5, 1)),
                      (tree.a, date(2023, 9, 1))):  # fmt: skip
        admit(cell, day)
    admit(tree.a, date(2022, 6, 1))  # before the period
    admit(tree.d, date(2023, 6, 1))  # the sibling commune's
    return tree


def test_the_dashboard_shows_each_target_of_the_period_with_its_bar(data, login):
    target(data.c1, 4, date(2023, 1, 1), date(2023, 12, 31))
    target(data.c1, 2, date(2023, 1, 1), date(2023, 12, 31), kind=TargetKind.REGISTERED)
    target(data.c1, 10, date(2021, 1, 1), date(2021, 12, 31))  # another year: not shown
    target(data.c2, 1, date(2023, 1, 1), date(2023, 12, 31))  # another unit: not shown
    client = login(data.office_c1)
    body = client.get(reverse("reports:dashboard", args=[data.c1.pk]), PERIOD).content.decode()
    section = progress_section(body)
    assert "Đơn vị đăng ký 2 (năm 2023)</a>: 3/2 — 150,0% đến 31/12/2023 · Đạt chỉ tiêu" in section
    assert "Cấp trên giao 4 (năm 2023)</a>: 3/4 — 75,0%" in section
    assert "3/4 — 75,0%" in section and '<span style="width: 75%"></span>' in section
    # Over the target: 150%, the bar full.
    assert "3/2 — 150,0%" in section and '<span style="width: 100%"></span>' in section
    assert section.count('class="progress"') == 2
    assert "năm 2021" not in section and "3/1 " not in section


def test_a_unit_without_targets_says_so(data, login):
    client = login(data.office_c1)
    body = client.get(reverse("reports:dashboard", args=[data.c1.pk]), PERIOD).content.decode()
    assert "Đơn vị chưa có chỉ tiêu trong thời gian này." in progress_section(body)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, PERIOD).status_code == 200
    return len(captured)


def test_the_bars_read_a_fixed_number_of_queries(data, login, settings):
    settings.PTDV_REPORT_CACHE = False  # the queries of the computation, not of a cached page
    # One target running past the period's end (it reads the pipeline too) from the start.
    target(data.c1, 4, date(2023, 1, 1), date(2023, 12, 31))
    target(data.c1, 20, date(2023, 1, 1), date(2024, 12, 31), kind=TargetKind.RESOLUTION)
    client = login(data.office_c1)
    url = reverse("reports:dashboard", args=[data.c1.pk])
    few = _queries(client, url)
    target(data.c1, 2, date(2023, 1, 1), date(2023, 12, 31), kind=TargetKind.REGISTERED)
    target(data.c1, 30, date(2022, 7, 1), date(2024, 6, 30), high=40)
    for day in range(1, 6):
        admit(data.b, date(2023, 10, day))
    assert progress_section(client.get(url, PERIOD).content.decode()).count('"progress"') == 4
    assert _queries(client, url) == few


def test_the_dashboard_reads_the_recent_pace_and_not_the_pipeline(data, login):
    """The dashboard's sentence is the recent pace; the pipeline (every open dossier and
    certificate of the subtree, ≈ 3 s at the country) is the targets page's."""
    from ptdv.reports import watch
    from ptdv.reports.figures import Period
    from ptdv.targets.achievement import achievements

    admit(data.a, date(2023, 12, 1))  # a recent pace to extrapolate
    running = target(data.c1, 10, date(2023, 1, 1), date(2024, 12, 31))
    child = target(data.a, 40, date(2023, 1, 1), date(2024, 12, 31))
    period = Period(date(2023, 1, 1), date(2023, 12, 31))
    progress, behind = watch.progress_and_behind(data.office_c1, data.c1, period)
    [item] = progress
    assert item.target == running and item.admitted == 4
    assert item.forecast.value > 4 and item.forecast.pipeline is None
    assert [
        i.forecast.pipeline for i in watch.target_progress(data.office_c1, data.c1, period)
    ] == [None]
    # The child behind pace is still found; the targets page keeps the pipeline, and the
    # pace is the same either way.
    assert {i.target for i in behind} == {running, child}
    [full] = achievements([running], as_of=period.end)
    assert full.forecast.pipeline is not None and full.forecast.value == item.forecast.value
