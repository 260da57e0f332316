"""Every enforced rule: the valid case and each way to break it. A refusal says why in
Vietnamese, cites the rule, and leaves the dossier exactly as it was."""

from datetime import date, timedelta

import pytest

from ptdv.core.errors import DomainError
from ptdv.core.reference import GeneralEducation
from ptdv.people.models import Member, MemberStatus
from ptdv.recruitment import checks, services
from ptdv.recruitment.demo import make_member, make_person
from ptdv.recruitment.models import Dossier, DossierState, DossierTransition, Relation
from tests.recruitment.conftest import BASE

S = DossierState
MEETING = BASE + timedelta(days=100)


def refused(call, dossier, *fragments):
    """Run `call`, expect a DomainError containing every fragment, and the dossier unchanged."""
    before = Dossier.objects.filter(pk=dossier.pk).values().get()
    steps = DossierTransition.objects.filter(dossier=dossier).count()
    with pytest.raises(DomainError) as error:
        call()
    for fragment in fragments:
        assert fragment in error.value.message, error.value.message
    assert Dossier.objects.filter(pk=dossier.pk).values().get() == before
    assert DossierTransition.objects.filter(dossier=dossier).count() == steps
    return error.value.message


def cell_vote(tree, dossier, meeting=MEETING, members=3, votes=3, **extra):
    def call():
        dossier.refresh_from_db()  # the person may have been edited since the last call
        return services.dossier_cell_resolve(
            acting_user=tree.secretary_a,
            dossier=dossier,
            meeting_date=meeting,
            official_members=members,
            votes_for=votes,
            votes_against=0,
            document_number="1-NQ/CB",
            **extra,
        )

    return call


def set_birth(cell, birth):
    person = cell.candidate.person
    person.birth_date = birth
    person.save()


# R2 — age by months on the cell meeting date ------------------------------------------------


def test_r2_admits_on_the_day_of_the_18th_birthday(walk, cell, tree):
    dossier = walk(S.INTRODUCED)
    set_birth(cell, MEETING.replace(year=MEETING.year - 18))
    assert cell_vote(tree, dossier)().state == S.CELL_PROPOSED


def test_r2_refuses_the_day_before_the_18th_birthday(walk, cell, tree):
    dossier = walk(S.INTRODUCED)
    set_birth(cell, MEETING.replace(year=MEETING.year - 18) + timedelta(days=1))
    refused(cell_vote(tree, dossier), dossier, "chưa đủ 18 tuổi", "R2", "17 tuổi 11 tháng")


def test_r2_admits_on_the_60th_birthday_and_over_60_goes_on_to_the_decision(walk, cell, tree):
    # R3: over 60 the cell may still propose; the provincial consent is checked before the
    # decision (tests/recruitment/test_legal_cases.py, P7).
    dossier = walk(S.INTRODUCED)
    set_birth(cell, MEETING.replace(year=MEETING.year - 60))
    assert cell_vote(tree, dossier)().state == S.CELL_PROPOSED
    assert not checks.is_over_age(cell.candidate, MEETING)
    set_birth(cell, MEETING.replace(year=MEETING.year - 60) - timedelta(days=31))
    assert checks.is_over_age(cell.candidate, MEETING)


def test_r2_refuses_without_a_birth_date(walk, cell, tree):
    dossier = walk(S.INTRODUCED)
    set_birth(cell, None)
    refused(cell_vote(tree, dossier), dossier, "ngày sinh", "R2")


# R4, R5 — education ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "disadvantaged", "expected"),
    [
        (GeneralEducation.LOWER_SECONDARY, False, None),
        (GeneralEducation.UPPER_SECONDARY, False, None),
        (GeneralEducation.PRIMARY, True, None),
        (GeneralEducation.PRIMARY, False, "R5"),
        ("", False, "R4"),
    ],
)
def test_r4_r5_education(walk, cell, tree, level, disadvantaged, expected):
    dossier = walk(S.INTRODUCED)
    person = cell.candidate.person
    person.general_education = level
    person.save()
    cell.candidate.disadvantaged_area = disadvantaged
    cell.candidate.save()
    dossier.refresh_from_db()
    if expected is None:
        assert cell_vote(tree, dossier)().state == S.CELL_PROPOSED
    else:
        refused(cell_vote(tree, dossier), dossier, expected)


