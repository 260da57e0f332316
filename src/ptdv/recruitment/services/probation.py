"""After the admission: the ceremony (R27), the probation (R29), the cell's recognition vote
(R32, R34), the recognition (R33) and the striking off (R36)."""

from datetime import date

from ptdv.core.calendar import add_months
from ptdv.core.errors import DomainError
from ptdv.organizations.models import AuthorityDecision
from ptdv.people.models import Member, MemberStatus
from ptdv.recruitment import checks, moves
from ptdv.recruitment.checks import d
from ptdv.recruitment.gates import transition
from ptdv.recruitment.models import Dossier, DossierState
from ptdv.recruitment.rules import basis, rule, two_thirds_reached, vote_share
from ptdv.recruitment.services.deadlines import (
    ceremony_deadline,
    recognition_deadline,
    recognition_vote_deadline,
)
from ptdv.recruitment.services.decision import check_deadline, competent
from ptdv.recruitment.services.moving import move, not_future

S = DossierState


@transition("hold_ceremony")
def dossier_hold_ceremony(
    *, acting_user, dossier: Dossier, ceremony_date: date, late_consent_number: str = ""
):
    """S12 → S13: the ceremony within 30 working days of receipt, or with the direct superior
    committee's consent (R27); probation ends 12 months after the ceremony (R29)."""
    not_future(ceremony_date, "ngày lễ kết nạp")
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
    dossier = move(
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


@transition("recognition_vote", before=moves.check_current_cell)
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
    not_future(meeting_date, "ngày họp chi bộ")
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

    if not two_thirds_reached(votes_for, official_members):
        failed = dossier.failed_recognition_votes + 1
        escalate = failed >= rule("FAILED_VOTES_BEFORE_ESCALATION")
        fields = {"failed_recognition_votes": failed}
        if escalate:
            fields["escalated_on"] = meeting_date
        record["note"] = f"Biểu quyết lần {failed} không đạt {vote_share()}" + (
            ": báo cáo cấp ủy cấp trên trực tiếp và cấp có thẩm quyền (R34)." if escalate else "."
        )
        return move(
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
    return move(
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


@transition("recognize", on="decision_date")
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
    not_future(decision_date, "ngày quyết định")
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
    body = competent(dossier, AuthorityDecision.RECOGNITION, decision_date, acting_user)
    breached = False
    if dossier.state == S.RECOGNITION_PROPOSED:
        breached = check_deadline(
            recognition_deadline(dossier),
            decision_date,
            breach_reason,
            "Quyết định công nhận",
            f"{rule('RECOGNITION_DECISION_WORKING_DAYS')} ngày làm việc, R26",
        )
    dossier = move(
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


@transition("strike_off", on="decision_date")
def dossier_strike_off(
    *, acting_user, dossier: Dossier, decision_number: str, decision_date: date, reason: str
):
    """S13/S14 → X3: the competent committee strikes the name from the probationary list (R36)."""
    not_future(decision_date, "ngày quyết định")
    if not (decision_number or "").strip() or not (reason or "").strip():
        raise DomainError("Phải ghi số quyết định và lý do xóa tên (R36).", rule="R36")
    body = competent(dossier, AuthorityDecision.STRIKE_OFF, decision_date, acting_user)
    dossier = move(
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
