"""Writes of the documents app: attaching a scanned paper to a dossier step, and receiving
an electronic dossier package. Every check runs before anything is written; the file goes
to disk only once the row is saved, and is removed again if the transaction rolls back."""

import hashlib
import json
import zipfile
from io import BytesIO
from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.db import transaction

from ptdv.accounts.audit import audit_record
from ptdv.accounts.models import register_event_labels
from ptdv.accounts.permissions import Action, user_can
from ptdv.core.errors import DomainError
from ptdv.documents.models import Attachment, FileType, ReceivedFile, ReceivedPackage
from ptdv.organizations.models import Organization
from ptdv.recruitment.models import Dossier, DossierState

# The first bytes of each accepted type; the name's extension must agree with them.
MAGIC = [
    (b"%PDF-", FileType.PDF, {".pdf"}),
    (b"\xff\xd8\xff", FileType.JPEG, {".jpg", ".jpeg"}),
    (b"\x89PNG\r\n\x1a\n", FileType.PNG, {".png"}),
]
MANIFEST = "manifest.json"
register_event_labels(
    {
        "attachment_add": "Đính kèm bản quét vào hồ sơ",
        "package_export": "Xuất hồ sơ điện tử",
        "package_receive": "Nhận hồ sơ điện tử",
    }
)
PACKAGE_FORMAT = "ptdv-ho-so-dien-tu/1"


def media_dir() -> Path:
    return Path(settings.PTDV_MEDIA_DIR)


def max_attachment_bytes() -> int:
    return settings.PTDV_ATTACHMENT_MAX_MB * 1024 * 1024


def sniff(head: bytes, file_name: str) -> str:
    """The content type of a scan from its first bytes, checked against its name."""
    extension = Path(file_name).suffix.lower()
    for magic, content_type, extensions in MAGIC:
        if head.startswith(magic):
            if extension not in extensions:
                raise DomainError(
                    f"Tên tệp «{file_name}» không khớp với nội dung ({content_type.label}): "
                    "hãy đặt đúng phần mở rộng.",
                    field="file",
                )
            return content_type
    raise DomainError(
        f"Tệp «{file_name}» không phải bản quét PDF, JPEG hoặc PNG (nội dung tệp không đúng "
        "định dạng): chỉ nhận bản quét ở ba định dạng này.",
        field="file",
    )


def read_stored(relative: str, sha256: str) -> bytes:
    """The stored file, refused when it is missing or its checksum changed."""
    path = media_dir() / relative
    if not path.is_file():
        raise DomainError("Không tìm thấy tệp đã lưu: hãy báo quản trị hệ thống.")
    content = path.read_bytes()
    if hashlib.sha256(content).hexdigest() != sha256:
        raise DomainError("Tệp đã lưu bị thay đổi (mã kiểm tra không khớp): hãy báo quản trị.")
    return content


def can_attach(user) -> bool:
    return user_can(user, Action.MANAGE_CANDIDATES) or user_can(user, Action.MANAGE_DOSSIERS)


def attachment_add(*, acting_user, dossier: Dossier, step: str, title: str, upload) -> Attachment:
    """Attach a scanned paper to a step of `dossier`. `upload` is a Django UploadedFile (or
    anything with name, size, chunks()). Refused, with nothing stored, when the user may not
    see or change the dossier, when the file is too large, or when its content is not PDF,
    JPEG or PNG."""
    if not Dossier.objects.for_user(acting_user).filter(pk=dossier.pk).exists():
        raise DomainError("Không tìm thấy hồ sơ trong phạm vi của bạn.")
    if not can_attach(acting_user):
        raise DomainError("Vai trò của bạn không được đính kèm tài liệu vào hồ sơ.")
    if step not in DossierState.values:
        raise DomainError("Bước hồ sơ không hợp lệ.", field="step")
    title = (title or "").strip()
    if not title:
        raise DomainError("Phải ghi tên tài liệu.", field="title")
    limit = max_attachment_bytes()
    if upload.size > limit:
        raise DomainError(
            f"Tệp «{upload.name}» dung lượng {upload.size / 1024 / 1024:.1f} MB, vượt giới hạn "
            f"{settings.PTDV_ATTACHMENT_MAX_MB} MB: hãy quét lại ở độ phân giải thấp hơn.",
            field="file",
        )
    if upload.size == 0:
        raise DomainError(f"Tệp «{upload.name}» rỗng.", field="file")
    content = b"".join(upload.chunks())
    content_type = sniff(content[:16], upload.name)
    digest = hashlib.sha256(content).hexdigest()
    extension = Path(upload.name).suffix.lower()
    with transaction.atomic():
        attachment = Attachment.objects.create(
            dossier=dossier,
            step=step,
            title=title[:200],
            file_name=Path(upload.name).name[:200],
            content_type=content_type,
            size=len(content),
            sha256=digest,
            stored_as=f"dossiers/{dossier.pk}/{uuid4().hex}{extension}",
            uploaded_by=acting_user if acting_user and acting_user.is_authenticated else None,
        )
        audit_record(
            actor=acting_user,
            event="attachment_add",
            obj=attachment,
            organization=dossier.organization,
            new={
                "dossier": dossier.pk,
                "step": step,
                "title": attachment.title,
                "file_name": attachment.file_name,
                "size": attachment.size,
                "sha256": digest,
            },
        )
        write_file(attachment.stored_as, content)
    return attachment


