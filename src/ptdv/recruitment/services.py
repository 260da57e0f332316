"""Writes of the recruitment app. Each dossier transition is one function: it checks scope,
role and every rule that applies, then moves the state with a conditional update (so that two
officers moving the same dossier at once produce exactly one transition), records the step and
writes the audit row, all in one transaction. A refusal raises DomainError and changes nothing.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from ptdv.accounts.audit import audit_record, snapshot
from ptdv.accounts.models import register_event_labels
from ptdv.accounts.permissions import Action, user_can
from ptdv.core.calendar import add_months, add_working_days
from ptdv.core.errors import DomainError, RoleRefused, StaleState
from ptdv.organizations.authority import competent_body, may_record_for
from ptdv.organizations.models import AuthorityDecision, Organization
from ptdv.organizations.scope import in_scope
from ptdv.people import services as people_services
from ptdv.people.models import Member, MembershipPeriod, MemberStatus, Person
from ptdv.recruitment import checks, moves
from ptdv.recruitment.checks import d
from ptdv.recruitment.models import (
    CERTIFIED_STATES,
    CLOSED_STATES,
    NEVER_READMITTED,
    PRE_DECISION_STATES,
    Candidate,
    CandidateStatus,
    Dossier,
    DossierState,
    DossierTransition,
    MentorAssignment,
    Relation,
    ReviewNote,
    SourceOrganization,
    VerificationRequest,
)
from ptdv.recruitment.rules import basis, rule, vote_share

S = DossierState

register_event_labels(
    {
        "candidate_created": "Đưa vào danh sách quần chúng ưu tú",
        "candidate_updated": "Sửa thông tin quần chúng ưu tú",
        "mentor_assigned": "Phân công đảng viên giúp đỡ",
        "review_noted": "Nhận xét hằng tháng",
        "verification_added": "Thêm người cần thẩm tra lý lịch",
        "verification_answered": "Nhận kết quả thẩm tra",
        "dossier_transition": "Chuyển bước hồ sơ kết nạp",
        "dossier_extended": "Gia hạn thời hạn quyết định",
    }
)


def _today() -> date:
    return timezone.localdate()


def _require(acting_user, action: str, organization: Organization) -> None:
    if acting_user is None:
        return  # system jobs and the demo builder
    if not user_can(acting_user, action):
        raise RoleRefused(
            f"Vai trò của bạn không được thực hiện việc này ({Action(action).label.lower()})."
        )
    if not in_scope(acting_user, organization.path):
        raise DomainError("Hồ sơ này nằm ngoài phạm vi quản lý của bạn.")


class WrongStep(DomainError):
    """The dossier is not at a step from which this transition starts."""


def _require_state(dossier: Dossier, allowed, what: str) -> None:
    if dossier.state not in allowed:
        raise WrongStep(f"Hồ sơ đang ở bước «{dossier.get_state_display()}», chưa thể {what}.")


def _reject_action(dossier: Dossier) -> str:
    # The competent committee refuses a submitted dossier; earlier, a vote of the cell or the
    # grassroots committee failed and the cell's side records it.
    if dossier.state == S.AWAITING_DECISION:
        return Action.DECIDE
    return Action.RECORD_CELL_DECISIONS


def _recognize_states(dossier: Dossier) -> tuple:
    # R34: after the cell failed to reach two thirds and reported up, the competent committee
    # may decide straight from the probation.
    if dossier.escalated_on:
        return (S.RECOGNITION_PROPOSED, S.PROBATIONARY)
    return (S.RECOGNITION_PROPOSED,)


@dataclass(frozen=True)
class Gate:
    """Who may make a transition and from which states: `action` and `states` are values or
    functions of the dossier. The one declaration the services, the pages and the API read."""

    states: object
    action: object
    what: str
    forward: bool = True  # a step of the procedure (not a refusal, a drop or an aside)
    # A decision of the competent body (R25): besides the DECIDE role, the office of the very
    # body the authority table names records it (a commune office, its standing committee's).
    decision: str = ""

    def states_for(self, dossier: Dossier) -> tuple:
        return tuple(self.states(dossier) if callable(self.states) else self.states)

    def action_for(self, dossier: Dossier) -> str:
        return self.action(dossier) if callable(self.action) else self.action

    def role_may(self, user, dossier: Dossier) -> bool:
        """The role check alone, before a request's body is read (a 403 comes first); a
        decision is also open to an office, whose body the service then checks (R25)."""
        if self.decision and user_can(user, Action.MANAGE_DOSSIERS):
            return True
        return user_can(user, self.action_for(dossier))


A = Action
GATES: dict[str, Gate] = {
    "nominate": Gate((S.SOURCE, S.CERT_EXPIRED), A.MANAGE_CANDIDATES, "cử đi học lớp bồi dưỡng"),
    "record_certificate": Gate(
        (S.NOMINATED_FOR_CLASS,), A.MANAGE_CANDIDATES, "ghi giấy chứng nhận"
    ),
    "assign_helper": Gate((S.CLASS_CERTIFIED,), A.MANAGE_CANDIDATES, "phân công đảng viên giúp đỡ"),
    "open": Gate((S.ASSIGNED_HELPER,), A.MANAGE_CANDIDATES, "nhận đơn và lý lịch"),
    "add_verification": Gate(
        (S.DOSSIER_OPEN, S.VERIFYING), A.MANAGE_CANDIDATES, "thêm người cần thẩm tra", False
    ),
    "start_verification": Gate((S.DOSSIER_OPEN,), A.MANAGE_CANDIDATES, "gửi thẩm tra lý lịch"),
    "answer_verification": Gate((S.VERIFYING,), A.MANAGE_CANDIDATES, "ghi kết quả thẩm tra", False),
    "complete_verification": Gate((S.VERIFYING,), A.MANAGE_DOSSIERS, "chứng nhận lý lịch"),
    "introduce": Gate((S.VERIFIED,), A.MANAGE_CANDIDATES, "ghi người giới thiệu"),
    "cell_resolve": Gate((S.INTRODUCED,), A.RECORD_CELL_DECISIONS, "họp chi bộ xét kết nạp"),
    "grassroots_resolve": Gate(
        (S.CELL_PROPOSED,), A.MANAGE_DOSSIERS, "ghi nghị quyết của cấp ủy cơ sở"
    ),
    "submit": Gate((S.GRASSROOTS_PROPOSED,), A.MANAGE_DOSSIERS, "trình cấp có thẩm quyền"),
    "extend_deadline": Gate(
        (S.CELL_PROPOSED, S.GRASSROOTS_PROPOSED, S.AWAITING_DECISION, S.RECOGNITION_PROPOSED),
        A.DECIDE,
        "gia hạn thời hạn quyết định",
        False,
    ),
    "decide_admission": Gate(
        (S.AWAITING_DECISION,),
        A.DECIDE,
        "ghi quyết định kết nạp",
        decision=AuthorityDecision.ADMISSION,
    ),
    "reject": Gate(
        (S.INTRODUCED, S.CELL_PROPOSED, S.GRASSROOTS_PROPOSED, S.AWAITING_DECISION),
        _reject_action,
        "ghi không kết nạp",
        False,
    ),
    "hold_ceremony": Gate((S.ADMISSION_DECIDED,), A.RECORD_CELL_DECISIONS, "tổ chức lễ kết nạp"),
    "recognition_vote": Gate(
        (S.PROBATIONARY,), A.RECORD_CELL_DECISIONS, "xét công nhận đảng viên chính thức"
    ),
    "recognize": Gate(
        _recognize_states,
        A.DECIDE,
        "công nhận đảng viên chính thức",
        decision=AuthorityDecision.RECOGNITION,
    ),
    "strike_off": Gate(
        (S.PROBATIONARY, S.RECOGNITION_PROPOSED),
        A.DECIDE,
        "xóa tên",
        False,
        decision=AuthorityDecision.STRIKE_OFF,
    ),
    "drop": Gate(tuple(PRE_DECISION_STATES), A.MANAGE_CANDIDATES, "đưa ra khỏi danh sách", False),
    "transfer": Gate(
        tuple(PRE_DECISION_STATES), A.MANAGE_DOSSIERS, "chuyển hồ sơ sang chi bộ khác", False
    ),
}


def may_act(user, name: str, dossier: Dossier) -> bool:
    """Whether `user`'s role may make transition `name` on `dossier` in its present state
    (scope is the caller's: the dossier came from a scoped queryset)."""
    gate = GATES[name]
    if dossier.state not in gate.states_for(dossier):
        return False
    if gate.decision:
        return _may_decide(user, gate.decision, dossier, timezone.localdate())
    return user_can(user, gate.action_for(dossier))


def _may_decide(user, decision: str, dossier: Dossier, on: date) -> bool:
    """The DECIDE role, or the office of the body the authority table names on `on`."""
    if user_can(user, Action.DECIDE):
        return True
    if dossier.organization_id is None or not user_can(user, Action.MANAGE_DOSSIERS):
        return False
    return may_record_for(user, competent_body(dossier.organization, decision, on))


def states_waiting_for(user) -> list[str]:
    """The states at which `user`'s role records the next step of the procedure ("waiting
    for your action"), read from the same declaration as the services."""
    waiting = []
    for state in DossierState.values:
        for escalated in (None, date.min):
            probe = Dossier(state=state, escalated_on=escalated)
            if any(gate.forward and may_act(user, name, probe) for name, gate in GATES.items()):
                waiting.append(state)
                break
    return waiting


def _gate(acting_user, name: str, dossier: Dossier, on: date | None = None) -> None:
    """Role, scope and state for transition `name` (a decision as of its date `on`);
    refuses with the reason."""
    gate = GATES[name]
    if gate.decision:  # without a date yet, as the page asks: the body competent today
        _require_decider(acting_user, dossier, gate.decision, on or timezone.localdate())
    else:
        _require(acting_user, gate.action_for(dossier), dossier.organization)
    _require_state(dossier, gate.states_for(dossier), gate.what)


gate_check = _gate  # for the modules of this app that move a dossier outside this file


def check_expected(dossier: Dossier, expected_state: str | None) -> None:
    """A page or API call carries the step the officer saw: if the dossier moved since, the
    action is refused, even when the new step would allow it."""
    if expected_state is not None and expected_state != dossier.state:
        seen = dict(DossierState.choices).get(expected_state, expected_state)
        raise StaleState(
            "Hồ sơ vừa được người khác cập nhật (hiện ở bước "
            f"«{dossier.get_state_display()}», trang của bạn hiển thị bước "
            f"«{seen}»): "
            "thao tác của bạn không được ghi. Hãy tải lại trang và kiểm tra trước khi làm tiếp.",
            field="expected_state",
        )


def _not_future(day: date | None, label: str) -> None:
    if day is None:
        raise DomainError(f"Phải ghi {label}.")
    if day > _today():
        raise DomainError(f"{label.capitalize()} ({d(day)}) không thể ở tương lai.")


def _move(
    dossier: Dossier,
    *,
    acting_user,
    action: str,
    to_state: str,
    fields: dict | None = None,
    record: dict | None = None,
    expect: dict | None = None,
) -> Dossier:
    """Move `dossier` from the state its caller saw to `to_state`, if nobody moved it first."""
    fields = dict(fields or {})
    old_state = dossier.state
    fields["state"] = to_state
    fields["state_changed_on"] = _today()
    changed = Dossier.objects.filter(pk=dossier.pk, state=old_state, **(expect or {})).update(
        **fields
    )
    if changed != 1:
        current = Dossier.objects.get(pk=dossier.pk)
        raise StaleState(
            "Hồ sơ vừa được người khác cập nhật (hiện ở bước "
            f"«{current.get_state_display()}»): thao tác của bạn không được ghi. "
            "Hãy tải lại trang và kiểm tra trước khi làm tiếp."
        )
    before = snapshot(dossier, list(fields))
    for name, value in fields.items():
        setattr(dossier, name, value)
    DossierTransition.objects.create(
        dossier=dossier,
        from_state=old_state,
        to_state=to_state,
        action=action,
        actor=acting_user if acting_user is not None and acting_user.is_authenticated else None,
        **(record or {}),
    )
    audit_record(
        actor=acting_user,
        event="dossier_transition",
        obj=dossier,
        organization=dossier.organization,
        old=before,
        new=snapshot(dossier, list(fields)),
    )
    _refresh_due(dossier)
    return dossier


def compute_due(dossier: Dossier) -> tuple[date, str] | None:
    """The deadline of the dossier's current step and its rule, from the stored dates."""
    state = dossier.state
    if state in (S.CELL_PROPOSED, S.GRASSROOTS_PROPOSED, S.AWAITING_DECISION):
        due = decision_deadline(dossier)
        return (due, "R26") if due else None
    if state == S.ADMISSION_DECIDED:
        due = ceremony_deadline(dossier)
        return (due, "R27") if due else None
    if state == S.PROBATIONARY:
        if dossier.escalated_on:
            return dossier.escalated_on, "R34"
        due = recognition_vote_deadline(dossier)
        return (due, "R32") if due else None
    if state == S.RECOGNITION_PROPOSED:
        due = recognition_deadline(dossier)
        return (due, "R26") if due else None
    if state == S.VERIFYING:
        # The step waits for the answers: the first one due (R16), not the certificate.
        pending = [
            request
            for request in VerificationRequest.objects.filter(
                dossier_id=dossier.pk, answered_on__isnull=True, sent_on__isnull=False
            )
            if not request.exempt
        ]
        if pending:
            sla = rule("VERIFICATION_SLA_WORKING_DAYS")
            first = min(request.sent_on for request in pending)
            return add_working_days(first, sla), "R16"
    if state in CERTIFIED_STATES and dossier.certificate_date:
        return checks.certificate_expiry(dossier), "R8"
    return None


def _refresh_due(dossier: Dossier) -> None:
    due, due_rule = compute_due(dossier) or (None, "")
    Dossier.objects.filter(pk=dossier.pk).update(due_on=due, due_rule=due_rule)
    dossier.due_on, dossier.due_rule = due, due_rule


def dossier_refresh_deadlines(batch_size: int = 1000) -> int:
    """Recompute the stored deadline of every open dossier (after the working-day calendar or
    a configured period changed, or on data loaded from elsewhere). A maintenance command:
    it reads the dossiers by primary key in batches."""
    count, last = 0, 0
    while True:
        batch = list(
            Dossier.objects.exclude(state__in=CLOSED_STATES)
            .filter(pk__gt=last)
            .order_by("pk")[:batch_size]
        )
        if not batch:
            return count
        with transaction.atomic():
            for dossier in batch:
                _refresh_due(dossier)
        count += len(batch)
        last = batch[-1].pk


# Candidates, mentors, reviews ------------------------------------------------------------


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
    _require(acting_user, Action.MANAGE_CANDIDATES, organization)
    if not organization.kind.is_cell:
        raise DomainError("Chỉ chi bộ mới có danh sách quần chúng ưu tú.", field="organization")
    if source not in SourceOrganization.values:
        raise DomainError("Phải chọn nguồn giới thiệu.", field="source")
    _not_future(listed_on, "ngày đưa vào danh sách")
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
    audit_record(
        actor=acting_user,
        event="candidate_created",
        obj=candidate,
        organization=organization,
        new=snapshot(candidate, ["person", "organization", "source", "listed_on"]),
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
    _require(acting_user, Action.MANAGE_CANDIDATES, organization)
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
def candidate_enlist_trained(*, acting_user, enrolment, listed_on: date) -> Candidate:
    """One click on the "trained, not admitted" list: the person who passed the class goes on
    the candidate list of the cell that sent them, with a dossier already certified by the
    class's certificate (nominated when the class began)."""
    from ptdv.training.models import EnrolmentResult

    if enrolment.result != EnrolmentResult.PASSED or enrolment.certificate_date is None:
        raise DomainError("Chỉ đưa vào danh sách người đã học lớp và được cấp giấy chứng nhận.")
    person = enrolment.person
    source = (
        SourceOrganization.YOUTH_UNION if person.youth_union_member else SourceOrganization.OTHER
    )
    candidate = candidate_enlist(
        acting_user=acting_user,
        organization=enrolment.organization,
        source=source,
        listed_on=listed_on,
        person=person,
    )
    dossier = candidate.dossiers.get()
    dossier = dossier_nominate(
        acting_user=acting_user,
        dossier=dossier,
        meeting_date=min(enrolment.awareness_class.starts_on, listed_on),
        document_number="",
    )
    dossier_record_certificate(acting_user=acting_user, dossier=dossier, enrolment=enrolment)
    return candidate


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
    _require(acting_user, Action.MANAGE_CANDIDATES, candidate.organization)
    if candidate.status != CandidateStatus.ACTIVE:
        raise DomainError(
            f"Quần chúng đang ở trạng thái «{candidate.get_status_display()}»: không sửa được."
        )
    if "source" in changes and changes["source"] not in SourceOrganization.values:
        raise DomainError("Phải chọn nguồn giới thiệu.", field="source")
    if "listed_on" in changes:
        _not_future(changes["listed_on"], "ngày đưa vào danh sách")
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
    fields = sorted(allowed)
    old = snapshot(candidate, fields)
    for name, value in changes.items():
        setattr(candidate, name, value)
    candidate.save(update_fields=sorted(changes))
    audit_record(
        actor=acting_user,
        event="candidate_updated",
        obj=candidate,
        organization=candidate.organization,
        old=old,
        new=snapshot(candidate, fields),
    )
    return candidate


def _check_mentor(candidate: Candidate, member: Member) -> None:
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


def _assign(candidate: Candidate, member: Member, on: date, acting_user) -> MentorAssignment:
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
    _require(acting_user, Action.MANAGE_CANDIDATES, candidate.organization)
    _not_future(on, "ngày phân công")
    _check_mentor(candidate, member)
    return _assign(candidate, member, on, acting_user)


@transaction.atomic
def candidate_add_review(*, acting_user, candidate: Candidate, month: date, text: str):
    _require(acting_user, Action.MANAGE_CANDIDATES, candidate.organization)
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


@transaction.atomic
def verification_add(
    *,
    acting_user,
    dossier: Dossier,
    relation: str,
    full_name: str,
    is_party_member=False,
    declared_fully=True,
    sent_to: str = "",
    sent_on: date | None = None,
) -> VerificationRequest:
    _gate(acting_user, "add_verification", dossier)
    if relation not in Relation.values:
        raise DomainError("Quan hệ này không thuộc diện phải thẩm tra (R12).", field="relation")
    if not (full_name or "").strip():
        raise DomainError("Phải ghi họ và tên người được thẩm tra.", field="full_name")
    request = VerificationRequest.objects.create(
        dossier=dossier,
        relation=relation,
        full_name=full_name.strip(),
        is_party_member=is_party_member,
        declared_fully=declared_fully,
        sent_to=sent_to,
        sent_on=sent_on or dossier.verification_sent_on,
    )
    audit_record(
        actor=acting_user,
        event="verification_added",
        obj=dossier,
        organization=dossier.organization,
        new={"relation": relation},
    )
    _refresh_due(dossier)
    return request


@transaction.atomic
def verification_answer(
    *, acting_user, request: VerificationRequest, answered_on: date, result: str
) -> VerificationRequest:
    dossier = Dossier.objects.select_related("organization").get(pk=request.dossier_id)
    _gate(acting_user, "answer_verification", dossier)
    if request.answered_on is not None:
        raise DomainError("Kết quả thẩm tra này đã được ghi.", field="request")
    _not_future(answered_on, "ngày trả lời")
    if request.sent_on and answered_on < request.sent_on:
        raise DomainError("Ngày trả lời không thể trước ngày gửi thẩm tra.", field="answered_on")
    VerificationRequest.objects.filter(pk=request.pk).update(answered_on=answered_on, result=result)
    request.answered_on, request.result = answered_on, result
    audit_record(
        actor=acting_user,
        event="verification_answered",
        obj=dossier,
        organization=dossier.organization,
        new={"request": request.pk},
    )
    _refresh_due(dossier)
    return request


# The transitions (DOMAIN.md §3.2) ------------------------------------------------------------


@transaction.atomic
def dossier_nominate(*, acting_user, dossier: Dossier, meeting_date: date, document_number=""):
    """S1 (or X4) → S2: the cell proposes, the grassroots committee approves the class."""
    _gate(acting_user, "nominate", dossier)
    _not_future(meeting_date, "ngày họp chi bộ")
    return _move(
        dossier,
        acting_user=acting_user,
        action="nominate",
        to_state=S.NOMINATED_FOR_CLASS,
        fields={"nominated_on": meeting_date},
        record={"meeting_date": meeting_date, "document_number": document_number},
    )


@transaction.atomic
def dossier_record_certificate(
    *,
    acting_user,
    dossier: Dossier,
    enrolment=None,
    certificate_number: str = "",
    certificate_date: date | None = None,
    certificate_issuer: str = "",
):
    """S2 → S3: the class certificate (R7), valid 60 months (R8): taken from the person's
    passed enrolment in a class of the system, or recorded as issued elsewhere, with its
    number, date and issuer."""
    _gate(acting_user, "record_certificate", dossier)
    if enrolment is not None:
        from ptdv.training.models import EnrolmentResult

        if enrolment.person_id != dossier.candidate.person_id:
            raise DomainError(
                "Kết quả lớp này là của người khác, không phải của người vào Đảng.",
                field="enrolment",
            )
        if enrolment.result != EnrolmentResult.PASSED or enrolment.certificate_date is None:
            raise DomainError(
                "Chỉ lấy được giấy chứng nhận từ kết quả «Đạt» đã có số và ngày cấp.",
                field="enrolment",
            )
        certificate_number = enrolment.certificate_number
        certificate_date = enrolment.certificate_date
        certificate_issuer = enrolment.awareness_class.issuing_body
    _not_future(certificate_date, "ngày cấp giấy chứng nhận")
    if not (certificate_number or "").strip():
        raise DomainError("Phải ghi số giấy chứng nhận (R7).", field="certificate_number")
    if not (certificate_issuer or "").strip():
        raise DomainError(
            "Giấy chứng nhận do nơi khác cấp: phải ghi nơi cấp (hoặc chọn kết quả lớp bồi dưỡng "
            "trong hệ thống).",
            field="certificate_issuer",
        )
    if dossier.nominated_on and certificate_date < dossier.nominated_on:
        raise DomainError("Ngày cấp giấy chứng nhận không thể trước ngày được cử đi học.")
    return _move(
        dossier,
        acting_user=acting_user,
        action="record_certificate",
        to_state=S.CLASS_CERTIFIED,
        fields={
            "certificate_number": certificate_number.strip(),
            "certificate_date": certificate_date,
            "certificate_issuer": certificate_issuer.strip(),
            "certificate_enrolment": enrolment,
        },
        record={"document_number": certificate_number, "document_date": certificate_date},
    )


@transaction.atomic
def dossier_assign_helper(*, acting_user, dossier: Dossier, helper: Member, meeting_date: date):
    """S3 → S4: the cell assigns an official member to help the candidate."""
    _gate(acting_user, "assign_helper", dossier)
    _not_future(meeting_date, "ngày họp chi bộ")
    _check_mentor(dossier.candidate, helper)
    dossier = _move(
        dossier,
        acting_user=acting_user,
        action="assign_helper",
        to_state=S.ASSIGNED_HELPER,
        fields={"helper_assigned_on": meeting_date},
        record={"meeting_date": meeting_date},
    )
    _assign(dossier.candidate, helper, meeting_date, acting_user)
    return dossier


@transaction.atomic
def dossier_open(*, acting_user, dossier: Dossier, letter_date: date, history_date: date):
    """S4 → S5: the letter (Mẫu 1-KNĐ), then the personal history (Mẫu 2-KNĐ) (R10, R11)."""
    _gate(acting_user, "open", dossier)
    _not_future(letter_date, "ngày viết đơn")
    _not_future(history_date, "ngày khai lý lịch")
    if history_date < letter_date:
        raise DomainError(
            f"Lý lịch khai ngày {d(history_date)}, trước đơn xin vào Đảng ngày {d(letter_date)}: "
            "người vào Đảng phải viết đơn trước, rồi mới khai lý lịch (R10, Hướng dẫn 06-HD/TW "
            "điểm 3).",
            field="history_date",
            rule="R10",
        )
    return _move(
        dossier,
        acting_user=acting_user,
        action="open",
        to_state=S.DOSSIER_OPEN,
        fields={"letter_date": letter_date, "history_date": history_date},
        record={"document_date": history_date},
    )


@transaction.atomic
def dossier_start_verification(*, acting_user, dossier: Dossier, stamped_on: date, sent_on: date):
    """S5 → S6: the history is stamped across its pages, then the requests go out (R15)."""
    _gate(acting_user, "start_verification", dossier)
    _not_future(stamped_on, "ngày đóng dấu giáp lai")
    _not_future(sent_on, "ngày gửi thẩm tra")
    if stamped_on < dossier.history_date:
        raise DomainError("Ngày đóng dấu giáp lai không thể trước ngày khai lý lịch.")
    if sent_on < stamped_on:
        raise DomainError(
            "Phải đóng dấu giáp lai lý lịch trước khi gửi đi thẩm tra (R15, Hướng dẫn 06-HD/TW "
            "điểm 3.4 d).",
            field="sent_on",
            rule="R15",
        )
    dossier = _move(
        dossier,
        acting_user=acting_user,
        action="start_verification",
        to_state=S.VERIFYING,
        fields={"stamped_on": stamped_on, "verification_sent_on": sent_on},
        record={"document_date": sent_on},
    )
    if not dossier.verifications.filter(relation=Relation.SELF).exists():
        VerificationRequest.objects.create(
            dossier=dossier,
            relation=Relation.SELF,
            full_name=dossier.candidate.person.full_name,
            sent_on=sent_on,
        )
    dossier.verifications.filter(sent_on__isnull=True).update(sent_on=sent_on)
    _refresh_due(dossier)  # the answers are due from the day they were sent (R16)
    return dossier


@transaction.atomic
def dossier_complete_verification(
    *, acting_user, dossier: Dossier, comment_on: date, certified_on: date
):
    """S6 → S7: results compiled, then the cell committee comments and the grassroots
    committee certifies (R12–R15)."""
    _gate(acting_user, "complete_verification", dossier)
    _not_future(comment_on, "ngày chi ủy nhận xét")
    _not_future(certified_on, "ngày cấp ủy cơ sở chứng nhận")
    checks.check_verifications(dossier)
    last_answer = max(
        (v.answered_on for v in dossier.verifications.all() if v.answered_on), default=None
    )
    if last_answer and comment_on < last_answer:
        raise DomainError(
            f"Chi ủy chỉ nhận xét sau khi tổng hợp kết quả thẩm tra (kết quả cuối ngày "
            f"{d(last_answer)}) (R15).",
            field="comment_on",
            rule="R15",
        )
    if certified_on < comment_on:
        raise DomainError("Cấp ủy cơ sở chứng nhận sau khi chi ủy nhận xét (R15).", rule="R15")
    return _move(
        dossier,
        acting_user=acting_user,
        action="complete_verification",
        to_state=S.VERIFIED,
        fields={"cell_committee_comment_on": comment_on, "history_certified_on": certified_on},
        record={"document_date": certified_on},
    )


@transaction.atomic
def dossier_introduce(
    *,
    acting_user,
    dossier: Dossier,
    introduced_on: date,
    introducer_1: Member,
    introducer_1_since: date,
    introducer_2: Member | None = None,
    introducer_2_since: date | None = None,
    youth_union_resolution: str = "",
):
    """S7 → S8: two official members (R17), or the Youth Union executive committee and one
    official member (R19)."""
    _gate(acting_user, "introduce", dossier)
    _not_future(introduced_on, "ngày giới thiệu")
    checks.check_introducer(introducer_1, introducer_1_since, dossier, introduced_on)
    youth = (youth_union_resolution or "").strip()
    if youth:
        if introducer_2 is not None:
            raise DomainError(
                "Khi Ban Chấp hành Đoàn cơ sở giới thiệu thì chỉ cần thêm một đảng viên chính "
                "thức (R19).",
                field="introducer_2",
            )
        checks.check_youth_union(dossier, introduced_on)
    else:
        if introducer_2 is None:
            raise DomainError(
                "Cần hai đảng viên chính thức giới thiệu, hoặc nghị quyết giới thiệu của Ban "
                "Chấp hành Đoàn cơ sở và một đảng viên chính thức (R17, R19).",
                field="introducer_2",
                rule="R17",
            )
        if introducer_2.pk == introducer_1.pk:
            raise DomainError(
                "Hai người giới thiệu phải là hai đảng viên khác nhau (R17).",
                field="introducer_2",
                rule="R17",
            )
        checks.check_introducer(introducer_2, introducer_2_since, dossier, introduced_on)
    return _move(
        dossier,
        acting_user=acting_user,
        action="introduce",
        to_state=S.INTRODUCED,
        fields={
            "introduced_on": introduced_on,
            "introducer_1": introducer_1,
            "introducer_1_since": introducer_1_since,
            "introducer_2": introducer_2,
            "introducer_2_since": introducer_2_since if introducer_2 else None,
            "youth_union_resolution": youth,
        },
        record={"document_date": introduced_on, "document_number": youth},
    )


@transaction.atomic
def dossier_cell_resolve(
    *,
    acting_user,
    dossier: Dossier,
    meeting_date: date,
    votes_for: int,
    votes_against: int,
    document_number: str,
    official_members: int | None = None,
    excluded_members=(),
    over60_consent_number: str = "",
    over60_consent_date: date | None = None,
):
    """S8 → S9: the cell's resolution proposing admission (R2, R4, R5, R8, R9, R17, R22, R37,
    R38, R48). Over 60 the case goes on; the consent is checked before the decision (R3)."""
    moves.check_current_cell(dossier, acting_user)
    _gate(acting_user, "cell_resolve", dossier)
    _not_future(meeting_date, "ngày họp chi bộ")
    if dossier.introduced_on and meeting_date < dossier.introduced_on:
        raise DomainError("Chi bộ chỉ xét sau khi có người giới thiệu (R17).")
    candidate = dossier.candidate
    checks.check_age(candidate, meeting_date)
    checks.check_education(candidate)
    checks.check_certificate(dossier, meeting_date)
    checks.check_documents(dossier, meeting_date)
    checks.check_readmission(candidate, meeting_date)
    checks.check_introducers_at_meeting(dossier, meeting_date)
    official_members = checks.cell_denominator(
        dossier.organization, meeting_date, excluded=excluded_members, stated=official_members
    )
    checks.check_vote(
        total=official_members,
        votes_for=votes_for,
        votes_against=votes_against,
        who="đảng viên chính thức",
        rule_code="R22",
    )
    return _move(
        dossier,
        acting_user=acting_user,
        action="cell_resolve",
        to_state=S.CELL_PROPOSED,
        fields={
            "cell_resolution_date": meeting_date,
            "cell_resolution_number": document_number,
            "over60_consent_number": over60_consent_number,
            "over60_consent_date": over60_consent_date,
        },
        record={
            "meeting_date": meeting_date,
            "official_members": official_members,
            "votes_for": votes_for,
            "votes_against": votes_against,
            "document_number": document_number,
            "document_date": meeting_date,
            "actor_body": dossier.organization,
        },
    )


def _grassroots(dossier: Dossier, on: date | None = None) -> Organization:
    from ptdv.organizations.authority import grassroots_of

    return grassroots_of(dossier.organization, on)


@transaction.atomic
def dossier_grassroots_resolve(
    *,
    acting_user,
    dossier: Dossier,
    meeting_date: date,
    votes_for: int,
    votes_against: int,
    document_number: str,
    committee_members: int | None = None,
):
    """S9 → S10: the grassroots committee's resolution, ≥ 2/3 of its members (R24)."""
    _gate(acting_user, "grassroots_resolve", dossier)
    _not_future(meeting_date, "ngày họp cấp ủy")
    if meeting_date < dossier.cell_resolution_date:
        raise DomainError("Cấp ủy cơ sở chỉ xét sau nghị quyết của chi bộ (R24).")
    committee_members, _ = checks.committee_denominator(
        _grassroots(dossier, meeting_date), meeting_date, committee_members
    )
    checks.check_vote(
        total=committee_members,
        votes_for=votes_for,
        votes_against=votes_against,
        who="cấp ủy viên",
        rule_code="R24",
    )
    return _move(
        dossier,
        acting_user=acting_user,
        action="grassroots_resolve",
        to_state=S.GRASSROOTS_PROPOSED,
        fields={"grassroots_resolution_date": meeting_date},
        record={
            "meeting_date": meeting_date,
            "official_members": committee_members,
            "votes_for": votes_for,
            "votes_against": votes_against,
            "document_number": document_number,
            "document_date": meeting_date,
            "actor_body": _grassroots(dossier, meeting_date),
        },
    )


@transaction.atomic
def dossier_submit(*, acting_user, dossier: Dossier, submitted_on: date, document_number=""):
    """S10 → S11: the grassroots committee submits to the competent committee."""
    _gate(acting_user, "submit", dossier)
    _not_future(submitted_on, "ngày trình")
    if submitted_on < dossier.grassroots_resolution_date:
        raise DomainError("Ngày trình không thể trước nghị quyết của cấp ủy cơ sở.")
    return _move(
        dossier,
        acting_user=acting_user,
        action="submit",
        to_state=S.AWAITING_DECISION,
        fields={"submitted_on": submitted_on},
        record={
            "document_number": document_number,
            "document_date": submitted_on,
            "actor_body": _grassroots(dossier, submitted_on),
        },
    )


def decision_deadline(dossier: Dossier) -> date | None:
    """R26: 60 working days from the cell resolution, plus the extension (≤ 30)."""
    if dossier.cell_resolution_date is None:
        return None
    days = rule("ADMISSION_DECISION_WORKING_DAYS") + dossier.extension_working_days
    return add_working_days(dossier.cell_resolution_date, days)


def recognition_deadline(dossier: Dossier) -> date | None:
    if dossier.recognition_resolution_date is None:
        return None
    days = rule("RECOGNITION_DECISION_WORKING_DAYS") + dossier.extension_working_days
    return add_working_days(dossier.recognition_resolution_date, days)


@transaction.atomic
def dossier_extend_deadline(
    *, acting_user, dossier: Dossier, working_days: int, document_number: str, reason: str
):
    """R26: in special cases the decision deadline may be extended by at most 30 working days."""
    _gate(acting_user, "extend_deadline", dossier)
    cap = rule("DECISION_EXTENSION_MAX_WORKING_DAYS")
    if working_days <= 0 or dossier.extension_working_days + working_days > cap:
        raise DomainError(
            f"Chỉ được gia hạn tối đa {cap} ngày làm việc (R26, Quy định 232-QĐ/TW điểm 4.3.1); "
            f"đã gia hạn {dossier.extension_working_days} ngày.",
            field="working_days",
            rule="R26",
        )
    if not (document_number or "").strip() or not (reason or "").strip():
        raise DomainError("Phải ghi số văn bản và lý do gia hạn (R26).", rule="R26")
    total = dossier.extension_working_days + working_days
    changed = Dossier.objects.filter(
        pk=dossier.pk, state=dossier.state, extension_working_days=dossier.extension_working_days
    ).update(extension_working_days=total)
    if changed != 1:
        raise DomainError("Hồ sơ vừa được người khác cập nhật: hãy tải lại trang.")
    dossier.extension_working_days = total
    DossierTransition.objects.create(
        dossier=dossier,
        from_state=dossier.state,
        to_state=dossier.state,
        action="extend",
        actor=acting_user,
        document_number=document_number,
        note=reason,
    )
    audit_record(
        actor=acting_user,
        event="dossier_extended",
        obj=dossier,
        organization=dossier.organization,
        new={"extension_working_days": total},
    )
    _refresh_due(dossier)
    return dossier


def _require_decider(acting_user, dossier: Dossier, decision: str, on: date | None) -> None:
    """The DECIDE role, or the office of the very body the authority table names (a commune
    office records its own standing committee's decisions, R25)."""
    if acting_user is None or user_can(acting_user, Action.DECIDE) or on is None:
        _require(acting_user, Action.DECIDE, dossier.organization)
        return
    if not may_record_for(acting_user, competent_body(dossier.organization, decision, on)):
        _require(acting_user, Action.DECIDE, dossier.organization)
    _require(acting_user, Action.MANAGE_DOSSIERS, dossier.organization)


def _competent(dossier: Dossier, decision: str, on: date, acting_user) -> Organization:
    body = competent_body(dossier.organization, decision, on)
    if body is None:
        raise DomainError("Bảng thẩm quyền không chỉ ra cấp quyết định cho hồ sơ này (R25).")
    if acting_user is not None and not in_scope(acting_user, body.path):
        raise DomainError(
            f"Quyết định này thuộc thẩm quyền của «{body}», không thuộc đơn vị của bạn (R25).",
            rule="R25",
        )
    return body


def _check_deadline(deadline: date, on: date, breach_reason: str, what: str, basis: str) -> bool:
    if on <= deadline:
        return False
    if not (breach_reason or "").strip():
        raise DomainError(
            f"{what} ngày {d(on)} đã quá hạn {d(deadline)} ({basis}). Nếu được gia hạn, hãy ghi "
            f"gia hạn trước (tối đa {rule('DECISION_EXTENSION_MAX_WORKING_DAYS')} ngày làm việc); "
            "nếu vẫn ghi, phải nêu lý do quá hạn (cấp ủy phải kiểm điểm trước cấp trên).",
            field="breach_reason",
            rule="R26",
        )
    return True


@transaction.atomic
def dossier_decide_admission(
    *,
    acting_user,
    dossier: Dossier,
    decision_number: str,
    decision_date: date,
    received_on: date,
    committee_members: int | None = None,
    votes_for: int | None = None,
    votes_against: int = 0,
    breach_reason: str = "",
    over60_consent_number: str = "",
    over60_consent_date: date | None = None,
    readmission_consent_number: str = "",
    readmission_consent_date: date | None = None,
):
    """S11 → S12: the admission decision (R3, R25, R26, R39) creates the probationary member
    (R28)."""
    _gate(acting_user, "decide_admission", dossier, on=decision_date)
    _not_future(decision_date, "ngày quyết định")
    _not_future(received_on, "ngày chi bộ nhận quyết định")
    if not (decision_number or "").strip():
        raise DomainError("Phải ghi số quyết định kết nạp.", field="decision_number")
    if decision_date < dossier.submitted_on:
        raise DomainError("Ngày quyết định không thể trước ngày trình.", field="decision_date")
    if received_on < decision_date:
        raise DomainError("Ngày nhận quyết định không thể trước ngày quyết định.")
    body = _competent(dossier, AuthorityDecision.ADMISSION, decision_date, acting_user)
    if body.pk == _grassroots(dossier, decision_date).pk:
        # R24: an authorised grassroots committee decides by ≥ 2/3 of all its members.
        committee_members, _ = checks.committee_denominator(body, decision_date, committee_members)
        checks.check_vote(
            total=committee_members,
            votes_for=votes_for or 0,
            votes_against=votes_against,
            who="cấp ủy viên",
            rule_code="R24",
        )
    over60_consent_number = over60_consent_number or dossier.over60_consent_number
    over60_consent_date = over60_consent_date or dossier.over60_consent_date
    checks.check_over_age_consent(
        dossier, decision_date, over60_consent_number, over60_consent_date
    )
    checks.check_readmission_decision(
        dossier, decision_date, readmission_consent_number, readmission_consent_date
    )
    breached = _check_deadline(
        decision_deadline(dossier),
        decision_date,
        breach_reason,
        "Quyết định kết nạp",
        f"{rule('ADMISSION_DECISION_WORKING_DAYS')} ngày làm việc từ nghị quyết chi bộ, R26",
    )
    dossier = _move(
        dossier,
        acting_user=acting_user,
        action="decide_admission",
        to_state=S.ADMISSION_DECIDED,
        fields={
            "decision_number": decision_number.strip(),
            "decision_date": decision_date,
            "decision_received_on": received_on,
            "decided_by": body,
            "over60_consent_number": (over60_consent_number or "").strip(),
            "over60_consent_date": over60_consent_date,
            "readmission_consent_number": (readmission_consent_number or "").strip(),
            "readmission_consent_date": readmission_consent_date,
        },
        record={
            "document_number": decision_number,
            "document_date": decision_date,
            "official_members": committee_members,
            "votes_for": votes_for,
            "votes_against": votes_against if votes_for is not None else None,
            "actor_body": body,
            "deadline_breached": breached,
            "note": breach_reason,
        },
    )
    # After the conditional update, so that a concurrent second decision gets the clearer
    # message; raising here rolls the whole transaction back.
    person = dossier.candidate.person
    existing = Member.objects.filter(person=person).first()
    if existing is not None and existing.ended_on is None:
        raise DomainError(f"{person} đang là đảng viên.")
    if existing is not None:  # re-admission (R28, R39): the earlier period is kept
        MembershipPeriod.objects.create(
            member=existing,
            admission_decided_on=existing.admission_decided_on,
            official_from=existing.official_from,
            ended_on=existing.ended_on,
            readmitted_on=decision_date,
        )
        Member.objects.filter(pk=existing.pk).update(
            organization=dossier.organization,
            status=MemberStatus.PROBATIONARY,
            first_admission_decided_on=existing.first_admission_decided_on
            or existing.admission_decided_on,
            admission_decided_on=decision_date,
            ceremony_on=None,
            probation_ends_on=None,
            recognized_on=None,
            official_from=None,
            ended_on=None,
        )
        member = Member.objects.get(pk=existing.pk)
    else:
        member = Member.objects.create(
            person=person,
            organization=dossier.organization,
            status=MemberStatus.PROBATIONARY,
            admission_decided_on=decision_date,
            first_admission_decided_on=decision_date,
        )
    Dossier.objects.filter(pk=dossier.pk).update(member=member)
    dossier.member = member
    Candidate.objects.filter(pk=dossier.candidate_id).update(status=CandidateStatus.ADMITTED)
    return dossier


@transaction.atomic
def dossier_reject(*, acting_user, dossier: Dossier, on: date, reason: str, document_number=""):
    """S8–S11 → X1: a vote failed or the competent committee refused; the cell is notified."""
    _gate(acting_user, "reject", dossier)
    _not_future(on, "ngày")
    if not (reason or "").strip():
        raise DomainError("Phải ghi lý do không kết nạp.", field="reason")
    dossier = _move(
        dossier,
        acting_user=acting_user,
        action="reject",
        to_state=S.REJECTED,
        fields={"closed_on": on, "closed_reason": reason.strip()},
        record={"document_number": document_number, "document_date": on, "note": reason},
    )
    Candidate.objects.filter(pk=dossier.candidate_id).update(
        status=CandidateStatus.NOT_ADMITTED, closed_reason=reason.strip()
    )
    return dossier


@transaction.atomic
def dossier_drop(*, acting_user, dossier: Dossier, on: date, reason: str):
    """Any state before the decision → X2: the cell removes the person from its list."""
    _gate(acting_user, "drop", dossier)
    _not_future(on, "ngày")
    if not (reason or "").strip():
        raise DomainError("Phải ghi lý do đưa ra khỏi danh sách.", field="reason")
    dossier = _move(
        dossier,
        acting_user=acting_user,
        action="drop",
        to_state=S.DROPPED,
        fields={"closed_on": on, "closed_reason": reason.strip()},
        record={"document_date": on, "note": reason},
    )
    Candidate.objects.filter(pk=dossier.candidate_id).update(
        status=CandidateStatus.DROPPED, closed_reason=reason.strip()
    )
    return dossier


@transaction.atomic
def dossier_expire_certificate(*, acting_user, dossier: Dossier, on: date):
    """S3–S8 → X4 (system): the certificate passed 60 months before the cell voted (R8)."""
    _require_state(dossier, CERTIFIED_STATES, "đánh dấu giấy chứng nhận hết hạn")
    expiry = checks.certificate_expiry(dossier)
    if expiry is None or on <= expiry:
        raise DomainError(f"Giấy chứng nhận còn hạn đến {d(expiry)} (R8).", rule="R8")
    return _move(
        dossier,
        acting_user=acting_user,
        action="expire_certificate",
        to_state=S.CERT_EXPIRED,
        record={"document_date": on, "note": f"Hết hạn ngày {d(expiry)} (R8)"},
    )


def ceremony_deadline(dossier: Dossier) -> date | None:
    received = dossier.decision_received_on or dossier.decision_date
    return add_working_days(received, rule("CEREMONY_WORKING_DAYS")) if received else None


@transaction.atomic
def dossier_hold_ceremony(
    *, acting_user, dossier: Dossier, ceremony_date: date, late_consent_number: str = ""
):
    """S12 → S13: the ceremony within 30 working days of receipt, or with the direct superior
    committee's consent (R27); probation ends 12 months after the ceremony (R29)."""
    _gate(acting_user, "hold_ceremony", dossier)
    _not_future(ceremony_date, "ngày lễ kết nạp")
    if ceremony_date < dossier.decision_received_on:
        raise DomainError("Lễ kết nạp không thể trước ngày nhận quyết định.")
    deadline = ceremony_deadline(dossier)
    late = ceremony_date > deadline
    if late and not (late_consent_number or "").strip():
        raise DomainError(
            f"Lễ kết nạp ngày {d(ceremony_date)} quá {rule('CEREMONY_WORKING_DAYS')} ngày làm "
            f"việc kể từ ngày nhận quyết định {d(dossier.decision_received_on)} (hạn "
            f"{d(deadline)}): cần văn bản đồng ý của cấp ủy cấp trên trực tiếp (R27, "
            f"{basis('CEREMONY_WORKING_DAYS')}).",
            field="late_consent_number",
            rule="R27",
        )
    probation_end = add_months(ceremony_date, rule("PROBATION_MONTHS"))
    dossier = _move(
        dossier,
        acting_user=acting_user,
        action="hold_ceremony",
        to_state=S.PROBATIONARY,
        fields={
            "ceremony_date": ceremony_date,
            "probation_end": probation_end,
            "ceremony_late_consent": late_consent_number.strip(),
        },
        record={
            "meeting_date": ceremony_date,
            "document_number": late_consent_number,
            "deadline_breached": late,
            "actor_body": dossier.organization,
        },
    )
    # The member record carries the ceremony and the end of probation (R29).
    Member.objects.filter(pk=dossier.member_id).update(
        ceremony_on=ceremony_date, probation_ends_on=probation_end
    )
    return dossier


def recognition_vote_deadline(dossier: Dossier) -> date | None:
    if dossier.probation_end is None:
        return None
    return add_working_days(dossier.probation_end, rule("RECOGNITION_VOTE_WORKING_DAYS"))


@transaction.atomic
def dossier_recognition_vote(
    *,
    acting_user,
    dossier: Dossier,
    meeting_date: date,
    votes_for: int,
    votes_against: int,
    official_members: int | None = None,
    excluded_members=(),
    document_number: str = "",
    new_member_course_date: date | None = None,
):
    """S13 → S14 when ≥ 2/3 agree (R32); otherwise the failed vote is counted and after three
    the case goes to the superior committees (R34). The current cell votes (P6)."""
    moves.check_current_cell(dossier, acting_user)
    _gate(acting_user, "recognition_vote", dossier)
    _not_future(meeting_date, "ngày họp chi bộ")
    if dossier.escalated_on is not None:
        raise DomainError(
            f"Chi bộ đã biểu quyết {rule('FAILED_VOTES_BEFORE_ESCALATION')} lần không đạt "
            f"{vote_share()}: việc công nhận hoặc xóa tên do cấp ủy cấp trên trực tiếp và cấp có "
            f"thẩm quyền quyết định (R34, {basis('FAILED_VOTES_BEFORE_ESCALATION')}).",
            rule="R34",
        )
    if meeting_date < dossier.probation_end:
        raise DomainError(
            f"Chưa hết {rule('PROBATION_MONTHS')} tháng dự bị (đến {d(dossier.probation_end)}): "
            "chi bộ chỉ xét công nhận sau khi hết thời gian dự bị (R29, R32).",
            field="meeting_date",
            rule="R32",
        )
    official_members = checks.cell_denominator(
        dossier.organization, meeting_date, excluded=excluded_members, stated=official_members
    )
    if votes_for + votes_against > official_members:
        raise DomainError("Số phiếu vượt quá tổng số đảng viên chính thức.")
    record = {
        "meeting_date": meeting_date,
        "official_members": official_members,
        "votes_for": votes_for,
        "votes_against": votes_against,
        "document_number": document_number,
        "actor_body": dossier.organization,
    }
    from ptdv.recruitment.rules import two_thirds_reached

    if not two_thirds_reached(votes_for, official_members):
        failed = dossier.failed_recognition_votes + 1
        escalate = failed >= rule("FAILED_VOTES_BEFORE_ESCALATION")
        fields = {"failed_recognition_votes": failed}
        if escalate:
            fields["escalated_on"] = meeting_date
        record["note"] = f"Biểu quyết lần {failed} không đạt {vote_share()}" + (
            ": báo cáo cấp ủy cấp trên trực tiếp và cấp có thẩm quyền (R34)." if escalate else "."
        )
        return _move(
            dossier,
            acting_user=acting_user,
            action="recognition_vote_failed",
            to_state=S.PROBATIONARY,
            fields=fields,
            record=record,
            expect={"failed_recognition_votes": dossier.failed_recognition_votes},
        )
    if new_member_course_date is None:
        raise DomainError(
            "Hồ sơ công nhận chưa có giấy chứng nhận bồi dưỡng lý luận chính trị cho đảng viên "
            "mới (R30).",
            field="new_member_course_date",
            rule="R30",
        )
    record["deadline_breached"] = meeting_date > recognition_vote_deadline(dossier)
    return _move(
        dossier,
        acting_user=acting_user,
        action="recognition_vote",
        to_state=S.RECOGNITION_PROPOSED,
        fields={
            "recognition_resolution_date": meeting_date,
            "new_member_course_date": new_member_course_date,
        },
        record=record,
    )


@transaction.atomic
def dossier_recognize(
    *,
    acting_user,
    dossier: Dossier,
    decision_number: str,
    decision_date: date,
    committee_members: int,
    votes_for: int,
    votes_against: int = 0,
    breach_reason: str = "",
):
    """S14 (or S13 after an R34 escalation) → S15: the member is official from the end of
    probation, whatever the decision date (R33)."""
    _gate(acting_user, "recognize", dossier, on=decision_date)
    _not_future(decision_date, "ngày quyết định")
    if not (decision_number or "").strip():
        raise DomainError("Phải ghi số quyết định công nhận.", field="decision_number")
    if decision_date < dossier.probation_end:
        raise DomainError("Chưa hết thời gian dự bị (R32).", rule="R32")
    checks.check_vote(
        total=committee_members,
        votes_for=votes_for,
        votes_against=votes_against,
        who="cấp ủy viên",
        rule_code="R24",
    )
    body = _competent(dossier, AuthorityDecision.RECOGNITION, decision_date, acting_user)
    breached = False
    if dossier.state == S.RECOGNITION_PROPOSED:
        breached = _check_deadline(
            recognition_deadline(dossier),
            decision_date,
            breach_reason,
            "Quyết định công nhận",
            f"{rule('RECOGNITION_DECISION_WORKING_DAYS')} ngày làm việc, R26",
        )
    dossier = _move(
        dossier,
        acting_user=acting_user,
        action="recognize",
        to_state=S.OFFICIAL,
        fields={
            "recognition_decision_number": decision_number.strip(),
            "recognition_decision_date": decision_date,
            "official_from": dossier.probation_end,
            "closed_on": decision_date,
        },
        record={
            "document_number": decision_number,
            "document_date": decision_date,
            "official_members": committee_members,
            "votes_for": votes_for,
            "votes_against": votes_against,
            "actor_body": body,
            "deadline_breached": breached,
            "note": breach_reason,
        },
    )
    # The member record carries the dossier's dates (the hand-over file reads them there).
    Member.objects.filter(pk=dossier.member_id).update(
        status=MemberStatus.OFFICIAL,
        official_from=dossier.probation_end,
        recognized_on=decision_date,
        probation_ends_on=dossier.probation_end,
    )
    return dossier


@transaction.atomic
def dossier_strike_off(
    *, acting_user, dossier: Dossier, decision_number: str, decision_date: date, reason: str
):
    """S13/S14 → X3: the competent committee strikes the name from the probationary list (R36)."""
    _gate(acting_user, "strike_off", dossier, on=decision_date)
    _not_future(decision_date, "ngày quyết định")
    if not (decision_number or "").strip() or not (reason or "").strip():
        raise DomainError("Phải ghi số quyết định và lý do xóa tên (R36).", rule="R36")
    body = _competent(dossier, AuthorityDecision.STRIKE_OFF, decision_date, acting_user)
    dossier = _move(
        dossier,
        acting_user=acting_user,
        action="strike_off",
        to_state=S.STRUCK_OFF,
        fields={"closed_on": decision_date, "closed_reason": reason.strip()},
        record={
            "document_number": decision_number,
            "document_date": decision_date,
            "actor_body": body,
            "note": reason,
        },
    )
    Member.objects.filter(pk=dossier.member_id).update(ended_on=decision_date)
    return dossier
