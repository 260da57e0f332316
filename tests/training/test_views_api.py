from datetime import date

from django.urls import reverse

from ptdv.training.models import AwarenessClass, Enrolment


def test_the_unit_page_shows_classes_and_the_waiting_figure(
    tree, login, make_class, make_person, passed
):
    awareness_class = make_class(tree.c1, "Lớp đoàn viên thanh niên 2025")
    from ptdv.training.services import enrolment_create

    passed(
        enrolment_create(acting_user=None, awareness_class=awareness_class, person=make_person())
    )
    body = login(tree.office_c1).get(reverse("training:unit", args=[tree.c1.pk])).content.decode()
    assert "Lớp đoàn viên thanh niên 2025" in body
    assert "Đã học lớp, chưa kết nạp" in body
    assert '<span class="num">1</span>' in body


def test_the_office_opens_a_class_then_enrols_and_records_a_result(tree, login, make_person):
    person = make_person()
    client = login(tree.office_c1)
    response = client.post(
        reverse("training:class-create", args=[tree.c1.pk]),
        {
            "name": "Lớp hội viên phụ nữ",
            "issuing_body": "Trung tâm Chính trị huyện",
            "target_group": "women",
            "starts_on": "03/03/2025",
            "ends_on": "07/03/2025",
        },
    )
    assert response.status_code == 302
    awareness_class = AwarenessClass.objects.get()
    page = client.get(reverse("training:class", args=[awareness_class.pk])).content.decode()
    assert "Hoàng Thị Mai" in page  # offered in the enrolment form
    response = client.post(
        reverse("training:enrol", args=[awareness_class.pk]), {"person": person.pk}
    )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    url = reverse("training:result", args=[enrolment.pk])
    response = client.post(url, {"result": "passed", "certificate_date": "07/03/2025"})
    assert response.status_code == 400
    assert "phải có số và ngày cấp giấy chứng nhận" in response.content.decode()
    response = client.post(
        url, {"result": "passed", "certificate_number": "12", "certificate_date": "07/03/2025"}
    )
    assert response.status_code == 302
    page = client.get(reverse("training:class", args=[awareness_class.pk])).content.decode()
    assert "07/03/2030" in page


def test_a_bad_class_is_refused_in_vietnamese(tree, login):
    response = login(tree.office_c1).post(
        reverse("training:class-create", args=[tree.c1.pk]),
        {
            "name": "Lớp",
            "issuing_body": "TTCT",
            "target_group": "women",
            "starts_on": "07/03/2025",
            "ends_on": "03/03/2025",
        },
    )
    assert response.status_code == 400
    assert "Ngày bế giảng không được trước ngày khai giảng" in response.content.decode()
    assert not AwarenessClass.objects.exists()


def test_a_secretary_may_look_but_not_open_a_class(tree, login):
    client = login(tree.secretary_a)
    assert client.get(reverse("training:unit", args=[tree.a.pk])).status_code == 200
    assert client.get(reverse("training:class-create", args=[tree.c1.pk])).status_code == 404
    assert client.get(reverse("training:class-create", args=[tree.a.pk])).status_code == 403


def test_the_api_creates_enrols_records_and_counts(tree, api, make_person, frozen_today):
    client = api(tree.office_c1)
    response = client.post(
        reverse("awareness-class-list"),
        {
            "name": "Lớp công nhân",
            "organization": tree.c1.pk,
            "issuing_body": "TTCT huyện",
            "target_group": "workers",
            "starts_on": "2025-03-03",
            "ends_on": "2025-03-07",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    class_id = response.json()["id"]
    person = make_person()
    response = client.post(
        reverse("awareness-class-enrol", args=[class_id]), {"person": person.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    enrolment_id = response.json()["id"]
    response = client.post(
        reverse("enrolment-result", args=[enrolment_id]), {"result": "passed"}, format="json"
    )
    assert response.status_code == 400
    assert "giấy chứng nhận" in response.json()["certificate_number"][0]
    response = client.post(
        reverse("enrolment-result", args=[enrolment_id]),
        {"result": "passed", "certificate_number": "5", "certificate_date": "2025-03-07"},
        format="json",
    )
    assert response.json()["certificate_expires_on"] == "2030-03-07"
    figures = {}
    for day in (date(2030, 3, 7), date(2030, 3, 8)):  # the certificate's last day, the next
        frozen_today(day)
        figures[day] = client.get(
            reverse("awareness-class-trained-not-admitted"), {"organization": tree.c1.pk}
        ).json()["count"]
    assert figures == {date(2030, 3, 7): 1, date(2030, 3, 8): 0}


def test_the_figure_for_a_foreign_unit_answers_404(tree, api):
    response = api(tree.office_c1).get(
        reverse("awareness-class-trained-not-admitted"), {"organization": tree.c2.pk}
    )
    assert response.status_code == 404
    own = api(tree.office_c1).get(reverse("awareness-class-trained-not-admitted")).json()
    assert own["organization"] == tree.c1.pk and own["count"] == 0


def test_the_class_page_makes_the_same_queries_for_2_or_8_students(
    tree, login, make_class, make_person
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ptdv.training.services import enrolment_create

    awareness_class = make_class()
    client = login(tree.office_c1)
    url = reverse("training:class", args=[awareness_class.pk])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for index in range(2):
        enrolment_create(
            acting_user=None,
            awareness_class=awareness_class,
            person=make_person(name=f"Lê Thị Số{index}"),
        )
    few = queries()
    for index in range(2, 8):
        enrolment_create(
            acting_user=None,
            awareness_class=awareness_class,
            person=make_person(name=f"Lê Thị Số{index}"),
        )
    assert queries() == few
