"""Exports: the member list round trip, the hand-over file, the pages and the API."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from ptdv.accounts.models import AuditEvent
from ptdv.imports.models import ImportJob, JobStatus
from ptdv.imports.selectors import HANDOVER_FIELDS
from ptdv.people.models import Member, MemberStatus, Person
from tests.factories import RecordedMemberFactory, RecordedPersonFactory
from tests.imports import books

pytestmark = pytest.mark.django_db


def _member(unit, name, birth, sex="male", citizen_id="", **member_fields):
    person = RecordedPersonFactory(
        organization=unit,
        full_name=name,
        sex=sex,
        birth_date=birth,
        citizen_id=citizen_id,
        ethnicity="Tày",
        religion="buddhism",
        general_education="lower_secondary",
        professional_level="college",
        occupation="Nông dân",
        home_town="Xã Hòa Bình",
        residence="Thôn An Phú",
    )
    member_fields = {"status": "probationary", "official_from": None, **member_fields}
    return RecordedMemberFactory(person=person, organization=unit, **member_fields)


def _cells(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content))["Đảng viên"]
    return [tuple(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_round_trip_export_import_into_an_empty_database_export(tree, login):
    _member(
        tree.a,
        "Hoàng Văn Đức",
        date(1988, 1, 9),
        citizen_id="001088000777",
        admission_decided_on=date(2010, 3, 3),
        status=MemberStatus.OFFICIAL,
        official_from=date(2011, 3, 3),
        party_card_number="00098765",
    )
    _member(
        tree.a,
        "Đinh Thị Én",
        date(2001, 12, 31),
        sex="female",
        admission_decided_on=date(2025, 2, 3),
        ceremony_on=date(2025, 2, 10),
    )
    client = login(tree.office_c1)
    first = client.get(reverse("imports:export-members", args=[tree.a.pk]))
    assert first.status_code == 200
    rows = _cells(first.content)
    assert len(rows) == 3  # the header and two members
    assert rows[1][3] == "001088000777" or rows[2][3] == "001088000777"

    # An empty database: the members and persons go away.
    Member.objects.all().delete()
    Person.objects.all().delete()

    upload = SimpleUploadedFile("xuat.xlsx", first.content)
    response = client.post(reverse("imports:index"), {"kind": "members", "file": upload})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == JobStatus.READY, job.result
    assert job.result["counts"] == {"create": 2, "update": 0, "skip": 0}
    client.post(reverse("imports:commit", args=[job.pk]))
    assert Member.objects.count() == 2

    second = client.get(reverse("imports:export-members", args=[tree.a.pk]))
    assert _cells(second.content) == rows


def test_the_export_hides_sensitive_values_from_roles_that_may_not_see_them(tree, login):
    _member(
        tree.a,
        "Hoàng Văn Đức",
        date(1988, 1, 9),
        citizen_id="001088000777",
        admission_decided_on=date(2010, 3, 3),
    )
    response = login(tree.inspector_p1).get(reverse("imports:export-members", args=[tree.a.pk]))
    row = _cells(response.content)[1]
    assert row[0] == "Hoàng Văn Đức" and row[3] is None and row[4] is None
    seen = AuditEvent.objects.filter(event="sensitive_viewed")
    assert not seen.exists()
    login(tree.office_c1).get(reverse("imports:export-members", args=[tree.a.pk]))
    assert seen.count() == 1
    # The export's audit names the persons it showed.
    person_ids = list(seen.get().persons_shown.values_list("person_id", flat=True))
    assert person_ids == list(
        Person.objects.filter(full_name="Hoàng Văn Đức").values_list("pk", flat=True)
    )


def test_the_hand_over_file_lists_the_new_and_the_recognised_members_in_form_order(tree, login):
    _member(
        tree.a,
        "Hoàng Văn Đức",
        date(1988, 1, 9),
        citizen_id="001088000777",
        admission_decided_on=date(2010, 3, 3),
    )  # admitted long ago: not in the file
    _member(
        tree.a,
        "Đinh Thị Én",
        date(2001, 12, 31),
        sex="female",
        admission_decided_on=date(2025, 2, 3),
    )
    recognised = _member(
        tree.b,
        "Lê Văn Giang",
        date(1995, 6, 1),
        admission_decided_on=date(2024, 1, 5),
        status=MemberStatus.OFFICIAL,
        official_from=date(2025, 1, 5),
    )
    Member.objects.filter(pk=recognised.pk).update(recognized_on=date(2025, 1, 20))
    _member(tree.d, "Người Xã Khác", date(1999, 1, 1), admission_decided_on=date(2025, 3, 1))
    client = login(tree.office_c1)
    page = client.get(reverse("imports:handover", args=[tree.c1.pk]), {"tu": "01/01/2025"})
    assert page.status_code == 200
    assert "Đinh Thị Én" in page.content.decode() and "Người Xã Khác" not in page.content.decode()
    response = client.get(
        reverse("imports:handover", args=[tree.c1.pk]),
        {"tu": "01/01/2025", "den": "31/12/2025", "tai": "1"},
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[2]]
    assert header == ["STT", *(label for _, label in HANDOVER_FIELDS)]
    rows = [
        dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=3, values_only=True)
    ]
    assert [(r["Họ và tên đang dùng"], r["Thay đổi"]) for r in rows] == [
        ("Đinh Thị Én", "Kết nạp mới"),
        ("Lê Văn Giang", "Công nhận chính thức"),
    ]
    assert rows[0]["Ngày vào Đảng"] == "03/02/2025" and rows[0]["Giới tính"] == "Nữ"
    assert rows[1]["Ngày chính thức"] == "05/01/2025"


def test_the_job_page_survives_a_reload_and_polls_while_running(tree, login):
    client = login(tree.office_c1)
    upload = SimpleUploadedFile("ds.xlsx", books.xlsx([books.member(**{"Mã chi bộ": "ZZZ"})]))
    response = client.post(reverse("imports:index"), {"kind": "members", "file": upload})
    job = ImportJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "Có lỗi, chưa ghi gì" in page and "Không có tổ chức đảng nào mang mã «ZZZ»." in page
    assert "Xác nhận ghi tất cả" not in page
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.WRITING, total_rows=10, progress=4)
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page and 'value="40"' in page
    index = client.get(reverse("imports:index")).content.decode()
    assert "ds.xlsx" in index


def test_a_job_is_confirmed_only_by_who_uploaded_it(tree, login):
    client = login(tree.office_c1)
    upload = SimpleUploadedFile("ds.xlsx", books.xlsx([books.member()]))
    client.post(reverse("imports:index"), {"kind": "members", "file": upload})
    job = ImportJob.objects.get()
    other = login(tree.officer_p1)
    other.post(reverse("imports:commit", args=[job.pk]))
    assert Member.objects.count() == 0
    job.refresh_from_db()
    assert job.status == JobStatus.READY


def test_an_inspector_cannot_upload(tree, login):
    upload = SimpleUploadedFile("ds.xlsx", books.xlsx([books.member()]))
    response = login(tree.inspector_p1).post(
        reverse("imports:index"), {"kind": "members", "file": upload}
    )
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_the_api_uploads_checks_and_commits(tree, api):
    client = api(tree.office_c1)
    bad = client.post(
        reverse("import-job-list"),
        {"kind": "members", "file": SimpleUploadedFile("x.xlsx", b"%PDF-1.4")},
        format="multipart",
    )
    assert bad.status_code == 201 and bad.data["status"] == "rejected"
    assert "không phải là bảng tính Excel" in bad.data["problems"][0]["message"]
    refused = client.post(reverse("import-job-commit", args=[bad.data["id"]]))
    assert refused.status_code == 400
    assert "Chỉ ghi được tệp đã kiểm tra xong" in refused.data["detail"]

    good = client.post(
        reverse("import-job-list"),
        {"kind": "members", "file": SimpleUploadedFile("y.xlsx", books.xlsx([books.member()]))},
        format="multipart",
    )
    assert good.data["status"] == "ready" and good.data["counts"]["create"] == 1
    done = client.post(reverse("import-job-commit", args=[good.data["id"]]))
    assert done.status_code == 200 and done.data["status"] == "done"
    assert Member.objects.filter(organization=tree.a).count() == 1
    listing = api(tree.office_c2).get(reverse("import-job-list"))
    assert listing.data["count"] == 0


def test_an_inspector_sees_the_jobs_but_no_cccd_and_no_error_file(tree, login, api):
    rows = [books.member(), books.member(STT=2)]  # the same CCCD twice
    upload = SimpleUploadedFile("ds.xlsx", books.xlsx(rows))
    login(tree.office_c1).post(reverse("imports:index"), {"kind": "members", "file": upload})
    job = ImportJob.objects.get()
    office_page = login(tree.office_c1).get(reverse("imports:job", args=[job.pk])).content
    assert "001090123456" in office_page.decode()
    client = login(tree.inspector_p1)
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "Số CCCD ************ trùng với dòng 4 của tệp." in page
    assert "001090123456" not in page
    assert client.get(reverse("imports:errors", args=[job.pk])).status_code == 403
    detail = api(tree.inspector_p1).get(reverse("import-job-detail", args=[job.pk]))
    assert "001090123456" not in str(detail.data)
    assert detail.data["problems"][0]["message"].startswith("Số CCCD ************")


def test_a_checked_file_shows_its_preview_and_the_confirm_button(tree, login):
    client = login(tree.office_c1)
    upload = SimpleUploadedFile("ds.xlsx", books.xlsx(books.three_members()))
    response = client.post(reverse("imports:index"), {"kind": "members", "file": upload})
    page = client.get(response["Location"]).content.decode()
    assert "Xác nhận ghi tất cả" in page and "Thêm mới" in page and "Trần Thị Bình" in page
    assert not Member.objects.exists()
