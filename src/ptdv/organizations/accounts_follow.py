"""Accounts follow the tree: the accounts of dissolved units, listed for the administrator to
move to the successor or close."""

from django.db import transaction

from ptdv.accounts.audit import audit_record
from ptdv.accounts.models import register_event_labels
from ptdv.core.errors import DomainError
from ptdv.organizations.models import Organization
from ptdv.organizations.scope import forget_scope


def accounts_of_dissolved_units(user):
    """Active accounts of units that no longer exist, in the user's scope, with the unit and
    its successor: the administrator moves each to the successor or closes it."""
    from ptdv.accounts.models import User

    return (
        User.objects.for_user(user)
        .filter(is_active=True, organization__valid_to__isnull=False)
        .select_related("organization", "organization__merged_into")
        .order_by("organization__sort_key", "username")
    )


@transaction.atomic
def account_follow(*, acting_user, account, to: Organization | None = None, close=False):
    """Move an account of a dissolved unit to `to` (by default the unit's successor), or
    close it (`close`)."""
    from ptdv.accounts.models import User
    from ptdv.accounts.permissions import Action, user_can
    from ptdv.core.errors import RoleRefused
    from ptdv.organizations.scope import in_scope

    if acting_user is not None and not user_can(acting_user, Action.MANAGE_USERS):
        raise RoleRefused("Vai trò của bạn không được quản lý tài khoản.")
    account = User.objects.select_for_update().get(pk=account.pk)
    unit = Organization.objects.filter(pk=account.organization_id).first()
    if unit is None or unit.valid_to is None:
        raise DomainError(f"Tài khoản {account.username} không thuộc đơn vị đã giải thể.")
    if acting_user is not None and not in_scope(acting_user, unit.path):
        raise DomainError("Tài khoản này nằm ngoài phạm vi quản lý của bạn.")
    to = None if close else (to or unit.merged_into)
    if to is None and not close:
        raise DomainError(
            "Đơn vị không có đơn vị kế thừa: hãy chọn nơi chuyển hoặc khóa tài khoản."
        )
    if to is not None:
        if to.valid_to is not None:
            raise DomainError(f"«{to.name}» đã giải thể, không thể nhận tài khoản.")
        if acting_user is not None and not in_scope(acting_user, to.path):
            raise DomainError(f"«{to.name}» nằm ngoài phạm vi quản lý của bạn.")
        account.organization = to
        account.save(update_fields=["organization"])
        event, new = "account_moved_after_reorganisation", {"organization": to.pk}
    else:
        account.is_active = False
        account.save(update_fields=["is_active"])
        event, new = "account_closed_after_reorganisation", {"is_active": False}
    forget_scope(account)
    audit_record(
        actor=acting_user,
        event=event,
        obj=account,
        organization=to or unit,
        old={"organization": unit.pk, "is_active": True},
        new=new,
    )
    return account


register_event_labels(
    {
        "account_moved_after_reorganisation": "Chuyển tài khoản của đơn vị đã giải thể",
        "account_closed_after_reorganisation": "Khóa tài khoản của đơn vị đã giải thể",
    }
)
