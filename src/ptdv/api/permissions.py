"""The API's default permission: logged in, and a read-only role (the inspector) refused
every write with 403 before its body is even read. On an object outside the caller's
subtree the answer stays 404: "not yours" looks like "not found"."""

from rest_framework.permissions import SAFE_METHODS, IsAuthenticated

from ptdv.accounts.permissions import PERMISSIONS, Action

READ_ACTIONS = {Action.VIEW, Action.VIEW_AUDIT, Action.VIEW_SENSITIVE}


def read_only_role(user) -> bool:
    if user.is_superuser:
        return False
    return not (set(PERMISSIONS.get(user.role, ())) - READ_ACTIONS)


class WritesNeedAWritingRole(IsAuthenticated):
    message = "Vai trò của bạn chỉ được xem, không được thay đổi dữ liệu."

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if request.method in SAFE_METHODS or not read_only_role(request.user):
            return True
        if "pk" in getattr(view, "kwargs", {}) and hasattr(view, "get_object"):
            view.get_object()  # 404 outside the subtree, before the 403
        return False