# R8 — certificate valid 60 months on the meeting date ------------------------------------------


def test_r8_certificate_is_valid_on_the_last_day_and_expired_the_day_after(walk, tree):
    dossier = walk(S.INTRODUCED)
    expiry = dossier.certificate_date.replace(year=dossier.certificate_date.year + 5)
    Dossier.objects.filter(pk=dossier.pk).update(
        certificate_date=date(2018, 4, 15), introduced_on=date(2023, 1, 1)
    )
    dossier.refresh_from_db()
    expiry = date(2023, 4, 15)
    message = refused(cell_vote(tree, dossier, meeting=expiry + timedelta(days=1)), dossier, "R8")
    assert "đã hết hạn ngày 15/04/2023" in message and "học lại" in message
    assert cell_vote(tree, dossier, meeting=expiry)().state == S.CELL_PROPOSED


def test_x4_an_expired_certificate_sends_the_person_back_to_the_class(walk, tree):
    dossier = walk(S.VERIFIED)
    too_early = lambda: services.dossier_expire_certificate(  # noqa: E731
        acting_user=None, dossier=dossier, on=dossier.certificate_date + timedelta(days=30)
    )
    refused(too_early, dossier, "còn hạn", "R8")
    expired_on = dossier.certificate_date.replace(year=dossier.certificate_date.year + 5)
    services.dossier_expire_certificate(
        acting_user=None, dossier=dossier, on=expired_on + timedelta(days=1)
    )
    assert dossier.state == S.CERT_EXPIRED
    services.dossier_nominate(acting_user=tree.secretary_a, dossier=dossier, meeting_date=BASE)
    assert dossier.state == S.NOMINATED_FOR_CLASS


# R9 — other documents, configurable ----------------------------------------------------------


def test_r9_is_off_by_default_and_enforced_when_configured(walk, tree, settings):
    dossier = walk(S.INTRODUCED)
    settings.PTDV_RECRUITMENT_RULES = {"DOCUMENT_VALID_MONTHS": {"letter": 1}}
    refused(cell_vote(tree, dossier), dossier, "Đơn xin vào đảng", "quá thời hạn", "R9")
    settings.PTDV_RECRUITMENT_RULES = {"DOCUMENT_VALID_MONTHS": {"letter": 12}}
    assert cell_vote(tree, dossier)().state == S.CELL_PROPOSED


# R10 — the letter before the personal history ---------------------------------------------------


def test_r10_refuses_a_history_dated_before_the_letter(walk, tree):
    dossier = walk(S.ASSIGNED_HELPER)
    call = lambda: services.dossier_open(  # noqa: E731
        acting_user=tree.secretary_a,
        dossier=dossier,
        letter_date=date(2023, 5, 10),
        history_date=date(2023, 5, 9),
    )
    refused(call, dossier, "viết đơn trước", "R10")
    services.dossier_open(
        acting_user=tree.secretary_a,
        dossier=dossier,
        letter_date=date(2023, 5, 10),
        history_date=date(2023, 5, 10),
    )
    assert dossier.state == S.DOSSIER_OPEN


# R12–R16 — verification -----------------------------------------------------------------


def test_r15_verification_is_sent_only_after_the_stamp_across_pages(walk, tree):
    dossier = walk(S.DOSSIER_OPEN)
    call = lambda: services.dossier_start_verification(  # noqa: E731
        acting_user=tree.secretary_a,
        dossier=dossier,
        stamped_on=date(2023, 5, 10),
        sent_on=date(2023, 5, 9),
    )
    refused(call, dossier, "đóng dấu giáp lai", "R15")


