"""Candidates: the one way a person enters the list (`candidate_enlist`), corrections, the
member who helps them and the monthly reviews."""

from datetime import date

from django.db import transaction

from ptdv.accounts.audit import audit_created, audit_record, save_audited
from ptdv.accounts.permissions import Action
from ptdv.core.errors import DomainError
from ptdv.organizations.models import Organization
from ptdv.people import services as people_services
from ptdv.people.models import Member, MemberStatus, Person
from ptdv.recruitment.gates import require
from ptdv.recruitment.models import (
    NEVER_READMITTED,
    Candidate,
    CandidateStatus,
    Dossier,
    DossierState,
    DossierTransition,
    MentorAssignment,
    ReviewNote,
    SourceOrganization,
)
from ptdv.recruitment.services.moving import not_future

S = DossierState


@transaction.atomic
def candidate_create(
    *,
    acting_user,
    person: Person,
    organization: Organization,
    source: str,
    listed_on: date,
    disadvantaged_area: bool = False,
    is_readmission: bool = False,
    left_party_on: date | None = None,
    left_party_reason: str = "",
    conviction_expunged_on: date | None = None,
) -> Candidate:
    """Put a person already recorded (see `candidate_enlist`) on a cell's candidate list
    (S0 → S1) and open their dossier; the cell takes over following the person."""
    require(acting_user, Action.MANAGE_CANDIDATES, organization)
    if not organization.kind.is_cell:
        raise DomainError("Chỉ chi bộ mới có danh sách quần chúng ưu tú.", field="organization")
    if source not in SourceOrganization.values:
        raise DomainError("Phải chọn nguồn giới thiệu.", field="source")
    not_future(listed_on, "ngày đưa vào danh sách")
    if person.organization_id is None:
        raise DomainError(f"«{person}» chưa thuộc chi bộ nào.", field="person")
    membership = Member.objects.filter(person=person, ended_on__isnull=True).first()
    if membership is not None:
        raise DomainError(f"{person} đang là đảng viên, không thể là quần chúng ưu tú.")
    if Candidate.objects.filter(person=person, status=CandidateStatus.ACTIVE).exists():
        raise DomainError(f"{person} đã có trong danh sách quần chúng ưu tú của một chi bộ.")
    if is_readmission and left_party_reason in NEVER_READMITTED:
        raise DomainError(
            "Người ra khỏi Đảng vì lý do này không được xem xét kết nạp lại "
            "(R38, Quy định 232-QĐ/TW điểm 3.5).",
            field="left_party_reason",
            rule="R38",
        )
    if person.organization_id != organization.pk:
        person = people_services.person_follow(
            acting_user=acting_user, person=person, organization=organization
        )
    candidate = Candidate.objects.create(
        person=person,
        organization=organization,
        source=source,
        listed_on=listed_on,
        disadvantaged_area=disadvantaged_area,
        is_readmission=is_readmission,
        left_party_on=left_party_on,
        left_party_reason=left_party_reason,
        conviction_expunged_on=conviction_expunged_on,
    )
    dossier = Dossier.objects.create(
        candidate=candidate, organization=organization, state_changed_on=listed_on
    )
    DossierTransition.objects.create(
        dossier=dossier,
        from_state=S.SOURCE,
        to_state=S.SOURCE,
        action="candidate_create",
        actor=acting_user,
        meeting_date=listed_on,
    )
    audit_created(
        candidate,
        ["person", "organization", "source", "listed_on"],
        actor=acting_user,
        event="candidate_created",
        organization=organization,
    )
    return candidate


CANDIDATE_OPTIONS = (
    "disadvantaged_area",
    "is_readmission",
    "left_party_on",
    "left_party_reason",
    "conviction_expunged_on",
)


@transaction.atomic
def candidate_enlist(
    *,
    acting_user,
    organization: Organization,
    source: str,
    listed_on: date,
    person: Person | None = None,
    use_existing: bool = False,
    confirm_duplicate: bool = False,
    person_data: dict | None = None,
    **options,
) -> Candidate:
    """The one way a candidate enters the system, from the page, the API and the import:
    `person` (or, with `use_existing`, the person of the caller's subtree found by the CCCD,
    or by name and birth date, in `person_data`) is put on the list; otherwise the person is
    created from `person_data` (CCCD, name, birth date, sex, ethnicity, …) through the people
    services, with their duplicate checks and audit."""
    unknown = sorted(set(options) - set(CANDIDATE_OPTIONS))
    if unknown:
        raise TypeError(f"unknown candidate fields: {unknown}")
    require(acting_user, Action.MANAGE_CANDIDATES, organization)
    data = dict(person_data or {})
    if person is None and use_existing:
        person = people_services.person_find(
            acting_user=acting_user,
            citizen_id=data.get("citizen_id", ""),
            full_name=data.get("full_name", ""),
            birth_date=data.get("birth_date"),
        )
        if person is None:
            raise DomainError(
                "Không tìm thấy người này trong phạm vi quản lý của bạn (theo số CCCD, hoặc họ "
                "tên và ngày sinh): hãy bỏ chọn «Người đã có trong hệ thống» để thêm mới.",
                field="citizen_id",
            )
    if person is not None:
        if acting_user is not None and not (
            Person.objects.for_user(acting_user).filter(pk=person.pk).exists()
        ):
            raise DomainError("Người này nằm ngoài phạm vi quản lý của bạn.", field="person")
    else:
        data.pop("organization", None)
        person = people_services.person_create(
            acting_user=acting_user,
            organization=organization,
            confirm_duplicate=confirm_duplicate,
            **data,
        )
    return candidate_create(
        acting_user=acting_user,
        person=person,
        organization=organization,
        source=source,
        listed_on=listed_on,
        **options,
    )


