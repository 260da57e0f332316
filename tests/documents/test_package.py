"""The electronic dossier package: one .zip with every paper, every scan and a manifest;
read back in another installation (here: the same database flushed and set up anew)."""

import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from ptdv.accounts.models import Role
from ptdv.core.errors import DomainError
from ptdv.documents import services
from ptdv.documents.models import ReceivedFile, ReceivedPackage
from ptdv.documents.package import build_package
from ptdv.organizations.reference_data import ensure_installed
from ptdv.recruitment.models import Dossier
from tests.conftest import make_unit, make_user
from tests.documents.conftest import pdf_text
from tests.documents.test_attachments import PNG


def _package(tree, cell, walk):
    dossier = walk("official")
    services.attachment_add(
        acting_user=tree.secretary_a,
        dossier=dossier,
        step="dossier_open",
        title="Đơn xin vào Đảng (bản viết tay)",
        upload=SimpleUploadedFile("don-viet-tay.png", PNG),
    )
    return dossier, *build_package(dossier, acting_user=tree.office_c1)


@pytest.mark.django_db
def test_the_package_holds_every_paper_every_scan_and_the_manifest(tree, cell, walk, login):
    dossier, content, manifest = _package(tree, cell, walk)
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert json.loads(archive.read("manifest.json")) == manifest
    names = set(archive.namelist()) - {"manifest.json"}
    assert names == {entry["name"] for entry in manifest["files"]}
    documents = [e for e in manifest["files"] if e["kind"] == "document"]
    assert len(documents) == 2 * 14  # the cover and 13 papers (no Youth Union one), .docx + .pdf
    assert [e["title"] for e in manifest["files"] if e["kind"] == "attachment"] == [
        "Đơn xin vào Đảng (bản viết tay)"
    ]
    for entry in manifest["files"]:
        assert hashlib.sha256(archive.read(entry["name"])).hexdigest() == entry["sha256"]
    assert manifest["person"]["full_name"] == "Đỗ Thị Hạnh"
    assert manifest["generated_by"]["username"] == "office_c1" and manifest["generated_at"]
    cell_step = next(s for s in manifest["steps"] if s["to"] == "cell_proposed")
    assert cell_step["document_number"] == dossier.cell_resolution_number
    assert cell_step["votes_for"] == 3 and cell_step["meeting_date"]
    assert manifest["dossier"]["dates"]["official_from"] == dossier.official_from.isoformat()
    resolution = next(e for e in documents if e["name"].endswith("06-nghi-quyet-chi-bo.pdf"))
    assert resolution["number"] == f"Số {dossier.cell_resolution_number}"
    response = login(tree.secretary_a).get(reverse("documents:package", args=[dossier.pk]))
    assert response.status_code == 200 and response.content[:2] == b"PK"


@pytest.mark.django_db(transaction=True)
def test_the_package_round_trip_into_another_installation(tree, cell, walk, login, client):
    _, content, manifest = _package(tree, cell, walk)
    originals = {
        name: zipfile.ZipFile(io.BytesIO(content)).read(name)
        for name in zipfile.ZipFile(io.BytesIO(content)).namelist()
    }
    # The other installation: nothing of the first one is left in the database.
    call_command("flush", interactive=False, verbosity=0)
    ensure_installed()
    assert not Dossier.objects.exists()
    root = make_unit(None, "TW", "Trung ương", "central")
    province = make_unit(root, "TM", "Đảng bộ tỉnh Mới", "province")
    officer = make_user("can_bo_tinh_moi", Role.BOARD_OFFICER, province)

    client.force_login(officer)
    response = client.post(
        reverse("documents:received", args=[province.pk]),
        {"file": SimpleUploadedFile("ho-so.zip", content)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    package = ReceivedPackage.objects.get()
    assert package.manifest == manifest and package.person_name == "Đỗ Thị Hạnh"
    assert package.source_unit == "Chi bộ thôn An Phú"
    restored = {f.name: services.read_stored(f.stored_as, f.sha256) for f in package.files.all()}
    assert restored == {name: data for name, data in originals.items() if name != "manifest.json"}
    decision = restored["van-ban/09-quyet-dinh-ket-nap.pdf"]
    assert f"Số {manifest['dossier']['decision_number']}" in pdf_text(decision)
    page = client.get(reverse("documents:received", args=[province.pk])).content.decode()
    assert "Đỗ Thị Hạnh" in page and "van-ban/06-nghi-quyet-chi-bo.docx" in page
    one = package.files.get(name="ban-quet/01-don-viet-tay.png")
    assert client.get(reverse("documents:received-file", args=[one.pk])).content == PNG

    # A package changed on the way is refused whole: nothing more is stored.
    tampered = io.BytesIO()
    with zipfile.ZipFile(tampered, "w") as archive:
        for name, data in originals.items():
            archive.writestr(
                name, data + b"!" if name.endswith("06-nghi-quyet-chi-bo.pdf") else data
            )
    with pytest.raises(DomainError, match="không khớp mã kiểm tra SHA-256"):
        services.package_receive(
            acting_user=officer, organization=province, content=tampered.getvalue(), name="x.zip"
        )
    assert ReceivedPackage.objects.count() == 1
    assert ReceivedFile.objects.count() == len(restored)


@pytest.mark.django_db
def test_a_package_is_received_only_inside_the_scope_and_only_as_a_package(tree, login):
    client = login(tree.office_c1)
    outside = client.post(
        reverse("documents:received", args=[tree.d.pk]),
        {"file": SimpleUploadedFile("ho-so.zip", b"PK")},
    )
    assert outside.status_code == 404
    response = client.post(
        reverse("documents:received", args=[tree.a.pk]),
        {"file": SimpleUploadedFile("ho-so.zip", b"not a zip")},
    )
    assert response.status_code == 400
    assert "không phải tệp .zip" in response.content.decode()
    assert not ReceivedPackage.objects.exists()