def test_r12_r15_every_listed_relative_must_answer_before_certification(walk, tree):
    dossier = walk(S.VERIFYING)
    mother = services.verification_add(
        acting_user=tree.secretary_a,
        dossier=dossier,
        relation=Relation.MOTHER,
        full_name="Vũ Thị Mơ",
    )
    complete = lambda: services.dossier_complete_verification(  # noqa: E731
        acting_user=tree.office_c1,
        dossier=dossier,
        comment_on=date(2023, 7, 1),
        certified_on=date(2023, 7, 2),
    )
    for request in dossier.verifications.exclude(pk=mother.pk):
        services.verification_answer(
            acting_user=tree.secretary_a,
            request=request,
            answered_on=date(2023, 6, 1),
            result="Tốt",
        )
    message = refused(complete, dossier, "Vũ Thị Mơ", "R15")
    assert "Đỗ Thị Hạnh" not in message
    assert "mẹ đẻ" in message
    services.verification_answer(
        acting_user=tree.secretary_a, request=mother, answered_on=date(2023, 6, 20), result="Tốt"
    )
    assert complete().state == S.VERIFIED


def test_r14_a_parent_who_is_a_member_and_fully_declared_is_not_verified(walk, tree):
    dossier = walk(S.VERIFYING)
    services.verification_add(
        acting_user=tree.secretary_a,
        dossier=dossier,
        relation=Relation.MOTHER,
        full_name="Vũ Thị Mơ",
        is_party_member=True,
        declared_fully=True,
    )
    undeclared = services.verification_add(
        acting_user=tree.secretary_a,
        dossier=dossier,
        relation=Relation.SPOUSE,
        full_name="Ngô Văn Kiên",
        is_party_member=True,
    )
    assert not undeclared.exempt  # a spouse is never exempt (R14 names parents and children)
    complete = lambda: services.dossier_complete_verification(  # noqa: E731
        acting_user=tree.office_c1,
        dossier=dossier,
        comment_on=date(2023, 7, 1),
        certified_on=date(2023, 7, 2),
    )
    message = refused(complete, dossier, "Ngô Văn Kiên")
    assert "Vũ Thị Mơ" not in message


def test_r15_the_cell_committee_comments_only_after_the_results(walk, tree):
    dossier = walk(S.VERIFYING)
    for request in dossier.verifications.all():
        services.verification_answer(
            acting_user=tree.secretary_a,
            request=request,
            answered_on=date(2023, 7, 5),
            result="Tốt",
        )
    early = lambda: services.dossier_complete_verification(  # noqa: E731
        acting_user=tree.office_c1,
        dossier=dossier,
        comment_on=date(2023, 7, 1),
        certified_on=date(2023, 7, 6),
    )
    refused(early, dossier, "sau khi tổng hợp", "R15")


# R17–R19 — introducers ----------------------------------------------------------------------


def introduce(tree, dossier, **kwargs):
    def call():
        dossier.refresh_from_db()
        return services.dossier_introduce(
            acting_user=tree.secretary_a, dossier=dossier, introduced_on=date(2023, 6, 5), **kwargs
        )

    return call


def test_r17_twelve_months_of_working_together_is_enough_eleven_is_not(walk, cell, tree):
    dossier = walk(S.VERIFIED)
    a, b = cell.members[:2]
    short = introduce(
        tree,
        dossier,
        introducer_1=a,
        introducer_1_since=date(2022, 6, 5),
        introducer_2=b,
        introducer_2_since=date(2022, 6, 6),
    )
    refused(short, dossier, str(b), "chưa đủ 12 tháng", "R17")
    ok = introduce(
        tree,
        dossier,
        introducer_1=a,
        introducer_1_since=date(2022, 6, 5),
        introducer_2=b,
        introducer_2_since=date(2022, 6, 5),
    )
    assert ok().state == S.INTRODUCED


def test_r17_a_probationary_member_cannot_introduce(walk, cell, tree):
    dossier = walk(S.VERIFIED)
    call = introduce(
        tree,
        dossier,
        introducer_1=cell.members[0],
        introducer_1_since=date(2020, 1, 1),
        introducer_2=cell.probationary,
        introducer_2_since=date(2020, 1, 1),
    )
    refused(call, dossier, "đảng viên dự bị không được giới thiệu", "R17")


