"""Units to watch: cells with no source (no trained candidate, no open dossier) and
residential cells without members; on the page and in the API, never outside the scope."""

from datetime import date

import pytest
from django.urls import reverse

from ptdv.recruitment.models import DossierState
from ptdv.targets.watchlist import cells_without_source, residential_cells_without_members
from tests.conftest import make_unit
from tests.targets.helpers import admit, certify, dossiers, veterans

pytestmark = pytest.mark.django_db
AS_OF = date(2024, 6, 30)


@pytest.fixture
def commune():
    commune = make_unit(None, "TS", "Đảng bộ xã Tân Sơn", "grassroots_committee")
    cells = {
        key: make_unit(commune, f"TS-{key}", f"Chi bộ {name}", sector=sector)
        for key, name, sector in [
            ("trained", "thôn Đồng Trại", "rural_residential"),
            ("dossier", "thôn Bãi Cát", "rural_residential"),
            ("dry", "thôn Khe Nước", "rural_residential"),
            ("expired", "tổ dân phố 3", "urban_residential"),
            ("school", "Trường THCS Tân Sơn", "school"),
            ("empty", "thôn Làng Mới", "rural_residential"),
        ]
    }
    certify(cells["trained"], 2, date(2023, 5, 1))
    dossiers(cells["dossier"], 1, DossierState.VERIFYING)
    # Trained long ago (expired) or already admitted: no source left.
    certify(cells["expired"], 1, date(2018, 3, 1))
    certify(cells["dry"], 1, date(2023, 3, 1), admitted_on=date(2023, 9, 2))
    dossiers(cells["dry"], 1, DossierState.REJECTED)
    dossiers(cells["dry"], 1, DossierState.CERT_EXPIRED)
    for key in ("trained", "dossier", "dry", "school"):
        veterans(cells[key], 3)
    # The members of the urban group have all left; thôn Làng Mới never had any.
    admit(cells["expired"], [date(2010, 1, 1)])
    cells["expired"].members.update(ended_on=date(2022, 1, 1))
    return commune, cells


def test_cells_with_no_trained_candidate_and_no_open_dossier(commune):
    unit, cells = commune

    names = [c.name for c in cells_without_source(unit, as_of=AS_OF)]

    expected = {cells[key].name for key in ("dry", "expired", "school", "empty")}
    assert len(names) == 4 and set(names) == expected


def test_an_expired_certificate_was_a_source_while_it_was_valid(commune):
    unit, cells = commune

    earlier = {c.pk for c in cells_without_source(unit, as_of=date(2022, 6, 30))}

    assert cells["expired"].pk not in earlier  # certificate of 01/03/2018 still valid then


def test_residential_cells_without_members(commune):
    unit, cells = commune

    found = [c.pk for c in residential_cells_without_members(unit, as_of=AS_OF)]

    assert sorted(found) == sorted([cells["expired"].pk, cells["empty"].pk])
    # On 01/01/2021 the urban group still had its member.
    earlier = [c.pk for c in residential_cells_without_members(unit, as_of=date(2021, 1, 1))]
    assert earlier == [cells["empty"].pk]


@pytest.mark.usefixtures("nothing_remembered")  # one computation's reads
def test_each_list_is_one_query(commune, django_assert_num_queries):
    unit, _ = commune

    with django_assert_num_queries(2):  # the subtree prefixes, the list
        list(cells_without_source(unit, as_of=AS_OF))
    with django_assert_num_queries(2):
        list(residential_cells_without_members(unit, as_of=AS_OF))


def test_a_sibling_subtree_never_appears(tree, login, api):
    lonely = make_unit(tree.c2, "LONELY", "Chi bộ thôn Xa Xôi", sector="rural_residential")
    mine = make_unit(tree.c1, "MINE", "Chi bộ thôn Gần Gũi", sector="rural_residential")

    assert lonely not in cells_without_source(tree.c1, as_of=AS_OF)
    assert lonely not in residential_cells_without_members(tree.c1, as_of=AS_OF)
    page = login(tree.office_c1).get(
        reverse("targets:watch", args=[tree.c1.pk]), {"ngay": "30/06/2024"}
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "Chi bộ không có nguồn kết nạp" in body
    assert "Chi bộ thôn, tổ dân phố chưa có đảng viên" in body
    assert mine.name in body and lonely.name not in body

    client = api(tree.office_c1)
    url = reverse("target-watch-detail", args=[tree.c1.pk])
    data = client.get(url, {"as_of": "2024-06-30"}).json()
    source = [c["name"] for c in data["cells_without_source"]]
    residential = [c["name"] for c in data["residential_cells_without_members"]]
    assert mine.name in source and mine.name in residential
    assert lonely.name not in source + residential
    assert client.get(reverse("target-watch-detail", args=[tree.c2.pk])).status_code == 404
