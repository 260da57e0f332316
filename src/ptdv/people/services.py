"""Writes on persons and members. Each function checks role, scope and rules, writes the
audit row in the same transaction, and raises DomainError (Vietnamese) when it refuses."""

import hashlib
from datetime import date

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from ptdv.accounts.audit import audit_record, record_persons_shown, snapshot
from ptdv.accounts.models import register_event_labels
from ptdv.accounts.permissions import Action, user_can
from ptdv.core.citizen_id import validate_citizen_id
from ptdv.core.errors import DomainError, RoleRefused
from ptdv.core.reference import (
    ETHNIC_GROUPS,
    GeneralEducation,
    ProfessionalLevel,
    Religion,
    WorkplaceType,
)
from ptdv.core.text import fold, normalize, sort_key
from ptdv.organizations.models import Organization
from ptdv.organizations.scope import in_scope
from ptdv.people.models import (
    CommitteeSeat,
    ExitReason,
    Member,
    MemberExit,
    MemberStatus,
    MemberTransfer,
    Person,
    Sex,
    TransferState,
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
DOCUMENT_OPTIONAL_REASONS = {ExitReason.DECEASED}


def _masked(value) -> str:
    """Audit rows are read by inspectors, who may not see sensitive values: keep a short
    fingerprint that shows a change without the value."""
    if value in (None, ""):
        return ""
    return "ẩn#" + hashlib.sha256(str(value).encode()).hexdigest()[:8]


def _person_snapshot(person: Person) -> dict:
    data = snapshot(person, PERSON_FIELDS)
    for name in SENSITIVE_FIELDS:
        data[name] = _masked(data[name])
    return data


def _require(acting_user, actions, organization: Organization | None, message: str) -> None:
    if acting_user is None:
        return  # system jobs, imports and the demo builder act without a user
    if not any(user_can(acting_user, action) for action in actions):
        raise RoleRefused(message)
    if organization is not None and not in_scope(acting_user, organization.path):
        raise DomainError(f"«{organization.name}» nằm ngoài phạm vi quản lý của bạn.")


def _require_cell(organization: Organization, field: str = "organization") -> None:
    if organization is None or not organization.kind.is_cell:
        raise DomainError("Phải chọn một chi bộ.", field=field)
    if organization.valid_to is not None:
        raise DomainError(
            f"«{organization.name}» đã giải thể từ {organization.valid_to:%d/%m/%Y}.", field=field
        )


def _today() -> date:
    return timezone.localdate()


def _clean_person(data: dict, *, exclude_pk=None, confirm_duplicate: bool) -> dict:
    data["full_name"] = normalize(data.get("full_name"))
    if not data["full_name"]:
        raise DomainError("Họ và tên không được để trống.", field="full_name")
    if data.get("sex") not in Sex.values:
        raise DomainError("Phải chọn giới tính.", field="sex")
    birth_date = data.get("birth_date")
    if birth_date is not None and birth_date > _today():
        raise DomainError("Ngày sinh không được sau ngày hôm nay.", field="birth_date")
    if data.get("ethnicity", "Kinh") not in ETHNIC_GROUPS:
        raise DomainError("Dân tộc không có trong danh mục 54 dân tộc.", field="ethnicity")
    if data.get("religion", Religion.NONE) not in Religion.values:
        raise DomainError("Tôn giáo không hợp lệ.", field="religion")
    if data.get("general_education", "") not in ["", *GeneralEducation.values]:
        raise DomainError("Trình độ giáo dục phổ thông không hợp lệ.", field="general_education")
    if data.get("professional_level", ProfessionalLevel.NONE) not in ProfessionalLevel.values:
        raise DomainError("Trình độ chuyên môn không hợp lệ.", field="professional_level")
    if data.get("workplace_type", "") not in WorkplaceType.values:
        raise DomainError("Nơi làm việc không hợp lệ.", field="workplace_type")
    for name in ("occupation", "other_mass_organizations", "home_town", "residence"):
        data[name] = normalize(data.get(name))
    phone = "".join((data.get("phone") or "").split()).replace(".", "")
    if phone and not (phone.lstrip("+").isdigit() and 9 <= len(phone.lstrip("+")) <= 12):
        raise DomainError("Số điện thoại chỉ gồm 9–12 chữ số.", field="phone")
    data["phone"] = phone
    joined = data.get("youth_union_joined_on")
    if joined is not None:
        if joined > _today():
            raise DomainError(
                "Ngày vào Đoàn không được sau ngày hôm nay.", field="youth_union_joined_on"
            )
        if birth_date is not None and joined < birth_date:
            raise DomainError(
                "Ngày vào Đoàn không thể trước ngày sinh.", field="youth_union_joined_on"
            )
        data["youth_union_member"] = True
    citizen_id = (data.get("citizen_id") or "").strip()
    if citizen_id:
        citizen_id = validate_citizen_id(citizen_id, birth_date=birth_date, sex=data["sex"])
        if Person.objects.filter(citizen_id=citizen_id).exclude(pk=exclude_pk).exists():
            raise DomainError(
                f"Số CCCD {citizen_id} đã có trong hệ thống: mỗi người chỉ có một hồ sơ.",
                field="citizen_id",
            )
    data["citizen_id"] = citizen_id
    if birth_date is not None and not confirm_duplicate:
        twin = (
            Person.objects.filter(search_key=fold(data["full_name"]), birth_date=birth_date)
            .exclude(pk=exclude_pk)
            .select_related("organization")
            .first()
        )
        if twin is not None:
            where = f" ({twin.organization.name})" if twin.organization else ""
            raise DomainError(
                f"Có thể trùng người: đã có «{twin.full_name}» sinh ngày "
                f"{birth_date:%d/%m/%Y}{where}. Nếu đúng là hai người khác nhau, "
                "hãy đánh dấu «Xác nhận không trùng» rồi lưu lại.",
                field="confirm_duplicate",
            )
    return data


def _save_person(person: Person) -> None:
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:  # the same CCCD entered at the same moment elsewhere
        raise DomainError(
            f"Số CCCD {person.citizen_id} đã có trong hệ thống.", field="citizen_id"
        ) from exc


@transaction.atomic
def person_create(
    *,
    acting_user,
    organization: Organization,
    full_name: str,
    sex: str,
    birth_date: date | None = None,
    confirm_duplicate: bool = False,
    **profile,
) -> Person:
    """Create a person followed by `organization` (a cell). `profile` holds the other
    fields of PERSON_FIELDS (ethnicity, religion, citizen_id, …)."""
    unknown = set(profile) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    _require(
        acting_user, PERSON_WRITE_ACTIONS, organization, "Vai trò của bạn không được thêm người."
    )
    _require_cell(organization)
    data = _clean_person(
        {**profile, "full_name": full_name, "sex": sex, "birth_date": birth_date},
        confirm_duplicate=confirm_duplicate,
    )
    person = Person(**data, organization=organization)
    person.search_key = fold(person.full_name)
    person.sort_key = sort_key(person.full_name, given_name_first=True)
    _save_person(person)
    audit_record(
        actor=acting_user,
        event="person_created",
        obj=person,
        organization=organization,
        new=_person_snapshot(person),
    )
    return person


@transaction.atomic
def person_update(
    *, acting_user, person: Person, confirm_duplicate: bool = False, **changes
) -> Person:
    """Change some fields of a person (names from PERSON_FIELDS, except `organization`:
    a member changes cell by a transfer)."""
    unknown = set(changes) - (set(PERSON_FIELDS) - {"organization"})
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    person = (
        Person.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=person.pk)
    )
    _require(
        acting_user,
        PERSON_WRITE_ACTIONS,
        person.organization,
        "Vai trò của bạn không được sửa thông tin người.",
    )
    if person.organization is None and acting_user and not acting_user.has_global_scope:
        raise DomainError("Người này nằm ngoài phạm vi quản lý của bạn.")
    old = _person_snapshot(person)
    current = {name: getattr(person, name) for name in PERSON_FIELDS if name != "organization"}
    data = _clean_person(
        {**current, **changes}, exclude_pk=person.pk, confirm_duplicate=confirm_duplicate
    )
    for name, value in data.items():
        setattr(person, name, value)
    person.search_key = fold(person.full_name)
    person.sort_key = sort_key(person.full_name, given_name_first=True)
    _save_person(person)
    audit_record(
        actor=acting_user,
        event="person_updated",
        obj=person,
        organization=person.organization,
        old=old,
        new=_person_snapshot(person),
    )
    return person


