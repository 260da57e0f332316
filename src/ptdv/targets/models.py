"""Admission targets (chỉ tiêu kết nạp đảng viên) of a unit for a period."""

from datetime import timedelta

from django.db import models
from django.db.models import F, Q

from ptdv.core.fields import recorded_by
from ptdv.organizations.models import Organization
from ptdv.organizations.querysets import ScopedQuerySet


class TargetKind(models.TextChoices):
    RESOLUTION = "resolution", "Nghị quyết đại hội"
    ASSIGNED = "assigned", "Cấp trên giao"
    REGISTERED = "registered", "Đơn vị đăng ký"


class TargetMeasure(models.TextChoices):
    COUNT = "count", "Số đảng viên kết nạp"
    RATE = "rate", "Tỷ lệ kết nạp so với số đảng viên đầu kỳ (%/năm)"
    COVERAGE = "coverage", "Tỷ lệ chi bộ kết nạp được đảng viên (%)"


class TargetQuerySet(ScopedQuerySet):
    pass


class Target(models.Model):
    """A target of a unit for a period: a number (2.000) or a range (170–200), of one kind
    (its own congress resolution, assigned by the level above, registered by the unit) and one
    measure (a count of admissions, a yearly rate against the members at the period's start,
    the share of cells that admitted someone). The achievement is computed, never stored."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="targets", verbose_name="đơn vị"
    )
    kind = models.CharField("loại chỉ tiêu", max_length=20, choices=TargetKind.choices)
    measure = models.CharField(
        "đo bằng", max_length=20, choices=TargetMeasure.choices, default=TargetMeasure.COUNT
    )
    period_start = models.DateField("từ ngày")
    period_end = models.DateField("đến ngày")
    min_value = models.DecimalField("chỉ tiêu (mức dưới)", max_digits=10, decimal_places=2)
    max_value = models.DecimalField(
        "mức trên",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Để trống nếu chỉ tiêu là một con số (không phải khoảng 170–200).",
    )
    document = models.CharField(
        "văn bản", max_length=255, blank=True, help_text="Ví dụ: Công văn 99-CV/TU ngày 01/3/2021."
    )
    note = models.CharField("ghi chú", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "kind"]
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "measure", "period_start", "period_end"],
                name="target_unique_per_period",
                violation_error_message=(
                    "Đơn vị đã có chỉ tiêu cùng loại, cùng cách đo cho đúng kỳ này."
                ),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="target_period_order"
            ),
            models.CheckConstraint(
                condition=Q(max_value__isnull=True) | Q(max_value__gte=F("min_value")),
                name="target_range_order",
            ),
        ]

    def __str__(self) -> str:
        kind = self.get_kind_display()
        return f"{kind} {self.value_text} ({self.period_text}) — {self.organization}"

    @property
    def is_range(self) -> bool:
        return self.max_value is not None and self.max_value != self.min_value

    @property
    def value_text(self) -> str:
        from ptdv.core.formatting import format_number

        decimals = 0 if self.measure == TargetMeasure.COUNT else 1
        low = format_number(self.min_value, decimals)
        text = f"{low}–{format_number(self.max_value, decimals)}" if self.is_range else low
        return text if self.measure == TargetMeasure.COUNT else f"{text}%"

    @property
    def period_text(self) -> str:
        start, end = self.period_start, self.period_end
        if start.day == 1 and start.month == 1 and end.day == 31 and end.month == 12:
            return f"năm {start.year}" if start.year == end.year else f"{start.year}–{end.year}"
        if start.day == 1 and (end + timedelta(days=1)).day == 1:
            return f"{start:%m/%Y}–{end:%m/%Y}"
        return f"{start:%d/%m/%Y}–{end:%d/%m/%Y}"


class OversightQuerySet(ScopedQuerySet):
    pass


class Oversight(models.Model):
    """A committee member assigned to follow a unit (phân công cấp ủy viên phụ trách): they
    attend its cell meetings and file reports."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="oversights",
        verbose_name="đơn vị được phụ trách",
    )
    follower_name = models.CharField("cấp ủy viên phụ trách", max_length=150)
    follower_title = models.CharField("chức vụ", max_length=150, blank=True)
    follower_user = recorded_by("tài khoản", on_delete=models.PROTECT, related_name="oversights")
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày", null=True, blank=True)
    document = models.CharField("quyết định phân công", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OversightQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "follower_name"]
        verbose_name = "phân công phụ trách"
        verbose_name_plural = "phân công phụ trách"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="oversight_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.follower_name} phụ trách {self.organization}"


class OversightReportQuerySet(ScopedQuerySet):
    scope_path = "oversight__organization__path"


class OversightReport(models.Model):
    """A report (phiếu báo cáo) filed by the follower after a meeting of the unit, with the
    issues raised."""

    oversight = models.ForeignKey(
        Oversight, on_delete=models.PROTECT, related_name="reports", verbose_name="phân công"
    )
    meeting_on = models.DateField("ngày sinh hoạt")
    summary = models.TextField("nội dung báo cáo")
    issues = models.TextField("vấn đề đề xuất, kiến nghị", blank=True)
    filed_by = recorded_by("người gửi", on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OversightReportQuerySet.as_manager()

    class Meta:
        ordering = ["-meeting_on", "-pk"]
        verbose_name = "phiếu báo cáo"
        verbose_name_plural = "phiếu báo cáo"

    def __str__(self) -> str:
        return f"Phiếu báo cáo {self.meeting_on:%d/%m/%Y} — {self.oversight.organization}"
