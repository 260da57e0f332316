"""Writes of the recruitment app, by stage: `candidates` (the list, mentors, reviews),
`dossier` (the steps up to the submission, the verification), `decision` (the competent
committee: admission, refusal, deadline), `probation` (ceremony, recognition, striking off).
Each dossier transition is one function under `gates.transition`: one transaction, the step
the officer saw, role, scope and step from `gates.GATES`; then its rules, and the move itself
(`moving.move`): a conditional update, the transition row and the audit row. A refusal raises
DomainError and changes nothing. Callers import from here."""

from ptdv.recruitment.gates import (
    GATES,
    Gate,
    WrongStep,
    check_expected,
    gate_check,
    may_act,
    states_waiting_for,
)
from ptdv.recruitment.services.candidates import (
    CANDIDATE_OPTIONS,
    candidate_add_review,
    candidate_assign_mentor,
    candidate_create,
    candidate_enlist,
    candidate_update,
)
from ptdv.recruitment.services.deadlines import (
    ceremony_deadline,
    compute_due,
    decision_deadline,
    dossier_refresh_deadlines,
    recognition_deadline,
    recognition_vote_deadline,
)
from ptdv.recruitment.services.decision import (
    dossier_decide_admission,
    dossier_drop,
    dossier_expire_certificate,
    dossier_extend_deadline,
    dossier_reject,
)
from ptdv.recruitment.services.dossier import (
    candidate_enlist_trained,
    dossier_assign_helper,
    dossier_cell_resolve,
    dossier_complete_verification,
    dossier_grassroots_resolve,
    dossier_introduce,
    dossier_nominate,
    dossier_open,
    dossier_record_certificate,
    dossier_start_verification,
    dossier_submit,
    verification_add,
    verification_answer,
)
from ptdv.recruitment.services.probation import (
    dossier_hold_ceremony,
    dossier_recognition_vote,
    dossier_recognize,
    dossier_strike_off,
)

__all__ = [
    "CANDIDATE_OPTIONS",
    "GATES",
    "Gate",
    "WrongStep",
    "candidate_add_review",
    "candidate_assign_mentor",
    "candidate_create",
    "candidate_enlist",
    "candidate_enlist_trained",
    "candidate_update",
    "ceremony_deadline",
    "check_expected",
    "compute_due",
    "decision_deadline",
    "dossier_assign_helper",
    "dossier_cell_resolve",
    "dossier_complete_verification",
    "dossier_decide_admission",
    "dossier_drop",
    "dossier_expire_certificate",
    "dossier_extend_deadline",
    "dossier_grassroots_resolve",
    "dossier_hold_ceremony",
    "dossier_introduce",
    "dossier_nominate",
    "dossier_open",
    "dossier_recognition_vote",
    "dossier_recognize",
    "dossier_record_certificate",
    "dossier_refresh_deadlines",
    "dossier_reject",
    "dossier_start_verification",
    "dossier_strike_off",
    "dossier_submit",
    "gate_check",
    "may_act",
    "recognition_deadline",
    "recognition_vote_deadline",
    "states_waiting_for",
    "verification_add",
    "verification_answer",
]
