"""Members: recorded from the old books, corrected, recognised, and leaving the list."""

from datetime import date

from django.db import transaction

from ptdv.accounts.audit import (
    audit_record,
    save_audited,
    snapshot,
)
from ptdv.accounts.permissions import Action
from ptdv.core.errors import DomainError
from ptdv.core.text import normalize
from ptdv.organizations.models import Organization
from ptdv.people.extensions import OPEN_PROCEDURES
from ptdv.people.models import (
    ExitReason,
    Member,
    MemberExit,
    MemberStatus,
    MemberTransfer,
    Person,
    TransferState,
)
from ptdv.people.services.common import (
    MEMBER_FIELDS,
    lock_current_member,
    require,
    require_cell,
    today,
)

DOCUMENT_OPTIONAL_REASONS = {ExitReason.DECEASED}
# The member's own values `member_create` records (the rest keep their defaults).
MEMBER_CREATED_FIELDS = (
    "status",
    "admission_decided_on",
    "ceremony_on",
    "probation_ends_on",
    "recognized_on",
    "official_from",
    "party_card_number",
)


STATUSES = frozenset(MemberStatus.values)


def check_new_member(
    *, admission_decided_on, status, ceremony_on, probation_ends_on, official_from, on=None
) -> None:
    """A new member's dates and status, consistent (member_create, member_bulk_create);
    `on`: today's date, when the caller has it."""
    if admission_decided_on is None:
        raise DomainError("Phải có ngày quyết định kết nạp.", field="admission_decided_on")
    if admission_decided_on > (on or today()):
        raise DomainError(
            "Ngày quyết định kết nạp không được sau ngày hôm nay.", field="admission_decided_on"
        )
    if ceremony_on and ceremony_on < admission_decided_on:
        raise DomainError(
            "Lễ kết nạp không thể trước ngày quyết định kết nạp.", field="ceremony_on"
        )
    if probation_ends_on and ceremony_on and probation_ends_on <= ceremony_on:
        raise DomainError(
            "Ngày hết thời gian dự bị phải sau ngày lễ kết nạp.", field="probation_ends_on"
        )
    if status not in STATUSES:
        raise DomainError("Trạng thái đảng viên không hợp lệ.", field="status")
    if status == MemberStatus.OFFICIAL and official_from is None:
        raise DomainError("Đảng viên chính thức phải có ngày chính thức.", field="official_from")
    if official_from and official_from < admission_decided_on:
        raise DomainError(
            "Ngày chính thức không thể trước ngày quyết định kết nạp.", field="official_from"
        )


def card_taken(party_card_number: str) -> DomainError:
    return DomainError(
        f"Số thẻ đảng viên {party_card_number} đã được dùng.", field="party_card_number"
    )


@transaction.atomic
def member_create(
    *,
    acting_user,
    person: Person,
    organization: Organization,
    admission_decided_on: date,
    status: str = MemberStatus.PROBATIONARY,
    ceremony_on: date | None = None,
    probation_ends_on: date | None = None,
    recognized_on: date | None = None,
    official_from: date | None = None,
    party_card_number: str = "",
) -> Member:
    """Record a member: entering the existing members of a cell, or (called by the
    admission decision) a new probationary member."""
    require(
        acting_user,
        (Action.MANAGE_DOSSIERS, Action.DECIDE),
        organization,
        "Vai trò của bạn không được thêm đảng viên.",
    )
    require_cell(organization)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if Member.objects.filter(person=person).exists():
        raise DomainError(f"«{person.full_name}» đã có trong danh sách đảng viên.")
    check_new_member(
        admission_decided_on=admission_decided_on,
        status=status,
        ceremony_on=ceremony_on,
        probation_ends_on=probation_ends_on,
        official_from=official_from,
    )
    party_card_number = normalize(party_card_number)
    if party_card_number and Member.objects.filter(party_card_number=party_card_number).exists():
        raise card_taken(party_card_number)
    member = Member.objects.create(
        person=person,
        organization=organization,
        status=status,
        admission_decided_on=admission_decided_on,
        ceremony_on=ceremony_on,
        probation_ends_on=probation_ends_on,
        recognized_on=recognized_on,
        official_from=official_from,
        party_card_number=party_card_number,
    )
    Person.objects.filter(pk=person.pk).update(organization=organization)
    audit_record(
        actor=acting_user,
        event="member_created",
        obj=member,
        organization=organization,
        new=snapshot(member, MEMBER_FIELDS),
    )
    return member


MEMBER_UPDATABLE = MEMBER_CREATED_FIELDS


