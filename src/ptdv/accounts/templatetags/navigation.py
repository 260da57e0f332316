"""The main menu, ordered by the work of each role.

A cell secretary opens the application to see candidates, dossiers and what is due; a board
officer to see the reports and targets of the province; an administrator to look after the
tree, the calendar and the API. Everyone reaches every page they may open, only the order
differs. The API documentation is a developer's page: administrators only.
"""

from django import template
from django.urls import reverse

from ptdv.accounts.models import Role

register = template.Library()

# Entry keys in the order each role works; keys missing for a role go after, in this order.
ORDER = {
    Role.CELL_SECRETARY: ["candidates", "board", "worklist", "members", "training", "unit"],
    Role.GRASSROOTS_OFFICE: ["worklist", "candidates", "board", "training", "members", "reports"],
    Role.BOARD_OFFICER: ["reports", "targets", "worklist", "board", "tree", "training"],
    Role.INSPECTOR: ["reports", "targets", "board", "tree", "members"],
    Role.ADMINISTRATOR: ["tree", "reports", "search", "calendar", "imports", "api"],
}
ALL = [
    "candidates",
    "board",
    "worklist",
    "members",
    "training",
    "targets",
    "reports",
    "unit",
    "tree",
    "search",
    "imports",
    "calendar",
    "api",
]


def _entries(user) -> dict[str, tuple[str, str]]:
    org = user.organization_id
    entries = {
        "tree": ("Cây tổ chức", reverse("organizations:tree")),
        "search": ("Tìm đơn vị", reverse("organizations:search")),
        "training": ("Lớp bồi dưỡng", reverse("training:index")),
        "imports": ("Nhập, xuất", reverse("imports:index")),
        "calendar": ("Lịch làm việc", reverse("calendar:calendar")),
    }
    if org is not None:
        entries.update(
            {
                "unit": ("Đơn vị của tôi", reverse("organizations:detail", args=[org])),
                "candidates": ("Quần chúng ưu tú", reverse("recruitment:candidates", args=[org])),
                "board": ("Hồ sơ kết nạp", reverse("recruitment:board", args=[org])),
                "worklist": ("Việc đến hạn", reverse("recruitment:worklist", args=[org])),
                "members": ("Đảng viên", reverse("people:members", args=[org])),
                "targets": ("Chỉ tiêu", reverse("targets:unit", args=[org])),
                "reports": ("Báo cáo", reverse("reports:dashboard", args=[org])),
            }
        )
    if user.role == Role.ADMINISTRATOR or user.is_superuser:
        entries["api"] = ("Tài liệu API", reverse("api-docs"))
    return entries


@register.simple_tag
def main_menu(user) -> list[dict]:
    """The entries of the main menu for `user`: label, address, and whether it is one of the
    first entries of the role's work (those stay visible in the phone's bar)."""
    if not getattr(user, "is_authenticated", False):
        return []
    entries = _entries(user)
    first = ORDER.get(user.role, [])
    keys = [k for k in first if k in entries] + [k for k in ALL if k in entries and k not in first]
    return [{"key": k, "label": entries[k][0], "url": entries[k][1]} for k in keys]
