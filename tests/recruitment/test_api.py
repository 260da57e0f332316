"""The whole path from candidate to official member through the API, refusals as 400 with the
Vietnamese reason, and the transitions in the OpenAPI schema."""

from datetime import date, timedelta

from ptdv.people.models import Member, MemberStatus
from ptdv.recruitment.models import Dossier


def post(client, dossier_id, action, **body):
    """POST a transition carrying the step the caller sees now (a page drawn just before)."""
    body.setdefault("expected_state", Dossier.objects.get(pk=dossier_id).state)
    return client.post(f"/api/v1/dossiers/{dossier_id}/{action}/", body, format="json")


def ok(response):
    assert response.status_code == 200, response.json()
    return response.json()


def test_candidate_to_official_member_through_the_api(api, tree, cell):
    secretary, office, officer = api(tree.secretary_a), api(tree.office_c1), api(tree.officer_p1)
    response = secretary.post(
        "/api/v1/candidates/",
        {
            "full_name": "Hoàng Thị Duyên",
            "birth_date": "2001-04-05",
            "sex": "female",
            "general_education": "upper_secondary",
            "youth_union_member": True,
            "organization": tree.a.pk,
            "source": "youth_union",
            "listed_on": "2023-01-05",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["dossier"]
    a, b, _c = cell.members
    steps = [
        (secretary, "nominate", {"meeting_date": "2023-01-20"}),
        (
            secretary,
            "record-certificate",
            {
                "certificate_number": "GCN-77",
                "certificate_date": "2023-02-20",
                "certificate_issuer": "Trung tâm Chính trị huyện",
            },
        ),
        (secretary, "assign-helper", {"helper": a.pk, "meeting_date": "2023-03-01"}),
        (secretary, "open", {"letter_date": "2023-03-10", "history_date": "2023-03-12"}),
        (secretary, "add-verification", {"relation": "father", "full_name": "Hoàng Văn Cha"}),
        (secretary, "start-verification", {"stamped_on": "2023-03-15", "sent_on": "2023-03-16"}),
    ]
    for client, action, body in steps:
        ok(post(client, pk, action, **body))
    dossier = Dossier.objects.get(pk=pk)
    for request in dossier.verifications.all():
        ok(
            post(
                secretary,
                pk,
                "answer-verification",
                request=request.pk,
                answered_on="2023-04-10",
                result="Tốt",
            )
        )
    steps = [
        (
            office,
            "complete-verification",
            {"comment_on": "2023-04-12", "certified_on": "2023-04-14"},
        ),
        (
            secretary,
            "introduce",
            {
                "introduced_on": "2023-04-20",
                "introducer_1": a.pk,
                "introducer_1_since": "2020-01-01",
                "introducer_2": b.pk,
                "introducer_2_since": "2021-01-01",
            },
        ),
        (
            secretary,
            "cell-resolve",
            {
                "meeting_date": "2023-05-05",
                "official_members": 3,
                "votes_for": 3,
                "votes_against": 0,
                "document_number": "12-NQ/CB",
            },
        ),
        (
            office,
            "grassroots-resolve",
            {
                "meeting_date": "2023-05-15",
                "committee_members": 9,
                "votes_for": 8,
                "votes_against": 1,
                "document_number": "30-NQ/ĐU",
            },
        ),
        (office, "submit", {"submitted_on": "2023-05-16"}),
        (
            officer,
            "decide-admission",
            {
                "decision_number": "101-QĐ/ĐU",
                "decision_date": "2023-06-20",
                "received_on": "2023-06-22",
            },
        ),
        (secretary, "hold-ceremony", {"ceremony_date": "2023-07-01"}),
        (
            secretary,
            "recognition-vote",
            {
                "meeting_date": "2024-07-05",
                "official_members": 3,
                "votes_for": 3,
                "votes_against": 0,
                "new_member_course_date": "2023-10-01",
            },
        ),
        (
            officer,
            "recognize",
            {
                "decision_number": "55-QĐ/ĐU",
                "decision_date": "2024-07-25",
                "committee_members": 9,
                "votes_for": 9,
                "votes_against": 0,
            },
        ),
    ]
    for client, action, body in steps:
        data = ok(post(client, pk, action, **body))
    assert data["state"] == "official"
    assert data["official_from"] == "2024-07-01"
    assert len(data["transitions"]) == 15  # the listing and 14 steps
    member = Member.objects.get(person__full_name="Hoàng Thị Duyên")
    assert member.status == MemberStatus.OFFICIAL and member.official_from == date(2024, 7, 1)


def test_a_refused_transition_answers_400_in_vietnamese_and_changes_nothing(api, tree, walk):
    dossier = walk("introduced")
    response = post(
        api(tree.secretary_a),
        dossier.pk,
        "cell-resolve",
        meeting_date="2023-06-10",
        official_members=3,
        votes_for=1,
        votes_against=2,
        document_number="x",
    )
    assert response.status_code == 400
    assert "chưa đạt ít nhất 2/3" in response.json()["detail"]
    assert Dossier.objects.get(pk=dossier.pk).state == "introduced"


def test_a_role_without_the_power_gets_403(api, tree, walk):
    dossier = walk("awaiting_decision")
    response = post(
        api(tree.secretary_a),
        dossier.pk,
        "decide-admission",
        decision_number="1",
        decision_date="2023-07-01",
        received_on="2023-07-01",
    )
    assert response.status_code == 403


def test_another_subtree_cannot_see_or_move_the_dossier(api, tree, cell):
    client = api(tree.secretary_b)
    assert client.get(f"/api/v1/dossiers/{cell.dossier.pk}/").status_code == 404
    assert post(client, cell.dossier.pk, "nominate", meeting_date="2023-04-01").status_code == 404
    assert Dossier.objects.get(pk=cell.dossier.pk).state == "source"


def test_the_candidate_list_searches_without_accents(api, tree, cell):
    data = api(tree.secretary_a).get("/api/v1/candidates/", {"q": "do thi hanh"}).json()
    names = [row["full_name"] for row in data.get("results", data)]
    assert names == ["Đỗ Thị Hạnh"]


def test_the_transitions_are_in_the_openapi_schema(api, tree):
    schema = api(tree.admin).get("/api/v1/schema/?format=json").json()
    paths = schema["paths"]
    assert "/api/v1/dossiers/{id}/decide-admission/" in paths
    assert "/api/v1/dossiers/{id}/recognition-vote/" in paths
    body = paths["/api/v1/dossiers/{id}/cell-resolve/"]["post"]["requestBody"]
    assert "CellResolveRequest" in str(body)


def test_the_next_deadline_is_in_the_dossier(api, tree, walk):
    dossier = walk("admission_decided")
    data = api(tree.secretary_a).get(f"/api/v1/dossiers/{dossier.pk}/").json()
    assert data["next_deadline"]["rule"] == "R27"
    assert date.fromisoformat(data["next_deadline"]["due"]) > dossier.decision_received_on
    assert date.fromisoformat(
        data["next_deadline"]["due"]
    ) <= dossier.decision_received_on + timedelta(days=50)


def test_every_required_text_sent_blank_is_a_vietnamese_400(api, tree, walk):
    from ptdv.recruitment.transitions import SPECS, serializer_for

    checked = 0
    for spec in SPECS:
        for field in spec.fields:
            if field.kind in ("str", "text") and field.required:
                for blank in ("", "  ", "\u200b"):
                    serializer = serializer_for(spec)(data={field.name: blank})
                    assert not serializer.is_valid()
                    assert serializer.errors[field.name] == [f"Vui lòng nhập «{field.label}»."]
                checked += 1
    assert checked >= 9
    dossier = walk("nominated_for_class")
    response = post(
        api(tree.secretary_a),
        dossier.pk,
        "record-certificate",
        certificate_number="",
        certificate_date="2023-05-01",
    )
    # The number may come from a passed enrolment instead, so the field is optional and the
    # service refuses a certificate given neither way.
    assert response.status_code == 400
    assert "Phải ghi số giấy chứng nhận (R7)." in str(response.json())
    assert Dossier.objects.get(pk=dossier.pk).state == "nominated_for_class"
