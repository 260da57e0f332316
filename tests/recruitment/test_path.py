"""The whole path through the services, and the records each step leaves."""

from ptdv.people.models import Member, MemberStatus
from ptdv.recruitment.models import CandidateStatus, DossierState, DossierTransition

S = DossierState


def test_a_candidate_becomes_an_official_member_from_the_end_of_probation(walk, cell):
    dossier = walk(S.OFFICIAL)
    assert dossier.state == S.OFFICIAL
    member = Member.objects.get(person=cell.candidate.person)
    assert member.status == MemberStatus.OFFICIAL
    assert member.admission_decided_on == dossier.decision_date
    assert member.official_from == dossier.probation_end  # R33, not the decision date
    assert dossier.recognition_decision_date > dossier.probation_end
    cell.candidate.refresh_from_db()
    assert cell.candidate.status == CandidateStatus.ADMITTED
    steps = list(
        DossierTransition.objects.filter(dossier=dossier).values_list("to_state", flat=True)
    )
    assert steps[-1] == S.OFFICIAL and len(steps) == 15


def test_the_admission_decision_creates_a_probationary_member(walk, cell, tree):
    dossier = walk(S.ADMISSION_DECIDED)
    member = dossier.member
    assert member.status == MemberStatus.PROBATIONARY
    assert member.organization == tree.a
    assert member.admission_decided_on == dossier.decision_date
    assert dossier.decided_by == tree.c1  # the commune committee, from the authority table


def test_every_transition_records_who_the_meeting_and_the_vote(walk, tree):
    dossier = walk(S.CELL_PROPOSED)
    step = dossier.transitions.get(to_state=S.CELL_PROPOSED)
    assert step.actor == tree.office_c1
    assert (step.official_members, step.votes_for, step.votes_against) == (3, 3, 0)
    assert step.meeting_date == dossier.cell_resolution_date
    assert step.document_number.endswith("-NQ/CB")