def test_r17_needs_two_distinct_introducers_of_the_same_grassroots(walk, cell, tree):
    dossier = walk(S.VERIFIED)
    a = cell.members[0]
    refused(
        introduce(tree, dossier, introducer_1=a, introducer_1_since=date(2020, 1, 1)),
        dossier,
        "hai đảng viên chính thức",
        "R17",
    )
    refused(
        introduce(
            tree,
            dossier,
            introducer_1=a,
            introducer_1_since=date(2020, 1, 1),
            introducer_2=a,
            introducer_2_since=date(2020, 1, 1),
        ),
        dossier,
        "khác nhau",
    )
    outsider = make_member("Hồ Văn Xa", tree.d)
    refused(
        introduce(
            tree,
            dossier,
            introducer_1=a,
            introducer_1_since=date(2020, 1, 1),
            introducer_2=outsider,
            introducer_2_since=date(2020, 1, 1),
        ),
        dossier,
        "không cùng tổ chức cơ sở đảng",
        "R17",
    )


def test_r19_the_youth_union_and_one_member_introduce_a_youth_union_member(walk, cell, tree):
    dossier = walk(S.VERIFIED)
    ok = introduce(
        tree,
        dossier,
        introducer_1=cell.members[0],
        introducer_1_since=date(2020, 1, 1),
        youth_union_resolution="05-NQ/ĐTN",
    )
    assert ok().youth_union_resolution == "05-NQ/ĐTN"


def test_r19_refuses_the_youth_union_path_outside_the_band_or_for_a_non_member(walk, cell, tree):
    dossier = walk(S.VERIFIED)
    call = introduce(
        tree,
        dossier,
        introducer_1=cell.members[0],
        introducer_1_since=date(2020, 1, 1),
        youth_union_resolution="05-NQ/ĐTN",
    )
    set_birth(cell, date(1990, 1, 1))
    refused(call, dossier, "ngoài độ tuổi đoàn viên", "R19")
    set_birth(cell, date(2000, 5, 10))
    person = cell.candidate.person
    person.youth_union_member = False
    person.save()
    refused(call, dossier, "Chỉ đoàn viên", "R19")


# R22, R24, R48 — votes ---------------------------------------------------------------------


def test_r22_needs_two_thirds_of_all_official_members_not_of_those_present(walk, cell, tree):
    dossier = walk(S.INTRODUCED)
    make_member("Đào Văn Năm", tree.a)
    make_member("Khổng Thị Sáu", tree.a)
    make_member("Giáp Văn Bảy", tree.a)  # six official members now
    refused(cell_vote(tree, dossier, members=6, votes=3), dossier, "3/6", "2/3", "R22")
    assert cell_vote(tree, dossier, members=6, votes=4)().state == S.CELL_PROPOSED


def test_r22_the_stated_total_cannot_exceed_the_cells_official_members(walk, tree):
    dossier = walk(S.INTRODUCED)
    refused(
        cell_vote(tree, dossier, members=5, votes=5), dossier, "không khớp", "là 3", "(5)", "R22"
    )


def test_r48_a_cell_below_three_official_members_cannot_resolve(walk, cell, tree):
    dossier = walk(S.INTRODUCED)
    Member.objects.filter(pk=cell.members[2].pk).update(ended_on=date(2023, 1, 1))
    refused(cell_vote(tree, dossier, members=2, votes=2), dossier, "dưới 3", "R48")


def test_r24_the_grassroots_committee_needs_two_thirds_of_its_members(walk, tree):
    dossier = walk(S.CELL_PROPOSED)

    def call(votes):
        return lambda: services.dossier_grassroots_resolve(
            acting_user=tree.office_c1,
            dossier=dossier,
            meeting_date=MEETING + timedelta(days=5),
            committee_members=9,
            votes_for=votes,
            votes_against=9 - votes,
            document_number="2-NQ/ĐU",
        )

    refused(call(5), dossier, "5/9", "R24")
    assert call(6)().state == S.GRASSROOTS_PROPOSED


# R25, R26 — who decides, and by when ------------------------------------------------------------


def decide(tree, dossier, on, user=None, **extra):
    return lambda: services.dossier_decide_admission(
        acting_user=user or tree.officer_p1,
        dossier=dossier,
        decision_number="9-QĐ/ĐU",
        decision_date=on,
        received_on=on,
        **extra,
    )


def test_r26_decision_on_the_60th_working_day_passes_the_61st_needs_a_reason(walk, tree):
    from ptdv.core.calendar import add_working_days

    dossier = walk(S.AWAITING_DECISION)
    deadline = add_working_days(dossier.cell_resolution_date, 60)
    refused(decide(tree, dossier, add_working_days(deadline, 1)), dossier, "quá hạn", "R26")
    assert decide(tree, dossier, deadline)().state == S.ADMISSION_DECIDED
    assert not dossier.transitions.get(to_state=S.ADMISSION_DECIDED).deadline_breached