def person_bulk_create(*, rows: list[dict], batch_size: int = 2000) -> list[Person]:
    """Insert many persons at once (the demo builder, the national generator, test factories,
    bulk imports whose rows were checked already). Each row holds PERSON_FIELDS values and
    must name its cell (`organization`); the search and sort keys are set here, as
    `person_create` sets them. No audit row per person: a user's bulk action writes one."""
    persons = []
    for row in rows:
        unknown = set(row) - set(PERSON_FIELDS) - {"organization_id"}
        if unknown:
            raise TypeError(f"unknown person fields: {sorted(unknown)}")
        person = Person(**row)
        if person.organization_id is None:
            raise DomainError(
                f"«{person.full_name}» chưa thuộc chi bộ nào: mỗi người phải thuộc một chi bộ.",
                field="organization",
            )
        person.full_name = normalize(person.full_name)
        person.search_key = fold(person.full_name)
        person.sort_key = sort_key(person.full_name, given_name_first=True)
        persons.append(person)
    return Person.objects.bulk_create(persons, batch_size=batch_size)


def person_find(*, acting_user, citizen_id: str = "", full_name: str = "", birth_date=None):
    """The existing person an officer means, searched in their own subtree: by CCCD, or by
    name (accents ignored) and birth date. None when there is none; a person with that CCCD
    outside the subtree is refused (each person has one record, kept by their own cell)."""
    citizen_id = (citizen_id or "").strip()
    if citizen_id:
        person = Person.objects.filter(citizen_id=citizen_id).select_related("organization").first()
        if person is None:
            return None
        if acting_user is not None and not (
            Person.objects.for_user(acting_user).filter(pk=person.pk).exists()
        ):
            raise DomainError(
                f"Số CCCD {citizen_id} thuộc một người ngoài phạm vi quản lý của bạn: hãy đề "
                "nghị đơn vị đang theo dõi người này chuyển sang.",
                field="citizen_id",
            )
        return person
    if not full_name or birth_date is None:
        return None
    found = Person.objects.filter(search_key=fold(normalize(full_name)), birth_date=birth_date)
    if acting_user is not None:
        found = found.for_user(acting_user)
    return found.select_related("organization").first()


