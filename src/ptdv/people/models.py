"""Persons and party members."""

from django.db import models

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
