"""The worklist and the deadlines, computed from dates."""

from datetime import timedelta

from ptdv.core.calendar import add_working_days
from ptdv.recruitment import selectors
from ptdv.recruitment.models import Dossier


def items(tree, today):
    return [(i.rule, i.dossier.pk) for i in selectors.worklist(tree.office_c1, tree.c1, today)]


def test_a_ceremony_appears_when_due_and_stays_when_overdue(walk, tree):
    dossier = walk("admission_decided")
    due = add_working_days(dossier.decision_received_on, 30)
    far_before = dossier.decision_received_on
    assert ("R27", dossier.pk) not in items(tree, far_before)
    assert ("R27", dossier.pk) in items(tree, due)
    assert ("R27", dossier.pk) in items(tree, due + timedelta(days=30))


def test_a_recognition_vote_appears_near_the_end_of_probation(walk, tree):
    dossier = walk("probationary")
    assert ("R32", dossier.pk) not in items(tree, dossier.probation_end - timedelta(days=60))
    assert ("R32", dossier.pk) in items(tree, dossier.probation_end)


def test_a_decision_past_60_working_days(walk, tree):
    dossier = walk("awaiting_decision")
    due = add_working_days(dossier.cell_resolution_date, 60)
    listed = selectors.worklist(tree.office_c1, tree.c1, due + timedelta(days=1))
    item = next(i for i in listed if i.dossier.pk == dossier.pk)
    assert item.rule == "R26" and item.due == due


def test_a_certificate_expiring_before_the_dossier_can_finish(walk, tree):
    dossier = walk("verified")
    expiry = dossier.certificate_date.replace(year=dossier.certificate_date.year + 5)
    assert ("R8", dossier.pk) not in items(tree, expiry - timedelta(days=400))
    assert ("R8", dossier.pk) in items(tree, expiry - timedelta(days=30))


def test_a_verification_taking_long(walk, tree):
    dossier = walk("verifying")
    sent = dossier.verification_sent_on
    assert ("R16", dossier.pk) not in items(tree, sent)
    assert ("R16", dossier.pk) in items(tree, add_working_days(sent, 31))


def test_the_worklist_is_scoped(walk, tree):
    dossier = walk("admission_decided")
    today = dossier.decision_received_on + timedelta(days=200)
    assert selectors.worklist(tree.office_c2, tree.c2, today) == []
    assert Dossier.objects.for_user(tree.secretary_b).filter(pk=dossier.pk).count() == 0
