"""What each role may do. docs/permissions.md shows this table; a test keeps them equal."""

from django.db import models

from ptdv.accounts.models import Role


class Action(models.TextChoices):
    VIEW = "view", "Xem dữ liệu trong phạm vi"
    VIEW_SENSITIVE = "view_sensitive", "Xem tôn giáo, dân tộc, số CCCD"
    VIEW_AUDIT = "view_audit", "Xem nhật ký thay đổi"
    MANAGE_CANDIDATES = "manage_candidates", "Quản lý quần chúng ưu tú, phân công giúp đỡ"
    RECORD_CELL_DECISIONS = "record_cell_decisions", "Ghi nghị quyết chi bộ"
    MANAGE_DOSSIERS = "manage_dossiers", "Kiểm tra hồ sơ, ghi nghị quyết cấp ủy cơ sở"
    DECIDE = "decide", "Ghi quyết định kết nạp, công nhận chính thức"
    MANAGE_TRAINING = "manage_training", "Quản lý lớp bồi dưỡng nhận thức về Đảng"
    MANAGE_TARGETS = "manage_targets", "Giao, đăng ký chỉ tiêu"
    MANAGE_ORGANIZATIONS = "manage_organizations", "Thêm, sửa, sáp nhập tổ chức đảng"
    MANAGE_USERS = "manage_users", "Quản lý tài khoản"
    IMPORT_DATA = "import_data", "Nhập dữ liệu từ Excel"
    MANAGE_CALENDAR = "manage_calendar", "Nhập lịch làm việc (ngày nghỉ, ngày làm bù)"


A = Action
PERMISSIONS: dict[str, frozenset[str]] = {
    Role.CELL_SECRETARY: frozenset(
        {A.VIEW, A.VIEW_SENSITIVE, A.MANAGE_CANDIDATES, A.RECORD_CELL_DECISIONS, A.IMPORT_DATA}
    ),
    Role.GRASSROOTS_OFFICE: frozenset(
        {
            A.VIEW,
            A.VIEW_SENSITIVE,
            A.VIEW_AUDIT,
            A.MANAGE_CANDIDATES,
            A.RECORD_CELL_DECISIONS,
            A.MANAGE_DOSSIERS,
            A.MANAGE_TRAINING,
            A.MANAGE_TARGETS,
            A.IMPORT_DATA,
        }
    ),
    Role.BOARD_OFFICER: frozenset(
        {
            A.VIEW,
            A.VIEW_SENSITIVE,
            A.VIEW_AUDIT,
            A.MANAGE_DOSSIERS,
            A.DECIDE,
            A.MANAGE_TRAINING,
            A.MANAGE_TARGETS,
            A.MANAGE_ORGANIZATIONS,
            A.IMPORT_DATA,
        }
    ),
    Role.INSPECTOR: frozenset({A.VIEW, A.VIEW_AUDIT}),
    Role.ADMINISTRATOR: frozenset(Action.values),
}


def role_can(role: str, action: str) -> bool:
    return action in PERMISSIONS.get(role, frozenset())


def user_can(user, action: str) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return role_can(user.role, action)