def test_r26_a_late_decision_with_a_reason_is_flagged(walk, tree):
    from ptdv.core.calendar import add_working_days

    dossier = walk(S.AWAITING_DECISION)
    late = add_working_days(dossier.cell_resolution_date, 61)
    decide(tree, dossier, late, breach_reason="Chờ kết quả thẩm tra bổ sung")()
    assert dossier.transitions.get(to_state=S.ADMISSION_DECIDED).deadline_breached


def test_r26_the_extension_is_at_most_30_working_days(walk, tree):
    from ptdv.core.calendar import add_working_days

    dossier = walk(S.AWAITING_DECISION)
    extend = lambda days: services.dossier_extend_deadline(  # noqa: E731
        acting_user=tree.officer_p1,
        dossier=dossier,
        working_days=days,
        document_number="3-CV/ĐU",
        reason="Trường hợp đặc biệt",
    )
    refused(lambda: extend(31), dossier, "tối đa 30", "R26")
    extend(20)
    refused(lambda: extend(11), dossier, "đã gia hạn 20")
    extend(10)
    on = add_working_days(dossier.cell_resolution_date, 90)
    assert decide(tree, dossier, on)().state == S.ADMISSION_DECIDED


def test_r25_only_the_competent_committee_decides(walk, tree):
    dossier = walk(S.AWAITING_DECISION)
    on = dossier.submitted_on + timedelta(days=5)
    # Another commune's office has no power here; the other province's officer is out of
    # scope; the office of the commune the authority table names records its decision.
    refused(decide(tree, dossier, on, user=tree.office_c2), dossier, "Vai trò của bạn")
    refused(decide(tree, dossier, on, user=tree.officer_p2), dossier, "ngoài phạm vi")
    assert decide(tree, dossier, on, user=tree.office_c1)().decided_by == tree.c1


def test_x1_the_competent_committee_may_refuse(walk, cell, tree):
    dossier = walk(S.AWAITING_DECISION)
    refused(
        lambda: services.dossier_reject(
            acting_user=tree.officer_p1, dossier=dossier, on=date(2023, 7, 1), reason=""
        ),
        dossier,
        "lý do",
    )
    services.dossier_reject(
        acting_user=tree.officer_p1,
        dossier=dossier,
        on=date(2023, 7, 1),
        reason="Chưa đủ tiêu chuẩn chính trị",
    )
    cell.candidate.refresh_from_db()
    assert dossier.state == S.REJECTED and cell.candidate.status == "not_admitted"
    assert not Member.objects.filter(person=cell.candidate.person).exists()


# R27, R29 — ceremony and probation ---------------------------------------------------------


def ceremony(tree, dossier, on, consent=""):
    return lambda: services.dossier_hold_ceremony(
        acting_user=tree.secretary_a,
        dossier=dossier,
        ceremony_date=on,
        late_consent_number=consent,
    )


def test_r27_ceremony_on_the_30th_working_day_and_r29_probation_end(walk, tree):
    from ptdv.core.calendar import add_working_days

    dossier = walk(S.ADMISSION_DECIDED)
    deadline = add_working_days(dossier.decision_received_on, 30)
    refused(ceremony(tree, dossier, deadline + timedelta(days=1)), dossier, "R27", "đồng ý")
    ceremony(tree, dossier, deadline)()
    assert dossier.probation_end == deadline.replace(year=deadline.year + 1)


def test_r27_a_late_ceremony_needs_the_superior_consent(walk, tree):
    dossier = walk(S.ADMISSION_DECIDED)
    late = dossier.decision_received_on + timedelta(days=90)
    ceremony(tree, dossier, late, consent="7-CV/ĐU")()
    assert dossier.transitions.get(to_state=S.PROBATIONARY).deadline_breached


def test_r29_probation_from_29_february_ends_on_28_february(walk, tree):
    dossier = walk(S.ADMISSION_DECIDED)
    Dossier.objects.filter(pk=dossier.pk).update(decision_received_on=date(2024, 2, 20))
    dossier.refresh_from_db()
    ceremony(tree, dossier, date(2024, 2, 29))()
    assert dossier.probation_end == date(2025, 2, 28)


