"""Persons and party members."""

from django.db import models

from ptdv.core.reference import (
    ETHNICITY_CHOICES,
    GeneralEducation,
    ProfessionalLevel,
    Religion,
)
from ptdv.organizations.models import Organization
from ptdv.organizations.paths import descendant_filter


class Sex(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"


class Person(models.Model):
    """One record per person, whatever roles they hold over time."""

    full_name = models.CharField("họ và tên", max_length=150)
    birth_date = models.DateField("ngày sinh", null=True, blank=True)
    sex = models.CharField("giới tính", max_length=10, choices=Sex.choices)
    ethnicity = models.CharField(
        "dân tộc", max_length=40, choices=ETHNICITY_CHOICES, default="Kinh"
    )
    religion = models.CharField(
        "tôn giáo", max_length=20, choices=Religion.choices, default=Religion.NONE
    )
    general_education = models.CharField(
        "trình độ giáo dục phổ thông",
        max_length=20,
        choices=GeneralEducation.choices,
        blank=True,
    )
    professional_level = models.CharField(
        "trình độ chuyên môn",
        max_length=20,
        choices=ProfessionalLevel.choices,
        default=ProfessionalLevel.NONE,
    )
    occupation = models.CharField("nghề nghiệp", max_length=120, blank=True)
    citizen_id = models.CharField(
        "số CCCD",
        max_length=12,
        blank=True,
        db_index=True,
        help_text="12 chữ số; hiển thị có kiểm soát và được ghi nhật ký.",
    )
    youth_union_member = models.BooleanField("đoàn viên Đoàn TNCS Hồ Chí Minh", default=False)
    women_union_member = models.BooleanField("hội viên Hội Liên hiệp Phụ nữ", default=False)
    home_town = models.CharField("quê quán", max_length=255, blank=True)
    residence = models.CharField("nơi cư trú", max_length=255, blank=True)
    search_key = models.CharField(max_length=150, editable=False, default="", db_index=True)
    sort_key = models.CharField(max_length=255, editable=False, default="", db_index=True)

    class Meta:
        ordering = ["sort_key"]
        verbose_name = "người"
        verbose_name_plural = "người"

    def __str__(self) -> str:
        return self.full_name


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", "Dự bị"
    OFFICIAL = "official", "Chính thức"


class MemberQuerySet(models.QuerySet):
    def for_user(self, user):
        from ptdv.organizations.scope import scope_prefixes

        return self.filter(descendant_filter("organization__path", scope_prefixes(user)))

    def current(self):
        return self.filter(ended_on__isnull=True)


class Member(models.Model):
    """A party member (đảng viên), probationary or official, in a cell."""

    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, related_name="membership", verbose_name="người"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="members", verbose_name="chi bộ"
    )
    status = models.CharField(
        "trạng thái", max_length=20, choices=MemberStatus.choices, default=MemberStatus.OFFICIAL
    )
    admission_decided_on = models.DateField("ngày quyết định kết nạp", null=True, blank=True)
    official_from = models.DateField("ngày chính thức", null=True, blank=True)
    ended_on = models.DateField("ngày ra khỏi danh sách", null=True, blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = "đảng viên"
        verbose_name_plural = "đảng viên"
        indexes = [models.Index(fields=["organization", "ended_on"], name="member_org_idx")]

    def __str__(self) -> str:
        return str(self.person)
