"""A member changing cell: requested by the sending side, confirmed by the receiving one."""

from datetime import date

from django.db import transaction

from ptdv.accounts.audit import audit_record
from ptdv.accounts.permissions import Action
from ptdv.core.errors import DomainError
from ptdv.core.text import normalize
from ptdv.organizations.models import Organization
from ptdv.people.extensions import MEMBER_MOVED
from ptdv.people.models import (
    Member,
    MemberTransfer,
    Person,
    TransferState,
)
from ptdv.people.services.common import (
    lock_current_member,
    require,
    require_cell,
    today,
)


@transaction.atomic
def member_transfer_request(
    *,
    acting_user,
    member: Member,
    to_organization: Organization,
    requested_on: date,
    document_number: str = "",
    note: str = "",
) -> MemberTransfer:
    """The sending side asks to move a member to another cell, in or out of its subtree.
    Nothing moves until the receiving side confirms."""
    member = lock_current_member(member)
    require(
        acting_user,
        (Action.MANAGE_DOSSIERS,),
        member.organization,
        "Vai trò của bạn không được chuyển sinh hoạt đảng.",
    )
    require_cell(to_organization, field="to_organization")
    if to_organization.pk == member.organization_id:
        raise DomainError(
            f"«{member.person.full_name}» đang sinh hoạt tại «{to_organization.name}».",
            field="to_organization",
        )
    if requested_on is None or requested_on > today():
        raise DomainError("Ngày đề nghị không được sau ngày hôm nay.", field="requested_on")
    if MemberTransfer.objects.filter(member=member, state=TransferState.PENDING).exists():
        raise DomainError(
            f"«{member.person.full_name}» đã có một đề nghị chuyển sinh hoạt đang chờ xác nhận."
        )
    transfer = MemberTransfer.objects.create(
        member=member,
        from_organization=member.organization,
        to_organization=to_organization,
        requested_on=requested_on,
        document_number=normalize(document_number),
        note=normalize(note),
        requested_by=acting_user if acting_user and acting_user.is_authenticated else None,
    )
    audit_record(
        actor=acting_user,
        event="member_transfer_requested",
        obj=transfer,
        organization=member.organization,
        new={"from": member.organization_id, "to": to_organization.pk, "on": str(requested_on)},
    )
    return transfer


def _lock_pending(transfer: MemberTransfer) -> MemberTransfer:
    transfer = (
        MemberTransfer.objects.select_for_update(of=("self",))
        .select_related("member__person", "from_organization", "to_organization__kind")
        .get(pk=transfer.pk)
    )
    if transfer.state != TransferState.PENDING:
        raise DomainError(
            f"Đề nghị chuyển sinh hoạt này đã ở trạng thái «{transfer.get_state_display()}»."
        )
    return transfer


@transaction.atomic
def member_transfer_confirm(
    *, acting_user, transfer: MemberTransfer, confirmed_on: date
) -> MemberTransfer:
    """The receiving side confirms: the member moves to the receiving cell. The confirming
    user must hold the receiving cell in scope and must not be the one who asked."""
    transfer = _lock_pending(transfer)
    require(
        acting_user,
        (Action.MANAGE_DOSSIERS, Action.RECORD_CELL_DECISIONS),
        transfer.to_organization,
        "Vai trò của bạn không được tiếp nhận chuyển sinh hoạt đảng.",
    )
    if acting_user is not None and transfer.requested_by_id == acting_user.pk:
        raise DomainError(
            "Người đề nghị chuyển sinh hoạt không tự xác nhận: bên tiếp nhận phải xác nhận."
        )
    require_cell(transfer.to_organization, field="to_organization")
    if confirmed_on is None or confirmed_on > today():
        raise DomainError("Ngày tiếp nhận không được sau ngày hôm nay.", field="confirmed_on")
    if confirmed_on < transfer.requested_on:
        raise DomainError(
            f"Ngày tiếp nhận không thể trước ngày đề nghị ({transfer.requested_on:%d/%m/%Y}).",
            field="confirmed_on",
        )
    member = lock_current_member(transfer.member)
    if member.organization_id != transfer.from_organization_id:
        raise DomainError("Đảng viên không còn sinh hoạt ở chi bộ chuyển đi.")
    Member.objects.filter(pk=member.pk).update(organization=transfer.to_organization)
    Person.objects.filter(pk=member.person_id).update(organization=transfer.to_organization)
    for follow in MEMBER_MOVED:  # e.g. the open dossier goes with the member
        follow(
            acting_user=acting_user,
            member=member,
            to_organization=transfer.to_organization,
            on=confirmed_on,
        )
    transfer.state = TransferState.CONFIRMED
    transfer.confirmed_on = confirmed_on
    transfer.confirmed_by = acting_user if acting_user and acting_user.is_authenticated else None
    transfer.save(update_fields=["state", "confirmed_on", "confirmed_by"])
    audit_record(
        actor=acting_user,
        event="member_transfer_confirmed",
        obj=transfer,
        organization=transfer.to_organization,
        old={"organization": transfer.from_organization_id},
        new={"organization": transfer.to_organization_id, "on": str(confirmed_on)},
    )
    return transfer


@transaction.atomic
def member_transfer_cancel(*, acting_user, transfer: MemberTransfer) -> MemberTransfer:
    """The sending side withdraws a pending request."""
    transfer = _lock_pending(transfer)
    require(
        acting_user,
        (Action.MANAGE_DOSSIERS,),
        transfer.from_organization,
        "Vai trò của bạn không được hủy chuyển sinh hoạt đảng.",
    )
    transfer.state = TransferState.CANCELLED
    transfer.save(update_fields=["state"])
    audit_record(
        actor=acting_user,
        event="member_transfer_cancelled",
        obj=transfer,
        organization=transfer.from_organization,
        new={"state": TransferState.CANCELLED},
    )
    return transfer
