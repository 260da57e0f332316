"""The steps every reorganisation shares: the decision, locking, placing a unit (its paths
rewritten, its earlier place kept in `ParentPeriod`), closing a unit, the audit rows, the
scope caches, and the followers that move what a cell holds. The operations themselves are
in `reorganisation.py`."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, F, IntegerField, Max, Value, When
from django.utils import timezone

from ptdv.accounts.models import AuditEvent, register_event_labels
from ptdv.core.errors import DomainError
from ptdv.core.formatting import format_date
from ptdv.core.text import normalize
from ptdv.organizations.models import (
    Organization,
    ParentPeriod,
    Reorganisation,
)
from ptdv.organizations.paths import descendant_filter, rebased
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
# reorganisation, acting_user, member_ids, candidate_ids) where member_ids is None for
# "everything" (a merge); in a split, the members and the candidates named for `target`.
CellFollower = Callable[..., None]
# What a split cell holds that needs a destination of its own besides its members:
# (source) -> [(candidate id, "name")] (a candidate whose person is a member of the cell
# follows the member and is not listed).
HoldingsLister = Callable[[Organization], list[tuple[int, str]]]
_followers: list[CellFollower] = []
_listers: list[HoldingsLister] = []


def register_cell_follower(follower: CellFollower, to_place: HoldingsLister | None = None) -> None:
    if follower not in _followers:
        _followers.append(follower)
    if to_place is not None and to_place not in _listers:
        _listers.append(to_place)


def candidates_to_place(unit: Organization) -> list[tuple[int, str]]:
    """The candidates (with their open dossiers) a split unit holds whose person is not one
    of its members: each needs the cell named for it."""
    return [row for lister in _listers for row in lister(unit)]


def _move_cell_contents(
    source, target, on, reorganisation, acting_user, member_ids=None, candidate_ids=None
):
    for follower in _followers:
        follower(
            source=source,
            target=target,
            on=on,
            reorganisation=reorganisation,
            acting_user=acting_user,
            member_ids=member_ids,
            candidate_ids=candidate_ids,
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
    return (
        Organization.objects.select_for_update(of=("self",))
        .select_related("kind", "sector")
        .get(pk=unit.pk)
    )


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
    _audit_all(acting_user, event, reorganisation, [(unit, old, new)])


def _audit_all(acting_user, event, reorganisation, rows) -> None:
    """The audit rows of an operation, `(unit, old, new)` each with the decision, in one
    insert: the values `audit_record` keeps (those that changed), one instant for all."""
    actor = acting_user if acting_user is not None and acting_user.is_authenticated else None
    at, decision = timezone.now(), _decision_fields(reorganisation)
    events = []
    for unit, old, new in rows:
        old, new = old or {}, {**(new or {}), **decision}
        changed = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
        events.append(
            AuditEvent(
                at=at,
                actor=actor,
                actor_name=str(actor) if actor else "hệ thống",
                event=event,
                object_type=unit._meta.label_lower,
                object_id=str(unit.pk),
                object_repr=str(unit)[:255],
                organization=unit,
                old={key: value for key, value in old.items() if key in changed},
                new={key: value for key, value in new.items() if key in changed},
            )
        )
    AuditEvent.objects.bulk_create(events)


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
    _place_many(acting_user, [(unit, parent)], reorganisation)


def _place_many(acting_user, moves: list[tuple[Organization, Organization]], reorganisation):
    """Put each unit of `moves` (with its subtree) under the parent named for it from the
    effective date, in the same few statements whatever their number: the current place of
    every unit of the moved subtrees closed in `ParentPeriod` (one bulk insert), then all the
    paths, depths and parents rewritten in one UPDATE."""
    if not moves:
        return
    for unit, parent in moves:
        _check_placement(unit, parent)
    for parent in {parent.pk: parent for _, parent in moves}.values():
        _require_manage(acting_user, parent)
    closing = reorganisation.effective_on - timedelta(days=1)
    prefixes = [unit.path for unit, _ in moves]
    subtree = list(
        Organization.objects.filter(descendant_filter("path", prefixes)).values_list(
            "pk", "parent_id", "path", "valid_from"
        )
    )
    last = dict(
        ParentPeriod.objects.filter(descendant_filter("organization__path", prefixes))
        .values("organization")
        .annotate(last=Max("valid_to"))
        .values_list("organization", "last")
    )
    for unit, _ in moves:
        if last.get(unit.pk) and last[unit.pk] > closing:
            raise DomainError(
                f"«{unit.name}» đã được sắp xếp lại có hiệu lực từ "
                f"{format_date(last[unit.pk] + timedelta(days=1))}: ngày có hiệu lực phải sau "
                "ngày đó.",
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
    path, depth = rebased([(unit.path, f"{parent.path}{unit.pk}/") for unit, parent in moves])
    parent_of = Case(
        *(When(pk=unit.pk, then=Value(parent.pk)) for unit, parent in moves),
        default=F("parent_id"),
        output_field=IntegerField(),
    )
    Organization.objects.filter(descendant_filter("path", prefixes)).update(
        path=path, depth=depth, parent=parent_of
    )
    now = Organization.objects.in_bulk([unit.pk for unit, _ in moves])
    for unit, parent in moves:
        unit.path, unit.depth, unit.parent = now[unit.pk].path, now[unit.pk].depth, parent


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