@transaction.atomic
def person_follow(*, acting_user, person: Person, organization: Organization) -> Person:
    """A cell of the subtree takes over following a person who is not a member (a trained
    young woman moves to the village cell that puts her on its list)."""
    _require(
        acting_user, PERSON_WRITE_ACTIONS, organization, "Vai trò của bạn không được thêm người."
    )
    _require_cell(organization)
    person = Person.objects.select_for_update(of=("self",)).get(pk=person.pk)
    if person.organization_id == organization.pk:
        return person
    visible = Person.objects.for_user(acting_user).filter(pk=person.pk)
    if acting_user is not None and not visible.exists():
        raise DomainError("Người này nằm ngoài phạm vi quản lý của bạn.")
    if Member.objects.filter(person=person, ended_on__isnull=True).exists():
        raise DomainError(
            f"«{person.full_name}» là đảng viên: chuyển chi bộ bằng thủ tục chuyển sinh hoạt đảng."
        )
    old = {"organization": person.organization_id}
    Person.objects.filter(pk=person.pk).update(organization=organization)
    person.organization = organization
    audit_record(
        actor=acting_user,
        event="person_updated",
        obj=person,
        organization=organization,
        old=old,
        new={"organization": organization.pk},
    )
    return person


@transaction.atomic
def record_sensitive_view(
    *,
    user,
    obj,
    organization: Organization | None,
    where: str,
    count: int | None = None,
    person_ids=None,
    filters: dict | None = None,
):
    """Audit one showing of religion, ethnicity and CCCD in a list, a page or an export:
    `obj` is the unit of the list or the person of the page; `person_ids` the persons shown
    (recorded one by one, so "who looked at this person" has an answer) and `filters` the
    exact filter of the list."""
    person_ids = list(person_ids or [])
    if count is None:
        count = len(person_ids)
    if count <= 0:
        return None
    new = {"where": where, "rows": count, "fields": list(SENSITIVE_FIELDS)}
    if filters:
        new["filter"] = {key: value for key, value in filters.items() if value not in ("", None)}
    event = audit_record(
        actor=user, event="sensitive_viewed", obj=obj, organization=organization, new=new
    )
    record_persons_shown(event, person_ids)
    return event


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
    _require(
        acting_user,
        (Action.MANAGE_DOSSIERS, Action.DECIDE),
        organization,
        "Vai trò của bạn không được thêm đảng viên.",
    )
    _require_cell(organization)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if Member.objects.filter(person=person).exists():
        raise DomainError(f"«{person.full_name}» đã có trong danh sách đảng viên.")
    if admission_decided_on is None:
        raise DomainError("Phải có ngày quyết định kết nạp.", field="admission_decided_on")
    if admission_decided_on > _today():
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
    if status not in MemberStatus.values:
        raise DomainError("Trạng thái đảng viên không hợp lệ.", field="status")
    if status == MemberStatus.OFFICIAL and official_from is None:
        raise DomainError("Đảng viên chính thức phải có ngày chính thức.", field="official_from")
    if official_from and official_from < admission_decided_on:
        raise DomainError(
            "Ngày chính thức không thể trước ngày quyết định kết nạp.", field="official_from"
        )
    party_card_number = normalize(party_card_number)
    if party_card_number and Member.objects.filter(party_card_number=party_card_number).exists():
        raise DomainError(
            f"Số thẻ đảng viên {party_card_number} đã được dùng.", field="party_card_number"
        )
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


