"""What the writes on persons and members share: the fields their audit rows record, the
roles that keep the lists, the role and scope check and the lock on a current member."""

from datetime import date

from django.utils import timezone

from ptdv.accounts.models import register_event_labels
from ptdv.accounts.permissions import Action, user_can
from ptdv.core.errors import DomainError, RoleRefused
from ptdv.organizations.models import Organization
from ptdv.organizations.scope import in_scope
from ptdv.people.models import (
    Member,
)

register_event_labels(
    {
        "person_created": "Thêm người",
        "person_updated": "Sửa thông tin người",
        "member_created": "Thêm đảng viên",
        "member_updated": "Sửa thông tin đảng viên",
        "member_recognition_recorded": "Ghi quyết định công nhận chính thức (sổ cũ)",
        "committee_seat_added": "Ghi cấp ủy viên theo nhiệm kỳ",
        "committee_seat_ended": "Ghi cấp ủy viên thôi nhiệm",
        "member_transfer_requested": "Đề nghị chuyển sinh hoạt đảng",
        "member_transfer_confirmed": "Tiếp nhận chuyển sinh hoạt đảng",
        "member_transfer_cancelled": "Hủy chuyển sinh hoạt đảng",
        "member_exited": "Đảng viên ra khỏi danh sách",
        "sensitive_viewed": "Xem thông tin nhạy cảm (tôn giáo, dân tộc, CCCD)",
    }
)

SENSITIVE_FIELDS = ("citizen_id", "ethnicity", "religion")
PERSON_FIELDS = [
    "full_name",
    "birth_date",
    "sex",
    "ethnicity",
    "religion",
    "general_education",
    "professional_level",
    "occupation",
    "workplace_type",
    "citizen_id",
    "youth_union_member",
    "youth_union_joined_on",
    "women_union_member",
    "other_mass_organizations",
    "home_town",
    "residence",
    "phone",
    "organization",
]
MEMBER_FIELDS = [
    "organization",
    "status",
    "admission_decided_on",
    "ceremony_on",
    "probation_ends_on",
    "recognized_on",
    "official_from",
    "party_card_number",
    "ended_on",
]
# Roles that keep the lists of people: cells (candidates), offices, training officers.
PERSON_WRITE_ACTIONS = (Action.MANAGE_CANDIDATES, Action.MANAGE_DOSSIERS, Action.MANAGE_TRAINING)


def require(acting_user, actions, organization: Organization | None, message: str) -> None:
    if acting_user is None:
        return  # system jobs, imports and the demo builder act without a user
    if not any(user_can(acting_user, action) for action in actions):
        raise RoleRefused(message)
    if organization is not None and not in_scope(acting_user, organization.path):
        raise DomainError(f"«{organization.name}» nằm ngoài phạm vi quản lý của bạn.")


def require_cell(organization: Organization, field: str = "organization") -> None:
    if organization is None or not organization.kind.is_cell:
        raise DomainError("Phải chọn một chi bộ.", field=field)
    if organization.valid_to is not None:
        raise DomainError(
            f"«{organization.name}» đã giải thể từ {organization.valid_to:%d/%m/%Y}.", field=field
        )


def today() -> date:
    return timezone.localdate()


def lock_current_member(member: Member) -> Member:
    # Lock the row: an exit and a transfer of the same member must not interleave.
    member = (
        Member.objects.select_for_update(of=("self",))
        .select_related("organization__kind", "person")
        .get(pk=member.pk)
    )
    if member.ended_on is not None:
        raise DomainError(
            f"«{member.person.full_name}» đã ra khỏi danh sách đảng viên từ "
            f"{member.ended_on:%d/%m/%Y}."
        )
    return member