# R30, R32–R36 — recognition ---------------------------------------------------------------


def vote(tree, dossier, on, votes=3, course=date(2023, 12, 1)):
    return lambda: services.dossier_recognition_vote(
        acting_user=tree.secretary_a,
        dossier=dossier,
        meeting_date=on,
        official_members=3,
        votes_for=votes,
        votes_against=3 - votes,
        new_member_course_date=course,
    )


def test_r32_the_cell_votes_only_after_probation_ends(walk, tree):
    dossier = walk(S.PROBATIONARY)
    end = dossier.probation_end
    refused(vote(tree, dossier, end - timedelta(days=1)), dossier, "Chưa hết 12 tháng", "R32")
    assert vote(tree, dossier, end)().state == S.RECOGNITION_PROPOSED


def test_r32_a_vote_after_30_working_days_is_flagged_late(walk, tree):
    from ptdv.core.calendar import add_working_days

    dossier = walk(S.PROBATIONARY)
    vote(tree, dossier, add_working_days(dossier.probation_end, 31))()
    assert dossier.transitions.get(to_state=S.RECOGNITION_PROPOSED).deadline_breached


def test_r30_recognition_needs_the_new_member_course_certificate(walk, tree):
    dossier = walk(S.PROBATIONARY)
    refused(
        vote(tree, dossier, dossier.probation_end, course=None), dossier, "đảng viên mới", "R30"
    )


def test_r34_three_failed_votes_escalate_and_the_cell_cannot_vote_again(walk, tree):
    dossier = walk(S.PROBATIONARY)
    on = dossier.probation_end + timedelta(days=3)
    for _ in range(3):
        vote(tree, dossier, on, votes=1)()
    assert dossier.failed_recognition_votes == 3 and dossier.escalated_on == on
    assert dossier.state == S.PROBATIONARY
    refused(vote(tree, dossier, on), dossier, "3 lần", "R34")
    # The competent committee decides directly.
    services.dossier_recognize(
        acting_user=tree.officer_p1,
        dossier=dossier,
        decision_number="1-QĐ",
        decision_date=on + timedelta(days=10),
        committee_members=9,
        votes_for=7,
    )
    assert dossier.state == S.OFFICIAL and dossier.official_from == dossier.probation_end


def test_r36_striking_off_ends_the_membership(walk, tree):
    dossier = walk(S.PROBATIONARY)
    on = dossier.probation_end + timedelta(days=3)
    refused(
        lambda: services.dossier_strike_off(
            acting_user=tree.secretary_a,
            dossier=dossier,
            decision_number="1",
            decision_date=on,
            reason="x",
        ),
        dossier,
        "Vai trò",
    )
    services.dossier_strike_off(
        acting_user=tree.officer_p1,
        dossier=dossier,
        decision_number="4-QĐ/ĐU",
        decision_date=on,
        reason="Vi phạm tư cách đảng viên",
    )
    assert dossier.state == S.STRUCK_OFF
    assert Member.objects.get(pk=dossier.member_id).ended_on == on


# R37, R38 — re-admission ---------------------------------------------------------------------


def readmission(tree, reason="struck_off", left=date(2019, 1, 1), expunged=None):
    person = make_person("Tăng Văn Lại", date(1980, 1, 1), organization=tree.a)
    return services.candidate_create(
        acting_user=tree.secretary_a,
        person=person,
        organization=tree.a,
        source="other",
        listed_on=BASE,
        is_readmission=True,
        left_party_on=left,
        left_party_reason=reason,
        conviction_expunged_on=expunged,
    )


@pytest.mark.parametrize("reason", ["self_quit", "applied_to_leave", "corruption", "disunity"])
def test_r38_some_people_are_never_readmitted(tree, reason):
    with pytest.raises(DomainError, match="R38"):
        readmission(tree, reason)


