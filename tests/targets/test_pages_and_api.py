"""The pages and the API of targets, as the personas of tests/conftest.py use them."""

from datetime import date

import pytest
from django.urls import reverse

from ptdv.targets.models import Target, TargetKind
from tests.targets.helpers import admit, spread, target

pytestmark = pytest.mark.django_db
YEAR = (date(2023, 1, 1), date(2023, 12, 31))


@pytest.fixture
def figures(tree):
    """Commune C1 assigned 13 and registered 11 for 2023; its cells A (8) and B (4)."""
    admit(tree.a, spread(8, date(2023, 1, 10), date(2023, 7, 20)))
    admit(tree.b, spread(4, date(2023, 2, 1), date(2023, 7, 31)))
    target(tree.c1, TargetKind.ASSIGNED, *YEAR, 13, document="Công văn 99-CV/TU ngày 01/3/2021")
    target(tree.c1, TargetKind.REGISTERED, *YEAR, 11)
    target(tree.a, TargetKind.ASSIGNED, *YEAR, 8)
    target(tree.b, TargetKind.ASSIGNED, *YEAR, 4)
    return tree


def test_the_unit_page_shows_progress_by_kind_and_the_childrens_table(figures, login):
    response = login(figures.office_c1).get(
        reverse("targets:unit", args=[figures.c1.pk]), {"ngay": "31/07/2023"}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "12/13 — 92,3%" in body and "12/11 — 109,1%" in body
    assert "Cấp trên giao" in body and "Đơn vị đăng ký" in body
    assert 'class="progress"' in body and "Với nhịp độ hiện nay, đến 31/12 ước đạt" in body
    assert "Chi bộ thôn An Phú" in body and "Chi bộ thôn Bình Minh" in body
    assert "Tổng giao cho cấp dưới thiếu 1 so với chỉ tiêu" in body


@pytest.mark.usefixtures("nothing_remembered")  # one computation's reads
def test_the_unit_page_takes_the_same_number_of_queries_for_a_bigger_subtree(figures, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import make_unit

    client = login(figures.office_c1)
    url = reverse("targets:unit", args=[figures.c1.pk])
    client.get(url)  # warm the session

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"ngay": "31/07/2023"}).status_code == 200
        return len(queries)

    before = count()
    for i in range(6):
        cell = make_unit(figures.c1, f"MORE{i}", f"Chi bộ thêm {i}")
        admit(cell, spread(5, *YEAR))
        target(cell, TargetKind.ASSIGNED, *YEAR, 5)
    # 20 for the page, plus four for the pipeline of the running target
    assert count() == before <= 24


def test_an_office_creates_a_target_with_the_form(tree, login):
    client = login(tree.office_c1)
    url = reverse("targets:create", args=[tree.a.pk])
    data = {
        "kind": "assigned",
        "measure": "count",
        "period_start": "01/11/2023",
        "period_end": "30/06/2025",
        "min_value": "170",
        "max_value": "200",
        "document": "Công văn 99-CV/TU ngày 01/3/2021",
    }

    response = client.post(url, data)

    assert response.status_code == 302
    assert Target.objects.get(organization=tree.a).period_text == "11/2023–06/2025"


def test_the_form_shows_the_refusal_in_vietnamese_and_saves_nothing(tree, login):
    client = login(tree.office_c1)
    url = reverse("targets:create", args=[tree.a.pk])
    data = {
        "kind": "assigned",
        "measure": "count",
        "period_start": "01/01/2024",
        "period_end": "31/12/2024",
        "min_value": "200",
        "max_value": "170",
    }

    response = client.post(url, data)

    assert response.status_code == 400
    assert "mức dưới (200) lớn hơn mức trên (170)" in response.content.decode()
    assert not Target.objects.exists()


def test_a_cell_secretary_may_see_targets_but_not_open_the_form(figures, login):
    client = login(figures.secretary_a)
    assert client.get(reverse("targets:unit", args=[figures.a.pk])).status_code == 200
    assert client.get(reverse("targets:create", args=[figures.a.pk])).status_code == 403


def test_the_ranking_page_shows_who_may_not_be_awarded(figures, login):
    response = login(figures.office_c1).get(
        reverse("targets:ranking", args=[figures.c1.pk]), {"nam": "2023", "ngay": "31/12/2023"}
    )

    body = response.content.decode()
    assert "Xếp hạng thi đua năm 2023" in body
    assert body.count("Đủ điều kiện xét khen thưởng") == 2  # A 8/8, B 4/4


def test_the_watch_page_lists_quiet_cells_and_units_behind_pace(figures, login):
    target(figures.c2, TargetKind.ASSIGNED, *YEAR, 20)
    response = login(figures.officer_p1).get(
        reverse("targets:watch", args=[figures.p1.pk]), {"ngay": "30/06/2023"}
    )

    body = response.content.decode()
    assert "Chi bộ thôn Cây Đa" in body  # no admission ever
    assert "Chưa có dữ liệu kết nạp" in body
    assert "0/20 — 0,0%" in body  # commune C2 behind pace


def test_the_api_lists_creates_and_measures_targets(figures, api):
    client = api(figures.office_c1)

    target(figures.c2, TargetKind.ASSIGNED, *YEAR, 20)  # a sibling commune: not listed
    listed = client.get("/api/v1/targets/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert sorted(row["organization_name"] for row in rows) == [
        "Chi bộ thôn An Phú",
        "Chi bộ thôn Bình Minh",
        "Đảng bộ xã Hòa Bình",
        "Đảng bộ xã Hòa Bình",
    ]
    assigned = Target.objects.get(organization=figures.c1, kind=TargetKind.ASSIGNED)

    achieved = client.get(
        f"/api/v1/targets/{assigned.pk}/achievement/", {"as_of": "2023-07-31"}
    ).json()
    assert achieved["text"] == "12/13 — 92,3%" and achieved["admitted"] == 12
    assert achieved["forecast"]["value"] > 13

    created = client.post(
        "/api/v1/targets/",
        {
            "organization": figures.a.pk,
            "kind": "registered",
            "period_start": "2023-01-01",
            "period_end": "2023-12-31",
            "min_value": "7",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    duplicate = client.post(
        "/api/v1/targets/",
        {
            "organization": figures.a.pk,
            "kind": "registered",
            "period_start": "2023-01-01",
            "period_end": "2023-12-31",
            "min_value": "9",
        },
        format="json",
    )
    assert duplicate.status_code == 400
    assert "đã có chỉ tiêu «Đơn vị đăng ký»" in duplicate.json()["detail"]


def test_the_api_does_not_let_a_unit_outside_the_scope_be_named(tree, api):
    response = api(tree.office_c1).post(
        "/api/v1/targets/",
        {
            "organization": tree.d.pk,
            "kind": "assigned",
            "period_start": "2023-01-01",
            "period_end": "2023-12-31",
            "min_value": "7",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["organization"] == [f"Không tìm thấy đơn vị {tree.d.pk}."]
    assert not Target.objects.exists()


def test_the_openapi_schema_describes_targets(client):
    schema = client.get(reverse("api-schema"), {"format": "json"}).content.decode()
    assert "/api/v1/targets/" in schema and "/achievement/" in schema
