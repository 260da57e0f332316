"""Existing members corrected by an import, through people.services.member_update."""

from datetime import date

import pytest

from ptdv.accounts.models import AuditEvent
from ptdv.core.errors import DomainError
from ptdv.imports import services
from ptdv.imports.models import JobStatus
from ptdv.people.models import Member, MemberStatus
from ptdv.people.services import (
    member_create,
    member_record_recognition,
    member_update,
    person_create,
)
from tests.factories import RecordedMemberFactory, RecordedPersonFactory
from tests.imports import books

pytestmark = pytest.mark.django_db


def _member(unit, **fields):
    person = RecordedPersonFactory(
        organization=unit,
        full_name="Nguyễn Văn An",
        sex="male",
        birth_date=date(1990, 3, 15),
        citizen_id="001090123456",
    )
    fields = {
        "status": MemberStatus.PROBATIONARY,
        "official_from": None,
        "admission_decided_on": date(2015, 5, 19),
        **fields,
    }
    return RecordedMemberFactory(person=person, organization=unit, **fields)


def test_member_update_changes_dates_and_card_with_an_audit_row(tree):
    member = _member(tree.a)
    member = member_update(
        acting_user=tree.office_c1,
        member=member,
        ceremony_on=date(2015, 6, 1),
        party_card_number=" 00012345 ",
    )
    member.refresh_from_db()
    assert (member.ceremony_on, member.party_card_number) == (date(2015, 6, 1), "00012345")
    event = AuditEvent.objects.get(event="member_updated")
    assert event.old["party_card_number"] == "" and event.new["party_card_number"] == "00012345"


def test_a_recognition_from_the_register_goes_through_its_procedure(tree):
    member = _member(tree.a)
    member = member_record_recognition(
        acting_user=tree.office_c1, member=member, official_from=date(2016, 5, 19)
    )
    member.refresh_from_db()
    assert (member.status, member.official_from) == ("official", date(2016, 5, 19))
    event = AuditEvent.objects.get(event="member_recognition_recorded")
    assert event.old["status"] == "probationary" and event.new["status"] == "official"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "official"}, "chỉ thay đổi qua thủ tục"),
        ({"official_from": date(2014, 1, 1)}, "chỉ thay đổi qua thủ tục"),
        ({"admission_decided_on": date(2099, 1, 1)}, "không được sau ngày hôm nay"),
        ({"ended_on": date(2020, 1, 1)}, "Không sửa được trường ended_on"),
    ],
)
def test_member_update_refuses_wrong_values_and_changes_nothing(tree, changes, message):
    member = _member(tree.a)
    with pytest.raises(DomainError, match=message):
        member_update(acting_user=tree.office_c1, member=member, **changes)
    assert Member.objects.get().status == "probationary"
    assert not AuditEvent.objects.filter(event="member_updated").exists()


def test_member_update_is_scoped_and_needs_the_role(tree):
    member = _member(tree.a)
    with pytest.raises(DomainError, match="ngoài phạm vi quản lý"):
        member_update(acting_user=tree.office_c2, member=member, party_card_number="1")
    with pytest.raises(DomainError, match="không được sửa thông tin đảng viên"):
        member_update(acting_user=tree.inspector_p1, member=member, party_card_number="1")


def test_an_official_member_is_not_turned_back_into_a_probationary_one(tree):
    member = _member(tree.a, status=MemberStatus.OFFICIAL, official_from=date(2016, 5, 19))
    with pytest.raises(DomainError, match="chỉ thay đổi qua thủ tục"):
        member_update(acting_user=tree.office_c1, member=member, status="probationary")


def test_a_card_number_already_used_is_refused(tree):
    _member(tree.b, party_card_number="777")
    other = person_create(
        acting_user=None,
        organization=tree.a,
        full_name="Lê Thị Hoa",
        sex="female",
        birth_date=date(1992, 1, 1),
        citizen_id="",
    )
    member = member_create(
        acting_user=None,
        person=other,
        organization=tree.a,
        admission_decided_on=date(2020, 1, 1),
    )
    with pytest.raises(DomainError, match="Số thẻ đảng viên 777 đã được dùng"):
        member_update(acting_user=tree.office_c1, member=member, party_card_number="777")


def _import(user, rows):
    job = services.job_create(
        acting_user=user, kind="members", file_name="ds.xlsx", content=books.xlsx(rows)
    )
    return services.job_check(acting_user=user, job=job)


def test_an_import_row_updates_the_existing_members_fields(tree):
    member = _member(tree.a)
    row = books.member(
        **{
            "Trạng thái": "Chính thức",
            "Ngày chính thức": "19/05/2016",
            "Số thẻ đảng viên": "00012345",
        }
    )
    job = _import(tree.office_c1, [row])
    assert job.status == JobStatus.READY, job.result["problems"]
    assert job.result["counts"] == {"create": 0, "update": 1, "skip": 0}
    reason = job.result["preview"][0]["reason"]
    assert "Trạng thái" in reason and "Số thẻ đảng viên" in reason
    job = services.job_commit(acting_user=tree.office_c1, job=job)
    assert job.status == JobStatus.DONE, job.result
    member.refresh_from_db()
    assert (member.status, member.official_from, member.party_card_number) == (
        "official",
        date(2016, 5, 19),
        "00012345",
    )
    assert AuditEvent.objects.filter(event="member_recognition_recorded").count() == 1
    again = _import(tree.office_c1, [row])
    assert again.result["counts"] == {"create": 0, "update": 0, "skip": 1}


def test_an_import_row_that_would_demote_an_official_member_is_an_error(tree):
    _member(tree.a, status=MemberStatus.OFFICIAL, official_from=date(2016, 5, 19))
    job = _import(tree.office_c1, [books.member(**{"Trạng thái": "Dự bị"})])
    assert job.status == JobStatus.REJECTED
    problem = job.result["problems"][0]
    assert problem["column"] == "Trạng thái" and "không chuyển về dự bị" in problem["message"]
    assert Member.objects.get().status == "official"
