"""Units to watch and the emulation ranking."""

from datetime import date

import pytest

from ptdv.targets.models import TargetKind
from ptdv.targets.ranking import emulation_ranking
from ptdv.targets.watchlist import behind_pace, quiet_cells
from tests.conftest import make_unit
from tests.targets.helpers import admit, spread, target, veterans

pytestmark = pytest.mark.django_db
YEAR = (date(2023, 1, 1), date(2023, 12, 31))


@pytest.fixture
def huong_lien():
    district = make_unit(None, "HK", "Đảng bộ huyện Hương Khê", "district")
    commune = make_unit(district, "HL", "Đảng bộ xã Hương Liên", "grassroots_committee")
    cells = {
        name: make_unit(commune, f"HL-{i}", f"Chi bộ thôn {name}")
        for i, name in enumerate(["1", "3", "5", "7"])
    }
    return district, commune, cells


def test_a_cell_four_years_without_an_admission_is_on_the_watch_list(huong_lien):
    """ "Chi bộ thôn 5 … 4 năm không kết nạp được đảng viên mới nào"."""
    _, commune, cells = huong_lien
    admit(cells["1"], [date(2022, 3, 1)])
    admit(cells["3"], [date(2020, 9, 1), date(2021, 1, 5)])
    admit(cells["5"], [date(2018, 4, 2)])
    veterans(cells["7"], 3)  # members, but none admitted in living memory

    quiet = [(c.name, c.last_admission) for c in quiet_cells(commune, as_of=date(2022, 6, 30))]

    # Thôn 3's last admission (05/01/2021) is within two years of 30/06/2022; thôn 1 too.
    assert quiet == [("Chi bộ thôn 7", date(2000, 1, 1)), ("Chi bộ thôn 5", date(2018, 4, 2))]
    longer = quiet_cells(commune, as_of=date(2022, 6, 30), years=5)
    assert [c.name for c in longer] == ["Chi bộ thôn 7"]


def test_a_cell_that_never_admitted_anyone_shows_no_date(huong_lien):
    _, commune, cells = huong_lien
    for name in ("1", "3", "5"):
        admit(cells[name], [date(2022, 1, 1)])

    [cell] = quiet_cells(commune, as_of=date(2022, 6, 30))

    assert cell.name == "Chi bộ thôn 7" and cell.last_admission is None


def test_children_behind_pace_are_listed(huong_lien):
    district, commune, cells = huong_lien
    second = make_unit(district, "HLAM", "Đảng bộ xã Hương Lâm", "grassroots_committee")
    second_cell = make_unit(second, "HLAM-2", "Chi bộ thôn 2")
    admit(cells["1"], spread(2, date(2023, 1, 10), date(2023, 6, 1)))
    admit(second_cell, spread(6, date(2023, 1, 10), date(2023, 6, 1)))
    target(commune, TargetKind.ASSIGNED, *YEAR, 10)
    target(second, TargetKind.ASSIGNED, *YEAR, 10)

    behind = behind_pace(district, as_of=date(2023, 6, 30))

    assert [item.target.organization for item in behind] == [commune]
    assert behind[0].text == "2/10 — 20,0%"


def test_the_ranking_puts_achievement_first_and_refuses_awards_to_units_that_missed(huong_lien):
    district, commune, cells = huong_lien
    second = make_unit(district, "HLAM", "Đảng bộ xã Hương Lâm", "grassroots_committee")
    third = make_unit(district, "HTRA", "Đảng bộ xã Hương Trà", "grassroots_committee")
    second_cell = make_unit(second, "HLAM-2", "Chi bộ thôn 2")
    third_cell = make_unit(third, "HTRA-1", "Chi bộ thôn 1")
    for cell in (*cells.values(), second_cell, third_cell):
        veterans(cell, 10)
    admit(cells["1"], spread(12, *YEAR))  # 12/10 but one cell of four admitted
    admit(second_cell, spread(9, *YEAR))  # 9/10: missed
    admit(third_cell, spread(5, *YEAR))  # no target at all
    target(commune, TargetKind.ASSIGNED, *YEAR, 10)
    target(commune, TargetKind.REGISTERED, *YEAR, 8)  # the assigned one counts first
    target(second, TargetKind.ASSIGNED, *YEAR, 10)

    rows = emulation_ranking([commune, second, third], start=YEAR[0], end=YEAR[1], as_of=YEAR[1])

    assert [row.unit for row in rows] == [commune, second, third]
    first, runner_up, last = rows
    assert first.target.kind == TargetKind.ASSIGNED and first.eligible
    assert first.scores["achievement"] == 120 and first.scores["cell_coverage"] == 25
    assert not runner_up.eligible
    assert runner_up.eligibility_text == (
        "Không đủ điều kiện khen thưởng (không đạt chỉ tiêu kết nạp)"
    )
    assert last.target is None and not last.eligible
    # 0,7 × 120 + 0,2 × 25 + 0,1 × min(30% ÷ 3% × 100, 150) = 84 + 5 + 15
    assert first.score == 104


def test_units_without_a_target_are_listed_apart_and_never_ranked(huong_lien, api, tree):
    """Many units without a target (scoring on cell coverage and rate) never rank above the
    one unit that has a target; the page and the API list them apart."""
    from django.urls import reverse

    from ptdv.accounts.models import Role
    from tests.conftest import make_user

    district, commune, cells = huong_lien
    others = []
    for code in ("XA", "XB", "XC"):
        unit = make_unit(district, code, f"Đảng bộ xã {code}", "grassroots_committee")
        cell = make_unit(unit, f"{code}-1", "Chi bộ thôn 1")
        veterans(cell, 10)
        admit(cell, spread(6, *YEAR))  # they admit, and would score on coverage and rate
        others.append(unit)
    veterans(cells["1"], 10)
    admit(cells["1"], spread(2, *YEAR))  # 2/10: a low score against its target
    target(commune, TargetKind.ASSIGNED, *YEAR, 10)

    rows = emulation_ranking([commune, *others], start=YEAR[0], end=YEAR[1], as_of=YEAR[1])
    assert [(row.unit, row.rank) for row in rows] == [
        (commune, 1),
        *[(unit, 0) for unit in others],
    ]
    assert max(row.score for row in rows[1:]) > rows[0].score  # a plain sort would fail

    officer = make_user("btc_ht", Role.BOARD_OFFICER, district)
    data = api(officer).get(f"/api/v1/ranking/{district.pk}/", {"year": YEAR[0].year}).json()
    assert [(r["name"], r["rank"]) for r in data["ranked"]] == [(commune.name, 1)]
    assert sorted(r["name"] for r in data["without_target"]) == sorted(u.name for u in others)
    assert all(r["rank"] == 0 for r in data["without_target"])
    stranger = api(tree.officer_p2).get(f"/api/v1/ranking/{district.pk}/")
    assert stranger.status_code == 404
    bad_day = api(officer).get(f"/api/v1/ranking/{district.pk}/", {"as_of": "31/02/2024"})
    assert bad_day.status_code == 400
    assert list(bad_day.json()) == ["as_of"]  # keyed by the parameter, not a bare list

    from django.test import Client

    client = Client()
    client.force_login(officer)
    page = client.get(reverse("targets:ranking", args=[district.pk]), {"nam": YEAR[0].year})
    body = page.content.decode()
    assert "Chưa có chỉ tiêu kết nạp năm" in body
    # (the unit's whole name: two letters alone may occur in a token of the page's head)
    assert body.index(commune.name) < body.index('id="without-target"') < body.index("xã XA")
