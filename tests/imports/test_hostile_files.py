"""Files made to break the import: each ends as a Vietnamese refusal, nothing is written and
the process that checked it (the worker) goes on to check the next file."""

import io
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ptdv.imports import sandbox, services
from ptdv.imports.models import ImportJob, JobStatus
from ptdv.people.models import Member, Person
from tests.imports import books

pytestmark = pytest.mark.django_db

NS = "http://schemas.openxmlformats.org"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<Types xmlns="{NS}/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{NS}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{NS}/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}/spreadsheetml/2006/main" '
    f'xmlns:r="{NS}/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Đảng viên" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{NS}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{NS}/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def _package(sheet_data: str, dimension: str | None = None) -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}/spreadsheetml/2006/main">'
        f"{dim}<sheetData>{sheet_data}</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def sparse_range(dimension: str | None = "A1:XFD1048576") -> bytes:
    """Two cells, A1 and XFD1048576: a 5 KB file that asks for a 17-billion-cell range."""
    cells = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Họ và tên</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    )
    return _package(cells, dimension)


def zip_bomb(expanded: int) -> bytes:
    """A sheet that deflates from a few kilobytes to `expanded` bytes of blanks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<worksheet xmlns="{NS}/spreadsheetml/2006/main"><sheetData>'.encode())
            block = b" " * (1024 * 1024)
            for _ in range(expanded // len(block)):
                sheet.write(block)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def counts():
    return Person.objects.count(), Member.objects.count()


def check(user, data: bytes, file_name: str = "dang-vien.xlsx") -> ImportJob:
    job = services.job_create(acting_user=user, kind="members", file_name=file_name, content=data)
    return services.job_check(acting_user=user, job=job)


def messages(job: ImportJob) -> list[str]:
    return [p["message"] for p in job.result["problems"]]


def _still_works(tree) -> None:
    """The same process checks a good file next: the worker lives on."""
    job = check(tree.office_c1, books.xlsx([books.member()]))
    assert job.status == JobStatus.READY, messages(job)


@pytest.mark.parametrize("dimension", ["A1:XFD1048576", None])
def test_a_sparse_range_is_refused_before_it_is_read(tree, dimension):
    data = sparse_range(dimension)
    assert len(data) < 5 * 1024
    before = counts()
    job = check(tree.office_c1, data)
    assert job.status == JobStatus.REJECTED
    [message] = messages(job)
    assert "quá lớn hoặc quá phức tạp để đọc" in message and "1.048.576" in message
    assert counts() == before
    _still_works(tree)


def test_without_the_prescan_the_reader_dies_in_its_child_process_only(tree, settings):
    """The limits of the child process hold even when the file passes the checks made
    before reading (here: the checks switched off)."""
    settings.PTDV_IMPORTS = {
        "MAX_CELLS": 10**12,
        "MAX_COLUMNS": 10**6,
        "MAX_SHEET_ROWS": 10**7,
        "CHILD_MEMORY_MB": 512,
    }
    before = counts()
    parent = os.getpid()
    job = check(tree.office_c1, sparse_range())
    assert os.getpid() == parent
    assert job.status == JobStatus.REJECTED
    assert "cần quá nhiều bộ nhớ" in messages(job)[0]
    assert counts() == before
    _still_works(tree)


def test_a_zip_bomb_is_refused_by_its_expanded_size(tree, settings):
    settings.PTDV_IMPORTS = {"MAX_EXPANDED_BYTES": 8 * 1024 * 1024}
    data = zip_bomb(16 * 1024 * 1024)
    assert len(data) < 100 * 1024
    job = check(tree.office_c1, data)
    assert job.status == JobStatus.REJECTED
    assert "dung lượng khi giải nén quá lớn" in messages(job)[0]
    _still_works(tree)


def test_a_reader_that_runs_too_long_is_stopped(tree, settings, monkeypatch):
    settings.PTDV_IMPORTS = {"CHILD_SECONDS": 1}

    def endless(*args):
        while True:
            pass

    monkeypatch.setattr(sandbox, "read_table", endless)
    job = check(tree.office_c1, books.xlsx([books.member()]))
    assert job.status == JobStatus.REJECTED
    assert "đọc quá lâu" in messages(job)[0]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("anh.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
        ("van-ban.xlsx", b"PK\x03\x04" + b"word/document.xml" + b"\x00" * 100),
        ("tep.exe", b"MZ\x90\x00" + b"\x00" * 100),
    ],
)
def test_other_files_renamed_are_refused(tree, name, data):
    job = check(tree.office_c1, data, file_name=name)
    assert job.status == JobStatus.REJECTED
    assert "Excel" in messages(job)[0]


def test_a_50_mb_upload_is_refused_at_the_request_before_anything_is_stored(tree, login, api):
    big = SimpleUploadedFile("lon.xlsx", b"PK\x03\x04" + b"\x00" * (50 * 1024 * 1024))
    response = login(tree.office_c1).post(
        reverse("imports:index"), {"kind": "members", "file": big}
    )
    assert response.status_code == 413
    assert "Yêu cầu quá lớn" in response.content.decode()
    big.seek(0)
    response = api(tree.office_c1).post(
        reverse("import-job-list"), {"kind": "members", "file": big}, format="multipart"
    )
    assert response.status_code == 413 and "tối đa 26 MB" in response.json()["detail"]
    assert not ImportJob.objects.exists()


def test_nul_and_invisible_characters_are_removed_from_imported_text(tree):
    name = "Nguyễn\x00 Văn\u200b An\u202e"
    job = check(tree.office_c1, books.csv_bytes([books.member(**{"Họ và tên": name})]), "a.csv")
    assert job.status == JobStatus.READY, messages(job)
    services.job_commit(acting_user=tree.office_c1, job=job)
    assert Person.objects.get().full_name == "Nguyễn Văn An"


def test_stored_files_of_old_jobs_are_deleted(tree, settings):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    old = check(tree.office_c1, books.xlsx([books.member()]))
    ImportJob.objects.filter(pk=old.pk).update(
        status=JobStatus.REJECTED, finished_at=timezone.now() - timedelta(days=31)
    )
    recent = check(tree.office_c1, books.xlsx([books.member()]))
    out = io.StringIO()
    call_command("imports_cleanup", stdout=out)
    assert "tệp cũ đã xóa: 1" in out.getvalue()
    assert bytes(ImportJob.objects.get(pk=old.pk).content) == b""
    assert bytes(ImportJob.objects.get(pk=recent.pk).content) != b""
