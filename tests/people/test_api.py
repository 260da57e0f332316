from django.urls import reverse

from ptdv.accounts.models import AuditEvent
from ptdv.people.models import Member, MemberExit, MemberTransfer, Person


def test_persons_list_hides_sensitive_fields_from_an_inspector(tree, api, make_person):
    make_person(tree.a, citizen_id="035195123456")
    rows = api(tree.inspector_p1).get(reverse("person-list")).json()["results"]
    assert rows[0]["full_name"] == "Nguyễn Thị Lan" and "citizen_id" not in rows[0]
    assert not AuditEvent.objects.filter(event="sensitive_viewed").exists()


def test_persons_list_shows_sensitive_fields_to_the_office_and_audits(tree, api, make_person):
    make_person(tree.a, citizen_id="035195123456")
    response = api(tree.office_c1).get(reverse("person-list"), {"q": "lan"})
    assert response.json()["results"][0]["citizen_id"] == "035195123456"
    assert AuditEvent.objects.get(event="sensitive_viewed").new["rows"] == 1


def test_a_person_is_created_through_the_api_with_a_vietnamese_refusal(tree, api):
    client = api(tree.secretary_a)
    data = {
        "full_name": "Lê Văn Nam",
        "sex": "male",
        "birth_date": "1990-05-01",
        "organization": tree.a.pk,
        "citizen_id": "035190123456",
    }
    response = client.post(reverse("person-list"), data, format="json")
    assert response.status_code == 400
    assert "người nam sinh năm 1990 phải có chữ số «0»" in response.json()["citizen_id"][0]
    response = client.post(
        reverse("person-list"), {**data, "citizen_id": "035090123456"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert Person.objects.get().search_key == "le van nam"


def test_a_person_cannot_be_created_in_a_sibling_cell(tree, api):
    data = {"full_name": "Lê Văn Nam", "sex": "male", "organization": tree.b.pk}
    response = api(tree.secretary_a).post(reverse("person-list"), data, format="json")
    assert response.status_code == 400 and not Person.objects.exists()


def test_members_transfer_and_confirm_through_the_api(tree, api, make_member):
    member = make_member(tree.a)
    response = api(tree.office_c1).post(
        reverse("member-transfer", args=[member.pk]),
        {"to_organization": tree.d.pk, "requested_on": "2025-03-01"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    transfer_id = response.json()["id"]
    response = api(tree.office_c2).post(
        reverse("transfer-confirm", args=[transfer_id]),
        {"confirmed_on": "2025-03-04"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["state"] == "confirmed"
    assert Member.objects.get(pk=member.pk).organization == tree.d
    listed = api(tree.office_c2).get(reverse("member-list"), {"current": "1"}).json()["results"]
    assert [row["id"] for row in listed] == [member.pk]


def test_a_member_exit_through_the_api(tree, api, make_member):
    member = make_member(tree.a)
    url = reverse("member-exit", args=[member.pk])
    response = api(tree.office_c1).post(
        url, {"reason": "khai tru", "on": "2025-04-01"}, format="json"
    )
    assert response.status_code == 400 and not MemberExit.objects.exists()
    assert response.json()["reason"] == ["«khai tru» không phải là lựa chọn hợp lệ."]
    response = api(tree.office_c1).post(
        url,
        {
            "reason": "expelled",
            "on": "2025-04-01",
            "document_number": "9-QĐ",
            "document_date": "2025-03-30",
        },
        format="json",
    )
    assert response.status_code == 201 and MemberExit.objects.get().reason == "expelled"


def test_members_are_created_through_the_api(tree, api, make_person):
    person = make_person(tree.a)
    data = {
        "person": person.pk,
        "organization": tree.a.pk,
        "admission_decided_on": "2025-01-10",
        "status": "probationary",
    }
    response = api(tree.office_c1).post(reverse("member-list"), data, format="json")
    assert response.status_code == 201, response.json()
    response = api(tree.office_c1).post(reverse("member-list"), data, format="json")
    assert response.status_code == 400 and "đã có trong danh sách" in response.json()["detail"]
    assert Member.objects.count() == 1


def test_a_foreign_member_action_answers_404(tree, api, make_member):
    member = make_member(tree.b)
    response = api(tree.secretary_a).post(
        reverse("member-exit", args=[member.pk]), {"reason": "deceased", "on": "2025-01-01"}
    )
    assert response.status_code == 404 and not MemberTransfer.objects.exists()
    assert Member.objects.get(pk=member.pk).ended_on is None


def test_a_person_is_corrected_through_the_api_and_bad_input_changes_nothing(
    tree, api, make_person
):
    person = make_person(tree.a, citizen_id="035195123456")
    url = reverse("person-detail", kwargs={"pk": person.pk})
    client = api(tree.secretary_a)
    response = client.patch(url, {"full_name": "Nguyễn  Thị Lan Anh"}, format="json")
    assert response.status_code == 200, response.json()
    person.refresh_from_db()
    assert person.full_name == "Nguyễn Thị Lan Anh" and person.search_key == "nguyen thi lan anh"
    before = Person.objects.values().get(pk=person.pk)
    response = client.patch(url, {"citizen_id": "035195"}, format="json")
    assert response.status_code == 400 and "12 chữ số" in str(response.json())
    response = client.patch(url, {"organization": tree.b.pk}, format="json")
    assert response.status_code == 400
    assert "chuyển sinh hoạt" in str(response.json()) or "Không tìm thấy" in str(response.json())
    assert Person.objects.values().get(pk=person.pk) == before
    assert api(tree.secretary_b).patch(url, {"full_name": "X"}, format="json").status_code == 404
