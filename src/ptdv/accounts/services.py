"""Writes to accounts: create a user, change a role. Audited, scoped."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from ptdv.accounts.audit import audit_record
from ptdv.accounts.models import Role, User
from ptdv.accounts.permissions import Action, user_can
from ptdv.core.errors import DomainError, RoleRefused
from ptdv.core.text import normalize
from ptdv.organizations.scope import in_scope


@transaction.atomic
def user_create(
    *,
    acting_user,
    username: str,
    full_name: str,
    role: str,
    organization,
    password: str,
    check_password_strength: bool = False,
) -> User:
    if acting_user is not None:
        if not user_can(acting_user, Action.MANAGE_USERS):
            raise RoleRefused("Vai trò của bạn không được quản lý tài khoản.")
        if not in_scope(acting_user, organization.path):
            raise DomainError("Tổ chức này nằm ngoài phạm vi quản lý của bạn.")
    username = normalize(username).lower()
    if not username:
        raise DomainError("Tên đăng nhập không được để trống.", field="username")
    if role not in Role.values:
        raise DomainError("Vai trò không hợp lệ.", field="role")
    if User.objects.filter(username=username).exists():
        raise DomainError(f"Tên đăng nhập «{username}» đã có người dùng.", field="username")
    if check_password_strength:
        try:
            validate_password(password)
        except ValidationError as error:
            raise DomainError(" ".join(error.messages), field="password") from error
    user = User(
        username=username, full_name=normalize(full_name), role=role, organization=organization
    )
    user.set_password(password)
    user.save()
    audit_record(
        actor=acting_user,
        event="user_created",
        obj=user,
        organization=organization,
        new={"username": username, "role": role, "organization": organization.pk},
    )
    return user