def test_r37_needs_36_months_since_leaving(walk, tree):
    candidate = readmission(tree, left=MEETING - timedelta(days=3 * 365 - 5))
    dossier = walk(S.INTRODUCED, dossier=candidate.dossiers.get())
    refused(cell_vote(tree, dossier), dossier, "chưa đủ 36 tháng", "R37")
    Dossier.objects.none()
    candidate.left_party_on = MEETING.replace(year=MEETING.year - 3)
    candidate.save()
    dossier.refresh_from_db()
    assert cell_vote(tree, dossier)().state == S.CELL_PROPOSED


def test_r37_needs_60_months_since_a_conviction_was_expunged(walk, tree):
    candidate = readmission(tree, expunged=date(2020, 1, 1))
    dossier = walk(S.INTRODUCED, dossier=candidate.dossiers.get())
    refused(cell_vote(tree, dossier), dossier, "xóa án tích", "R37")


def test_a_readmitted_person_becomes_a_member_again_keeping_the_first_admission(walk, tree):
    candidate = readmission(tree)
    old = Member.objects.create(
        person=candidate.person,
        organization=tree.b,
        status=MemberStatus.OFFICIAL,
        admission_decided_on=date(2005, 3, 1),
        official_from=date(2006, 3, 1),
        ended_on=date(2019, 1, 1),
    )
    dossier = walk(S.AWAITING_DECISION, dossier=candidate.dossiers.get())
    on = dossier.submitted_on + timedelta(days=5)
    decide(
        tree,
        dossier,
        on,
        readmission_consent_number="15-CV/TU",
        readmission_consent_date=on - timedelta(days=1),
    )()
    old.refresh_from_db()
    assert dossier.member_id == old.pk and old.ended_on is None
    assert old.status == MemberStatus.PROBATIONARY and old.organization == tree.a
    # R35, R39: the first admission is kept and the earlier period added, not overwritten.
    assert old.first_admission_decided_on == date(2005, 3, 1)
    assert old.admission_decided_on == on
    period = old.earlier_periods.get()
    assert (period.admission_decided_on, period.ended_on) == (date(2005, 3, 1), date(2019, 1, 1))
    assert old.party_age_months(on + timedelta(days=31)) == 13 * 12 + 10 + 1


# Order of the steps and roles ----------------------------------------------------------------


def test_a_step_out_of_order_is_refused(cell, tree):
    call = lambda: services.dossier_open(  # noqa: E731
        acting_user=tree.secretary_a, dossier=cell.dossier, letter_date=BASE, history_date=BASE
    )
    refused(call, cell.dossier, "đang ở bước «Quần chúng ưu tú (nguồn)»")


def test_another_cells_secretary_cannot_move_the_dossier(cell, tree):
    call = lambda: services.dossier_nominate(  # noqa: E731
        acting_user=tree.secretary_b, dossier=cell.dossier, meeting_date=BASE
    )
    refused(call, cell.dossier, "ngoài phạm vi")


def test_a_date_in_the_future_is_refused(cell, tree):
    call = lambda: services.dossier_nominate(  # noqa: E731
        acting_user=tree.secretary_a,
        dossier=cell.dossier,
        meeting_date=date.today() + timedelta(days=1),
    )
    refused(call, cell.dossier, "không thể ở tương lai")


def test_a_member_cannot_be_listed_as_a_candidate(cell, tree):
    with pytest.raises(DomainError, match="đang là đảng viên"):
        services.candidate_create(
            acting_user=tree.secretary_a,
            person=cell.members[0].person,
            organization=tree.a,
            source="other",
            listed_on=BASE,
        )


def test_mentor_must_be_an_official_member_of_the_same_cell(cell, tree):
    outsider = make_member("Lò Văn Khác", tree.b)
    with pytest.raises(DomainError, match="cùng chi bộ"):
        services.candidate_assign_mentor(
            acting_user=tree.secretary_a, candidate=cell.candidate, member=outsider, on=BASE
        )
    first = services.candidate_assign_mentor(
        acting_user=tree.secretary_a, candidate=cell.candidate, member=cell.members[0], on=BASE
    )
    services.candidate_assign_mentor(
        acting_user=tree.secretary_a,
        candidate=cell.candidate,
        member=cell.members[1],
        on=BASE + timedelta(days=30),
    )
    first.refresh_from_db()
    assert first.ended_on == BASE + timedelta(days=30)
    assert cell.candidate.mentors.count() == 2
