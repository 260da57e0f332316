"""Scanned papers attached to a dossier's steps: type by content, size limit, scope, audit,
and nothing stored when refused."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ptdv.accounts.models import AuditEvent
from ptdv.core.errors import DomainError
from ptdv.documents import services
from ptdv.documents.models import Attachment

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200  # a Windows program


def stored_files():
    return sorted(p for p in services.media_dir().rglob("*") if p.is_file())


def upload(client, dossier, name, content, title="Đơn xin vào Đảng (bản viết tay)"):
    return client.post(
        reverse("documents:attach", args=[dossier.pk]),
        {"step": "dossier_open", "title": title, "file": SimpleUploadedFile(name, content)},
    )


def test_a_scan_is_stored_with_its_checksum_audited_and_listed(cell, login, tree):
    client = login(tree.secretary_a)
    before = stored_files()
    response = upload(client, cell.dossier, "don.pdf", PDF)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.content_type == "application/pdf" and attachment.size == len(PDF)
    assert (services.media_dir() / attachment.stored_as).read_bytes() == PDF
    assert len(stored_files()) == len(before) + 1
    event = AuditEvent.objects.get(event="attachment_add")
    assert event.actor == tree.secretary_a and event.organization == tree.a
    assert event.new["sha256"] == attachment.sha256
    page = client.get(reverse("recruitment:dossier", args=[cell.dossier.pk])).content.decode()
    assert "Đơn xin vào Đảng (bản viết tay)" in page
    download = client.get(reverse("documents:attachment", args=[attachment.pk]))
    assert download.content == PDF


def _refused(client, dossier, name, content, message):
    before_files, before_rows = stored_files(), Attachment.objects.count()
    response = upload(client, dossier, name, content)
    assert response.status_code in (400, 404)
    if message:
        assert message in response.content.decode()
    assert Attachment.objects.count() == before_rows
    assert stored_files() == before_files
    assert not AuditEvent.objects.filter(event="attachment_add").exists()
    return response


def test_a_30_mb_file_is_refused_in_vietnamese_and_nothing_is_stored(cell, login, tree):
    big = PDF + b"\x00" * (30 * 1024 * 1024)
    _refused(login(tree.secretary_a), cell.dossier, "quet.pdf", big, "vượt giới hạn 20 MB")


def test_the_size_limit_is_configurable(cell, login, tree, settings):
    settings.PTDV_ATTACHMENT_MAX_MB = 1
    content = PDF + b"\x00" * (2 * 1024 * 1024)
    _refused(login(tree.secretary_a), cell.dossier, "quet.pdf", content, "vượt giới hạn 1 MB")


def test_a_program_renamed_pdf_is_refused_by_its_content(cell, login, tree):
    _refused(
        login(tree.secretary_a),
        cell.dossier,
        "don.pdf",
        EXE,
        "không phải bản quét PDF, JPEG hoặc PNG",
    )


def test_a_png_named_pdf_is_refused(cell, login, tree):
    _refused(login(tree.secretary_a), cell.dossier, "don.pdf", PNG, "không khớp với nội dung")


def test_a_dossier_outside_the_scope_is_refused_and_nothing_is_stored(cell, login, tree):
    # Secretary of sibling cell B: the page answers 404, the service refuses in Vietnamese.
    _refused(login(tree.secretary_b), cell.dossier, "don.pdf", PDF, "Không tìm thấy")
    with pytest.raises(DomainError, match="Không tìm thấy hồ sơ trong phạm vi của bạn"):
        services.attachment_add(
            acting_user=tree.secretary_b,
            dossier=cell.dossier,
            step="dossier_open",
            title="Đơn",
            upload=SimpleUploadedFile("don.pdf", PDF),
        )
    assert not Attachment.objects.exists()


def test_an_attachment_outside_the_scope_is_not_found(cell, login, tree):
    services.attachment_add(
        acting_user=tree.secretary_a,
        dossier=cell.dossier,
        step="dossier_open",
        title="Lý lịch",
        upload=SimpleUploadedFile("ly-lich.png", PNG),
    )
    attachment = Attachment.objects.get()
    assert (
        login(tree.office_c2).get(reverse("documents:attachment", args=[attachment.pk])).status_code
        == 404
    )
    assert (
        login(tree.office_c1).get(reverse("documents:attachment", args=[attachment.pk])).content
        == PNG
    )


def test_a_changed_file_on_disk_is_not_served(cell, login, tree):
    attachment = services.attachment_add(
        acting_user=tree.secretary_a,
        dossier=cell.dossier,
        step="dossier_open",
        title="Lý lịch",
        upload=SimpleUploadedFile("ly-lich.png", PNG),
    )
    (services.media_dir() / attachment.stored_as).write_bytes(PNG + b"x")
    response = login(tree.secretary_a).get(reverse("documents:attachment", args=[attachment.pk]))
    assert response.status_code == 404


def test_an_inspector_may_read_but_not_attach(cell, login, tree):
    client = login(tree.inspector_p1)
    assert client.get(reverse("documents:dossier", args=[cell.dossier.pk])).status_code == 200
    response = upload(client, cell.dossier, "don.pdf", PDF)
    assert response.status_code == 403
    assert not Attachment.objects.exists()
