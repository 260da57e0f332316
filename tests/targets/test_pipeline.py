"""The forecast from the pipeline (dossiers past the cell resolution with their R26 deadline,
trained candidates, the unit's own conversion rates) on constructed histories."""

from datetime import date
from decimal import Decimal

import pytest

from ptdv.core.calendar import add_working_days
from ptdv.recruitment.models import DossierState
from ptdv.targets.achievement import achievements
from ptdv.targets.models import TargetKind
from tests.conftest import make_unit
from tests.targets.helpers import admit, certify, dossiers, spread, target

pytestmark = pytest.mark.django_db

YEAR = (date(2023, 1, 1), date(2023, 12, 31))
AS_OF = date(2023, 9, 1)
S = DossierState


@pytest.fixture
def units():
    district = make_unit(None, "PL", "Đảng bộ huyện Phù Lưu", "district")
    commune = make_unit(district, "PL-X", "Đảng bộ xã Phù Lưu", "grassroots_committee")
    cell = make_unit(commune, "PL-C1", "Chi bộ thôn Đông")
    sibling = make_unit(district, "PL-Y", "Đảng bộ xã Minh Tiến", "grassroots_committee")
    sibling_cell = make_unit(sibling, "PL-Y1", "Chi bộ thôn Tây")
    # 40 admissions from January to May, none in the last 90 days: the recent pace is zero.
    admit(cell, spread(40, date(2023, 1, 5), date(2023, 5, 31)))
    return commune, cell, sibling_cell


def one(commune, as_of=AS_OF):
    plan = target(commune, TargetKind.ASSIGNED, *YEAR, 60)
    [item] = achievements([plan], as_of=as_of)
    return item


def test_dossiers_due_before_the_period_end_raise_the_forecast(units):
    commune, cell, sibling_cell = units
    resolution = date(2023, 8, 15)
    dossiers(cell, 6, S.CELL_PROPOSED, resolution=resolution)
    dossiers(cell, 4, S.AWAITING_DECISION, resolution=date(2023, 7, 3))
    # History of the last 12 months: 3 admitted, 1 rejected → 75 %.
    dossiers(cell, 3, S.PROBATIONARY, resolution=date(2023, 2, 1), decided=date(2023, 4, 3))
    dossiers(cell, 1, S.REJECTED, resolution=date(2023, 3, 1))
    # Another commune's pipeline and a dossier still before the cell resolution never count.
    dossiers(sibling_cell, 9, S.CELL_PROPOSED, resolution=resolution)
    dossiers(cell, 5, S.VERIFYING)

    item = one(commune)

    pipeline = item.forecast.pipeline
    assert item.admitted == 40 and item.forecast.value == 40  # the pace alone adds nothing
    assert (pipeline.dossiers, pipeline.landing) == (10, 10)
    assert pipeline.last_expected == add_working_days(resolution, 60) <= YEAR[1]
    assert pipeline.dossier_rate == Decimal("0.75")
    assert pipeline.trained == 0 and pipeline.expected == 8  # 10 × 75 % = 7,5 → 8
    assert item.forecast.with_pipeline == 48
    assert "R26" in pipeline.method and "75,0%" in pipeline.method
    assert "3/4 hồ sơ" in pipeline.method


def test_dossiers_whose_deadline_falls_after_the_period_end_do_not_count(units):
    commune, cell, _ = units
    late = date(2023, 11, 20)
    assert add_working_days(late, 60) > YEAR[1]
    dossiers(cell, 7, S.GRASSROOTS_PROPOSED, resolution=late)
    # An extension of 30 working days pushes an August resolution past the year's end too.
    dossiers(cell, 2, S.AWAITING_DECISION, resolution=date(2023, 9, 20), extension=30)

    item = one(commune, as_of=date(2023, 11, 30))

    pipeline = item.forecast.pipeline
    assert (pipeline.dossiers, pipeline.landing) == (9, 0)
    assert pipeline.last_expected is None and pipeline.expected == 0
    assert item.forecast.with_pipeline == item.forecast.value == 40


def test_no_pipeline_leaves_the_pace_forecast(units):
    commune, _, _ = units

    item = one(commune)

    pipeline = item.forecast.pipeline
    assert (pipeline.dossiers, pipeline.trained, pipeline.expected) == (0, 0, 0)
    assert pipeline.dossier_history == 0 and pipeline.dossier_rate == 1  # the default
    assert item.forecast.with_pipeline == item.forecast.value == 40


def test_the_pace_wins_when_it_expects_more_than_the_pipeline(units):
    commune, cell, _ = units
    admit(cell, spread(30, date(2023, 6, 5), date(2023, 8, 30)))
    dossiers(cell, 2, S.CELL_PROPOSED, resolution=date(2023, 8, 1))

    item = one(commune)

    assert item.forecast.pipeline.expected == 2  # no history: the default rate 1
    assert item.forecast.value > 72
    assert item.forecast.with_pipeline == item.forecast.value