# A member's status and official dates change only through their procedures (recognition,
# exit, strike-off, re-admission), never by a correction (R29, R32–R34).
PROCEDURE_FIELDS = ("status", "official_from", "recognized_on")


def _refuse_procedure_fields(member: Member, changes: dict) -> None:
    changed = [n for n in PROCEDURE_FIELDS if n in changes and changes[n] != getattr(member, n)]
    if not changed:
        return
    ends = member.probation_ends_on
    still = (
        f" Đảng viên đang dự bị đến {ends:%d/%m/%Y} (R29)."
        if member.status == MemberStatus.PROBATIONARY and ends and ends > today()
        else ""
    )
    raise DomainError(
        "Trạng thái và ngày chính thức của đảng viên chỉ thay đổi qua thủ tục: công nhận đảng "
        "viên chính thức (chi bộ xét sau khi hết dự bị, cấp có thẩm quyền quyết định, R32–R34), "
        "xóa tên, ra khỏi danh sách hoặc kết nạp lại; không sửa bằng cách cập nhật thông tin."
        + still,
        field=changed[0],
        rule="R32",
    )


@transaction.atomic
def member_update(*, acting_user, member: Member, **changes) -> Member:
    """Correct a current member's dates and party card number (e.g. from an imported
    register). Only the fields given change; the result is checked as a whole. The status
    and official dates are refused here (see PROCEDURE_FIELDS)."""
    unknown = sorted(set(changes) - set(MEMBER_UPDATABLE))
    if unknown:
        raise DomainError(f"Không sửa được trường {', '.join(unknown)} của đảng viên.")
    member = lock_current_member(member)
    require(
        acting_user,
        (Action.MANAGE_DOSSIERS, Action.DECIDE),
        member.organization,
        "Vai trò của bạn không được sửa thông tin đảng viên.",
    )
    if "party_card_number" in changes:
        changes["party_card_number"] = normalize(changes["party_card_number"] or "")
    _refuse_procedure_fields(member, changes)
    values = {name: changes.get(name, getattr(member, name)) for name in MEMBER_UPDATABLE}
    admitted = values["admission_decided_on"]
    if admitted is None:
        raise DomainError("Phải có ngày quyết định kết nạp.", field="admission_decided_on")
    if admitted > today():
        raise DomainError(
            "Ngày quyết định kết nạp không được sau ngày hôm nay.", field="admission_decided_on"
        )
    birth = member.person.birth_date
    if birth and admitted < birth:
        raise DomainError(
            "Ngày quyết định kết nạp không thể trước ngày sinh.", field="admission_decided_on"
        )
    if values["ceremony_on"] and values["ceremony_on"] < admitted:
        raise DomainError(
            "Lễ kết nạp không thể trước ngày quyết định kết nạp.", field="ceremony_on"
        )
    ends, ceremony = values["probation_ends_on"], values["ceremony_on"]
    if ends and ceremony and ends <= ceremony:
        raise DomainError(
            "Ngày hết thời gian dự bị phải sau ngày lễ kết nạp.", field="probation_ends_on"
        )
    if values["status"] not in MemberStatus.values:
        raise DomainError("Trạng thái đảng viên không hợp lệ.", field="status")
    if member.status == MemberStatus.OFFICIAL and values["status"] == MemberStatus.PROBATIONARY:
        raise DomainError(
            "Không chuyển được đảng viên chính thức về dự bị bằng cách sửa thông tin.",
            field="status",
        )
    official = values["official_from"]
    if values["status"] == MemberStatus.OFFICIAL and official is None:
        raise DomainError("Đảng viên chính thức phải có ngày chính thức.", field="official_from")
    if official and official < admitted:
        raise DomainError(
            "Ngày chính thức không thể trước ngày quyết định kết nạp.", field="official_from"
        )
    card = values["party_card_number"]
    if (
        card
        and card != member.party_card_number
        and Member.objects.filter(party_card_number=card).exclude(pk=member.pk).exists()
    ):
        raise DomainError(f"Số thẻ đảng viên {card} đã được dùng.", field="party_card_number")
    changed = {name: value for name, value in values.items() if value != getattr(member, name)}
    if not changed:
        return member
    save_audited(
        member,
        changed,
        MEMBER_FIELDS,
        actor=acting_user,
        event="member_updated",
        organization=member.organization,
    )
    return member


