"""The deadline of a dossier's current step (`Dossier.due_on`, `due_rule`), computed from its
stored dates and the configured periods, and stored whenever the dossier moves."""

from datetime import date

from django.db import transaction

from ptdv.core.calendar import add_working_days
from ptdv.recruitment import checks
from ptdv.recruitment.models import (
    CERTIFIED_STATES,
    CLOSED_STATES,
    Dossier,
    DossierState,
    VerificationRequest,
)
from ptdv.recruitment.rules import rule

S = DossierState


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


def ceremony_deadline(dossier: Dossier) -> date | None:
    received = dossier.decision_received_on or dossier.decision_date
    return add_working_days(received, rule("CEREMONY_WORKING_DAYS")) if received else None


def recognition_vote_deadline(dossier: Dossier) -> date | None:
    if dossier.probation_end is None:
        return None
    return add_working_days(dossier.probation_end, rule("RECOGNITION_VOTE_WORKING_DAYS"))


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


def refresh_due(dossier: Dossier) -> None:
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
                refresh_due(dossier)
        count += len(batch)
        last = batch[-1].pk
