from datetime import date

import pytest

from ptdv.accounts.models import AuditEvent
from ptdv.core.errors import DomainError
from ptdv.people.services import member_create
from ptdv.training import services
from ptdv.training.constants import CERTIFICATE_VALIDITY_MONTHS
from ptdv.training.models import AwarenessClass, Enrolment, add_months, certificate_expiry


def test_the_certificate_is_valid_60_months():
    assert CERTIFICATE_VALIDITY_MONTHS == 60
    assert certificate_expiry(date(2023, 10, 20)) == date(2028, 10, 20)
    # 29/02 plus 60 months falls in a common year: the end of February.
    assert certificate_expiry(date(2024, 2, 29)) == date(2029, 2, 28)
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)


def test_the_office_opens_a_class_for_its_commune(tree):
    awareness_class = services.awareness_class_create(
        acting_user=tree.office_c1,
        organization=tree.c1,
        name="  Lớp  đoàn viên 2025 ",
        issuing_body="Trung tâm Chính trị huyện",
        target_group="youth",
        starts_on=date(2025, 3, 3),
        ends_on=date(2025, 3, 7),
        place="Hội trường xã",
    )
    assert awareness_class.name == "Lớp đoàn viên 2025"
    assert AuditEvent.objects.filter(event="awareness_class_created", organization=tree.c1)


@pytest.mark.parametrize(
    ("user_name", "unit_name", "fields", "message"),
    [
        ("secretary_a", "c1", {}, "không được mở lớp"),
        ("office_c1", "c2", {}, "ngoài phạm vi"),
        ("office_c1", "a", {}, "Chi bộ không tổ chức lớp"),
        ("office_c1", "c1", {"name": " "}, "Tên lớp không được để trống"),
        ("office_c1", "c1", {"issuing_body": ""}, "cơ quan cấp giấy chứng nhận"),
        ("office_c1", "c1", {"target_group": "aliens"}, "Đối tượng không hợp lệ"),
        ("office_c1", "c1", {"ends_on": date(2025, 3, 1)}, "không được trước ngày khai giảng"),
    ],
)
def test_it_refuses_a_bad_class(tree, user_name, unit_name, fields, message):
    data = {
        "name": "Lớp 1",
        "issuing_body": "Trung tâm Chính trị",
        "target_group": "women",
        "starts_on": date(2025, 3, 3),
        "ends_on": date(2025, 3, 7),
        **fields,
    }
    with pytest.raises(DomainError, match=message):
        services.awareness_class_create(
            acting_user=getattr(tree, user_name), organization=getattr(tree, unit_name), **data
        )
    assert AwarenessClass.objects.count() == 0


def test_enrol_and_pass_gives_a_certificate_valid_60_months(tree, make_class, make_person):
    awareness_class = make_class()
    enrolment = services.enrolment_create(
        acting_user=tree.office_c1, awareness_class=awareness_class, person=make_person()
    )
    assert enrolment.organization == tree.a  # the cell that follows the person
    enrolment = services.enrolment_record_result(
        acting_user=tree.office_c1,
        enrolment=enrolment,
        result="passed",
        certificate_number="15-GCN",
        certificate_date=date(2025, 3, 7),
    )
    assert enrolment.certificate_expires_on == date(2030, 3, 7)
    assert enrolment.certificate_state(date(2030, 3, 7)) == "expiring"
    assert enrolment.certificate_state(date(2030, 3, 8)) == "expired"
    assert enrolment.certificate_state(date(2026, 1, 1)) == "valid"
    event = AuditEvent.objects.get(event="enrolment_result_recorded")
    assert event.new["certificate_expires_on"] == "2030-03-07"


def test_a_member_cannot_be_enrolled(tree, make_class, make_person):
    person = make_person()
    member_create(
        acting_user=None, person=person, organization=tree.a, admission_decided_on=date(2024, 1, 1)
    )
    with pytest.raises(DomainError, match="đã là đảng viên"):
        services.enrolment_create(
            acting_user=tree.office_c1, awareness_class=make_class(), person=person
        )
    assert Enrolment.objects.count() == 0


def test_it_refuses_a_second_enrolment_a_foreign_cell_and_a_cell_secretary(
    tree, make_class, make_person
):
    awareness_class = make_class()
    person = make_person()
    services.enrolment_create(acting_user=None, awareness_class=awareness_class, person=person)
    with pytest.raises(DomainError, match="đã có trong danh sách lớp"):
        services.enrolment_create(
            acting_user=tree.office_c1, awareness_class=awareness_class, person=person
        )
    with pytest.raises(DomainError, match="không thuộc «Đảng bộ xã Hòa Bình»"):
        services.enrolment_create(
            acting_user=tree.officer_p1,
            awareness_class=awareness_class,
            person=make_person(tree.d, "Vũ Thị Hoa"),
        )
    with pytest.raises(DomainError, match="không được ghi danh"):
        services.enrolment_create(
            acting_user=tree.secretary_a,
            awareness_class=awareness_class,
            person=make_person(tree.a, "Vũ Thị Hồng"),
        )
    assert Enrolment.objects.count() == 1


def test_no_enrolment_after_results_are_recorded(tree, make_class, make_person, passed):
    awareness_class = make_class()
    passed(
        services.enrolment_create(
            acting_user=None, awareness_class=awareness_class, person=make_person()
        )
    )
    with pytest.raises(DomainError, match="Lớp đã có kết quả"):
        services.enrolment_create(
            acting_user=tree.office_c1,
            awareness_class=awareness_class,
            person=make_person(tree.a, "Vũ Thị Hồng"),
        )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"result": "pending"}, "Đạt» hoặc «Không đạt"),
        ({"certificate_number": ""}, "phải có số và ngày cấp giấy chứng nhận"),
        ({"certificate_date": None}, "phải có số và ngày cấp giấy chứng nhận"),
        ({"certificate_date": date(2025, 3, 1)}, "không thể trước ngày khai giảng"),
        ({"certificate_date": date(2999, 3, 1)}, "không được sau ngày hôm nay"),
    ],
)
def test_it_refuses_a_bad_result(tree, make_class, make_person, fields, message):
    enrolment = services.enrolment_create(
        acting_user=None, awareness_class=make_class(), person=make_person()
    )
    data = {
        "result": "passed",
        "certificate_number": "1",
        "certificate_date": date(2025, 3, 7),
        **fields,
    }
    with pytest.raises(DomainError, match=message):
        services.enrolment_record_result(acting_user=tree.office_c1, enrolment=enrolment, **data)
    enrolment.refresh_from_db()
    assert enrolment.result == "pending" and enrolment.certificate_expires_on is None


def test_a_certificate_number_is_unique_in_its_class(tree, make_class, make_person, passed):
    awareness_class = make_class()
    first = services.enrolment_create(
        acting_user=None, awareness_class=awareness_class, person=make_person()
    )
    second = services.enrolment_create(
        acting_user=None, awareness_class=awareness_class, person=make_person(tree.a, "Vũ Thị Hồng")
    )
    passed(first, number="7")
    with pytest.raises(DomainError, match="đã cấp cho học viên khác"):
        passed(second, number="7")
    second.refresh_from_db()
    assert second.certificate_number == ""


def test_a_failure_clears_the_certificate(tree, make_class, make_person, passed):
    enrolment = services.enrolment_create(
        acting_user=None, awareness_class=make_class(), person=make_person()
    )
    passed(enrolment)
    failed = services.enrolment_record_result(
        acting_user=tree.office_c1, enrolment=enrolment, result="failed", certificate_number="x"
    )
    assert failed.certificate_number == "" and failed.certificate_expires_on is None
