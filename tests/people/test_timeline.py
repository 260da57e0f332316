"""A person's page tells everything that happened to them, newest first, from one query per
source table, and only to users who may see the person."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ptdv.people import selectors
from ptdv.people import services as people_services
from ptdv.recruitment import services
from ptdv.recruitment.demo import advance, make_member, make_person
from ptdv.training import services as training_services

BASE = date(2023, 3, 1)
HELPERS = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")


def _history(tree):
    """A candidate of cell A taken to official member, with a class, a review, a transfer to
    cell B and an exit."""
    members = [make_member(name, tree.a) for name in HELPERS]
    person = make_person("Đỗ Thị Hạnh", date(2000, 5, 10), youth_union=True, organization=tree.a)
    candidate = services.candidate_create(
        acting_user=tree.secretary_a,
        person=person,
        organization=tree.a,
        source="youth_union",
        listed_on=BASE,
    )
    services.candidate_add_review(
        acting_user=tree.secretary_a,
        candidate=candidate,
        month=date(2023, 4, 20),
        text="Tích cực trong công tác Đoàn.",
    )
    course = training_services.awareness_class_create(
        acting_user=tree.office_c1,
        organization=tree.c1,
        name="Lớp bồi dưỡng nhận thức về Đảng khóa I",
        issuing_body="Đảng ủy xã Hòa Bình",
        target_group="youth",
        starts_on=date(2023, 3, 25),
        ends_on=date(2023, 3, 30),
    )
    enrolment = training_services.enrolment_create(
        acting_user=tree.office_c1, awareness_class=course, person=person, organization=tree.a
    )
    training_services.enrolment_record_result(
        acting_user=tree.office_c1,
        enrolment=enrolment,
        result="passed",
        certificate_number="15-GCN",
        certificate_date=date(2023, 3, 30),
    )
    dossier = advance(
        candidate.dossiers.get(),
        "official",
        base=BASE,
        members=members,
        user=tree.office_c1,
        decider=tree.officer_p1,
    )
    transfer = people_services.member_transfer_request(
        acting_user=tree.office_c1,
        member=dossier.member,
        to_organization=tree.b,
        requested_on=date(2025, 2, 3),
        document_number="12-GGT",
    )
    people_services.member_transfer_confirm(
        acting_user=tree.secretary_b, transfer=transfer, confirmed_on=date(2025, 2, 10)
    )
    people_services.member_exit(
        acting_user=tree.office_c1,
        member=dossier.member,
        reason="deceased",
        on=date(2025, 6, 1),
        document_number="3-TB",
        document_date=date(2025, 6, 2),
    )
    person.refresh_from_db()
    return person, dossier


def test_the_timeline_tells_the_whole_path_newest_first(tree):
    person, dossier = _history(tree)
    events = selectors.person_timeline(tree.office_c1, person.pk)
    titles = [event.title for event in events]
    days = [event.on for event in events]
    assert days == sorted(days, reverse=True)
    assert titles[0] == "Ra khỏi danh sách đảng viên: từ trần"
    assert titles[-1] == "Được đưa vào danh sách quần chúng ưu tú"
    for expected in (
        "Nhận xét của chi bộ tháng 04/2023",
        "Được cử đi học: Lớp bồi dưỡng nhận thức về Đảng khóa I",
        "Đạt lớp bồi dưỡng, được cấp giấy chứng nhận",
        "Đảng viên được phân công giúp đỡ",
        "Chi bộ biểu quyết đề nghị kết nạp",
        "Quyết định kết nạp đảng viên",
        "Lễ kết nạp đảng viên",
        "Quyết định công nhận đảng viên chính thức",
        "Đề nghị chuyển sinh hoạt đảng",
        "Chi bộ mới tiếp nhận sinh hoạt đảng",
    ):
        assert expected in titles, expected
    # Every dossier step is there (the candidacy is told once, by its own line).
    assert sum(event.kind == "dossier" for event in events) == dossier.transitions.count() - 1
    vote = next(e for e in events if e.title == "Chi bộ biểu quyết đề nghị kết nạp")
    assert vote.on == dossier.cell_resolution_date
    assert "3/3 tán thành, 0 không tán thành" in vote.detail
    assert f"văn bản số {dossier.pk}-NQ/CB" in vote.detail
    decision = next(e for e in events if e.title == "Quyết định kết nạp đảng viên")
    assert decision.on == dossier.decision_date
    assert decision.url == f"/ket-nap/ho-so/{dossier.pk}/"
    # The member record does not repeat what the dossier steps already say.
    assert titles.count("Lễ kết nạp đảng viên") == 1


def test_the_page_shows_the_timeline_with_vietnamese_dates(tree, login):
    person, dossier = _history(tree)
    body = login(tree.office_c1).get(f"/dang-vien/nguoi/{person.pk}/").content.decode()
    assert "Diễn biến" in body
    assert dossier.decision_date.strftime("%d/%m/%Y") in body
    assert "Quyết định kết nạp đảng viên" in body and "từ trần" in body
    assert "01/06/2025" in body and "văn bản số 3-TB ngày 02/06/2025" in body


def test_a_member_admitted_before_the_system_gets_dates_from_the_member_record(tree):
    person = make_person("Phạm Văn Dự", date(1980, 1, 2), organization=tree.a)
    member = people_services.member_create(
        acting_user=None,
        person=person,
        organization=tree.a,
        admission_decided_on=date(2011, 4, 2),
        status="official",
        official_from=date(2012, 4, 2),
    )
    events = selectors.person_timeline(tree.secretary_a, member.person_id)
    assert [(e.on, e.title) for e in events] == [
        (date(2012, 4, 2), "Trở thành đảng viên chính thức"),
        (date(2011, 4, 2), "Quyết định kết nạp đảng viên"),
    ]


def test_the_timeline_takes_a_fixed_number_of_queries(tree):
    lonely = make_person("Vũ Thị Mơ", date(1999, 1, 1), organization=tree.a)
    selectors.person_timeline(tree.office_c1, lonely.pk)  # the user's scope, read once
    with CaptureQueriesContext(connection) as few:
        assert selectors.person_timeline(tree.office_c1, lonely.pk) == []
    person, _dossier = _history(tree)
    with CaptureQueriesContext(connection) as many:
        events = selectors.person_timeline(tree.office_c1, person.pk)
    assert len(events) > 20
    assert len(many) == len(few) <= 7


def test_a_user_of_a_sibling_cell_gets_404_and_no_events(tree, login):
    members = [make_member(name, tree.a) for name in HELPERS]
    person = make_person("Đỗ Thị Hạnh", date(2000, 5, 10), organization=tree.a)
    candidate = services.candidate_create(
        acting_user=tree.secretary_a,
        person=person,
        organization=tree.a,
        source="youth_union",
        listed_on=BASE,
    )
    advance(candidate.dossiers.get(), "introduced", base=BASE, members=members, user=tree.office_c1)
    assert login(tree.secretary_b).get(f"/dang-vien/nguoi/{person.pk}/").status_code == 404
    assert selectors.person_timeline(tree.secretary_b, person.pk) == []
    assert selectors.person_timeline(tree.office_c2, person.pk) == []
    response = login(tree.secretary_a).get(f"/dang-vien/nguoi/{person.pk}/")
    assert (
        response.status_code == 200 and "Có người giới thiệu vào Đảng" in response.content.decode()
    )
