"""Candidate import: the same engine with the candidate columns."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ptdv.imports import services
from ptdv.imports.models import JobStatus
from ptdv.people.models import Person
from ptdv.people.services import member_create, person_create
from ptdv.recruitment.models import Candidate, Dossier
from tests.imports import books

pytestmark = pytest.mark.django_db

HEADERS = [
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số CCCD",
    "Dân tộc",
    "Mã chi bộ",
    "Nguồn giới thiệu",
    "Ngày đưa vào danh sách",
]


def candidate(**changes):
    row = {
        "Họ và tên": "Nguyễn Thị Hoa",
        "Ngày sinh": "02/09/2001",
        "Giới tính": "Nữ",
        "Số CCCD": "001301000001",
        "Dân tộc": "Kinh",
        "Mã chi bộ": "A",
        "Nguồn giới thiệu": "doan thanh nien",
        "Ngày đưa vào danh sách": "01/03/2025",
    }
    row.update(changes)
    return row


def check(user, rows):
    data = books.xlsx(rows, headers=HEADERS, sheet="Quần chúng ưu tú")
    job = services.job_create(
        acting_user=user, kind="candidates", file_name="qcut.xlsx", content=data
    )
    return services.job_check(acting_user=user, job=job)


def test_a_cell_secretary_imports_candidates_of_their_cell(tree):
    rows = [
        candidate(),
        candidate(
            **{
                "Họ và tên": "Trần Văn Khoa",
                "Ngày sinh": "10/10/1999",
                "Giới tính": "Nam",
                "Số CCCD": "",
                "Nguồn giới thiệu": "",
            }
        ),
    ]
    job = check(tree.secretary_a, rows)
    assert job.status == JobStatus.READY, job.result["problems"]
    assert job.result["counts"] == {"create": 2, "update": 0, "skip": 0}
    assert not Candidate.objects.exists()
    job = services.job_commit(acting_user=tree.secretary_a, job=job)
    assert job.status == JobStatus.DONE, job.result
    hoa = Candidate.objects.get(person__citizen_id="001301000001")
    assert (hoa.organization, hoa.source, hoa.listed_on) == (
        tree.a,
        "youth_union",
        date(2025, 3, 1),
    )
    assert Candidate.objects.get(person__full_name="Trần Văn Khoa").source == "other"


def test_members_and_listed_candidates_are_skipped_and_other_cells_refused(tree):
    person = person_create(
        acting_user=None,
        organization=tree.a,
        full_name="Nguyễn Thị Hoa",
        sex="female",
        birth_date=date(2001, 9, 2),
        citizen_id="001301000001",
    )
    member_create(
        acting_user=None, person=person, organization=tree.a, admission_decided_on=date(2024, 1, 2)
    )
    job = check(tree.secretary_a, [candidate()])
    assert job.result["preview"][0]["reason"] == "Đang là đảng viên"

    before = (Person.objects.count(), Candidate.objects.count())
    job = check(tree.secretary_a, [candidate(**{"Mã chi bộ": "B", "Số CCCD": ""})])
    assert job.status == JobStatus.REJECTED
    assert job.result["problems"][0]["message"] == (
        "Mã «B» là đơn vị nằm ngoài phạm vi quản lý của bạn."
    )
    assert (Person.objects.count(), Candidate.objects.count()) == before


def test_an_inspector_may_not_import_candidates(tree):
    with pytest.raises(Exception, match="không được nhập dữ liệu"):
        check(tree.inspector_p1, [candidate()])


def test_the_candidate_template(tree, login):
    response = login(tree.secretary_a).get(reverse("imports:template"), {"loai": "candidates"})
    sheet = load_workbook(io.BytesIO(response.content))["Quần chúng ưu tú"]
    headers = [cell.value for cell in sheet[2]]
    assert headers[-3:] == ["Mã chi bộ", "Nguồn giới thiệu", "Ngày đưa vào danh sách"]


def test_candidate_round_trip(tree, login):
    check_job = check(
        tree.secretary_a,
        [
            candidate(),
            candidate(**{"Họ và tên": "Vũ Văn Khang", "Số CCCD": "", "Giới tính": "Nam"}),
        ],
    )
    services.job_commit(acting_user=tree.secretary_a, job=check_job)
    client = login(tree.secretary_a)
    url = reverse("imports:export-candidates", args=[tree.a.pk])
    first = client.get(url)
    rows = [r for r in load_workbook(io.BytesIO(first.content)).active.iter_rows(values_only=True)]
    assert len(rows) == 4 and rows[1][-3:] == (
        "Mã chi bộ",
        "Nguồn giới thiệu",
        "Ngày đưa vào danh sách",
    )
    # The candidate list emptied (the persons stay: they are matched again by CCCD, or by
    # name and birth date).
    Dossier.objects.all().delete()
    Candidate.objects.all().delete()
    job = services.job_create(
        acting_user=tree.secretary_a, kind="candidates", file_name="x.xlsx", content=first.content
    )
    job = services.job_check(acting_user=tree.secretary_a, job=job)
    assert job.result["counts"] == {"create": 0, "update": 2, "skip": 0}, job.result
    services.job_commit(acting_user=tree.secretary_a, job=job)
    second = client.get(url)
    again = [
        r for r in load_workbook(io.BytesIO(second.content)).active.iter_rows(values_only=True)
    ]
    assert again[1:] == rows[1:]
