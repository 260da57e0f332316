"""Awareness-class results from a file: matched to the class's students, all or nothing."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ptdv.core.errors import DomainError
from ptdv.imports import services
from ptdv.imports.models import ImportJob, JobStatus
from ptdv.people.services import person_create
from ptdv.training.models import Enrolment
from ptdv.training.services import awareness_class_create, enrolment_create
from tests.imports import books

pytestmark = pytest.mark.django_db

HEADERS = ["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Kết quả", "Số GCN", "Ngày cấp"]


@pytest.fixture
def awareness_class(tree):
    awareness_class = awareness_class_create(
        acting_user=None,
        organization=tree.c1,
        name="Lớp bồi dưỡng nhận thức về Đảng khóa 1/2025",
        issuing_body="Trung tâm Chính trị",
        target_group="youth",
        starts_on=date(2025, 3, 3),
        ends_on=date(2025, 3, 7),
    )
    for name, birth, cid, sex in [
        ("Nguyễn Thị Hoa", date(2001, 9, 2), "001301000001", "female"),
        ("Trần Văn Khoa", date(1999, 10, 10), "", "male"),
    ]:
        person = person_create(
            acting_user=None,
            organization=tree.a,
            full_name=name,
            sex=sex,
            birth_date=birth,
            citizen_id=cid,
        )
        enrolment_create(acting_user=None, awareness_class=awareness_class, person=person)
    return awareness_class


def rows(**khoa):
    return [
        {
            "STT": 1,
            "Họ và tên": "Nguyen Thi Hoa",
            "Số CCCD": "001301000001",
            "Kết quả": "dat",
            "Số GCN": "0125",
            "Ngày cấp": "10/03/2025",
        },
        {
            "STT": 2,
            "Họ và tên": "Trần Văn Khoa",
            "Ngày sinh": "10/10/1999",
            "Kết quả": "Không đạt",
            **khoa,
        },
    ]


def check(user, awareness_class, data):
    job = services.job_create(
        acting_user=user,
        kind="class_results",
        file_name="ket-qua.xlsx",
        content=data,
        awareness_class=awareness_class,
    )
    return services.job_check(acting_user=user, job=job)


def test_results_are_written_for_every_student_or_none(tree, awareness_class):
    job = check(tree.office_c1, awareness_class, books.xlsx(rows(), headers=HEADERS))
    assert job.status == JobStatus.READY, job.result["problems"]
    assert job.result["counts"] == {"create": 0, "update": 2, "skip": 0}
    job = services.job_commit(acting_user=tree.office_c1, job=job)
    assert job.status == JobStatus.DONE, job.result
    hoa = Enrolment.objects.get(person__citizen_id="001301000001")
    assert (hoa.result, hoa.certificate_number, hoa.certificate_date) == (
        "passed",
        "0125",
        date(2025, 3, 10),
    )
    assert hoa.certificate_expires_on is not None
    assert Enrolment.objects.get(person__full_name="Trần Văn Khoa").result == "failed"


def test_an_unknown_student_and_a_missing_certificate_write_nothing(tree, awareness_class):
    bad = rows(**{"Họ và tên": "Lê Văn Lạ"})
    bad[0]["Số GCN"] = ""
    job = check(tree.office_c1, awareness_class, books.xlsx(bad, headers=HEADERS))
    assert job.status == JobStatus.REJECTED
    assert [(p["row"], p["column"]) for p in job.result["problems"]] == [
        (4, "Số giấy chứng nhận"),
        (5, "Họ và tên"),
    ]
    assert "«Lê Văn Lạ» không có trong danh sách lớp" in job.result["problems"][1]["message"]
    assert not Enrolment.objects.exclude(result="pending").exists()


def test_a_class_is_required_and_must_be_visible(tree, awareness_class, login):
    with pytest.raises(DomainError, match="Phải chọn lớp bồi dưỡng"):
        services.job_create(
            acting_user=tree.office_c1, kind="class_results", file_name="x.xlsx", content=b"x"
        )
    with pytest.raises(DomainError, match="Phải chọn lớp bồi dưỡng"):
        services.job_create(
            acting_user=tree.office_c2,
            kind="class_results",
            file_name="x.xlsx",
            content=b"x",
            awareness_class=awareness_class,
        )
    client = login(tree.office_c1)
    page = client.get(reverse("imports:index"), {"lop": awareness_class.pk})
    assert "Lớp bồi dưỡng nhận thức về Đảng khóa 1/2025" in page.content.decode()
    upload = SimpleUploadedFile("kq.xlsx", books.xlsx(rows(), headers=HEADERS))
    client.post(
        reverse("imports:index"),
        {"kind": "class_results", "file": upload, "awareness_class": awareness_class.pk},
    )
    assert ImportJob.objects.get().status == JobStatus.READY
