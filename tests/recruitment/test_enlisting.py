"""One write path for people: a candidate is enlisted through `candidate_enlist`, from the
page and the API alike; the person is a full record of the people app, in the cell, found
again by CCCD, never a second record. Refusals are Vietnamese and write nothing."""

from datetime import date

import pytest
from django.urls import reverse

from ptdv.accounts.models import AuditEvent
from ptdv.core.errors import DomainError
from ptdv.people.models import Person
from ptdv.recruitment import services
from ptdv.recruitment.models import Candidate, Dossier
from tests.factories import CandidateFactory, PersonFactory

CCCD = "042303001234"  # Hà Tĩnh, a woman born in 2003
RECORD = {
    "full_name": "Nguyễn Thị Thu Trang",
    "birth_date": date(2003, 8, 15),
    "sex": "female",
    "citizen_id": CCCD,
    "ethnicity": "Kinh",
    "religion": "none",
    "general_education": "upper_secondary",
    "occupation": "Giáo viên mầm non",
    "residence": "Thôn An Phú, xã Hòa Bình",
    "phone": "0912 345 678",
    "youth_union_member": True,
    "youth_union_joined_on": date(2018, 3, 26),
}


def counts():
    return (Person.objects.count(), Candidate.objects.count(), Dossier.objects.count())


def test_the_cell_secretary_enlists_a_new_person_with_her_full_record(tree):
    candidate = services.candidate_enlist(
        acting_user=tree.secretary_a,
        organization=tree.a,
        source="youth_union",
        listed_on=date(2025, 9, 1),
        person_data=RECORD,
    )
    person = Person.objects.get(pk=candidate.person_id)
    assert (person.organization, person.citizen_id, person.phone) == (tree.a, CCCD, "0912345678")
    assert person.youth_union_joined_on == date(2018, 3, 26)
    assert person.search_key == "nguyen thi thu trang"
    assert AuditEvent.objects.filter(event="person_created", object_id=str(person.pk)).exists()
    assert candidate.dossiers.get().state == "source"


def test_an_existing_person_of_the_subtree_is_found_by_cccd_not_created_again(tree):
    person = PersonFactory(
        organization=tree.b, full_name="Nguyễn Thị Thu Trang", sex="female", citizen_id=CCCD
    )
    before = Person.objects.count()
    candidate = services.candidate_enlist(
        acting_user=tree.office_c1,
        organization=tree.a,
        source="youth_union",
        listed_on=date(2025, 9, 1),
        use_existing=True,
        person_data={"citizen_id": CCCD},
    )
    assert candidate.person_id == person.pk
    assert Person.objects.count() == before
    person.refresh_from_db()
    assert person.organization == tree.a  # the enlisting cell follows her now


def test_a_duplicate_cccd_on_enlisting_is_refused_and_nothing_is_written(tree):
    PersonFactory(organization=tree.a, full_name="Lê Thị Khác", sex="female", citizen_id=CCCD)
    before = counts()
    with pytest.raises(DomainError) as error:
        services.candidate_enlist(
            acting_user=tree.secretary_a,
            organization=tree.a,
            source="youth_union",
            listed_on=date(2025, 9, 1),
            person_data=RECORD,
        )
    assert "Số CCCD 042303001234 đã có trong hệ thống" in error.value.message
    assert counts() == before


def test_a_person_of_another_subtree_is_refused_and_nothing_is_written(tree):
    stranger = PersonFactory(organization=tree.e, full_name="Trần Thị Xa", sex="female")
    PersonFactory(organization=tree.e, full_name="Phạm Thị Xa", sex="female", citizen_id=CCCD)
    before = counts()
    with pytest.raises(DomainError) as error:
        services.candidate_enlist(
            acting_user=tree.secretary_a,
            organization=tree.a,
            source="other",
            listed_on=date(2025, 9, 1),
            person=stranger,
        )
    assert "ngoài phạm vi quản lý" in error.value.message
    with pytest.raises(DomainError) as error:
        services.candidate_enlist(
            acting_user=tree.secretary_a,
            organization=tree.a,
            source="other",
            listed_on=date(2025, 9, 1),
            use_existing=True,
            person_data={"citizen_id": CCCD},
        )
    assert "ngoài phạm vi quản lý của bạn" in error.value.message
    assert counts() == before


def test_the_page_enlists_through_the_same_service(login, tree):
    response = login(tree.secretary_a).post(
        f"/ket-nap/don-vi/{tree.a.pk}/them/",
        {
            **{k: v for k, v in RECORD.items() if k not in ("birth_date", "youth_union_joined_on")},
            "birth_date": "15/08/2003",
            "youth_union_joined_on": "26/03/2018",
            "professional_level": "none",
            "source": "youth_union",
            "listed_on": "01/09/2025",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    person = Person.objects.get(citizen_id=CCCD)
    assert (person.organization, person.phone, person.occupation) == (
        tree.a,
        "0912345678",
        "Giáo viên mầm non",
    )
    # Her page opens for the administrator and the commune office; she is in the persons API.
    page = reverse("people:person", args=[person.pk])
    assert login(tree.admin).get(page).status_code == 200
    assert login(tree.office_c1).get(page).status_code == 200


def test_the_api_enlists_and_corrects_through_the_services(api, tree):
    client = api(tree.secretary_a)
    body = {
        **{k: str(v) if isinstance(v, date) else v for k, v in RECORD.items()},
        "organization": tree.a.pk,
        "source": "youth_union",
        "listed_on": "2025-09-01",
    }
    created = client.post("/api/v1/candidates/", body, format="json")
    assert created.status_code == 201, created.json()
    person_id = created.json()["person"]
    assert client.get(f"/api/v1/persons/{person_id}/").status_code == 200
    again = client.post("/api/v1/candidates/", body, format="json")
    assert again.status_code == 400
    assert "đã có trong hệ thống" in again.json()["citizen_id"][0]
    fixed = client.patch(
        f"/api/v1/candidates/{created.json()['id']}/",
        {"occupation": "Giáo viên tiểu học", "disadvantaged_area": True},
        format="json",
    )
    assert fixed.status_code == 200, fixed.json()
    person = Person.objects.get(pk=person_id)
    assert person.occupation == "Giáo viên tiểu học"
    assert Candidate.objects.get(pk=created.json()["id"]).disadvantaged_area is True
    assert AuditEvent.objects.filter(event="candidate_updated").count() == 1


def test_the_inspector_may_not_enlist_403(api, tree):
    before = counts()
    response = api(tree.inspector_p1).post(
        "/api/v1/candidates/",
        {
            "organization": tree.a.pk,
            "source": "other",
            "listed_on": "2025-09-01",
            "full_name": "Ai Đó",
            "sex": "male",
        },
        format="json",
    )
    assert response.status_code == 403
    assert counts() == before


def test_the_candidate_factory_goes_through_the_service(tree):
    candidate = CandidateFactory(organization=tree.a)
    assert candidate.person.organization == tree.a
    assert candidate.dossiers.count() == 1
