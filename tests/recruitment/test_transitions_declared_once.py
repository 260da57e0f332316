"""What the page offers is what the service accepts: for every transition, in every state,
for every persona, the dossier page shows the step's form exactly when calling the service
gets past the role and step checks. And a page drawn before someone else moved the dossier
cannot act on it (stale page)."""

from datetime import date

import pytest
from django.db import transaction

from ptdv.core.errors import RoleRefused
from ptdv.recruitment import services, transitions
from ptdv.recruitment.models import Dossier, DossierState, VerificationRequest


class Rollback(Exception):
    pass


def service_accepts(spec, dossier, user, request) -> bool:
    """Call the service with empty values: it accepts the persona and the step when it gets
    past them (and then refuses the empty values, or fails on them: all rolled back)."""
    values = {f.name: None for f in spec.fields if f.name != "request"}
    target = {"request": request} if spec.target == "request" else {"dossier": dossier}
    try:
        with transaction.atomic():
            try:
                spec.service(acting_user=user, **target, **values)
            except (RoleRefused, services.WrongStep):
                return False
            except Exception:
                pass
            raise Rollback
    except Rollback:
        return True


def test_every_transition_in_every_state_for_every_persona(tree, cell):
    personas = {
        "cell secretary": tree.secretary_a,
        "commune office": tree.office_c1,
        "province board officer": tree.officer_p1,
        "inspector": tree.inspector_p1,
        "administrator": tree.admin,
    }
    dossier = cell.dossier
    request = VerificationRequest.objects.create(
        dossier=dossier, relation="father", full_name="Đỗ Văn Cha"
    )
    mismatches = []
    offered_somewhere = set()
    for state in DossierState.values:
        # R34's escalation changes who may decide only during the probation.
        escalations = (None, date(2024, 1, 1)) if state == "probationary" else (None,)
        for escalated in escalations:
            Dossier.objects.filter(pk=dossier.pk).update(state=state, escalated_on=escalated)
            for who, user in personas.items():
                current = Dossier.objects.select_related("candidate__person").get(pk=dossier.pk)
                offered = {spec.name for spec in transitions.available(current, user)}
                offered_somewhere |= offered
                for spec in transitions.SPECS:
                    accepted = service_accepts(spec, current, user, request)
                    if accepted != (spec.name in offered):
                        mismatches.append((spec.name, state, escalated, who, accepted))
    assert mismatches == []
    # Every transition is offered to somebody somewhere: the test compared real choices.
    assert offered_somewhere == set(transitions.BY_NAME)


def test_a_board_officer_records_the_refusal_of_a_submitted_dossier(tree, walk):
    dossier = walk("awaiting_decision")
    names = {spec.name for spec in transitions.available(dossier, tree.officer_p1)}
    assert "reject" in names
    assert "reject" not in {s.name for s in transitions.available(dossier, tree.secretary_a)}
    services.dossier_reject(
        acting_user=tree.officer_p1, dossier=dossier, on=date(2024, 1, 5), reason="Chưa đủ"
    )
    assert Dossier.objects.get(pk=dossier.pk).state == "rejected"


def _nominated_by_someone_else(tree, cell):
    services.dossier_nominate(
        acting_user=tree.office_c1, dossier=cell.dossier, meeting_date=date(2023, 4, 1)
    )
    return Dossier.objects.get(pk=cell.dossier.pk)


def test_a_stale_page_cannot_act_on_a_dossier_moved_since(login, tree, cell):
    client = login(tree.secretary_a)
    page = client.get(f"/ket-nap/ho-so/{cell.dossier.pk}/").content.decode()
    assert 'name="drop-expected_state" value="source"' in page
    before = _nominated_by_someone_else(tree, cell)
    response = client.post(
        f"/ket-nap/ho-so/{cell.dossier.pk}/buoc/drop/",
        {
            "drop-on": "2023-05-01",
            "drop-reason": "Chuyển đi nơi khác",
            "drop-expected_state": "source",
        },
    )
    assert response.status_code == 409
    assert "Hồ sơ vừa được người khác cập nhật" in response.content.decode()
    after = Dossier.objects.get(pk=cell.dossier.pk)
    assert (after.state, after.closed_reason, after.transitions.count()) == (
        "nominated_for_class",
        "",
        before.transitions.count(),
    )


def test_a_stale_api_action_answers_409_in_vietnamese(api, tree, cell):
    before = _nominated_by_someone_else(tree, cell)
    response = api(tree.secretary_a).post(
        f"/api/v1/dossiers/{cell.dossier.pk}/drop/",
        {"on": "2023-05-01", "reason": "Chuyển đi", "expected_state": "source"},
        format="json",
    )
    assert response.status_code == 409
    assert "Hồ sơ vừa được người khác cập nhật" in response.json()["expected_state"][0]
    after = Dossier.objects.get(pk=cell.dossier.pk)
    assert (after.state, after.transitions.count()) == (before.state, before.transitions.count())


def test_an_api_action_without_the_step_seen_is_refused(api, tree, cell):
    response = api(tree.secretary_a).post(
        f"/api/v1/dossiers/{cell.dossier.pk}/nominate/",
        {"meeting_date": "2023-04-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "expected_state" in response.json()
    assert Dossier.objects.get(pk=cell.dossier.pk).state == "source"


@pytest.mark.parametrize("name", ["nominate", "decide-admission"])
def test_the_read_only_inspector_gets_403_on_a_dossier_in_scope(api, tree, cell, name):
    response = api(tree.inspector_p1).post(
        f"/api/v1/dossiers/{cell.dossier.pk}/{name}/", {}, format="json"
    )
    assert response.status_code == 403
    assert Dossier.objects.get(pk=cell.dossier.pk).state == "source"