MEMBER_UPDATABLE = (
    "status",
    "admission_decided_on",
    "ceremony_on",
    "probation_ends_on",
    "recognized_on",
    "official_from",
    "party_card_number",
)


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
        if member.status == MemberStatus.PROBATIONARY and ends and ends > _today()
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
    member = _lock_current_member(member)
    _require(
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
    if admitted > _today():
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
    old = snapshot(member, MEMBER_FIELDS)
    for name, value in changed.items():
        setattr(member, name, value)
    member.save(update_fields=sorted(changed))
    audit_record(
        actor=acting_user,
        event="member_updated",
        obj=member,
        organization=member.organization,
        old=old,
        new=snapshot(member, MEMBER_FIELDS),
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
    from ptdv.recruitment.models import CLOSED_STATES, Dossier
    from ptdv.recruitment.rules import rule

    member = _lock_current_member(member)
    _require(
        acting_user,
        (Action.MANAGE_DOSSIERS, Action.DECIDE),
        member.organization,
        "Vai trò của bạn không được sửa thông tin đảng viên.",
    )
    if member.status == MemberStatus.OFFICIAL:
        raise DomainError(f"«{member.person.full_name}» đã là đảng viên chính thức.")
    if Dossier.objects.filter(member=member).exclude(state__in=CLOSED_STATES).exists():
        _refuse_procedure_fields(member, {"status": MemberStatus.OFFICIAL})
    if official_from is None or official_from > _today():
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
    if recognized_on is not None and (recognized_on < end or recognized_on > _today()):
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


def _lock_current_member(member: Member) -> Member:
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
    member = _lock_current_member(member)
    _require(
        acting_user,
        (Action.MANAGE_DOSSIERS,),
        member.organization,
        "Vai trò của bạn không được chuyển sinh hoạt đảng.",
    )
    _require_cell(to_organization, field="to_organization")
    if to_organization.pk == member.organization_id:
        raise DomainError(
            f"«{member.person.full_name}» đang sinh hoạt tại «{to_organization.name}».",
            field="to_organization",
        )
    if requested_on is None or requested_on > _today():
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
    _require(
        acting_user,
        (Action.MANAGE_DOSSIERS, Action.RECORD_CELL_DECISIONS),
        transfer.to_organization,
        "Vai trò của bạn không được tiếp nhận chuyển sinh hoạt đảng.",
    )
    if acting_user is not None and transfer.requested_by_id == acting_user.pk:
        raise DomainError(
            "Người đề nghị chuyển sinh hoạt không tự xác nhận: bên tiếp nhận phải xác nhận."
        )
    _require_cell(transfer.to_organization, field="to_organization")
    if confirmed_on is None or confirmed_on > _today():
        raise DomainError("Ngày tiếp nhận không được sau ngày hôm nay.", field="confirmed_on")
    if confirmed_on < transfer.requested_on:
        raise DomainError(
            f"Ngày tiếp nhận không thể trước ngày đề nghị ({transfer.requested_on:%d/%m/%Y}).",
            field="confirmed_on",
        )
    member = _lock_current_member(transfer.member)
    if member.organization_id != transfer.from_organization_id:
        raise DomainError("Đảng viên không còn sinh hoạt ở chi bộ chuyển đi.")
    Member.objects.filter(pk=member.pk).update(organization=transfer.to_organization)
    Person.objects.filter(pk=member.person_id).update(organization=transfer.to_organization)
    from ptdv.recruitment.moves import follow_member  # the open dossier goes with the member

    follow_member(
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
    _require(
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
    member = _lock_current_member(member)
    _require(
        acting_user,
        (Action.MANAGE_DOSSIERS,),
        member.organization,
        "Vai trò của bạn không được ghi đảng viên ra khỏi danh sách.",
    )
    if reason not in ExitReason.values:
        raise DomainError("Phải chọn lý do.", field="reason")
    if on is None or on > _today():
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
    if document_date and document_date > _today():
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


@transaction.atomic
def committee_seat_add(
    *,
    acting_user,
    organization: Organization,
    member: Member,
    term: str,
    started_on: date,
    ended_on: date | None = None,
) -> CommitteeSeat:
    """A member of a committee for a term: the committee's votes count its seats (R24)."""
    _require(
        acting_user,
        (Action.MANAGE_DOSSIERS,),
        organization,
        "Vai trò của bạn không được ghi danh sách cấp ủy.",
    )
    term = normalize(term)
    if not term:
        raise DomainError("Phải ghi nhiệm kỳ (ví dụ 2025–2030).", field="term")
    if started_on is None or started_on > _today():
        raise DomainError("Ngày bắt đầu không được sau ngày hôm nay.", field="started_on")
    if ended_on is not None and ended_on <= started_on:
        raise DomainError("Ngày thôi phải sau ngày bắt đầu.", field="ended_on")
    if member.ended_on is not None and member.ended_on <= started_on:
        raise DomainError(f"«{member}» đã ra khỏi danh sách đảng viên.", field="member")
    if acting_user is not None and not in_scope(acting_user, member.organization.path):
        raise DomainError(f"«{member}» nằm ngoài phạm vi quản lý của bạn.", field="member")
    overlapping = CommitteeSeat.objects.filter(organization=organization, member=member).filter(
        models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=started_on)
    )
    if ended_on is not None:
        overlapping = overlapping.filter(started_on__lt=ended_on)
    if overlapping.exists():
        raise DomainError(f"«{member}» đã là cấp ủy viên của «{organization}» trong thời gian này.")
    seat = CommitteeSeat.objects.create(
        organization=organization,
        member=member,
        term=term,
        started_on=started_on,
        ended_on=ended_on,
    )
    audit_record(
        actor=acting_user,
        event="committee_seat_added",
        obj=seat,
        organization=organization,
        new=snapshot(seat, ["member", "term", "started_on", "ended_on"]),
    )
    return seat


@transaction.atomic
def committee_seat_end(*, acting_user, seat: CommitteeSeat, ended_on: date) -> CommitteeSeat:
    seat = CommitteeSeat.objects.select_for_update().get(pk=seat.pk)
    _require(
        acting_user,
        (Action.MANAGE_DOSSIERS,),
        seat.organization,
        "Vai trò của bạn không được ghi danh sách cấp ủy.",
    )
    if seat.ended_on is not None:
        raise DomainError(f"Đã thôi từ {seat.ended_on:%d/%m/%Y}.")
    if ended_on is None or ended_on <= seat.started_on or ended_on > _today():
        raise DomainError(
            "Ngày thôi phải sau ngày bắt đầu và không sau ngày hôm nay.", field="ended_on"
        )
    seat.ended_on = ended_on
    seat.save(update_fields=["ended_on"])
    audit_record(
        actor=acting_user,
        event="committee_seat_ended",
        obj=seat,
        organization=seat.organization,
        new={"ended_on": ended_on.isoformat()},
    )
    return seat
