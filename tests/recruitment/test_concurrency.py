"""Two officers moving the same dossier at once: exactly one transition happens."""

from datetime import date

import pytest

from ptdv.core.errors import DomainError
from ptdv.recruitment import services
from ptdv.recruitment.models import Dossier, DossierState, DossierTransition

S = DossierState


def test_the_second_officer_gets_a_clear_message_and_nothing_changes(cell, tree):
    # Both officers opened the dossier page while it was on the candidate list.
    seen_by_first = Dossier.objects.get(pk=cell.dossier.pk)
    seen_by_second = Dossier.objects.get(pk=cell.dossier.pk)
    services.dossier_nominate(
        acting_user=tree.secretary_a, dossier=seen_by_first, meeting_date=date(2023, 4, 1)
    )
    with pytest.raises(DomainError) as error:
        services.dossier_drop(
            acting_user=tree.office_c1,
            dossier=seen_by_second,
            on=date(2023, 4, 2),
            reason="Chuyển đi nơi khác",
        )
    assert "vừa được người khác cập nhật" in error.value.message
    assert "Được cử đi học lớp bồi dưỡng" in error.value.message
    dossier = Dossier.objects.get(pk=cell.dossier.pk)
    assert dossier.state == S.NOMINATED_FOR_CLASS and dossier.closed_reason == ""
    assert DossierTransition.objects.filter(dossier=dossier, action="drop").count() == 0
    cell.candidate.refresh_from_db()
    assert cell.candidate.status == "active"


def test_the_same_transition_twice_happens_once(cell, tree):
    first = Dossier.objects.get(pk=cell.dossier.pk)
    second = Dossier.objects.get(pk=cell.dossier.pk)
    services.dossier_nominate(
        acting_user=tree.secretary_a, dossier=first, meeting_date=date(2023, 4, 1)
    )
    with pytest.raises(DomainError, match="người khác"):
        services.dossier_nominate(
            acting_user=tree.secretary_a, dossier=second, meeting_date=date(2023, 4, 2)
        )
    assert DossierTransition.objects.filter(dossier=cell.dossier, action="nominate").count() == 1
    assert Dossier.objects.get(pk=cell.dossier.pk).nominated_on == date(2023, 4, 1)


def test_a_failed_vote_counted_twice_at_once_is_counted_once(walk, tree):
    dossier = walk(S.PROBATIONARY)
    copy = Dossier.objects.get(pk=dossier.pk)
    on = dossier.probation_end
    kwargs = dict(
        acting_user=tree.secretary_a,
        meeting_date=on,
        official_members=3,
        votes_for=1,
        votes_against=2,
        new_member_course_date=on,
    )
    services.dossier_recognition_vote(dossier=dossier, **kwargs)
    with pytest.raises(DomainError, match="người khác"):
        services.dossier_recognition_vote(dossier=copy, **kwargs)
    assert Dossier.objects.get(pk=dossier.pk).failed_recognition_votes == 1


def test_the_admission_decision_taken_twice_creates_one_member(walk, tree):
    from ptdv.people.models import Member

    dossier = walk(S.AWAITING_DECISION)
    copy = Dossier.objects.get(pk=dossier.pk)
    kwargs = dict(
        acting_user=tree.officer_p1,
        decision_number="1-QĐ",
        decision_date=date(2023, 7, 20),
        received_on=date(2023, 7, 21),
    )
    services.dossier_decide_admission(dossier=dossier, **kwargs)
    with pytest.raises(DomainError, match="người khác"):
        services.dossier_decide_admission(dossier=copy, **kwargs)
    assert Member.objects.filter(person=dossier.candidate.person).count() == 1
