from datetime import date

from django.urls import reverse

from ptdv.accounts.models import AuditEvent
from ptdv.people.models import Member, MemberTransfer, Person


def test_the_member_list_shows_the_cell_and_searches_without_accents(tree, login, make_member):
    make_member(tree.a, "Nguyễn Văn An")
    make_member(tree.a, "Trần Thị Bích")
    client = login(tree.secretary_a)
    url = reverse("people:members", args=[tree.a.pk])
    body = client.get(url).content.decode()
    assert "Nguyễn Văn An" in body and "Trần Thị Bích" in body
    body = client.get(url, {"q": "bich"}).content.decode()
    assert "Trần Thị Bích" in body and "Nguyễn Văn An" not in body
    partial = client.get(url, {"q": "an"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "Nguyễn Văn An" in partial


def test_sensitive_columns_are_shown_on_request_and_audited(tree, login, make_person):
    person = make_person(tree.a, citizen_id="035195123456")
    Member.objects.create(person=person, organization=tree.a, admission_decided_on=date(2020, 1, 1))
    client = login(tree.secretary_a)
    url = reverse("people:members", args=[tree.a.pk])
    assert "035195123456" not in client.get(url).content.decode()
    assert not AuditEvent.objects.filter(event="sensitive_viewed").exists()
    body = client.get(url, {"nhay-cam": "1"}).content.decode()
    assert "035195123456" in body
    event = AuditEvent.objects.get(event="sensitive_viewed")
    assert event.actor == tree.secretary_a and event.new["rows"] == 1


def test_an_inspector_never_sees_sensitive_fields(tree, login, make_person):
    person = make_person(tree.a, citizen_id="035195123456", religion="catholicism")
    Member.objects.create(person=person, organization=tree.a, admission_decided_on=date(2020, 1, 1))
    client = login(tree.inspector_p1)
    body = client.get(reverse("people:members", args=[tree.a.pk]), {"nhay-cam": "1"}).content
    assert "035195123456" not in body.decode()
    body = client.get(reverse("people:person", args=[person.pk])).content.decode()
    assert "035195123456" not in body and "Công giáo" not in body
    assert "chỉ hiển thị cho vai trò được phép" in body
    assert not AuditEvent.objects.filter(event="sensitive_viewed").exists()


def test_the_person_page_shows_sensitive_fields_to_the_secretary_and_audits(
    tree, login, make_person
):
    person = make_person(tree.a, citizen_id="035195123456", religion="catholicism")
    body = login(tree.secretary_a).get(reverse("people:person", args=[person.pk])).content
    assert "035195123456" in body.decode() and "Công giáo" in body.decode()
    assert AuditEvent.objects.filter(event="sensitive_viewed", object_id=str(person.pk)).exists()


def test_a_secretary_adds_a_person_and_sees_a_duplicate_warning(tree, login, make_person):
    make_person(tree.a, "Nguyễn Thị Lan")
    client = login(tree.secretary_a)
    url = reverse("people:person-create", args=[tree.a.pk])
    data = {
        "full_name": "Nguyen Thi Lan",
        "birth_date": "08/03/1995",
        "sex": "female",
        "ethnicity": "Kinh",
        "religion": "none",
        "professional_level": "none",
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "Có thể trùng người" in response.content.decode()
    response = client.post(url, {**data, "confirm_duplicate": "on"})
    assert response.status_code == 302
    assert Person.objects.filter(search_key="nguyen thi lan").count() == 2


def test_the_office_requests_a_transfer_and_the_receiving_secretary_confirms(
    tree, login, make_member
):
    member = make_member(tree.a)
    client = login(tree.office_c1)
    response = client.post(
        reverse("people:transfer", args=[member.pk]),
        {"to_code": "b", "requested_on": "01/03/2025", "document_number": "5-GGT"},
    )
    assert response.status_code == 302
    transfer = MemberTransfer.objects.get()
    client = login(tree.secretary_b)
    body = client.get(reverse("people:members", args=[tree.b.pk])).content.decode()
    assert "Xác nhận tiếp nhận" in body
    response = client.post(
        reverse("people:transfer-confirm", args=[transfer.pk]), {"confirmed_on": "02/03/2025"}
    )
    assert response.status_code == 302
    assert Member.objects.get(pk=member.pk).organization == tree.b


def test_a_transfer_to_an_unknown_code_is_refused_in_vietnamese(tree, login, make_member):
    member = make_member(tree.a)
    response = login(tree.office_c1).post(
        reverse("people:transfer", args=[member.pk]),
        {"to_code": "ZZZ", "requested_on": "01/03/2025"},
    )
    assert response.status_code == 400
    assert "Không tìm thấy chi bộ mã «ZZZ»" in response.content.decode()
    assert not MemberTransfer.objects.exists()


def test_the_exit_form_refuses_a_missing_document_then_records(tree, login, make_member):
    member = make_member(tree.a)
    client = login(tree.office_c1)
    url = reverse("people:exit", args=[member.pk])
    response = client.post(url, {"reason": "struck_off", "on": "01/04/2025"})
    assert response.status_code == 400 and "phải có số và ngày" in response.content.decode()
    response = client.post(
        url,
        {
            "reason": "struck_off",
            "on": "01/04/2025",
            "document_number": "3-QĐ",
            "document_date": "31/03/2025",
        },
    )
    assert response.status_code == 302
    assert Member.objects.get(pk=member.pk).ended_on == date(2025, 4, 1)


def test_a_secretary_cannot_open_the_exit_form(tree, login, make_member):
    member = make_member(tree.a)
    response = login(tree.secretary_a).get(reverse("people:exit", args=[member.pk]))
    assert response.status_code == 403


def test_the_person_edit_form_saves_through_the_service(tree, login, make_person):
    person = make_person(tree.a)
    client = login(tree.secretary_a)
    url = reverse("people:person-edit", args=[person.pk])
    assert "Nguyễn Thị Lan" in client.get(url).content.decode()
    data = {
        "full_name": "Nguyễn Thị Lan Anh",
        "birth_date": "08/03/1995",
        "sex": "female",
        "ethnicity": "Kinh",
        "religion": "none",
        "professional_level": "university",
        "citizen_id": "035095000001",
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "phải có chữ số «1»" in response.content.decode()
    assert Person.objects.get(pk=person.pk).full_name == "Nguyễn Thị Lan"
    response = client.post(url, {**data, "citizen_id": "035195000001"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.search_key == "nguyen thi lan anh" and person.professional_level == "university"


def test_the_member_list_page_makes_the_same_queries_for_3_or_9_members(tree, login, make_member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(tree.secretary_a)
    url = reverse("people:members", args=[tree.a.pk])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"nhay-cam": "1"}).status_code == 200
        return len(captured)

    for index in range(3):
        make_member(tree.a, f"Nguyễn Văn Số{index}")
    few = queries()
    for index in range(3, 9):
        make_member(tree.a, f"Nguyễn Văn Số{index}")
    assert queries() == few


def test_who_looked_at_a_person_has_an_answer(tree, login, make_person):
    """Lists and exports that show sensitive values record the persons shown and the filter."""
    from ptdv.accounts.audit import sensitive_views_of

    shown = make_person(tree.a, "Nguyễn Văn Xem", citizen_id="035195123456")
    other = make_person(tree.a, "Trần Văn Khác", citizen_id="035195654321")
    for person in (shown, other):
        Member.objects.create(
            person=person, organization=tree.a, admission_decided_on=date(2020, 1, 1)
        )
    client = login(tree.secretary_a)
    client.get(reverse("people:members", args=[tree.a.pk]), {"nhay-cam": "1", "q": "xem"})
    client.get(reverse("people:person", args=[other.pk]))
    [list_view] = sensitive_views_of(shown.pk)
    assert list_view.actor == tree.secretary_a and list_view.new["where"] == "danh sách đảng viên"
    assert list_view.new["filter"] == {"unit": "A", "q": "xem"}
    assert list(list_view.persons_shown.values_list("person_id", flat=True)) == [shown.pk]
    assert [event.new["where"] for event in sensitive_views_of(other.pk)] == ["trang cá nhân"]
