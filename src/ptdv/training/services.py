"""Writes on awareness classes: create a class, enrol a person, record the result. Each
function checks role, scope and rules, audits in the same transaction, and raises
DomainError (Vietnamese) when it refuses."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from ptdv.accounts.audit import audit_created, audit_record, snapshot
from ptdv.accounts.models import register_event_labels
from ptdv.accounts.permissions import Action, user_can
from ptdv.core.errors import DomainError, RoleRefused
from ptdv.core.text import normalize
from ptdv.organizations.models import Organization
from ptdv.organizations.scope import in_scope, subtree_prefixes
from ptdv.people.models import Member, Person
from ptdv.training.constants import CERTIFICATE_RULE
from ptdv.training.models import (
    AwarenessClass,
    Enrolment,
    EnrolmentResult,
    TargetGroup,
    certificate_expiry,
)

register_event_labels(
    {
        "awareness_class_created": "Mở lớp bồi dưỡng nhận thức về Đảng",
        "enrolment_created": "Cử đi học lớp bồi dưỡng nhận thức về Đảng",
        "enrolment_result_recorded": "Ghi kết quả lớp bồi dưỡng, giấy chứng nhận",
    }
)

CLASS_FIELDS = [
    "name",
    "organization",
    "issuing_body",
    "target_group",
    "starts_on",
    "ends_on",
    "place",
]
ENROLMENT_FIELDS = ["result", "certificate_number", "certificate_date", "certificate_expires_on"]


def _require(acting_user, organization: Organization, message: str) -> None:
    if acting_user is None:
        return  # imports and the demo builder act without a user
    if not user_can(acting_user, Action.MANAGE_TRAINING):
        raise RoleRefused(message)
    if not in_scope(acting_user, organization.path):
        raise DomainError(f"«{organization.name}» nằm ngoài phạm vi quản lý của bạn.")


@transaction.atomic
def awareness_class_create(
    *,
    acting_user,
    organization: Organization,
    name: str,
    issuing_body: str,
    target_group: str,
    starts_on: date,
    ends_on: date,
    place: str = "",
) -> AwarenessClass:
    _require(acting_user, organization, "Vai trò của bạn không được mở lớp bồi dưỡng.")
    name, issuing_body = normalize(name), normalize(issuing_body)
    if not name:
        raise DomainError("Tên lớp không được để trống.", field="name")
    if not issuing_body:
        raise DomainError("Phải ghi cơ quan cấp giấy chứng nhận.", field="issuing_body")
    if organization.kind.is_cell:
        raise DomainError(
            "Chi bộ không tổ chức lớp bồi dưỡng: hãy chọn cấp ủy.", field="organization"
        )
    if target_group not in TargetGroup.values:
        raise DomainError("Đối tượng không hợp lệ.", field="target_group")
    if starts_on is None or ends_on is None:
        raise DomainError("Phải có ngày khai giảng và ngày bế giảng.", field="starts_on")
    if ends_on < starts_on:
        raise DomainError("Ngày bế giảng không được trước ngày khai giảng.", field="ends_on")
    awareness_class = AwarenessClass.objects.create(
        name=name,
        organization=organization,
        issuing_body=issuing_body,
        target_group=target_group,
        starts_on=starts_on,
        ends_on=ends_on,
        place=normalize(place),
    )
    audit_created(
        awareness_class,
        CLASS_FIELDS,
        actor=acting_user,
        event="awareness_class_created",
        organization=organization,
    )
    return awareness_class


@transaction.atomic
def enrolment_create(
    *,
    acting_user,
    awareness_class: AwarenessClass,
    person: Person,
    organization: Organization | None = None,
) -> Enrolment:
    """Enrol a person, sent by a cell (by default the cell that follows them)."""
    awareness_class = AwarenessClass.objects.select_related("organization").get(
        pk=awareness_class.pk
    )
    person = Person.objects.select_related("organization__kind").get(pk=person.pk)
    organization = organization or person.organization
    _require(
        acting_user, awareness_class.organization, "Vai trò của bạn không được ghi danh học viên."
    )
    if organization is None or not organization.kind.is_cell:
        raise DomainError("Phải có chi bộ cử đi học.", field="organization")
    if acting_user is not None and not in_scope(acting_user, organization.path):
        raise DomainError(f"«{organization.name}» nằm ngoài phạm vi quản lý của bạn.")
    # The organiser's subtree includes the cells of the units merged into it (a commune that
    # absorbed another in 2025 trains the absorbed commune's people too).
    organiser_prefixes = subtree_prefixes(awareness_class.organization)
    if not any(organization.path.startswith(prefix) for prefix in organiser_prefixes):
        raise DomainError(
            f"«{organization.name}» không thuộc «{awareness_class.organization.name}», "
            "nơi tổ chức lớp.",
            field="organization",
        )
    if Member.objects.filter(person=person).exists():
        raise DomainError(f"«{person.full_name}» đã là đảng viên, không cần học lớp này.")
    if Enrolment.objects.filter(awareness_class=awareness_class, person=person).exists():
        raise DomainError(f"«{person.full_name}» đã có trong danh sách lớp.", field="person")
    if Enrolment.objects.filter(
        awareness_class=awareness_class, result__in=[EnrolmentResult.PASSED, EnrolmentResult.FAILED]
    ).exists():
        raise DomainError("Lớp đã có kết quả, không ghi danh thêm.")
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                awareness_class=awareness_class,
                person=person,
                organization=organization,
                enrolled_by=acting_user if acting_user and acting_user.is_authenticated else None,
            )
    except IntegrityError as exc:
        raise DomainError(f"«{person.full_name}» đã có trong danh sách lớp.") from exc
    audit_record(
        actor=acting_user,
        event="enrolment_created",
        obj=enrolment,
        organization=organization,
        new={"class": awareness_class.pk, "person": person.pk},
    )
    return enrolment


@transaction.atomic
def enrolment_record_result(
    *,
    acting_user,
    enrolment: Enrolment,
    result: str,
    certificate_number: str = "",
    certificate_date: date | None = None,
) -> Enrolment:
    """Record the result; a pass needs the certificate's number and date, from which the
    expiry follows (R8)."""
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("awareness_class__organization", "person")
        .get(pk=enrolment.pk)
    )
    awareness_class = enrolment.awareness_class
    _require(
        acting_user, awareness_class.organization, "Vai trò của bạn không được ghi kết quả lớp."
    )
    if result not in (EnrolmentResult.PASSED, EnrolmentResult.FAILED):
        raise DomainError("Kết quả phải là «Đạt» hoặc «Không đạt».", field="result")
    certificate_number = normalize(certificate_number)
    if result == EnrolmentResult.PASSED:
        if not certificate_number or certificate_date is None:
            raise DomainError(
                "Học viên đạt phải có số và ngày cấp giấy chứng nhận.", field="certificate_number"
            )
        if certificate_date < awareness_class.starts_on:
            raise DomainError(
                "Ngày cấp giấy chứng nhận không thể trước ngày khai giảng "
                f"({awareness_class.starts_on:%d/%m/%Y}).",
                field="certificate_date",
            )
        if certificate_date > timezone.localdate():
            raise DomainError(
                "Ngày cấp giấy chứng nhận không được sau ngày hôm nay.", field="certificate_date"
            )
        clash = (
            Enrolment.objects.filter(
                awareness_class=awareness_class, certificate_number=certificate_number
            )
            .exclude(pk=enrolment.pk)
            .exists()
        )
        if clash:
            raise DomainError(
                f"Số giấy chứng nhận {certificate_number} đã cấp cho học viên khác của lớp.",
                field="certificate_number",
            )
    else:
        certificate_number, certificate_date = "", None
    old = snapshot(enrolment, ENROLMENT_FIELDS)
    enrolment.result = result
    enrolment.certificate_number = certificate_number
    enrolment.certificate_date = certificate_date
    enrolment.certificate_expires_on = (
        certificate_expiry(certificate_date) if certificate_date else None
    )
    enrolment.save(update_fields=ENROLMENT_FIELDS)
    audit_record(
        actor=acting_user,
        event="enrolment_result_recorded",
        obj=enrolment,
        organization=enrolment.organization,
        old=old,
        new={**snapshot(enrolment, ENROLMENT_FIELDS), "rule": CERTIFICATE_RULE},
    )
    return enrolment
