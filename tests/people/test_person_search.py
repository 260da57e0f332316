"""Person search, in the header of every page and in the API: accent-free name or CCCD,
inside the user's subtree only, each result with its unit and status."""

from datetime import date

from django.urls import reverse

from ptdv.recruitment import services as recruitment
from tests.factories import PersonFactory

CCCD = "042303001234"


def people(tree):
    trang = recruitment.candidate_enlist(
        acting_user=tree.secretary_a,
        organization=tree.a,
        source="youth_union",
        listed_on=date(2025, 9, 1),
        person_data={
            "full_name": "Nguyễn Thị Thu Trang",
            "birth_date": date(2003, 8, 15),
            "sex": "female",
            "citizen_id": CCCD,
        },
    ).person
    far = PersonFactory(organization=tree.e, full_name="Lê Thu Trang", sex="female")
    return trang, far


def test_the_header_of_every_page_holds_the_person_search(login, tree):
    body = login(tree.secretary_a).get(reverse("organizations:tree")).content.decode()
    assert f'action="{reverse("people:search")}"' in body
    assert 'placeholder="Tìm người: họ tên, số CCCD"' in body


def test_thu_trang_is_found_without_accents_and_by_cccd_never_outside_the_subtree(login, tree):
    people(tree)
    client = login(tree.office_c1)
    page = client.get(reverse("people:search"), {"q": "thu trang"}).content.decode()
    assert "Nguyễn Thị Thu Trang" in page and "Chi bộ thôn An Phú" in page
    assert "Quần chúng ưu tú, hồ sơ ở bước «Quần chúng ưu tú (nguồn)»" in page
    assert "Lê Thu Trang" not in page  # another province
    page = client.get(reverse("people:search"), {"q": "0423 0300 1234"}).content.decode()
    assert "Nguyễn Thị Thu Trang" in page
    # The officer of the other province finds only their own.
    other = login(tree.officer_p2).get(reverse("people:search"), {"q": "thu trang"})
    assert "Lê Thu Trang" in other.content.decode()
    assert "Nguyễn Thị Thu Trang" not in other.content.decode()
    other = login(tree.officer_p2).get(reverse("people:search"), {"q": CCCD})
    assert "Nguyễn Thị Thu Trang" not in other.content.decode()


def test_the_api_search_answers_with_unit_and_status(api, tree):
    trang, _far = people(tree)
    found = api(tree.secretary_a).get("/api/v1/persons/search/", {"q": "THU TRANG"}).json()
    assert found == [
        {
            "id": trang.pk,
            "full_name": "Nguyễn Thị Thu Trang",
            "birth_date": "2003-08-15",
            "organization": tree.a.pk,
            "organization_name": "Chi bộ thôn An Phú",
            "status": "Quần chúng ưu tú, hồ sơ ở bước «Quần chúng ưu tú (nguồn)»",
        }
    ]
    by_id = api(tree.secretary_a).get("/api/v1/persons/search/", {"q": CCCD}).json()
    assert [row["id"] for row in by_id] == [trang.pk]
    assert api(tree.secretary_b).get("/api/v1/persons/search/", {"q": CCCD}).json() == []
    # The inspector may not look people up by CCCD (a sensitive value).
    assert api(tree.inspector_p1).get("/api/v1/persons/search/", {"q": CCCD}).json() == []
