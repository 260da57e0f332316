"""Scanned papers attached to a dossier's steps, and the electronic dossier packages
received from another installation. The files live on disk (settings.PTDV_MEDIA_DIR); the
rows hold their checksum, so a file changed on disk is noticed when it is read."""

from django.conf import settings
from django.db import models

from ptdv.organizations.models import Organization
from ptdv.organizations.querysets import ScopedQuerySet
from ptdv.recruitment.models import Dossier, DossierState


class FileType(models.TextChoices):
    PDF = "application/pdf", "PDF"
    JPEG = "image/jpeg", "JPEG"
    PNG = "image/png", "PNG"


class AttachmentQuerySet(ScopedQuerySet):
    scope_path = "dossier__organization__path"  # scoped like the dossier it belongs to


class Attachment(models.Model):
    """A scanned paper (PDF, JPEG, PNG) attached to one step of a dossier."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="attachments", verbose_name="hồ sơ"
    )
    step = models.CharField("bước", max_length=30, choices=DossierState.choices)
    title = models.CharField("tài liệu", max_length=200)
    file_name = models.CharField("tên tệp", max_length=200)
    content_type = models.CharField("loại tệp", max_length=40, choices=FileType.choices)
    size = models.PositiveBigIntegerField("dung lượng (byte)")
    sha256 = models.CharField("mã kiểm tra SHA-256", max_length=64)
    stored_as = models.CharField("đường dẫn lưu", max_length=255, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("thời điểm", auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["dossier", "id"]
        verbose_name = "bản quét đính kèm"
        verbose_name_plural = "bản quét đính kèm"

    def __str__(self) -> str:
        return f"{self.title} ({self.file_name})"


class ReceivedPackage(models.Model):
    """An electronic dossier package (.zip) read back by the receiving unit: its manifest
    and its files, checked against the manifest's checksums."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị nhận"
    )
    person_name = models.CharField("họ và tên", max_length=150)
    source_unit = models.CharField("đơn vị gửi", max_length=255)
    manifest = models.JSONField("bản kê")
    sha256 = models.CharField("mã kiểm tra của gói", max_length=64)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    received_at = models.DateTimeField("thời điểm nhận", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = "hồ sơ điện tử đã nhận"
        verbose_name_plural = "hồ sơ điện tử đã nhận"

    def __str__(self) -> str:
        return f"Hồ sơ {self.person_name} từ {self.source_unit}"


class ReceivedFileQuerySet(ScopedQuerySet):
    scope_path = "package__organization__path"


class ReceivedFile(models.Model):
    """One file of a received package, stored on disk like an attachment."""

    package = models.ForeignKey(
        ReceivedPackage, on_delete=models.CASCADE, related_name="files", verbose_name="gói"
    )
    name = models.CharField("tên trong gói", max_length=255)
    kind = models.CharField("loại", max_length=20)  # document, attachment
    title = models.CharField("tài liệu", max_length=255)
    content_type = models.CharField("loại tệp", max_length=120)
    size = models.PositiveBigIntegerField("dung lượng (byte)")
    sha256 = models.CharField("mã kiểm tra SHA-256", max_length=64)
    stored_as = models.CharField("đường dẫn lưu", max_length=255, unique=True)

    objects = ReceivedFileQuerySet.as_manager()

    class Meta:
        ordering = ["package", "name"]
        verbose_name = "tệp trong hồ sơ điện tử"
        verbose_name_plural = "tệp trong hồ sơ điện tử"

    def __str__(self) -> str:
        return self.name
