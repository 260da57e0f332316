"""The dossier's steps before the decision (DOMAIN.md §3.2), from the class to the
submission, with the verification of the personal history (R12–R16)."""

from datetime import date

from django.db import transaction

from ptdv.accounts.audit import audit_record
from ptdv.core.errors import DomainError
from ptdv.organizations.models import Organization
from ptdv.people.models import Member
from ptdv.recruitment import checks, moves
from ptdv.recruitment.checks import d
from ptdv.recruitment.gates import gate_check, transition
from ptdv.recruitment.models import (
    Candidate,
    Dossier,
    DossierState,
    Relation,
    SourceOrganization,
    VerificationRequest,
)
from ptdv.recruitment.services.candidates import assign, candidate_enlist, check_mentor
from ptdv.recruitment.services.deadlines import refresh_due
from ptdv.recruitment.services.moving import move, not_future

S = DossierState


@transition("add_verification")
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
    refresh_due(dossier)
    return request


@transaction.atomic
def verification_answer(
    *, acting_user, request: VerificationRequest, answered_on: date, result: str
) -> VerificationRequest:
    dossier = Dossier.objects.select_related("organization").get(pk=request.dossier_id)
    gate_check(acting_user, "answer_verification", dossier)
    if request.answered_on is not None:
        raise DomainError("Kết quả thẩm tra này đã được ghi.", field="request")
    not_future(answered_on, "ngày trả lời")
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
    refresh_due(dossier)
    return request


# The transitions (DOMAIN.md §3.2) ------------------------------------------------------------


@transition("nominate")
def dossier_nominate(*, acting_user, dossier: Dossier, meeting_date: date, document_number=""):
    """S1 (or X4) → S2: the cell proposes, the grassroots committee approves the class."""
    not_future(meeting_date, "ngày họp chi bộ")
    return move(
        dossier,
        acting_user=acting_user,
        action="nominate",
        to_state=S.NOMINATED_FOR_CLASS,
        fields={"nominated_on": meeting_date},
        record={"meeting_date": meeting_date, "document_number": document_number},
    )


@transition("record_certificate")
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
    not_future(certificate_date, "ngày cấp giấy chứng nhận")
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
    return move(
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


@transition("assign_helper")
def dossier_assign_helper(*, acting_user, dossier: Dossier, helper: Member, meeting_date: date):
    """S3 → S4: the cell assigns an official member to help the candidate."""
    not_future(meeting_date, "ngày họp chi bộ")
    check_mentor(dossier.candidate, helper)
    dossier = move(
        dossier,
        acting_user=acting_user,
        action="assign_helper",
        to_state=S.ASSIGNED_HELPER,
        fields={"helper_assigned_on": meeting_date},
        record={"meeting_date": meeting_date},
    )
    assign(dossier.candidate, helper, meeting_date, acting_user)
    return dossier


@transition("open")
def dossier_open(*, acting_user, dossier: Dossier, letter_date: date, history_date: date):
    """S4 → S5: the letter (Mẫu 1-KNĐ), then the personal history (Mẫu 2-KNĐ) (R10, R11)."""
    not_future(letter_date, "ngày viết đơn")
    not_future(history_date, "ngày khai lý lịch")
    if history_date < letter_date:
        raise DomainError(
            f"Lý lịch khai ngày {d(history_date)}, trước đơn xin vào Đảng ngày {d(letter_date)}: "
            "người vào Đảng phải viết đơn trước, rồi mới khai lý lịch (R10, Hướng dẫn 06-HD/TW "
            "điểm 3).",
            field="history_date",
            rule="R10",
        )
    return move(
        dossier,
        acting_user=acting_user,
        action="open",
        to_state=S.DOSSIER_OPEN,
        fields={"letter_date": letter_date, "history_date": history_date},
        record={"document_date": history_date},
    )


@transition("start_verification")
def dossier_start_verification(*, acting_user, dossier: Dossier, stamped_on: date, sent_on: date):
    """S5 → S6: the history is stamped across its pages, then the requests go out (R15)."""
    not_future(stamped_on, "ngày đóng dấu giáp lai")
    not_future(sent_on, "ngày gửi thẩm tra")
    if stamped_on < dossier.history_date:
        raise DomainError("Ngày đóng dấu giáp lai không thể trước ngày khai lý lịch.")
    if sent_on < stamped_on:
        raise DomainError(
            "Phải đóng dấu giáp lai lý lịch trước khi gửi đi thẩm tra (R15, Hướng dẫn 06-HD/TW "
            "điểm 3.4 d).",
            field="sent_on",
            rule="R15",
        )
    dossier = move(
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
    refresh_due(dossier)  # the answers are due from the day they were sent (R16)
    return dossier


@transition("complete_verification")
def dossier_complete_verification(
    *, acting_user, dossier: Dossier, comment_on: date, certified_on: date
):
    """S6 → S7: results compiled, then the cell committee comments and the grassroots
    committee certifies (R12–R15)."""
    not_future(comment_on, "ngày chi ủy nhận xét")
    not_future(certified_on, "ngày cấp ủy cơ sở chứng nhận")
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
    return move(
        dossier,
        acting_user=acting_user,
        action="complete_verification",
        to_state=S.VERIFIED,
        fields={"cell_committee_comment_on": comment_on, "history_certified_on": certified_on},
        record={"document_date": certified_on},
    )


@transition("introduce")
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
    not_future(introduced_on, "ngày giới thiệu")
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
    return move(
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


@transition("cell_resolve", before=moves.check_current_cell)
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
    not_future(meeting_date, "ngày họp chi bộ")
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
    return move(
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


def grassroots(dossier: Dossier, on: date | None = None) -> Organization:
    from ptdv.organizations.authority import grassroots_of

    return grassroots_of(dossier.organization, on)


@transition("grassroots_resolve")
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
    not_future(meeting_date, "ngày họp cấp ủy")
    if meeting_date < dossier.cell_resolution_date:
        raise DomainError("Cấp ủy cơ sở chỉ xét sau nghị quyết của chi bộ (R24).")
    committee_members, _ = checks.committee_denominator(
        grassroots(dossier, meeting_date), meeting_date, committee_members
    )
    checks.check_vote(
        total=committee_members,
        votes_for=votes_for,
        votes_against=votes_against,
        who="cấp ủy viên",
        rule_code="R24",
    )
    return move(
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
            "actor_body": grassroots(dossier, meeting_date),
        },
    )


@transition("submit")
def dossier_submit(*, acting_user, dossier: Dossier, submitted_on: date, document_number=""):
    """S10 → S11: the grassroots committee submits to the competent committee."""
    not_future(submitted_on, "ngày trình")
    if submitted_on < dossier.grassroots_resolution_date:
        raise DomainError("Ngày trình không thể trước nghị quyết của cấp ủy cơ sở.")
    return move(
        dossier,
        acting_user=acting_user,
        action="submit",
        to_state=S.AWAITING_DECISION,
        fields={"submitted_on": submitted_on},
        record={
            "document_number": document_number,
            "document_date": submitted_on,
            "actor_body": grassroots(dossier, submitted_on),
        },
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