@transaction.atomic
def candidate_update(*, acting_user, candidate: Candidate, **changes) -> Candidate:
    """Correct a candidate's place on the list (source, listing date, R5/R37 details); the
    person's own record is corrected with `people.services.person_update`."""
    allowed = {"source", "listed_on", *CANDIDATE_OPTIONS}
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise DomainError(f"Không sửa được trường {', '.join(unknown)} của quần chúng.")
    candidate = (
        Candidate.objects.select_for_update(of=("self",))
        .select_related("organization", "person")
        .get(pk=candidate.pk)
    )
    require(acting_user, Action.MANAGE_CANDIDATES, candidate.organization)
    if candidate.status != CandidateStatus.ACTIVE:
        raise DomainError(
            f"Quần chúng đang ở trạng thái «{candidate.get_status_display()}»: không sửa được."
        )
    if "source" in changes and changes["source"] not in SourceOrganization.values:
        raise DomainError("Phải chọn nguồn giới thiệu.", field="source")
    if "listed_on" in changes:
        not_future(changes["listed_on"], "ngày đưa vào danh sách")
    if (
        changes.get("is_readmission", candidate.is_readmission)
        and changes.get("left_party_reason", candidate.left_party_reason) in NEVER_READMITTED
    ):
        raise DomainError(
            "Người ra khỏi Đảng vì lý do này không được xem xét kết nạp lại "
            "(R38, Quy định 232-QĐ/TW điểm 3.5).",
            field="left_party_reason",
            rule="R38",
        )
    if not changes:
        return candidate
    save_audited(
        candidate,
        changes,
        sorted(allowed),
        actor=acting_user,
        event="candidate_updated",
        organization=candidate.organization,
    )
    return candidate


def check_mentor(candidate: Candidate, member: Member) -> None:
    if member.organization_id != candidate.organization_id:
        raise DomainError(
            f"{member} không sinh hoạt ở «{candidate.organization}»: đảng viên giúp đỡ phải cùng "
            "chi bộ (R46).",
            field="member",
        )
    if member.status != MemberStatus.OFFICIAL or member.ended_on is not None:
        raise DomainError(
            f"{member} không phải đảng viên chính thức đang sinh hoạt.", field="member"
        )


def assign(candidate: Candidate, member: Member, on: date, acting_user) -> MentorAssignment:
    MentorAssignment.objects.filter(candidate=candidate, ended_on__isnull=True).update(ended_on=on)
    assignment = MentorAssignment.objects.create(candidate=candidate, member=member, assigned_on=on)
    audit_record(
        actor=acting_user,
        event="mentor_assigned",
        obj=candidate,
        organization=candidate.organization,
        new={"member": member.pk, "assigned_on": on.isoformat()},
    )
    return assignment


@transaction.atomic
def candidate_assign_mentor(
    *, acting_user, candidate: Candidate, member: Member, on: date
) -> MentorAssignment:
    """Change the member who helps a candidate; the previous assignment ends that day."""
    require(acting_user, Action.MANAGE_CANDIDATES, candidate.organization)
    not_future(on, "ngày phân công")
    check_mentor(candidate, member)
    return assign(candidate, member, on, acting_user)


@transaction.atomic
def candidate_add_review(*, acting_user, candidate: Candidate, month: date, text: str):
    require(acting_user, Action.MANAGE_CANDIDATES, candidate.organization)
    if not (text or "").strip():
        raise DomainError("Nhận xét không được để trống.", field="text")
    note = ReviewNote.objects.create(
        candidate=candidate,
        month=month.replace(day=1),
        text=text.strip(),
        author=acting_user if acting_user is not None else None,
    )
    audit_record(
        actor=acting_user,
        event="review_noted",
        obj=candidate,
        organization=candidate.organization,
        new={"month": note.month.isoformat()},
    )
    return note


# Verification requests (R12–R16) -----------------------------------------------------------
