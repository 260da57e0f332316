"""The competent committee's side: the decision deadline and its extension (R26), the
admission decision that makes the probationary member (R28), refusals, drops and the
certificate's expiry."""

from datetime import date

from django.db import transaction

from ptdv.accounts.audit import audit_record
from ptdv.core.errors import DomainError
from ptdv.organizations.authority import competent_body
from ptdv.organizations.models import AuthorityDecision, Organization
from ptdv.organizations.scope import in_scope
from ptdv.people.models import Member, MembershipPeriod, MemberStatus
from ptdv.recruitment import checks
from ptdv.recruitment.checks import d
from ptdv.recruitment.gates import require_state, transition
from ptdv.recruitment.models import (
    CERTIFIED_STATES,
    Candidate,
    CandidateStatus,
    Dossier,
    DossierState,
    DossierTransition,
)
from ptdv.recruitment.rules import rule
from ptdv.recruitment.services.deadlines import decision_deadline, refresh_due
from ptdv.recruitment.services.dossier import grassroots
from ptdv.recruitment.services.moving import move, not_future

S = DossierState


@transition("extend_deadline")
def dossier_extend_deadline(
    *, acting_user, dossier: Dossier, working_days: int, document_number: str, reason: str
):
    """R26: in special cases the decision deadline may be extended by at most 30 working days."""
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
    refresh_due(dossier)
    return dossier


def competent(dossier: Dossier, decision: str, on: date, acting_user) -> Organization:
    body = competent_body(dossier.organization, decision, on)
    if body is None:
        raise DomainError("Bảng thẩm quyền không chỉ ra cấp quyết định cho hồ sơ này (R25).")
    if acting_user is not None and not in_scope(acting_user, body.path):
        raise DomainError(
            f"Quyết định này thuộc thẩm quyền của «{body}», không thuộc đơn vị của bạn (R25).",
            rule="R25",
        )
    return body


def check_deadline(deadline: date, on: date, breach_reason: str, what: str, basis: str) -> bool:
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


@transition("decide_admission", on="decision_date")
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
    not_future(decision_date, "ngày quyết định")
    not_future(received_on, "ngày chi bộ nhận quyết định")
    if not (decision_number or "").strip():
        raise DomainError("Phải ghi số quyết định kết nạp.", field="decision_number")
    if decision_date < dossier.submitted_on:
        raise DomainError("Ngày quyết định không thể trước ngày trình.", field="decision_date")
    if received_on < decision_date:
        raise DomainError("Ngày nhận quyết định không thể trước ngày quyết định.")
    body = competent(dossier, AuthorityDecision.ADMISSION, decision_date, acting_user)
    if body.pk == grassroots(dossier, decision_date).pk:
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
    breached = check_deadline(
        decision_deadline(dossier),
        decision_date,
        breach_reason,
        "Quyết định kết nạp",
        f"{rule('ADMISSION_DECISION_WORKING_DAYS')} ngày làm việc từ nghị quyết chi bộ, R26",
    )
    dossier = move(
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


@transition("reject")
def dossier_reject(*, acting_user, dossier: Dossier, on: date, reason: str, document_number=""):
    """S8–S11 → X1: a vote failed or the competent committee refused; the cell is notified."""
    not_future(on, "ngày")
    if not (reason or "").strip():
        raise DomainError("Phải ghi lý do không kết nạp.", field="reason")
    dossier = move(
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


@transition("drop")
def dossier_drop(*, acting_user, dossier: Dossier, on: date, reason: str):
    """Any state before the decision → X2: the cell removes the person from its list."""
    not_future(on, "ngày")
    if not (reason or "").strip():
        raise DomainError("Phải ghi lý do đưa ra khỏi danh sách.", field="reason")
    dossier = move(
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
    require_state(dossier, CERTIFIED_STATES, "đánh dấu giấy chứng nhận hết hạn")
    expiry = checks.certificate_expiry(dossier)
    if expiry is None or on <= expiry:
        raise DomainError(f"Giấy chứng nhận còn hạn đến {d(expiry)} (R8).", rule="R8")
    return move(
        dossier,
        acting_user=acting_user,
        action="expire_certificate",
        to_state=S.CERT_EXPIRED,
        record={"document_date": on, "note": f"Hết hạn ngày {d(expiry)} (R8)"},
    )