@transaction.atomic
def member_record_recognition(
    *, acting_user, member: Member, official_from: date, recognized_on: date | None = None
) -> Member:
    """Record a recognition decided before the member's records were kept here (an older
    register): the member must have no open dossier here, probation must be over, and the
    official date is the end of probation (R29, R32, R33)."""
    from ptdv.core.calendar import add_months
    from ptdv.recruitment.rules import rule

    member = lock_current_member(member)
    require(
        acting_user,
        (Action.MANAGE_DOSSIERS, Action.DECIDE),
        member.organization,
        "Vai trò của bạn không được sửa thông tin đảng viên.",
    )
    if member.status == MemberStatus.OFFICIAL:
        raise DomainError(f"«{member.person.full_name}» đã là đảng viên chính thức.")
    if any(has_open(member) for has_open in OPEN_PROCEDURES):
        _refuse_procedure_fields(member, {"status": MemberStatus.OFFICIAL})
    if official_from is None or official_from > today():
        raise DomainError(
            "Ngày chính thức phải có và không sau ngày hôm nay (R33).", field="official_from"
        )
    months = rule("PROBATION_MONTHS")
    start = member.ceremony_on or member.admission_decided_on
    end = add_months(start, months) if start else None
    if end is None or official_from < end:
        raise DomainError(
            f"Chưa hết {months} tháng dự bị (từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}): "
            "chưa thể là đảng viên chính thức (R29, R33)."
            if end
            else "Chưa có ngày kết nạp, không tính được thời gian dự bị (R29).",
            field="official_from",
            rule="R29",
        )
    if member.ceremony_on and official_from != end:
        raise DomainError(
            f"Đảng viên chính thức từ ngày hết dự bị {end:%d/%m/%Y}, không phải "
            f"{official_from:%d/%m/%Y} (R33).",
            field="official_from",
            rule="R33",
        )
    if recognized_on is not None and (recognized_on < end or recognized_on > today()):
        raise DomainError(
            f"Quyết định công nhận phải sau khi hết dự bị ({end:%d/%m/%Y}) (R32).",
            field="recognized_on",
            rule="R32",
        )
    old = snapshot(member, MEMBER_FIELDS)
    member.status, member.official_from = MemberStatus.OFFICIAL, official_from
    member.recognized_on = recognized_on or member.recognized_on
    member.save(update_fields=["status", "official_from", "recognized_on"])
    audit_record(
        actor=acting_user,
        event="member_recognition_recorded",
        obj=member,
        organization=member.organization,
        old=old,
        new=snapshot(member, MEMBER_FIELDS),
    )
    return member


@transaction.atomic
def member_exit(
    *,
    acting_user,
    member: Member,
    reason: str,
    on: date,
    document_number: str = "",
    document_date: date | None = None,
    note: str = "",
) -> MemberExit:
    """A member leaves the list: struck off, expelled, dismissed, deceased or transferred
    out of the system. Every reason but death needs the document (number and date)."""
    member = lock_current_member(member)
    require(
        acting_user,
        (Action.MANAGE_DOSSIERS,),
        member.organization,
        "Vai trò của bạn không được ghi đảng viên ra khỏi danh sách.",
    )
    if reason not in ExitReason.values:
        raise DomainError("Phải chọn lý do.", field="reason")
    if on is None or on > today():
        raise DomainError("Ngày ra khỏi danh sách không được sau ngày hôm nay.", field="on")
    if member.admission_decided_on and on < member.admission_decided_on:
        raise DomainError(
            "Ngày ra khỏi danh sách không thể trước ngày quyết định kết nạp "
            f"({member.admission_decided_on:%d/%m/%Y}).",
            field="on",
        )
    document_number = normalize(document_number)
    if reason not in DOCUMENT_OPTIONAL_REASONS and not (document_number and document_date):
        raise DomainError(
            f"«{ExitReason(reason).label}» phải có số và ngày của văn bản (quyết định, giấy "
            "giới thiệu).",
            field="document_number",
        )
    if document_date and document_date > today():
        raise DomainError("Ngày văn bản không được sau ngày hôm nay.", field="document_date")
    if MemberTransfer.objects.filter(member=member, state=TransferState.PENDING).exists():
        raise DomainError(
            "Đảng viên đang có đề nghị chuyển sinh hoạt chờ xác nhận: hãy hủy đề nghị trước."
        )
    old = snapshot(member, MEMBER_FIELDS)
    exit_row = MemberExit.objects.create(
        member=member,
        organization=member.organization,
        reason=reason,
        on=on,
        document_number=document_number,
        document_date=document_date,
        note=normalize(note),
        recorded_by=acting_user if acting_user and acting_user.is_authenticated else None,
    )
    member.ended_on = on
    member.save(update_fields=["ended_on"])
    audit_record(
        actor=acting_user,
        event="member_exited",
        obj=member,
        organization=member.organization,
        old=old,
        new={**snapshot(member, MEMBER_FIELDS), "reason": reason},
    )
    return exit_row
