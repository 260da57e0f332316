"""The steps every reorganisation shares: the decision, locking, placing a unit (its paths
rewritten, its earlier place kept in `ParentPeriod`), closing a unit, the audit rows, the
scope caches, and the followers that move what a cell holds. The operations themselves are
in `reorganisation.py`."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, Max, Value
from django.db.models.functions import Concat, Substr

from ptdv.accounts.audit import audit_record
from ptdv.accounts.models import register_event_labels
from ptdv.core.errors import DomainError
from ptdv.core.formatting import format_date
from ptdv.core.text import normalize
from ptdv.organizations.models import (
    Organization,
    ParentPeriod,
    Reorganisation,
)
from ptdv.organizations.scope import forget_scope
from ptdv.organizations.services import _require_manage

register_event_labels(
    {
        "organization_merged": "Hợp nhất, sáp nhập tổ chức đảng",
        "organization_split": "Chia tách tổ chức đảng",
        "organization_moved": "Chuyển tổ chức đảng sang cấp trên khác",
        "organization_renamed": "Đổi tên tổ chức đảng",
        "organization_kind_changed": "Đổi loại tổ chức đảng",
        "organization_dissolved_by_decision": "Giải thể tổ chức đảng",
    }
)


@dataclass(frozen=True)
class Decision:
    """The decision an operation is carried out under."""

    number: str
    date: date
    issuing_body: str
    effective_on: date


# --- what a cell holds follows it ---------------------------------------------------------

# A follower moves the records a cell holds to another cell: (source, target, on,
# reorganisation, acting_user, member_ids) where member_ids is None for "everything".
CellFollower = Callable[..., None]
_followers: list[CellFollower] = []


def register_cell_follower(follower: CellFollower) -> None:
    if follower not in _followers:
        _followers.append(follower)


def _move_cell_contents(source, target, on, reorganisation, acting_user, member_ids=None):
    for follower in _followers:
        follower(
            source=source,
            target=target,
            on=on,
            reorganisation=reorganisation,
            acting_user=acting_user,
            member_ids=member_ids,
        )


def _current_members(cell) -> int:
    return cell.members.filter(ended_on__isnull=True).count()


# --- shared steps ---------------------------------------------------------------------------


def _check_decision(decision: Decision) -> Decision:
    number = normalize(decision.number or "")
    body = normalize(decision.issuing_body or "")
    if not number:
        raise DomainError("Phải ghi số quyết định.", field="decision_number")
    if decision.date is None:
        raise DomainError("Phải ghi ngày quyết định.", field="decision_date")
    if not body:
        raise DomainError("Phải ghi cơ quan ban hành quyết định.", field="issuing_body")
    if decision.effective_on is None:
        raise DomainError("Phải ghi ngày có hiệu lực.", field="effective_on")
    if decision.effective_on < decision.date:
        raise DomainError(
            "Ngày có hiệu lực không được trước ngày quyết định.", field="effective_on"
        )
    return Decision(number, decision.date, body, decision.effective_on)


def _lock(unit: Organization) -> Organization:
    return Organization.objects.select_for_update().select_related("kind").get(pk=unit.pk)


def _active(unit: Organization, decision: Decision) -> None:
    if unit.valid_to is not None:
        raise DomainError(f"«{unit.name}» đã giải thể từ {format_date(unit.valid_to)}.")
    if unit.valid_from and decision.effective_on <= unit.valid_from:
        raise DomainError(
            f"«{unit.name}» thành lập ngày {format_date(unit.valid_from)}: ngày có hiệu lực "
            "phải sau ngày đó.",
            field="effective_on",
        )


def _start(acting_user, kind, decision, organization, summary) -> Reorganisation:
    return Reorganisation.objects.create(
        kind=kind,
        decision_number=decision.number,
        decision_date=decision.date,
        issuing_body=decision.issuing_body,
        effective_on=decision.effective_on,
        organization=organization,
        summary=summary[:500],
        created_by=acting_user
        if acting_user is not None and acting_user.is_authenticated
        else None,
    )


def _decision_fields(reorganisation: Reorganisation) -> dict:
    return {
        "decision_number": reorganisation.decision_number,
        "decision_date": reorganisation.decision_date.isoformat(),
        "issuing_body": reorganisation.issuing_body,
        "effective_on": reorganisation.effective_on.isoformat(),
        "reorganisation": reorganisation.pk,
    }


def _audit(acting_user, event, unit, reorganisation, old=None, new=None):
    new = {**(new or {}), **_decision_fields(reorganisation)}
    audit_record(
        actor=acting_user, event=event, obj=unit, organization=unit, old=old or {}, new=new
    )


def _forget(acting_user, *units) -> None:
    """Scope caches follow the tree: the acting user's prefixes and every unit's subtree."""
    if acting_user is not None:
        forget_scope(acting_user)
    for unit in units:
        if unit is not None and hasattr(unit, "_ptdv_subtree"):
            del unit._ptdv_subtree


def _check_placement(unit: Organization, parent: Organization) -> None:
    if parent.valid_to is not None:
        raise DomainError(f"«{parent.name}» đã giải thể, không thể tiếp nhận «{unit.name}».")
    if parent.path.startswith(unit.path):
        raise DomainError(
            f"Không thể đặt «{unit.name}» trực thuộc «{parent.name}»: một tổ chức không thể "
            "là cấp trên của chính nó.",
            field="parent",
        )
    if parent.kind.is_cell:
        raise DomainError(
            f"«{parent.name}» là chi bộ, không thể có tổ chức đảng trực thuộc.", field="parent"
        )
    if unit.kind.rank <= parent.kind.rank:
        raise DomainError(
            f"«{unit.name}» ({unit.kind.name.lower()}) không thể trực thuộc «{parent.name}» "
            f"({parent.kind.name.lower()}).",
            field="parent",
        )


def _place(acting_user, unit: Organization, parent: Organization, reorganisation) -> None:
    """Put `unit` (and its subtree) under `parent` from the effective date: close the current
    place of every unit of the subtree in `ParentPeriod`, then rewrite the paths in one
    statement."""
    _check_placement(unit, parent)
    _require_manage(acting_user, parent)
    closing = reorganisation.effective_on - timedelta(days=1)
    subtree = list(
        Organization.objects.filter(path__under=unit.path).values_list(
            "pk", "parent_id", "path", "valid_from"
        )
    )
    last = dict(
        ParentPeriod.objects.filter(organization__path__under=unit.path)
        .values("organization")
        .annotate(last=Max("valid_to"))
        .values_list("organization", "last")
    )
    if last.get(unit.pk) and last[unit.pk] > closing:
        raise DomainError(
            f"«{unit.name}» đã được sắp xếp lại có hiệu lực từ "
            f"{format_date(last[unit.pk] + timedelta(days=1))}: ngày có hiệu lực phải sau ngày đó.",
            field="effective_on",
        )
    rows = []
    for pk, parent_id, path, valid_from in subtree:
        start = last[pk] + timedelta(days=1) if last.get(pk) else valid_from
        if start is not None and start > closing:
            continue  # the unit did not exist (or had just moved) before the effective date
        rows.append(
            ParentPeriod(
                organization_id=pk,
                parent_id=parent_id,
                path=path,
                valid_from=start,
                valid_to=closing,
                reorganisation=reorganisation,
            )
        )
    ParentPeriod.objects.bulk_create(rows, batch_size=1000)
    old_path = unit.path
    new_path = f"{parent.path}{unit.pk}/"
    Organization.objects.filter(path__under=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + (parent.depth + 1 - unit.depth),
    )
    Organization.objects.filter(pk=unit.pk).update(parent=parent)
    unit.refresh_from_db()


def _close(unit: Organization, reorganisation, merged_into=None) -> None:
    closing = reorganisation.effective_on - timedelta(days=1)
    unit.valid_to = closing
    unit.merged_into = merged_into
    unit.save(update_fields=["valid_to", "merged_into", "updated_at"])


def _active_children(unit: Organization) -> list[Organization]:
    return list(
        Organization.objects.filter(parent=unit, valid_to__isnull=True)
        .select_related("kind")
        .order_by("sort_key")
    )
