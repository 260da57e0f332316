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


def in_force(unit: Organization | None, on: date) -> Organization | None:
    """`unit`, or the unit that took over its powers on `on`: a unit whose validity has ended
    never decides; its successor (`merged_into`, followed as far as needed) does."""
    seen = set()
    while unit is not None and unit.valid_to is not None and unit.valid_to < on:
        if unit.pk in seen or unit.merged_into_id is None:
            raise DomainError(
                f"«{unit.name}» đã giải thể từ {unit.valid_to:%d/%m/%Y} và chưa ghi đơn vị kế "
                "thừa: không xác định được cấp có thẩm quyền (R25). Hãy ghi «hợp nhất vào» cho "
                "đơn vị này.",
                rule="R25",
            )
        seen.add(unit.pk)
        unit = Organization.objects.select_related("kind").get(pk=unit.merged_into_id)
    return unit


def competent_body(unit: Organization, decision: str, on: date) -> Organization | None:
    """The unit whose committee decides `decision` for a person of `unit` on date `on`: from
    the authority table, counted from the grassroots organisation, never a dissolved unit
    (after 07/2025 the district's powers pass to the unit now above the grassroots
    organisation, R25)."""
    rule = authority_rule(unit, decision, on)
    grassroots = grassroots_of(unit)
    chain = _chain(grassroots)
    if rule.body == AuthorityBody.SELF:
        return in_force(grassroots, on)
    if rule.body == AuthorityBody.DIRECT_SUPERIOR:
        return in_force(chain[-2] if len(chain) > 1 else grassroots, on)
    if rule.body == AuthorityBody.PROVINCE:
        return in_force(next((o for o in chain if o.kind.code == "province"), None), on)
    return None


def may_record_for(user, body: Organization | None) -> bool:
    """An office may record the decisions of its own unit's committee (R25): a commune
    office records its standing committee's decisions where the table gives them to it."""
    return body is not None and user is not None and user.organization_id == body.pk
