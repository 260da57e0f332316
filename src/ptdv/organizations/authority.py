"""Who decides: reads the authority table for a unit, a decision and a date."""

from datetime import date

from django.db.models import F, Q

from ptdv.core.errors import DomainError
from ptdv.organizations.models import (
    AuthorityBody,
    AuthorityRule,
    Organization,
)


def grassroots_of(unit: Organization) -> Organization:
    """The grassroots organisation a unit belongs to (itself, or the nearest such ancestor).
    A village cell directly under a commune committee (since 07/2025) acts as its own
    grassroots organisation, so the commune committee is its direct superior."""
    chain = _chain(unit)
    for candidate in reversed(chain):
        if candidate.kind.is_grassroots:
            return candidate
    return unit


def _chain(unit: Organization) -> list[Organization]:
    ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    found = {o.pk: o for o in Organization.objects.filter(pk__in=ids).select_related("kind")}
    return [found[i] for i in ids if i in found]


def authority_rule(unit: Organization, decision: str, on: date) -> AuthorityRule:
    rule = (
        AuthorityRule.objects.filter(decision=decision)
        .filter(Q(subject_kind__isnull=True) | Q(subject_kind=grassroots_of(unit).kind))
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by(
            F("subject_kind_id").asc(nulls_last=True)
        )  # a rule for the specific kind wins over the general one
        .first()
    )
    if rule is None:
        raise DomainError(
            f"Chưa cấu hình thẩm quyền cho việc này vào ngày {on:%d/%m/%Y}: "
            "hãy bổ sung bảng thẩm quyền."
        )
    return rule


def competent_body(unit: Organization, decision: str, on: date) -> Organization | None:
    """The unit whose committee decides `decision` for a person of `unit` on date `on`."""
    rule = authority_rule(unit, decision, on)
    grassroots = grassroots_of(unit)
    chain = _chain(grassroots)
    if rule.body == AuthorityBody.SELF:
        return grassroots
    if rule.body == AuthorityBody.DIRECT_SUPERIOR:
        return chain[-2] if len(chain) > 1 else grassroots
    if rule.body == AuthorityBody.PROVINCE:
        return next((o for o in chain if o.kind.code == "province"), None)
    return None
