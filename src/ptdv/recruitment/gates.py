"""Who may move a dossier, from which step: `GATES` declares it once for every transition,
the services check it (`transition`), the pages and the API ask `may_act`."""

import functools
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from ptdv.accounts.permissions import Action, user_can
from ptdv.core.errors import DomainError, RoleRefused, StaleState
from ptdv.organizations.authority import competent_body, may_record_for
from ptdv.organizations.models import AuthorityDecision, Organization
from ptdv.organizations.scope import in_scope
from ptdv.recruitment.models import PRE_DECISION_STATES, Dossier, DossierState

S = DossierState


def require(acting_user, action: str, organization: Organization) -> None:
    if acting_user is None:
        return  # system jobs and the demo builder
    if not user_can(acting_user, action):
        raise RoleRefused(
            f"Vai trò của bạn không được thực hiện việc này ({Action(action).label.lower()})."
        )
    if not in_scope(acting_user, organization.path):
        raise DomainError("Hồ sơ này nằm ngoài phạm vi quản lý của bạn.")


class WrongStep(DomainError):
    """The dossier is not at a step from which this transition starts."""


def require_state(dossier: Dossier, allowed, what: str) -> None:
    if dossier.state not in allowed:
        raise WrongStep(f"Hồ sơ đang ở bước «{dossier.get_state_display()}», chưa thể {what}.")


def _reject_action(dossier: Dossier) -> str:
    # The competent committee refuses a submitted dossier; earlier, a vote of the cell or the
    # grassroots committee failed and the cell's side records it.
    if dossier.state == S.AWAITING_DECISION:
        return Action.DECIDE
    return Action.RECORD_CELL_DECISIONS


def _recognize_states(dossier: Dossier) -> tuple:
    # R34: after the cell failed to reach two thirds and reported up, the competent committee
    # may decide straight from the probation.
    if dossier.escalated_on:
        return (S.RECOGNITION_PROPOSED, S.PROBATIONARY)
    return (S.RECOGNITION_PROPOSED,)


@dataclass(frozen=True)
class Gate:
    """Who may make a transition and from which states: `action` and `states` are values or
    functions of the dossier. The one declaration the services, the pages and the API read."""

    states: object
    action: object
    what: str
    forward: bool = True  # a step of the procedure (not a refusal, a drop or an aside)
    # A decision of the competent body (R25): besides the DECIDE role, the office of the very
    # body the authority table names records it (a commune office, its standing committee's).
    decision: str = ""

    def states_for(self, dossier: Dossier) -> tuple:
        return tuple(self.states(dossier) if callable(self.states) else self.states)

    def action_for(self, dossier: Dossier) -> str:
        return self.action(dossier) if callable(self.action) else self.action

    def role_may(self, user, dossier: Dossier) -> bool:
        """The role check alone, before a request's body is read (a 403 comes first); a
        decision is also open to an office, whose body the service then checks (R25)."""
        if self.decision and user_can(user, Action.MANAGE_DOSSIERS):
            return True
        return user_can(user, self.action_for(dossier))


A = Action
GATES: dict[str, Gate] = {
    "nominate": Gate((S.SOURCE, S.CERT_EXPIRED), A.MANAGE_CANDIDATES, "cử đi học lớp bồi dưỡng"),
    "record_certificate": Gate(
        (S.NOMINATED_FOR_CLASS,), A.MANAGE_CANDIDATES, "ghi giấy chứng nhận"
    ),
    "assign_helper": Gate((S.CLASS_CERTIFIED,), A.MANAGE_CANDIDATES, "phân công đảng viên giúp đỡ"),
    "open": Gate((S.ASSIGNED_HELPER,), A.MANAGE_CANDIDATES, "nhận đơn và lý lịch"),
    "add_verification": Gate(
        (S.DOSSIER_OPEN, S.VERIFYING), A.MANAGE_CANDIDATES, "thêm người cần thẩm tra", False
    ),
    "start_verification": Gate((S.DOSSIER_OPEN,), A.MANAGE_CANDIDATES, "gửi thẩm tra lý lịch"),
    "answer_verification": Gate((S.VERIFYING,), A.MANAGE_CANDIDATES, "ghi kết quả thẩm tra", False),
    "complete_verification": Gate((S.VERIFYING,), A.MANAGE_DOSSIERS, "chứng nhận lý lịch"),
    "introduce": Gate((S.VERIFIED,), A.MANAGE_CANDIDATES, "ghi người giới thiệu"),
    "cell_resolve": Gate((S.INTRODUCED,), A.RECORD_CELL_DECISIONS, "họp chi bộ xét kết nạp"),
    "grassroots_resolve": Gate(
        (S.CELL_PROPOSED,), A.MANAGE_DOSSIERS, "ghi nghị quyết của cấp ủy cơ sở"
    ),
    "submit": Gate((S.GRASSROOTS_PROPOSED,), A.MANAGE_DOSSIERS, "trình cấp có thẩm quyền"),
    "extend_deadline": Gate(
        (S.CELL_PROPOSED, S.GRASSROOTS_PROPOSED, S.AWAITING_DECISION, S.RECOGNITION_PROPOSED),
        A.DECIDE,
        "gia hạn thời hạn quyết định",
        False,
    ),
    "decide_admission": Gate(
        (S.AWAITING_DECISION,),
        A.DECIDE,
        "ghi quyết định kết nạp",
        decision=AuthorityDecision.ADMISSION,
    ),
    "reject": Gate(
        (S.INTRODUCED, S.CELL_PROPOSED, S.GRASSROOTS_PROPOSED, S.AWAITING_DECISION),
        _reject_action,
        "ghi không kết nạp",
        False,
    ),
    "hold_ceremony": Gate((S.ADMISSION_DECIDED,), A.RECORD_CELL_DECISIONS, "tổ chức lễ kết nạp"),
    "recognition_vote": Gate(
        (S.PROBATIONARY,), A.RECORD_CELL_DECISIONS, "xét công nhận đảng viên chính thức"
    ),
    "recognize": Gate(
        _recognize_states,
        A.DECIDE,
        "công nhận đảng viên chính thức",
        decision=AuthorityDecision.RECOGNITION,
    ),
    "strike_off": Gate(
        (S.PROBATIONARY, S.RECOGNITION_PROPOSED),
        A.DECIDE,
        "xóa tên",
        False,
        decision=AuthorityDecision.STRIKE_OFF,
    ),
    "drop": Gate(tuple(PRE_DECISION_STATES), A.MANAGE_CANDIDATES, "đưa ra khỏi danh sách", False),
    "transfer": Gate(
        tuple(PRE_DECISION_STATES), A.MANAGE_DOSSIERS, "chuyển hồ sơ sang chi bộ khác", False
    ),
}


