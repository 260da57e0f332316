"""From the class to the member record: a commune that absorbed another enrols the absorbed
commune's people; the certificate on a dossier is taken from a passed enrolment (or recorded
with its issuer); one click lists a trained person with a certified dossier; the member
record carries the dossier's dates and the hand-over file lists the recognised member."""

from datetime import date

import pytest

from ptdv.core.errors import DomainError
from ptdv.imports.selectors import handover_rows
from ptdv.people.models import Member
from ptdv.recruitment import services
from ptdv.recruitment.models import Dossier
from ptdv.training import services as training
from tests.factories import PersonFactory


@pytest.fixture
def course(tree):
    return training.awareness_class_create(
        acting_user=None,
        organization=tree.c1,
        name="Lớp bồi dưỡng nhận thức về Đảng khóa I/2025",
        issuing_body="Trung tâm Chính trị xã Hòa Bình",
        target_group="youth",
        starts_on=date(2025, 3, 3),
        ends_on=date(2025, 3, 7),
    )


def passed(tree, course, person, number="12-GCN"):
    enrolment = training.enrolment_create(
        acting_user=tree.office_c1, awareness_class=course, person=person
    )
    return training.enrolment_record_result(
        acting_user=tree.office_c1,
        enrolment=enrolment,
        result="passed",
        certificate_number=number,
        certificate_date=date(2025, 3, 7),
    )


def test_the_class_of_a_commune_enrols_the_people_of_the_commune_it_absorbed(login, tree, course):
    person = PersonFactory(organization=tree.oldcell, full_name="Võ Thị Cũ", sex="female")
    page = login(tree.office_c1).get(f"/boi-duong/lop/{course.pk}/").content.decode()
    assert "Võ Thị Cũ" in page  # offered in the class's enrolment list
    enrolment = training.enrolment_create(
        acting_user=tree.office_c1, awareness_class=course, person=person
    )
    assert enrolment.organization == tree.oldcell


def test_the_certificate_is_taken_from_the_passed_enrolment(tree, course, cell):
    enrolment = passed(tree, course, cell.candidate.person)
    dossier = services.dossier_nominate(
        acting_user=tree.secretary_a, dossier=cell.dossier, meeting_date=date(2025, 3, 1)
    )
    services.dossier_record_certificate(
        acting_user=tree.secretary_a, dossier=dossier, enrolment=enrolment
    )
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert (dossier.state, dossier.certificate_number, dossier.certificate_issuer) == (
        "class_certified",
        "12-GCN",
        "Trung tâm Chính trị xã Hòa Bình",
    )
    assert dossier.certificate_enrolment == enrolment


def test_someone_elses_enrolment_or_a_certificate_without_issuer_is_refused(tree, course, cell):
    other = passed(tree, course, PersonFactory(organization=tree.a, full_name="Lý Thị Khác"))
    dossier = services.dossier_nominate(
        acting_user=tree.secretary_a, dossier=cell.dossier, meeting_date=date(2025, 3, 1)
    )
    with pytest.raises(DomainError, match="của người khác"):
        services.dossier_record_certificate(
            acting_user=tree.secretary_a, dossier=dossier, enrolment=other
        )
    with pytest.raises(DomainError, match="phải ghi nơi cấp"):
        services.dossier_record_certificate(
            acting_user=tree.secretary_a,
            dossier=dossier,
            certificate_number="5",
            certificate_date=date(2025, 3, 7),
        )
    assert Dossier.objects.get(pk=dossier.pk).state == "nominated_for_class"


def test_one_click_lists_a_trained_person_with_a_certified_dossier(login, tree, course):
    person = PersonFactory(organization=tree.oldcell, full_name="Hà Thị Học", sex="female")
    enrolment = passed(tree, course, person)
    client = login(tree.office_c1)
    listing = client.get(f"/bao-cao/{tree.c1.pk}/da-hoc-chua-ket-nap/").content.decode()
    assert f"/ket-nap/hoc-vien/{enrolment.pk}/dua-vao-danh-sach/" in listing
    response = client.post(f"/ket-nap/hoc-vien/{enrolment.pk}/dua-vao-danh-sach/")
    assert response.status_code == 302
    dossier = Dossier.objects.get(candidate__person=person)
    assert (dossier.state, dossier.organization, dossier.certificate_enrolment) == (
        "class_certified",
        tree.oldcell,
        enrolment,
    )
    listing = client.get(f"/bao-cao/{tree.c1.pk}/da-hoc-chua-ket-nap/").content.decode()
    assert "Đã có trong danh sách" in listing


def test_the_member_record_carries_the_dossier_dates_and_the_handover_lists_her(tree, walk):
    dossier = walk("official")
    member = Member.objects.get(pk=dossier.member_id)
    assert member.ceremony_on == dossier.ceremony_date
    assert member.probation_ends_on == dossier.probation_end
    assert member.recognized_on == dossier.recognition_decision_date
    assert (member.status, member.official_from) == ("official", dossier.probation_end)
    rows = handover_rows(tree.officer_p1, tree.c1, dossier.recognition_decision_date, date.today())
    assert [row[0] for row in rows] == [member.person.full_name]
    assert rows[0][-1] == "Công nhận chính thức"


def test_a_mentor_is_assigned_from_the_day_of_listing_on_the_page_and_in_the_api(
    login, api, tree, cell
):
    """At the first step (source), before any class: page and API call the same service."""
    first, second, _ = cell.members
    client = login(tree.secretary_a)
    page = client.get(f"/ket-nap/ho-so/{cell.dossier.pk}/").content.decode()
    assert "Phân công đảng viên giúp đỡ" in page
    client.post(
        f"/ket-nap/ho-so/{cell.dossier.pk}/giup-do/", {"member": first.pk, "on": "05/03/2023"}
    )
    response = api(tree.secretary_a).post(
        f"/api/v1/candidates/{cell.candidate.pk}/mentor/",
        {"member": second.pk, "on": "2023-04-01"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    mentors = list(
        cell.candidate.mentors.order_by("assigned_on").values_list(
            "member_id", "assigned_on", "ended_on"
        )
    )
    assert mentors == [
        (first.pk, date(2023, 3, 5), date(2023, 4, 1)),
        (second.pk, date(2023, 4, 1), None),
    ]
    assert Dossier.objects.get(pk=cell.dossier.pk).state == "source"