def test_trained_candidates_count_with_the_units_own_rate_over_the_time_left(units):
    commune, cell, sibling_cell = units
    # Certified in the last 12 months: 10 persons, 4 of them admitted since → 40 %.
    certify(cell, 4, date(2023, 1, 10), admitted_on=date(2023, 5, 20))
    certify(cell, 6, date(2023, 2, 10))  # still waiting, certificate valid
    # Waiting too, certified three years ago (valid 60 months) but outside the rate window.
    certify(cell, 2, date(2020, 10, 1))
    # Expired certificate, a sibling commune's candidate: not counted.
    certify(cell, 1, date(2018, 1, 2))
    certify(sibling_cell, 5, date(2023, 3, 1))
    # A certified person already in the pipeline counts as a dossier, not twice.
    people = dossiers(cell, 1, S.CELL_PROPOSED, resolution=date(2023, 8, 10))
    certify(cell, people, date(2022, 12, 1))

    item = one(commune)

    pipeline = item.forecast.pipeline
    assert pipeline.trained == 8
    # the 10 of this year and the person certified on 01/12/2022 (now in the pipeline)
    assert (pipeline.trained_history, pipeline.trained_admitted) == (11, 4)
    days_left = (YEAR[1] - AS_OF).days
    window = (AS_OF - date(2022, 9, 1)).days
    assert pipeline.time_share == Decimal(days_left) / Decimal(window)
    expected = 8 * Decimal(4) / 11 * pipeline.time_share + 1  # + the dossier, default rate 1
    assert pipeline.expected == round(expected)
    assert item.admitted == 44  # the 4 admitted in May
    assert item.forecast.with_pipeline == 44 + pipeline.expected


def test_a_person_sent_by_two_cells_counts_once_in_each_unit_covering_them(units):
    commune, cell, sibling_cell = units
    second = make_unit(commune, "PL-C2", "Chi bộ thôn Nam")
    district = commune.parent
    # Three persons: one sent by both cells of the commune (two classes), one by each cell
    # alone; the shared one was also sent by the sibling commune's cell (a third class).
    shared = certify(cell, 1, date(2023, 2, 10))
    certify(second, shared, date(2023, 3, 10))
    certify(sibling_cell, shared, date(2023, 4, 10))
    certify(cell, 1, date(2023, 2, 10))
    certify(second, 1, date(2023, 2, 10))
    plans = [
        target(commune, TargetKind.ASSIGNED, *YEAR, 60),
        target(sibling_cell.parent, TargetKind.ASSIGNED, *YEAR, 10),
        target(district, TargetKind.RESOLUTION, *YEAR, 100),
    ]

    items = achievements(plans, as_of=AS_OF)

    trained = [item.forecast.pipeline.trained for item in items]
    history = [item.forecast.pipeline.trained_history for item in items]
    assert trained == [3, 1, 3] and history == [3, 1, 3]


def test_a_finished_period_has_no_pipeline(units):
    commune, cell, _ = units
    dossiers(cell, 3, S.CELL_PROPOSED, resolution=date(2023, 12, 1))

    item = one(commune, as_of=date(2024, 1, 15))

    assert item.forecast.pipeline is None and item.forecast.with_pipeline is None


@pytest.mark.usefixtures("nothing_remembered")  # one computation's reads
@pytest.mark.parametrize("size", [1, 6])
def test_the_pipeline_takes_four_queries_whatever_its_size(size, django_assert_num_queries):
    district = make_unit(None, f"PQ{size}", "Đảng bộ huyện thử", "district")
    for i in range(size):
        commune = make_unit(district, f"PQ{size}-{i}", f"Đảng bộ xã {i}", "grassroots_committee")
        cell = make_unit(commune, f"PQ{size}-{i}-C", f"Chi bộ {i}")
        admit(cell, spread(size, date(2023, 1, 5), date(2023, 8, 1)))
        dossiers(cell, size, S.CELL_PROPOSED, resolution=date(2023, 6, 1 + i))
        dossiers(cell, size, S.PROBATIONARY, resolution=date(2023, 1, 2), decided=date(2023, 2, 1))
        certify(cell, size, date(2023, 3, 1))
        target(commune, TargetKind.ASSIGNED, *YEAR, 10)
    targets = [
        *district.children.get(code=f"PQ{size}-0").targets.all(),
        target(district, TargetKind.RESOLUTION, *YEAR, 10 * size),
    ]
    for t in targets:
        t.organization  # noqa: B018 — loaded before counting

    # subtree prefixes; the admissions of the (top-level) units: their monthly counters and
    # one aggregate on the members of the parts of months; four for the pipeline (the open
    # dossiers, their outcomes, the waiting persons, the certificates of the rate's window)
    with django_assert_num_queries(7):
        items = achievements(targets, as_of=AS_OF)

    whole = items[-1].forecast.pipeline
    assert (whole.dossiers, whole.landing, whole.trained) == (size * size,) * 3


def test_the_page_and_the_api_show_both_forecasts(tree, login, api):
    from django.urls import reverse

    admit(tree.a, spread(8, date(2023, 1, 10), date(2023, 4, 20)))  # none in the last 90 days
    dossiers(tree.a, 5, S.CELL_PROPOSED, resolution=date(2023, 7, 10))
    plan = target(tree.c1, TargetKind.ASSIGNED, *YEAR, 13)

    page = login(tree.office_c1).get(
        reverse("targets:unit", args=[tree.c1.pk]), {"ngay": "31/07/2023"}
    )
    body = page.content.decode()
    assert "Với nhịp độ hiện nay, đến 31/12 ước đạt 8/13 (62%)." in body
    assert "Dự báo theo nhịp và nguồn đang có: <strong>13</strong>" in body
    assert "60 ngày làm việc từ nghị quyết chi bộ, R26" in body

    data = (
        api(tree.office_c1)
        .get(reverse("target-achievement", args=[plan.pk]), {"as_of": "2023-07-31"})
        .json()
    )
    assert data["forecast"]["value"] == 8 and data["forecast"]["with_pipeline"] == 13
    assert data["forecast"]["pipeline"]["landing"] == 5
    assert "R26" in data["forecast"]["combined_method"]