def may_act(user, name: str, dossier: Dossier) -> bool:
    """Whether `user`'s role may make transition `name` on `dossier` in its present state
    (scope is the caller's: the dossier came from a scoped queryset)."""
    gate = GATES[name]
    if dossier.state not in gate.states_for(dossier):
        return False
    if gate.decision:
        return _may_decide(user, gate.decision, dossier, timezone.localdate())
    return user_can(user, gate.action_for(dossier))


def _may_decide(user, decision: str, dossier: Dossier, on: date) -> bool:
    """The DECIDE role, or the office of the body the authority table names on `on`."""
    if user_can(user, Action.DECIDE):
        return True
    if dossier.organization_id is None or not user_can(user, Action.MANAGE_DOSSIERS):
        return False
    return may_record_for(user, competent_body(dossier.organization, decision, on))


def states_waiting_for(user) -> list[str]:
    """The states at which `user`'s role records the next step of the procedure ("waiting
    for your action"), read from the same declaration as the services."""
    waiting = []
    for state in DossierState.values:
        for escalated in (None, date.min):
            probe = Dossier(state=state, escalated_on=escalated)
            if any(gate.forward and may_act(user, name, probe) for name, gate in GATES.items()):
                waiting.append(state)
                break
    return waiting


def gate_check(acting_user, name: str, dossier: Dossier, on: date | None = None) -> None:
    """Role, scope and state for transition `name` (a decision as of its date `on`);
    refuses with the reason."""
    gate = GATES[name]
    if gate.decision:  # without a date yet, as the page asks: the body competent today
        require_decider(acting_user, dossier, gate.decision, on or timezone.localdate())
    else:
        require(acting_user, gate.action_for(dossier), dossier.organization)
    require_state(dossier, gate.states_for(dossier), gate.what)


def check_expected(dossier: Dossier, expected_state: str | None) -> None:
    """A page or API call carries the step the officer saw: if the dossier moved since, the
    action is refused, even when the new step would allow it."""
    if expected_state is not None and expected_state != dossier.state:
        seen = dict(DossierState.choices).get(expected_state, expected_state)
        raise StaleState(
            "Hồ sơ vừa được người khác cập nhật (hiện ở bước "
            f"«{dossier.get_state_display()}», trang của bạn hiển thị bước "
            f"«{seen}»): "
            "thao tác của bạn không được ghi. Hãy tải lại trang và kiểm tra trước khi làm tiếp.",
            field="expected_state",
        )


def require_decider(acting_user, dossier: Dossier, decision: str, on: date | None) -> None:
    """The DECIDE role, or the office of the very body the authority table names (a commune
    office records its own standing committee's decisions, R25)."""
    if acting_user is None or user_can(acting_user, Action.DECIDE) or on is None:
        require(acting_user, Action.DECIDE, dossier.organization)
        return
    if not may_record_for(acting_user, competent_body(dossier.organization, decision, on)):
        require(acting_user, Action.DECIDE, dossier.organization)
    require(acting_user, Action.MANAGE_DOSSIERS, dossier.organization)


def transition(name: str, *, on: str = "", before=None):
    """The prologue every dossier transition shares, written once: one transaction; the step
    the officer saw (`expected_state`: a dossier moved since is refused with StaleState);
    `before(dossier, acting_user)` where the transition asks more first (the current cell
    votes, P6); then role, scope and step from `GATES[name]` (a decision as of its date, the
    argument named by `on`). The service itself starts with its own rules."""

    def wrap(service):
        @functools.wraps(service)
        @transaction.atomic
        def run(*, acting_user, dossier: Dossier, expected_state: str | None = None, **values):
            check_expected(dossier, expected_state)
            if before is not None:
                before(dossier, acting_user)
            gate_check(acting_user, name, dossier, on=values.get(on) if on else None)
            return service(acting_user=acting_user, dossier=dossier, **values)

        run.transition = name
        return run

    return wrap