def write_file(relative: str, content: bytes) -> None:
    """Write a file as the last step of a transaction (an error here rolls the row back).
    Written to a temporary name first, so a half-written file never carries the real name."""
    path = media_dir() / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(content)
    temporary.replace(path)


# --- the electronic dossier package, received -------------------------------------------


def _refuse_package(reason: str):
    raise DomainError(f"Không nhận được gói hồ sơ: {reason}", field="file")


def _read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except KeyError:
        _refuse_package("thiếu bản kê manifest.json.")
    except (ValueError, UnicodeDecodeError):
        _refuse_package("bản kê manifest.json không đọc được.")
    if not isinstance(manifest, dict) or manifest.get("format") != PACKAGE_FORMAT:
        _refuse_package("không phải gói hồ sơ điện tử của PTĐV (sai định dạng bản kê).")
    if not isinstance(manifest.get("files"), list) or not isinstance(manifest.get("person"), dict):
        _refuse_package("bản kê thiếu danh sách tệp hoặc thông tin người vào Đảng.")
    return manifest


def package_receive(*, acting_user, organization: Organization, content: bytes, name: str):
    """Read back a dossier package into `organization` (the receiving unit): every file the
    manifest lists must be in the archive with the same SHA-256, and nothing else may be.
    All or nothing: a refused package stores no row and no file."""
    if not Organization.objects.for_user(acting_user).filter(pk=organization.pk).exists():
        raise DomainError("Không tìm thấy đơn vị trong phạm vi của bạn.")
    if not user_can(acting_user, Action.IMPORT_DATA):
        raise DomainError("Vai trò của bạn không được nhập hồ sơ điện tử.")
    limit = settings.PTDV_PACKAGE_MAX_MB * 1024 * 1024
    if len(content) > limit:
        _refuse_package(f"tệp «{name}» vượt giới hạn {settings.PTDV_PACKAGE_MAX_MB} MB.")
    try:
        archive = zipfile.ZipFile(BytesIO(content))
    except zipfile.BadZipFile:
        _refuse_package(f"tệp «{name}» không phải tệp .zip.")
    with archive:
        if sum(info.file_size for info in archive.infolist()) > limit:
            _refuse_package("nội dung giải nén vượt giới hạn cho phép.")
        manifest = _read_manifest(archive)
        listed = {entry.get("name"): entry for entry in manifest["files"]}
        present = set(archive.namelist()) - {MANIFEST}
        if present - set(listed):
            _refuse_package(f"có tệp không có trong bản kê: {sorted(present - set(listed))[0]}.")
        files = []
        for file_name, entry in listed.items():
            if file_name not in present:
                _refuse_package(f"thiếu tệp {file_name} mà bản kê liệt kê.")
            data = archive.read(file_name)
            if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
                _refuse_package(f"tệp {file_name} không khớp mã kiểm tra SHA-256 của bản kê.")
            files.append((entry, data))
    dossier = manifest.get("dossier") or {}
    with transaction.atomic():
        package = ReceivedPackage.objects.create(
            organization=organization,
            person_name=str(manifest["person"].get("full_name", ""))[:150],
            source_unit=str((dossier.get("unit") or {}).get("name", ""))[:255],
            manifest=manifest,
            sha256=hashlib.sha256(content).hexdigest(),
            received_by=acting_user if acting_user and acting_user.is_authenticated else None,
        )
        rows = [
            ReceivedFile(
                package=package,
                name=str(entry["name"])[:255],
                kind=str(entry.get("kind", ""))[:20],
                title=str(entry.get("title", ""))[:255],
                content_type=str(entry.get("content_type", ""))[:120],
                size=len(data),
                sha256=entry["sha256"],
                stored_as=f"received/{package.pk}/{uuid4().hex}{Path(entry['name']).suffix}",
            )
            for entry, data in files
        ]
        ReceivedFile.objects.bulk_create(rows)
        audit_record(
            actor=acting_user,
            event="package_receive",
            obj=package,
            organization=organization,
            new={"file": name, "files": len(rows), "sha256": package.sha256},
        )
        written = []
        try:
            for row, (_, data) in zip(rows, files, strict=True):
                write_file(row.stored_as, data)
                written.append(row.stored_as)
        except OSError:
            for relative in written:
                (media_dir() / relative).unlink(missing_ok=True)
            raise
    return package
