"""Party-awareness classes (lớp bồi dưỡng nhận thức về Đảng) and who attended them."""

from datetime import date, timedelta

from django.db import models
from django.db.models import Exists, OuterRef

from ptdv.core.calendar import add_months
from ptdv.core.fields import recorded_by
from ptdv.organizations.models import Organization
from ptdv.organizations.paths import descendant_filter
from ptdv.people.models import Person
from ptdv.training.constants import certificate_validity_months, certificate_warning_days


def certificate_expiry(certificate_date: date) -> date:
    """The last day a certificate is valid (R8): 60 months after its date."""
    return add_months(certificate_date, certificate_validity_months())


class TargetGroup(models.TextChoices):
    YOUTH = "youth", "Đoàn viên thanh niên"
    WOMEN = "women", "Hội viên phụ nữ"
    WORKERS = "workers", "Công nhân, người lao động trong doanh nghiệp"
    STUDENTS = "students", "Học sinh trung học phổ thông"
    OTHER = "other", "Đối tượng khác"


class EnrolmentResult(models.TextChoices):
    PENDING = "pending", "Chưa có kết quả"
    PASSED = "passed", "Đạt"
    FAILED = "failed", "Không đạt"


class AwarenessClassQuerySet(models.QuerySet):
    def for_user(self, user):
        """Classes organised in the user's subtree, and classes their cells sent people to."""
        from ptdv.organizations.scope import scope_prefixes

        prefixes = scope_prefixes(user)
        sent = Enrolment.objects.filter(awareness_class=OuterRef("pk")).filter(
            descendant_filter("organization__path", prefixes)
        )
        return self.filter(
            descendant_filter("organization__path", prefixes) | models.Q(Exists(sent))
        )


class AwarenessClass(models.Model):
    """One party-awareness class: who organised it, for whom, when and where."""

    name = models.CharField("tên lớp", max_length=255)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="awareness_classes",
        verbose_name="cấp ủy tổ chức lớp",
    )
    issuing_body = models.CharField(
        "cơ quan cấp giấy chứng nhận",
        max_length=255,
        help_text="Trung tâm chính trị, hoặc cấp ủy có thẩm quyền kết nạp nơi chưa có trung tâm.",
    )
    target_group = models.CharField(
        "đối tượng", max_length=20, choices=TargetGroup.choices, default=TargetGroup.OTHER
    )
    starts_on = models.DateField("ngày khai giảng")
    ends_on = models.DateField("ngày bế giảng")
    place = models.CharField("địa điểm", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AwarenessClassQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = "lớp bồi dưỡng nhận thức về Đảng"
        verbose_name_plural = "lớp bồi dưỡng nhận thức về Đảng"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="class_date_range"
            )
        ]

    def __str__(self) -> str:
        return self.name


class EnrolmentQuerySet(models.QuerySet):
    def for_user(self, user):
        """Enrolments sent by the user's subtree, or in a class organised in it."""
        from ptdv.organizations.scope import scope_prefixes

        prefixes = scope_prefixes(user)
        return self.filter(
            descendant_filter("organization__path", prefixes)
            | descendant_filter("awareness_class__organization__path", prefixes)
        )

    def valid_on(self, day: date):
        """Passed, with a certificate still valid on `day` (R8)."""
        return self.filter(
            result=EnrolmentResult.PASSED,
            certificate_date__lte=day,
            certificate_expires_on__gte=day,
        )


class Enrolment(models.Model):
    """A person sent to a class by a cell, and the result."""

    awareness_class = models.ForeignKey(
        AwarenessClass, on_delete=models.PROTECT, related_name="enrolments", verbose_name="lớp"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="enrolments", verbose_name="học viên"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name="chi bộ cử đi học"
    )
    result = models.CharField(
        "kết quả", max_length=10, choices=EnrolmentResult.choices, default=EnrolmentResult.PENDING
    )
    certificate_number = models.CharField("số giấy chứng nhận", max_length=40, blank=True)
    certificate_date = models.DateField("ngày cấp giấy chứng nhận", null=True, blank=True)
    certificate_expires_on = models.DateField(
        "giấy chứng nhận hết hạn", null=True, blank=True, db_index=True, editable=False
    )
    # Whether the person is a party member, and their admission date: kept by database
    # triggers on the member and enrolment tables (`training.membership`) whatever the write
    # path, so that the certificates of non-members are a range of `enrolment_pool_idx`.
    person_is_member = models.BooleanField(
        "người học đã là đảng viên", default=False, db_default=False, editable=False
    )
    person_admitted_on = models.DateField(
        "ngày quyết định kết nạp người học", null=True, blank=True, editable=False
    )
    enrolled_by = recorded_by("người ghi danh")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["person__sort_key", "pk"]
        verbose_name = "học viên lớp bồi dưỡng"
        verbose_name_plural = "học viên lớp bồi dưỡng"
        indexes = [
            # The certificates valid on a day sent by the cells of a subtree (the trained
            # pool, the cells without a source): from each cell, the passed enrolments by
            # expiry, with the columns those reads test (an index-only scan).
            models.Index(
                fields=["organization", "certificate_expires_on", "certificate_date", "person"],
                condition=models.Q(result="passed"),
                name="enrolment_valid_idx",
            ),
            # The same for the persons not (yet) members only: the trained pool and the
            # forecast's waiting persons read the answer, not every valid certificate.
            models.Index(
                fields=["organization", "certificate_expires_on", "certificate_date", "person"],
                condition=models.Q(result="passed", person_is_member=False),
                name="enrolment_pool_idx",
            ),
            # The certificates of a window of dates (the forecast's conversion rate): a range
            # of the recent certificates carrying every column the forecast reads (an
            # index-only scan), not every certificate ever passed.
            models.Index(
                fields=[
                    "certificate_date",
                    "organization",
                    "person",
                    "person_is_member",
                    "person_admitted_on",
                ],
                condition=models.Q(result="passed"),
                name="enrolment_certified_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["awareness_class", "person"], name="one_enrolment_per_class"
            ),
            models.UniqueConstraint(
                fields=["awareness_class", "certificate_number"],
                condition=~models.Q(certificate_number=""),
                name="certificate_number_unique_in_class",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.awareness_class}"

    def certificate_state(self, today: date) -> str:
        """ "valid", "expiring" (within the warning days), "expired" or "" (no certificate)."""
        if self.result != EnrolmentResult.PASSED or self.certificate_expires_on is None:
            return ""
        if self.certificate_expires_on < today:
            return "expired"
        if self.certificate_expires_on <= today + timedelta(days=certificate_warning_days()):
            return "expiring"
        return "valid"
