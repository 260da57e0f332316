"""Users with a unit and a role; the audit trail every service writes."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models

from ptdv.organizations.models import Organization
from ptdv.organizations.querysets import ScopedQuerySet


class Role(models.TextChoices):
    CELL_SECRETARY = "cell_secretary", "Bí thư chi bộ"
    GRASSROOTS_OFFICE = "grassroots_office", "Văn phòng cấp ủy cơ sở"
    BOARD_OFFICER = "board_officer", "Cán bộ Ban Tổ chức"
    INSPECTOR = "inspector", "Cán bộ kiểm tra (chỉ xem)"
    ADMINISTRATOR = "administrator", "Quản trị hệ thống"


class UserQuerySet(ScopedQuerySet):
    pass


class PTDVUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who logs in. Belongs to one unit; sees that unit's subtree only."""

    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        verbose_name="tổ chức đảng",
    )
    role = models.CharField("vai trò", max_length=30, choices=Role.choices, default=Role.INSPECTOR)

    objects = PTDVUserManager()

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def has_global_scope(self) -> bool:
        return self.is_superuser or self.role == Role.ADMINISTRATOR

    def can(self, *actions: str) -> bool:
        """True when the user's role may take at least one of `actions` (the permission
        table, `accounts.permissions`)."""
        from ptdv.accounts.permissions import user_can

        return any(user_can(self, action) for action in actions)


class AuditEventQuerySet(ScopedQuerySet):
    pass


EVENT_LABELS = {
    "organization_created": "Thêm tổ chức đảng",
    "organization_updated": "Sửa thông tin tổ chức đảng",
    "organization_dissolved": "Giải thể, hợp nhất tổ chức đảng",
    "user_created": "Tạo tài khoản",
}


def register_event_labels(labels: dict[str, str]) -> None:
    """Each app names its own audit events in Vietnamese."""
    EVENT_LABELS.update(labels)


class AuditEvent(models.Model):
    """One write: who, when, which object, what happened, the values before and after.
    Written by the service in the same transaction as the change (never by signals)."""

    at = models.DateTimeField("thời điểm", db_index=True)
    actor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thực hiện",
    )
    actor_name = models.CharField("người thực hiện", max_length=150, blank=True)
    # A plain index: the event is only ever matched exactly, never by LIKE (the pattern
    # index a db_index CharField gets on PostgreSQL cost every insert for nothing).
    event = models.CharField("sự kiện", max_length=60)
    object_type = models.CharField("loại đối tượng", max_length=60)
    object_id = models.CharField("mã đối tượng", max_length=40)
    object_repr = models.CharField("đối tượng", max_length=255)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="thuộc tổ chức",
    )
    old = models.JSONField("giá trị cũ", null=True, blank=True)
    new = models.JSONField("giá trị mới", null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "nhật ký thay đổi"
        verbose_name_plural = "nhật ký thay đổi"
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["event"], name="audit_event_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name}: {self.event} {self.object_repr}"

    @property
    def event_label(self) -> str:
        return EVENT_LABELS.get(self.event, self.event)


class SensitiveView(models.Model):
    """One person whose sensitive values (religion, ethnicity, CCCD) a list, a page or an
    export showed, under its audit row: "who looked at this person" is one indexed query.
    The person is kept by id (accounts sits below people in the dependency order)."""

    event = models.ForeignKey(
        AuditEvent,
        on_delete=models.CASCADE,
        related_name="persons_shown",
        verbose_name="lần xem",
    )
    person_id = models.BigIntegerField("mã người được xem", db_index=True)

    class Meta:
        verbose_name = "người được xem thông tin nhạy cảm"
        verbose_name_plural = "người được xem thông tin nhạy cảm"

    def __str__(self) -> str:
        return f"{self.event_id}: {self.person_id}"
