"""Who decides: reads the authority table for a unit, a decision and a date."""

from datetime import date

from django.db.models import F, Q

from ptdv.core.errors import DomainError
from ptdv.organizations.models import (
    AuthorityBody,
    AuthorityRule,
    Organization,
    active_between,
)


def grassroots_of(unit: Organization, on: date | None = None) -> Organization:
    """The grassroots organisation a unit belongs to (itself, or the nearest such ancestor).
    A village cell directly under a commune committee (since 07/2025) acts as its own
    grassroots organisation, so the commune committee is its direct superior. With `on`,
    the tree as it stood that day: dissolved units are replaced by their successors."""
    chain = _chain_on(unit, on) if on else _chain(unit)
    for candidate in reversed(chain):
        if candidate.kind.is_grassroots:
            return candidate
    return chain[-1] if on else unit


def _chain(unit: Organization) -> list[Organization]:
    ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    found = {o.pk: o for o in Organization.objects.filter(pk__in=ids).select_related("kind")}
    return [found[i] for i in ids if i in found]


def _chain_on(unit: Organization, on: date) -> list[Organization]:
    """Root-first ancestors of `unit` as in force on `on`: each dissolved unit on the way up
    is replaced by the unit that took it over (an old commune by the new commune, a district
    by what it was merged into), and the walk goes on from that successor's parent."""
    by_id = {o.pk: o for o in _chain(unit)}
    chain, node, seen = [], unit, set()
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        node = in_force(node, on, strict=False)
        chain.append(node)
        parent_id = node.parent_id
        if parent_id is None:
            break
        node = by_id.get(parent_id) or Organization.objects.select_related("kind").get(pk=parent_id)
    return chain[::-1]


def authority_rule(unit: Organization, decision: str, on: date) -> AuthorityRule:
    rule = (
        AuthorityRule.objects.filter(decision=decision)
        .filter(Q(subject_kind__isnull=True) | Q(subject_kind=grassroots_of(unit, on).kind))
        .filter(active_between(on, on))
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


def in_force(unit: Organization | None, on: date, strict: bool = True) -> Organization | None:
    """`unit`, or the unit that took over its powers on `on`: a unit whose validity has ended
    never decides; its successor (`merged_into`, followed as far as needed) does."""
    seen = set()
    while unit is not None and unit.valid_to is not None and unit.valid_to < on:
        if unit.pk in seen or unit.merged_into_id is None:
            if not strict:
                return unit
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
    the authority table, counted from the grassroots organisation in the tree as it stood on
    `on`. A dissolved unit never decides: after 07/2025 the district's or old commune's
    powers pass to the unit now above the grassroots organisation (R25)."""
    rule = authority_rule(unit, decision, on)
    chain = _chain_on(unit, on)
    grassroots = grassroots_of(unit, on)
    chain = chain[: chain.index(grassroots) + 1]
    if rule.body == AuthorityBody.SELF:
        body = grassroots
    elif rule.body == AuthorityBody.DIRECT_SUPERIOR:
        body = chain[-2] if len(chain) > 1 else grassroots
    elif rule.body == AuthorityBody.PROVINCE:
        body = next((o for o in chain if o.kind.code == "province"), None)
    else:
        return None
    return in_force(body, on)  # a dissolved unit without a successor: say so


def may_record_for(user, body: Organization | None) -> bool:
    """An office may record the decisions of its own unit's committee (R25): a commune
    office records its standing committee's decisions where the table gives them to it."""
    return body is not None and user is not None and user.organization_id == body.pk
