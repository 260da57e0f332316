"""The ten cases the rules decide differently from a naive reading (P1–P10), each through the
service and through the API: refused with a Vietnamese message citing the rule and nothing
changed, or accepted."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from ptdv.accounts.models import Role
from ptdv.core.errors import DomainError
from ptdv.people import services as people_services
from ptdv.people.models import CommitteeSeat, Member, MembershipPeriod, MemberStatus
from ptdv.recruitment import services
from ptdv.recruitment.demo import advance, make_member, make_person
from ptdv.recruitment.models import Dossier, DossierState, DossierTransition
from tests.conftest import make_unit, make_user
from tests.recruitment.conftest import BASE
from tests.recruitment.test_rules import MEETING, cell_vote, decide, introduce, refused, set_birth

S = DossierState


def post(client, pk, action, **body):
    """An API action, carrying the step the officer saw (the dossier's present step)."""
    body.setdefault("expected_state", Dossier.objects.get(pk=pk).state)
    return client.post(f"/api/v1/dossiers/{pk}/{action}/", body, format="json")


def api_refused(response, dossier, *fragments):
    """The API answers 400 with every fragment, and the dossier row and its steps are as
    they were before the request."""
    assert response.status_code == 400, response.json()
    text = str(response.json())
    for fragment in fragments:
        assert fragment in text, text
    return text


def frozen(dossier):
    return (
        Dossier.objects.filter(pk=dossier.pk).values().get(),
        DossierTransition.objects.filter(dossier=dossier).count(),
    )


# P1 — status only through its procedure (R29, R32–R34) -------------------------------------


@pytest.fixture
def recent_member(walk):
    """A member admitted recently: probation ends next year."""
    base = timezone.localdate() - timedelta(days=150)
    dossier = walk(S.PROBATIONARY, base=base)
    member = Member.objects.get(pk=dossier.member_id)
    assert member.probation_ends_on > timezone.localdate()
    return dossier, member


def test_p1_the_correction_service_refuses_to_make_a_probationary_member_official(
    recent_member, tree
):
    dossier, member = recent_member
    before = Member.objects.filter(pk=member.pk).values().get()
    with pytest.raises(DomainError) as error:
        people_services.member_update(
            acting_user=tree.office_c1,
            member=member,
            status=MemberStatus.OFFICIAL,
            official_from=timezone.localdate(),
        )
    message = error.value.message
    assert "chỉ thay đổi qua thủ tục" in message and "R32" in message and "R29" in message
    assert Member.objects.filter(pk=member.pk).values().get() == before
    dossier.refresh_from_db()
    assert dossier.state == S.PROBATIONARY
    # Dates that are not the status still correct.
    people_services.member_update(acting_user=tree.office_c1, member=member, party_card_number="9")


def test_p1_through_the_api(recent_member, tree, api):
    _dossier, member = recent_member
    before = Member.objects.filter(pk=member.pk).values().get()
    response = api(tree.office_c1).patch(
        f"/api/v1/members/{member.pk}/",
        {"status": "official", "official_from": timezone.localdate().isoformat()},
        format="json",
    )
    assert response.status_code == 400
    assert "R32" in str(response.json()) and "thủ tục" in str(response.json())
    assert Member.objects.filter(pk=member.pk).values().get() == before


def test_p1_a_register_recognition_needs_probation_over(tree):
    member = make_member("Hà Văn Sổ", tree.a, status=MemberStatus.PROBATIONARY)
    Member.objects.filter(pk=member.pk).update(
        admission_decided_on=date(2025, 9, 1), ceremony_on=date(2025, 9, 15)
    )
    with pytest.raises(DomainError, match="R29"):
        people_services.member_record_recognition(
            acting_user=tree.office_c1, member=member, official_from=date(2026, 9, 1)
        )
    with pytest.raises(DomainError, match="R33"):
        people_services.member_record_recognition(
            acting_user=tree.office_c1, member=member, official_from=date(2026, 9, 20)
        )
    people_services.member_record_recognition(
        acting_user=tree.office_c1, member=member, official_from=date(2026, 9, 15)
    )
    member.refresh_from_db()
    assert (member.status, member.official_from) == ("official", date(2026, 9, 15))


# P2 — the denominator from the member records (R22) -----------------------------------------


@pytest.fixture
def eight(cell, tree):
    extra = [make_member(f"Đảng viên Thêm {i}", tree.a) for i in range(5)]
    return cell.members + extra


def test_p2_a_resolution_typed_as_3_members_2_for_in_a_cell_of_8_is_refused(walk, tree, eight):
    dossier = walk(S.INTRODUCED)
    message = refused(cell_vote(tree, dossier, members=3, votes=2), dossier, "R22", "8")
    assert "không khớp" in message
    # Computed from the records: 2 of 8 is short of two thirds.
    refused(cell_vote(tree, dossier, members=None, votes=2), dossier, "2/8", "R22")


def test_p2_the_officer_names_who_is_not_counted(walk, tree, eight):
    dossier = walk(S.INTRODUCED)
    away = eight[3:5]  # temporarily transferred away; exempted and absent
    stranger = make_member("Ngoài Chi Bộ", tree.b)
    refused(
        cell_vote(tree, dossier, members=None, votes=4, excluded_members=[stranger]),
        dossier,
        "không phải đảng viên chính thức",
        "R22",
    )
    done = cell_vote(tree, dossier, members=None, votes=4, excluded_members=away)()
    assert done.state == S.CELL_PROPOSED
    assert done.transitions.get(to_state=S.CELL_PROPOSED).official_members == 6


def test_p2_members_who_left_or_arrived_after_the_meeting_count_as_on_that_day(walk, tree, eight):
    dossier = walk(S.INTRODUCED)
    # One member left after the meeting (still counted); one arrived after it (not counted).
    Member.objects.filter(pk=eight[7].pk).update(ended_on=MEETING + timedelta(days=10))
    newcomer = make_member("Mới Đến", tree.b)
    transfer = people_services.member_transfer_request(
        acting_user=tree.office_c1, member=newcomer, to_organization=tree.a, requested_on=MEETING
    )
    people_services.member_transfer_confirm(
        acting_user=tree.secretary_a, transfer=transfer, confirmed_on=MEETING + timedelta(days=5)
    )
    refused(cell_vote(tree, dossier, members=9, votes=6), dossier, "là 8", "R22")
    assert cell_vote(tree, dossier, members=8, votes=6)().state == S.CELL_PROPOSED


def test_p2_through_the_api(walk, tree, eight, api):
    dossier = walk(S.INTRODUCED)
    before = frozen(dossier)
    body = {"meeting_date": MEETING.isoformat(), "document_number": "1-NQ/CB"}
    response = post(
        api(tree.secretary_a),
        dossier.pk,
        "cell-resolve",
        official_members=3,
        votes_for=2,
        votes_against=0,
        **body,
    )
    api_refused(response, dossier, "R22", "không khớp")
    assert frozen(dossier) == before
    ok = post(
        api(tree.secretary_a),
        dossier.pk,
        "cell-resolve",
        votes_for=4,
        votes_against=0,
        excluded_members=[eight[3].pk, eight[4].pk],
        **body,
    )
    assert ok.status_code == 200, ok.json()
    assert ok.json()["state"] == S.CELL_PROPOSED


def test_r24_the_committee_denominator_comes_from_its_seats(walk, tree, eight):
    dossier = walk(S.CELL_PROPOSED)
    for member in eight[:5]:
        CommitteeSeat.objects.create(
            organization=tree.a, member=member, term="2025–2030", started_on=date(2020, 1, 1)
        )
    CommitteeSeat.objects.create(  # left the committee before the meeting
        organization=tree.a,
        member=eight[5],
        term="2020–2025",
        started_on=date(2020, 1, 1),
        ended_on=date(2023, 1, 1),
    )

    def call(total, votes):
        return lambda: services.dossier_grassroots_resolve(
            acting_user=tree.office_c1,
            dossier=dossier,
            meeting_date=MEETING + timedelta(days=5),
            committee_members=total,
            votes_for=votes,
            votes_against=0,
            document_number="2-NQ/ĐU",
        )

    refused(call(9, 9), dossier, "5 cấp ủy viên", "R24")
    refused(call(None, 3), dossier, "3/5", "R24")
    assert call(None, 4)().state == S.GRASSROOTS_PROPOSED


# P3, P4 — re-admission (R39) -----------------------------------------------------------------


def readmission_dossier(walk, tree, earlier_periods=0):
    person = make_person("Tăng Văn Lại", date(1980, 1, 1), organization=tree.a)
    member = Member.objects.create(
        person=person,
        organization=tree.b,
        status=MemberStatus.OFFICIAL,
        admission_decided_on=date(2005, 3, 1),
        official_from=date(2006, 3, 1),
        ended_on=date(2019, 1, 1),
    )
    for _ in range(earlier_periods):
        MembershipPeriod.objects.create(
            member=member,
            admission_decided_on=date(1995, 1, 1),
            ended_on=date(2000, 1, 1),
            readmitted_on=date(2005, 3, 1),
        )
    candidate = services.candidate_create(
        acting_user=tree.secretary_a,
        person=person,
        organization=tree.a,
        source="other",
        listed_on=BASE,
        is_readmission=True,
        left_party_on=date(2019, 1, 1),
        left_party_reason="struck_off",
    )
    return walk(S.AWAITING_DECISION, dossier=candidate.dossiers.get())


def test_p3_readmission_needs_the_provincial_agreement_before_the_decision(walk, tree):
    dossier = readmission_dossier(walk, tree)
    on = dossier.submitted_on + timedelta(days=5)
    refused(decide(tree, dossier, on), dossier, "văn bản đồng ý", "R39")
    refused(
        decide(
            tree,
            dossier,
            on,
            readmission_consent_number="15-CV/TU",
            readmission_consent_date=on + timedelta(days=1),
        ),
        dossier,
        "phải có trước quyết định",
        "R39",
    )
    assert Member.objects.get(person=dossier.candidate.person).ended_on is not None
    done = decide(
        tree, dossier, on, readmission_consent_number="15-CV/TU", readmission_consent_date=on
    )()
    assert done.readmission_consent_number == "15-CV/TU"
    # R28, R39 (c): the same probation as a first admission.
    assert Member.objects.get(pk=done.member_id).status == MemberStatus.PROBATIONARY


def test_p3_through_the_api(walk, tree, api):
    dossier = readmission_dossier(walk, tree)
    on = (dossier.submitted_on + timedelta(days=5)).isoformat()
    before = frozen(dossier)
    body = {"decision_number": "9-QĐ/ĐU", "decision_date": on, "received_on": on}
    response = post(api(tree.officer_p1), dossier.pk, "decide-admission", **body)
    api_refused(response, dossier, "R39", "văn bản đồng ý")
    assert frozen(dossier) == before
    ok = post(
        api(tree.officer_p1),
        dossier.pk,
        "decide-admission",
        readmission_consent_number="15-CV/TU",
        readmission_consent_date=on,
        **body,
    )
    assert ok.status_code == 200, ok.json()


def test_p4_a_second_readmission_is_refused(walk, tree, api):
    dossier = readmission_dossier(walk, tree, earlier_periods=1)
    on = dossier.submitted_on + timedelta(days=5)
    consent = {"readmission_consent_number": "15-CV/TU", "readmission_consent_date": on}
    refused(decide(tree, dossier, on, **consent), dossier, "chỉ được kết nạp lại 1 lần", "R39")
    before = frozen(dossier)
    response = post(
        api(tree.officer_p1),
        dossier.pk,
        "decide-admission",
        decision_number="9-QĐ/ĐU",
        decision_date=on.isoformat(),
        received_on=on.isoformat(),
        readmission_consent_number="15-CV/TU",
        readmission_consent_date=on.isoformat(),
    )
    api_refused(response, dossier, "R39", "1 lần")
    assert frozen(dossier) == before


# P5 — introducers as of the introduction date (R17) -------------------------------------------


@pytest.fixture
def late_official(tree):
    """Official since 05/07/2023, a month after the introduction of 05/06/2023."""
    member = make_member("Muộn Chính Thức", tree.a, official_from=date(2023, 7, 5))
    return member


def test_p5_an_introducer_who_became_official_after_the_introduction_is_refused(
    walk, cell, tree, late_official
):
    dossier = walk(S.VERIFIED)
    call = introduce(
        tree,
        dossier,
        introducer_1=cell.members[0],
        introducer_1_since=date(2020, 1, 1),
        introducer_2=late_official,
        introducer_2_since=date(2020, 1, 1),
    )
    refused(call, dossier, "chưa là đảng viên chính thức", "05/07/2023", "R17")


def test_p5_through_the_api(walk, cell, tree, late_official, api):
    dossier = walk(S.VERIFIED)
    before = frozen(dossier)
    body = {
        "introduced_on": "2023-06-05",
        "introducer_1": cell.members[0].pk,
        "introducer_1_since": "2020-01-01",
        "introducer_2_since": "2020-01-01",
    }
    response = post(
        api(tree.secretary_a), dossier.pk, "introduce", introducer_2=late_official.pk, **body
    )
    api_refused(response, dossier, "R17", "chưa là đảng viên chính thức")
    assert frozen(dossier) == before
    ok = post(
        api(tree.secretary_a), dossier.pk, "introduce", introducer_2=cell.members[1].pk, **body
    )
    assert ok.status_code == 200, ok.json()


def test_r17_an_introducer_who_left_the_cell_before_the_meeting_is_refused(walk, cell, tree):
    dossier = walk(S.INTRODUCED)
    introducer = Member.objects.get(pk=dossier.introducer_2_id)
    transfer = people_services.member_transfer_request(
        acting_user=tree.office_c1,
        member=introducer,
        to_organization=tree.e,
        requested_on=MEETING - timedelta(days=3),
    )
    transfer.refresh_from_db()
    people_services.member_transfer_confirm(
        acting_user=tree.admin, transfer=transfer, confirmed_on=MEETING - timedelta(days=2)
    )
    make_member("Thay Thế", tree.a)  # the cell keeps three official members
    refused(cell_vote(tree, dossier), dossier, "người giới thiệu", "không còn sinh hoạt", "R17")


# P6 — a transfer mid-process: the current cell votes and counts --------------------------------


@pytest.fixture
def moved(walk, tree):
    dossier = walk(S.PROBATIONARY)
    for name in ("Bình Một", "Bình Hai", "Bình Ba", "Bình Bốn"):
        make_member(name, tree.b)
    member = Member.objects.get(pk=dossier.member_id)
    transfer = people_services.member_transfer_request(
        acting_user=tree.office_c1,
        member=member,
        to_organization=tree.b,
        requested_on=dossier.probation_end,
    )
    people_services.member_transfer_confirm(
        acting_user=tree.secretary_b,
        transfer=transfer,
        confirmed_on=dossier.probation_end + timedelta(days=1),
    )
    dossier.refresh_from_db()
    assert dossier.organization == tree.b
    assert dossier.transitions.filter(action="transfer", from_organization=tree.a).exists()
    return dossier


def recognition(tree, dossier, user, votes, members=None):
    return lambda: services.dossier_recognition_vote(
        acting_user=user,
        dossier=dossier,
        meeting_date=dossier.probation_end + timedelta(days=7),
        official_members=members,
        votes_for=votes,
        votes_against=0,
        new_member_course_date=date(2023, 12, 1),
    )


def test_p6_after_a_transfer_the_old_cell_cannot_vote_and_the_new_cell_counts(moved, tree):
    refused(recognition(tree, moved, tree.secretary_a, 3, 3), moved, "chi bộ đang quản lý", "R32")
    # B has four official members on the meeting date: A's three do not count.
    refused(recognition(tree, moved, tree.secretary_b, 3, 3), moved, "là 4", "R22")
    done = recognition(tree, moved, tree.secretary_b, 3)()
    step = done.transitions.get(to_state=S.RECOGNITION_PROPOSED)
    assert (step.official_members, step.actor_body) == (4, tree.b)


def test_p6_through_the_api(moved, tree, api):
    before = frozen(moved)
    body = {
        "meeting_date": (moved.probation_end + timedelta(days=7)).isoformat(),
        "votes_for": 3,
        "votes_against": 0,
        "new_member_course_date": "2023-12-01",
    }
    # The old cell no longer sees the dossier at all.
    assert post(api(tree.secretary_a), moved.pk, "recognition-vote", **body).status_code == 404
    assert frozen(moved) == before
    ok = post(api(tree.secretary_b), moved.pk, "recognition-vote", **body)
    assert ok.status_code == 200, ok.json()
    assert ok.json()["transitions"][-1]["official_members"] == 4


def test_a_dossier_moves_before_the_decision_with_its_history(walk, cell, tree, api):
    dossier = walk(S.VERIFIED)
    steps = dossier.transitions.count()
    response = post(
        api(tree.office_c1), dossier.pk, "transfer", to_organization=tree.b.pk, on="2023-06-01"
    )
    assert response.status_code == 200, response.json()
    dossier.refresh_from_db()
    cell.candidate.refresh_from_db()
    assert dossier.organization == tree.b and cell.candidate.organization == tree.b
    assert dossier.transitions.count() == steps + 1 and dossier.state == S.VERIFIED


# P7 — the over-60 consent before the decision, not at the meeting (R3) -------------------------


@pytest.fixture
def over_60(walk, cell, tree):
    set_birth(cell, date(1950, 1, 1))
    return walk(S.AWAITING_DECISION)


def test_p7_a_consent_dated_after_the_meeting_but_before_the_decision_is_accepted(over_60, tree):
    dossier = over_60
    on = dossier.submitted_on + timedelta(days=20)
    after_meeting = dossier.cell_resolution_date + timedelta(days=10)
    refused(decide(tree, dossier, on), dossier, "Đảng bộ tỉnh Một", "R3")
    refused(
        decide(
            tree,
            dossier,
            on,
            over60_consent_number="12-CV/TU",
            over60_consent_date=on + timedelta(days=1),
        ),
        dossier,
        "phải có trước quyết định",
        "R3",
    )
    done = decide(
        tree, dossier, on, over60_consent_number="12-CV/TU", over60_consent_date=after_meeting
    )()
    assert done.state == S.ADMISSION_DECIDED and done.over60_consent_date == after_meeting


def test_p7_through_the_api(over_60, tree, api):
    dossier = over_60
    on = (dossier.submitted_on + timedelta(days=20)).isoformat()
    body = {"decision_number": "9-QĐ/ĐU", "decision_date": on, "received_on": on}
    before = frozen(dossier)
    api_refused(post(api(tree.officer_p1), dossier.pk, "decide-admission", **body), dossier, "R3")
    assert frozen(dossier) == before
    after_meeting = (dossier.cell_resolution_date + timedelta(days=10)).isoformat()
    ok = post(
        api(tree.officer_p1),
        dossier.pk,
        "decide-admission",
        over60_consent_number="12-CV/TU",
        over60_consent_date=after_meeting,
        **body,
    )
    assert ok.status_code == 200, ok.json()


# P8, P9 — the ceremony deadline on the civil-servant calendar (R27) -----------------------------


@pytest.fixture
def decided(walk):
    def _decided(received):
        dossier = walk(S.ADMISSION_DECIDED)
        Dossier.objects.filter(pk=dossier.pk).update(
            decision_date=received, decision_received_on=received
        )
        dossier.refresh_from_db()
        return dossier

    return _decided


def ceremony(tree, dossier, on):
    return lambda: services.dossier_hold_ceremony(
        acting_user=tree.secretary_a, dossier=dossier, ceremony_date=on
    )


def test_p8_a_ceremony_on_the_31st_working_day_needs_the_superior_consent(decided, tree):
    dossier = decided(date(2026, 1, 5))
    refused(ceremony(tree, dossier, date(2026, 2, 23)), dossier, "13/02/2026", "R27")
    assert ceremony(tree, dossier, date(2026, 2, 13))().state == S.PROBATIONARY


def test_p8_through_the_api(decided, tree, api):
    dossier = decided(date(2026, 1, 5))
    before = frozen(dossier)
    response = post(api(tree.secretary_a), dossier.pk, "hold-ceremony", ceremony_date="2026-02-23")
    api_refused(response, dossier, "R27", "13/02/2026")
    assert frozen(dossier) == before


def test_p9_a_ceremony_on_the_30th_working_day_is_accepted(decided, tree):
    dossier = decided(date(2026, 8, 25))
    done = ceremony(tree, dossier, date(2026, 10, 9))()
    assert done.state == S.PROBATIONARY
    assert not done.transitions.get(to_state=S.PROBATIONARY).deadline_breached
    assert done.probation_end == date(2027, 10, 9)


def test_p9_through_the_api(decided, tree, api):
    dossier = decided(date(2026, 8, 25))
    response = post(api(tree.secretary_a), dossier.pk, "hold-ceremony", ceremony_date="2026-10-09")
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == S.PROBATIONARY


# P10 — a dissolved district never decides; the unit now above the grassroots does (R25) ---------


@pytest.fixture
def district_case(tree):
    district = make_unit(tree.p1, "DIS", "Huyện ủy Cũ", "district")
    grassroots = make_unit(district, "G", "Đảng bộ xã Cũ Một", "grassroots_committee")
    cell = make_unit(grassroots, "GC", "Chi bộ thôn Đồi")
    members = [make_member(n, cell) for n in ("Đồi Một", "Đồi Hai", "Đồi Ba")]
    officer = make_user("officer_dis", Role.BOARD_OFFICER, district)
    from ptdv.organizations import services as org_services

    org_services.organization_dissolve(
        acting_user=None, organization=district, on=date(2025, 6, 30), merged_into=tree.c1
    )
    candidate = services.candidate_create(
        acting_user=None,
        person=make_person("Đồi Ứng Viên", date(2000, 1, 1), organization=cell),
        organization=cell,
        source="other",
        listed_on=date(2025, 3, 1),
    )
    dossier = advance(
        candidate.dossiers.get(),
        S.AWAITING_DECISION,
        base=date(2025, 3, 1),
        members=members,
        user=tree.admin,
    )
    return dossier, officer


def test_p10_the_unit_now_above_the_grassroots_decides(district_case, tree):
    dossier, officer = district_case
    on = date(2025, 7, 15)
    refused(decide(tree, dossier, on, user=officer), dossier, "«Đảng bộ xã Hòa Bình»", "R25")
    done = decide(tree, dossier, on, user=tree.office_c1)()
    assert done.decided_by == tree.c1
    assert done.transitions.get(to_state=S.ADMISSION_DECIDED).actor_body == tree.c1


def test_p10_before_the_reform_the_district_decided(district_case, tree):
    from ptdv.organizations.authority import competent_body
    from ptdv.organizations.models import AuthorityDecision

    dossier, _ = district_case
    assert (
        competent_body(dossier.organization, AuthorityDecision.ADMISSION, date(2025, 6, 30)).code
        == "DIS"
    )
    assert (
        competent_body(dossier.organization, AuthorityDecision.ADMISSION, date(2025, 7, 1))
        == tree.c1
    )


def test_p10_through_the_api(district_case, tree, api):
    dossier, officer = district_case
    body = {
        "decision_number": "9-QĐ/ĐU",
        "decision_date": "2025-07-15",
        "received_on": "2025-07-15",
    }
    before = frozen(dossier)
    api_refused(post(api(officer), dossier.pk, "decide-admission", **body), dossier, "R25")
    assert frozen(dossier) == before
    ok = post(api(tree.office_c1), dossier.pk, "decide-admission", **body)
    assert ok.status_code == 200, ok.json()
    assert ok.json()["decided_by"] == tree.c1.pk


# Values and messages from configuration ----------------------------------------------------------


def test_a_changed_value_changes_the_check_and_its_message(walk, tree, settings):
    dossier = walk(S.INTRODUCED)
    Dossier.objects.filter(pk=dossier.pk).update(certificate_date=MEETING - timedelta(days=50 * 30))
    dossier.refresh_from_db()
    assert cell_vote(tree, dossier, members=3, votes=2)().state == S.CELL_PROPOSED
    Dossier.objects.filter(pk=dossier.pk).update(state=S.INTRODUCED)
    dossier.refresh_from_db()
    settings.PTDV_RECRUITMENT_RULES = {
        "CERTIFICATE_VALID_MONTHS": 48,
        "VOTE_NUMERATOR": 3,
        "VOTE_DENOMINATOR": 4,
    }
    message = refused(cell_vote(tree, dossier, members=3, votes=2), dossier, "R8", "(48 tháng)")
    assert "60 tháng" not in message
    settings.PTDV_RECRUITMENT_RULES = {"VOTE_NUMERATOR": 3, "VOTE_DENOMINATOR": 4}
    message = refused(cell_vote(tree, dossier, members=3, votes=2), dossier, "3/4", "R22")
    assert "ít nhất 2/3" not in message


def test_no_rule_value_is_written_into_a_message():
    """Messages are formatted from `rules.rule(...)`: no literal of a configurable value."""
    import ast
    from pathlib import Path

    import ptdv

    root = Path(ptdv.__file__).parent
    files = [
        "recruitment/checks.py",
        "recruitment/gates.py",
        "recruitment/moves.py",
        "recruitment/selectors.py",
        *(
            str(path.relative_to(root))
            for package in ("recruitment/services", "people/services")
            for path in sorted((root / package).glob("*.py"))
        ),
    ]
    literals = [
        "2/3",
        "60 tháng",
        "12 tháng",
        "36 tháng",
        "18 tuổi",
        "60 tuổi",
        "30 ngày làm việc",
        "60 ngày làm việc",
        "3 lần",
    ]
    found = []
    for name in files:
        tree_ = ast.parse((root / name).read_text())
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree_)
            if isinstance(node, ast.FunctionDef | ast.Module | ast.ClassDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree_):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if id(node) in docstrings:
                    continue
                found += [(name, text) for text in literals if text in node.value]
    assert found == []


