"""The pages: candidate list with accent-free search, the dossier checklist with its forms, a
refusal shown on the page, the stage board and the worklist."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ptdv.recruitment import services
from ptdv.recruitment.demo import make_person
from ptdv.recruitment.models import Dossier


def test_the_candidate_list_searches_without_accents_and_filters(login, tree, cell):
    client = login(tree.secretary_a)
    url = f"/ket-nap/don-vi/{tree.a.pk}/"
    body = client.get(url, {"q": "hanh"}).content.decode()
    assert "Đỗ Thị Hạnh" in body
    assert "Đỗ Thị Hạnh" not in client.get(url, {"q": "nguyen"}).content.decode()
    assert "Đỗ Thị Hạnh" not in client.get(url, {"state": "official"}).content.decode()
    assert "Đỗ Thị Hạnh" in client.get(url, {"source": "youth_union"}).content.decode()


def test_the_candidate_list_takes_a_fixed_number_of_queries(login, tree, cell):
    client = login(tree.secretary_a)
    url = f"/ket-nap/don-vi/{tree.a.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(5):
        person = make_person(f"Người Thử {index}", date(2000, 1, 1), organization=tree.a)
        services.candidate_create(
            acting_user=None,
            person=person,
            organization=tree.a,
            source="other",
            listed_on=date(2024, 1, 1),
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_a_secretary_adds_a_candidate_from_the_page(login, tree, cell):
    client = login(tree.secretary_a)
    response = client.post(
        f"/ket-nap/don-vi/{tree.a.pk}/them/",
        {
            "full_name": "Lưu Thị Mến",
            "birth_date": "2002-02-02",
            "sex": "female",
            "general_education": "upper_secondary",
            "source": "women_union",
            "listed_on": "2024-03-01",
        },
    )
    assert response.status_code == 302
    assert "Lưu Thị Mến" in client.get(response["Location"]).content.decode()


def test_the_dossier_page_is_a_checklist_with_the_next_steps(login, tree, walk):
    dossier = walk("introduced")
    body = login(tree.secretary_a).get(f"/ket-nap/ho-so/{dossier.pk}/").content.decode()
    assert "Đã có" in body and "Còn thiếu" in body
    assert "Chi bộ biểu quyết đề nghị kết nạp" in body
    assert "Quyết định kết nạp (R25, R26)</summary>" not in body  # not the secretary's power
    assert "hết hạn" in body  # the certificate's end date (R8)


def test_a_refused_step_shows_its_reason_on_the_page_and_changes_nothing(login, tree, walk):
    dossier = walk("introduced")
    response = login(tree.secretary_a).post(
        f"/ket-nap/ho-so/{dossier.pk}/buoc/cell_resolve/",
        {
            "cell_resolve-meeting_date": "2023-06-10",
            "cell_resolve-official_members": "3",
            "cell_resolve-votes_for": "1",
            "cell_resolve-votes_against": "2",
            "cell_resolve-document_number": "5-NQ/CB",
            "cell_resolve-expected_state": "introduced",
        },
    )
    assert response.status_code == 400
    assert "chưa đạt ít nhất 2/3" in response.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).state == "introduced"


def test_a_step_through_the_page(login, tree, cell):
    response = login(tree.secretary_a).post(
        f"/ket-nap/ho-so/{cell.dossier.pk}/buoc/nominate/",
        {"nominate-meeting_date": "2023-04-01", "nominate-expected_state": "source"},
    )
    assert response.status_code == 302
    assert Dossier.objects.get(pk=cell.dossier.pk).state == "nominated_for_class"


def test_the_board_shows_columns_and_the_next_deadline(login, tree, walk):
    walk("admission_decided")
    body = login(tree.office_c1).get(f"/ket-nap/don-vi/{tree.c1.pk}/bang/").content.decode()
    assert "Đã có quyết định kết nạp" in body and "Đỗ Thị Hạnh" in body
    assert "Chi bộ tổ chức lễ kết nạp" in body and "Căn cứ: R27" in body


def test_the_worklist_shows_an_overdue_ceremony(login, tree, walk):
    walk("admission_decided")  # decided in 2023: the ceremony is long overdue
    body = login(tree.office_c1).get(f"/ket-nap/don-vi/{tree.c1.pk}/viec-can-lam/").content
    body = body.decode()
    assert "Chi bộ tổ chức lễ kết nạp" in body and "Quá hạn" in body and "R27" in body


def test_a_monthly_review_note(login, tree, cell):
    client = login(tree.secretary_a)
    client.post(
        f"/ket-nap/ho-so/{cell.dossier.pk}/nhan-xet/",
        {"month": "2024-05-15", "text": "Tích cực tham gia công tác Đoàn."},
    )
    body = client.get(f"/ket-nap/ho-so/{cell.dossier.pk}/").content.decode()
    assert "05/2024" in body and "Tích cực" in body


def test_the_whole_path_through_the_pages(login, tree, cell):
    """From the candidate list to official member, each step a form post."""
    a, _b, _ = cell.members
    pk = cell.dossier.pk
    secretary, office, officer = tree.secretary_a, tree.office_c1, tree.officer_p1

    def step(user, name, **values):
        from django.test import Client

        client = Client()
        client.force_login(user)
        data = {f"{name}-{k}": v for k, v in values.items()}
        data[f"{name}-expected_state"] = Dossier.objects.get(pk=pk).state
        response = client.post(f"/ket-nap/ho-so/{pk}/buoc/{name}/", data)
        assert response.status_code == 302, response.content.decode()[-3000:]

    step(secretary, "nominate", meeting_date="2023-03-20")
    step(
        secretary,
        "record_certificate",
        certificate_number="7",
        certificate_date="2023-04-20",
        certificate_issuer="Trung tâm Chính trị",
    )
    step(secretary, "assign_helper", helper=a.pk, meeting_date="2023-05-01")
    step(secretary, "open", letter_date="2023-05-02", history_date="2023-05-03")
    step(secretary, "start_verification", stamped_on="2023-05-04", sent_on="2023-05-05")
    request = Dossier.objects.get(pk=pk).verifications.get()
    step(
        secretary, "answer_verification", request=request.pk, answered_on="2023-05-20", result="Tốt"
    )
    step(office, "complete_verification", comment_on="2023-05-22", certified_on="2023-05-23")
    step(
        secretary,
        "introduce",
        introduced_on="2023-05-25",
        introducer_1=a.pk,
        introducer_1_since="2021-01-01",
        youth_union_resolution="3-NQ/ĐTN",
    )
    step(
        secretary,
        "cell_resolve",
        meeting_date="2023-06-01",
        official_members=3,
        votes_for=2,
        votes_against=1,
        document_number="4-NQ/CB",
    )
    step(
        office,
        "grassroots_resolve",
        meeting_date="2023-06-05",
        committee_members=9,
        votes_for=9,
        votes_against=0,
        document_number="5-NQ/ĐU",
    )
    step(office, "submit", submitted_on="2023-06-06")
    step(
        officer,
        "decide_admission",
        decision_number="6-QĐ",
        decision_date="2023-07-01",
        received_on="2023-07-03",
    )
    step(secretary, "hold_ceremony", ceremony_date="2023-07-10")
    step(
        secretary,
        "recognition_vote",
        meeting_date="2024-07-12",
        official_members=3,
        votes_for=3,
        votes_against=0,
        new_member_course_date="2023-12-01",
    )
    step(
        officer,
        "recognize",
        decision_number="9-QĐ",
        decision_date="2024-07-30",
        committee_members=9,
        votes_for=9,
        votes_against=0,
    )
    dossier = Dossier.objects.get(pk=pk)
    assert dossier.state == "official" and dossier.official_from == date(2024, 7, 10)
    assert dossier.probation_end == date(2023, 7, 10) + timedelta(days=366)
