"""An import job: the uploaded file, what checking it found, and what writing it did.

The job is a row, so its page (and its progress bar) survives a reload and a restart."""

from django.db import models

from ptdv.core.fields import recorded_by
from ptdv.organizations.models import Organization
from ptdv.organizations.querysets import ScopedQuerySet


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Đang chờ kiểm tra"
    CHECKING = "checking", "Đang kiểm tra"
    REJECTED = "rejected", "Có lỗi, chưa ghi gì"
    READY = "ready", "Đã kiểm tra, chờ xác nhận"
    WRITE_QUEUED = "write_queued", "Đang chờ ghi"
    WRITING = "writing", "Đang ghi"
    DONE = "done", "Đã ghi xong"
    FAILED = "failed", "Ghi không thành công, chưa ghi gì"


class ImportJobQuerySet(ScopedQuerySet):
    pass


class ImportJob(models.Model):
    kind = models.CharField("loại dữ liệu", max_length=20)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị nhập"
    )
    awareness_class = models.ForeignKey(
        "training.AwarenessClass",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="lớp (với kết quả lớp bồi dưỡng)",
    )
    created_by = recorded_by("người nhập")
    file_name = models.CharField("tên tệp", max_length=255)
    content = models.BinaryField("nội dung tệp", editable=False)
    size = models.PositiveIntegerField("dung lượng (byte)", default=0)
    status = models.CharField(
        "trạng thái", max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    total_rows = models.PositiveIntegerField("số dòng dữ liệu", default=0)
    progress = models.PositiveIntegerField("số dòng đã xử lý", default=0)
    result = models.JSONField("kết quả", default=dict, blank=True)
    created_at = models.DateTimeField("lúc tải lên", auto_now_add=True)
    finished_at = models.DateTimeField("lúc xong", null=True, blank=True)
    # The lease of the worker running the job: renewed while it runs; when it runs out the
    # worker has died (services.jobs_expire_leases). `attempt` names the run holding it, so a
    # run that lost its lease cannot finish the job (conditional updates on it).
    lease_expires_at = models.DateTimeField("hạn giữ việc", null=True, blank=True)
    attempt = models.PositiveIntegerField("lần chạy", default=0)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "lần nhập dữ liệu"
        verbose_name_plural = "các lần nhập dữ liệu"

    def __str__(self) -> str:
        return self.file_name

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status in (JobStatus.DONE, JobStatus.READY) else 0
        return min(100, self.progress * 100 // self.total_rows)

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING

    @property
    def is_in_transaction(self) -> bool:
        """Writing inside the all-or-nothing transaction: its progress is not visible."""
        return self.status == JobStatus.WRITING and (self.result or {}).get("phase") == "write"


LEASED = (JobStatus.CHECKING, JobStatus.WRITING)
RUNNING = (JobStatus.QUEUED, JobStatus.CHECKING, JobStatus.WRITE_QUEUED, JobStatus.WRITING)


class CheckedPlan(models.Model):
    """What the check of a job decided for each row (`imports.kept`), kept until the job is
    confirmed: the confirmation then checks again only what may have changed meanwhile."""

    job = models.OneToOneField(
        ImportJob, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    checked_on = models.DateField("ngày kiểm tra")
    data = models.BinaryField("các dòng đã kiểm tra", editable=False)

    class Meta:
        verbose_name = "kết quả kiểm tra đã lưu"
        verbose_name_plural = "các kết quả kiểm tra đã lưu"

    def __str__(self) -> str:
        return f"{self.job}: {self.checked_on:%d/%m/%Y}"