def test_r24_the_office_enters_the_seats_and_the_api_vote_counts_them(walk, tree, eight, api):
    dossier = walk(S.CELL_PROPOSED)
    office = api(tree.office_c1)
    for member in eight[:3]:
        response = office.post(
            "/api/v1/committee-seats/",
            {
                "organization": tree.a.pk,
                "member": member.pk,
                "term": "2020–2025",
                "started_on": "2020-01-01",
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
    duplicate = office.post(
        "/api/v1/committee-seats/",
        {"organization": tree.a.pk, "member": eight[0].pk, "term": "x", "started_on": "2021-01-01"},
        format="json",
    )
    assert duplicate.status_code == 400
    assert api(tree.secretary_a).post(
        "/api/v1/committee-seats/",
        {"organization": tree.a.pk, "member": eight[4].pk, "term": "x", "started_on": "2021-01-01"},
        format="json",
    ).status_code in (400, 403)
    before = frozen(dossier)
    body = {
        "meeting_date": (MEETING + timedelta(days=5)).isoformat(),
        "votes_for": 2,
        "votes_against": 0,
        "document_number": "2-NQ/ĐU",
    }
    refused_ = post(office, dossier.pk, "grassroots-resolve", committee_members=9, **body)
    api_refused(refused_, dossier, "3 cấp ủy viên", "R24")
    assert frozen(dossier) == before
    ok = post(office, dossier.pk, "grassroots-resolve", **body)
    assert ok.status_code == 200, ok.json()
    assert ok.json()["transitions"][-1]["official_members"] == 3
