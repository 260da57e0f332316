"""Reorganisation as an operation: merge, split, move, rename, change kind, dissolve.

Each operation is carried out under a decision (number, date, issuing body) from an effective
date, in one transaction, with its audit rows. The tree then shows today's structure: the
units moved sit under their new parent (their paths rewritten), and every unit moved keeps
its earlier places in `ParentPeriod` rows, so figures can be read both ways:

- restated: today's structure (a commune's 2021 admissions include the cells it absorbed);
- as recorded: the structure in force on a day (`recorded_cell_prefixes`).

What a cell holds (members, the persons it follows, open dossiers) moves with the cell; when
cells themselves are merged or split, the apps owning those records move them through the
followers registered here (`register_cell_follower`), so this module imports no higher app.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, Max, Q, Subquery, Value
from django.db.models.functions import Coalesce, Concat, Substr

from ptdv.accounts.audit import audit_record, snapshot
from ptdv.accounts.models import register_event_labels
from ptdv.core.errors import DomainError
from ptdv.core.formatting import format_date
from ptdv.core.text import fold, normalize, sort_key
from ptdv.organizations.models import (
    Organization,
    OrganizationKind,
    ParentPeriod,
    Reorganisation,
    ReorganisationKind,
)
from ptdv.organizations.paths import PathField, descendant_filter
from ptdv.organizations.scope import forget_scope
from ptdv.organizations.services import AUDITED_FIELDS, _require_manage, organization_create

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


# --- the operations -------------------------------------------------------------------------


@transaction.atomic
def merge(
    *,
    acting_user,
    sources: list[Organization],
    decision: Decision,
    into: Organization | None = None,
    new: dict | None = None,
) -> Organization:
    """Merge `sources` into an existing unit (`into`) or a new one (`new`: parent, code, name,
    kind, sector). The sources' units move under the target (a cell's members join the
    target cell); each source is dissolved the day before the effective date, merged into the
    target, and keeps its history and its targets."""
    decision = _check_decision(decision)
    if (into is None) == (new is None):
        raise DomainError("Phải chọn một tổ chức tiếp nhận hoặc khai báo tổ chức mới.")
    sources = [_lock(unit) for unit in dict.fromkeys(sources)]
    if not sources:
        raise DomainError("Phải chọn ít nhất một tổ chức được hợp nhất.", field="sources")
    if new is not None and len(sources) < 2:
        raise DomainError("Hợp nhất thành tổ chức mới cần ít nhất hai tổ chức.", field="sources")
    for unit in sources:
        _require_manage(acting_user, unit)
        _active(unit, decision)
    if new is not None:
        target = organization_create(
            acting_user=acting_user,
            parent=new["parent"],
            code=new["code"],
            name=new["name"],
            kind=new["kind"],
            sector=new.get("sector"),
            valid_from=decision.effective_on,
        )
    else:
        target = _lock(into)
        _require_manage(acting_user, target)
        if target.valid_to is not None:
            raise DomainError(f"«{target.name}» đã giải thể, không thể tiếp nhận.")
    for unit in sources:
        if unit.pk == target.pk or target.path.startswith(unit.path):
            raise DomainError(
                f"Không thể hợp nhất «{unit.name}» vào chính nó hoặc đơn vị trực thuộc nó."
            )
    names = ", ".join(f"«{unit.name}»" for unit in sources)
    reorganisation = _start(
        acting_user, ReorganisationKind.MERGE, decision, target, f"{names} → «{target.name}»"
    )
    for unit in sources:
        old = snapshot(unit, AUDITED_FIELDS)
        if unit.kind.is_cell:
            if not target.kind.is_cell and _current_members(unit):
                raise DomainError(
                    f"Không thể hợp nhất chi bộ «{unit.name}» vào «{target.name}»: đảng viên "
                    "phải sinh hoạt ở một chi bộ.",
                    field="into",
                )
            if target.kind.is_cell:
                _move_cell_contents(
                    unit, target, decision.effective_on, reorganisation, acting_user
                )
        else:
            if target.kind.is_cell:
                raise DomainError(
                    f"Không thể hợp nhất «{unit.name}» vào chi bộ «{target.name}».", field="into"
                )
            for child in _active_children(unit):
                _place(acting_user, child, target, reorganisation)
        _close(unit, reorganisation, merged_into=target)
        _audit(
            acting_user,
            "organization_merged",
            unit,
            reorganisation,
            old,
            snapshot(unit, AUDITED_FIELDS),
        )
    _audit(
        acting_user,
        "organization_merged",
        target,
        reorganisation,
        new={"sources": [unit.pk for unit in sources]},
    )
    _forget(acting_user, target, *sources)
    target.refresh_from_db()
    return target


@transaction.atomic
def split(
    *,
    acting_user,
    unit: Organization,
    decision: Decision,
    placements: dict[Organization, Organization],
    members: dict | None = None,
) -> Reorganisation:
    """Split a unit: each of its units goes under the parent named in `placements`; a cell's
    members go to the cells named in `members` ({member: cell}). Every unit and every member
    must be placed; the unit is then dissolved."""
    decision = _check_decision(decision)
    unit = _lock(unit)
    _require_manage(acting_user, unit)
    _active(unit, decision)
    members = members or {}
    children = _active_children(unit)
    placed = {child.pk: parent for child, parent in placements.items()}
    missing = [child.name for child in children if child.pk not in placed]
    if missing:
        raise DomainError("Chưa chỉ định nơi chuyển đến cho: " + ", ".join(missing) + ".")
    strangers = set(placed) - {child.pk for child in children}
    if strangers:
        raise DomainError("Chỉ được chuyển các tổ chức đang trực thuộc đơn vị bị chia tách.")
    current = list(unit.members.filter(ended_on__isnull=True).select_related("person"))
    by_member = {member.pk: cell for member, cell in members.items()}
    unplaced = [str(member.person) for member in current if member.pk not in by_member]
    if unplaced:
        raise DomainError(
            "Chưa chỉ định chi bộ tiếp nhận cho đảng viên: " + ", ".join(unplaced) + "."
        )
    reorganisation = _start(acting_user, ReorganisationKind.SPLIT, decision, unit, f"«{unit.name}»")
    for child in children:
        parent = _lock(placed[child.pk])
        if parent.path.startswith(unit.path):
            raise DomainError(f"«{parent.name}» thuộc đơn vị bị chia tách, không thể tiếp nhận.")
        _place(acting_user, child, parent, reorganisation)
    by_cell: dict[int, list[int]] = {}
    cells = {}
    for member_pk, cell in by_member.items():
        if not cell.kind.is_cell or cell.valid_to is not None or cell.pk == unit.pk:
            raise DomainError(f"«{cell.name}» không phải chi bộ đang hoạt động khác.")
        _require_manage(acting_user, cell)
        by_cell.setdefault(cell.pk, []).append(member_pk)
        cells[cell.pk] = cell
    for cell_pk, ids in by_cell.items():
        _move_cell_contents(
            unit, cells[cell_pk], decision.effective_on, reorganisation, acting_user, ids
        )
    old = snapshot(unit, AUDITED_FIELDS)
    _close(unit, reorganisation)
    _audit(
        acting_user,
        "organization_split",
        unit,
        reorganisation,
        old,
        {
            **snapshot(unit, AUDITED_FIELDS),
            "to": sorted({p.pk for p in placed.values()} | set(cells)),
        },
    )
    _forget(acting_user, unit)
    return reorganisation


@transaction.atomic
def move(
    *, acting_user, unit: Organization, parent: Organization, decision: Decision
) -> Organization:
    """Put a unit (with everything under it) under another parent from the effective date."""
    decision = _check_decision(decision)
    unit = _lock(unit)
    _require_manage(acting_user, unit)
    _active(unit, decision)
    parent = _lock(parent)
    if parent.pk == unit.parent_id:
        raise DomainError(f"«{unit.name}» đã trực thuộc «{parent.name}».", field="parent")
    reorganisation = _start(
        acting_user, ReorganisationKind.MOVE, decision, unit, f"«{unit.name}» → «{parent.name}»"
    )
    old = snapshot(unit, AUDITED_FIELDS)
    _place(acting_user, unit, parent, reorganisation)
    _audit(
        acting_user, "organization_moved", unit, reorganisation, old, snapshot(unit, AUDITED_FIELDS)
    )
    _forget(acting_user, unit)
    return unit


@transaction.atomic
def rename(
    *, acting_user, unit: Organization, name: str, decision: Decision, code: str = ""
) -> Organization:
    decision = _check_decision(decision)
    unit = _lock(unit)
    _require_manage(acting_user, unit)
    _active(unit, decision)
    name = normalize(name or "")
    code = normalize(code or "").upper() or unit.code
    if not name:
        raise DomainError("Tên tổ chức không được để trống.", field="name")
    if name == unit.name and code == unit.code:
        raise DomainError("Tên mới trùng với tên hiện tại.", field="name")
    clash = Organization.objects.filter(code=code).exclude(pk=unit.pk).first()
    if clash is not None:
        raise DomainError(f"Mã tổ chức «{code}» đã được dùng cho «{clash.name}».", field="code")
    reorganisation = _start(
        acting_user, ReorganisationKind.RENAME, decision, unit, f"«{unit.name}» → «{name}»"
    )
    old = snapshot(unit, AUDITED_FIELDS)
    unit.name, unit.code = name, code
    unit.search_key, unit.sort_key = fold(name), sort_key(name)
    unit.save(update_fields=["name", "code", "search_key", "sort_key", "updated_at"])
    _audit(
        acting_user,
        "organization_renamed",
        unit,
        reorganisation,
        old,
        snapshot(unit, AUDITED_FIELDS),
    )
    return unit


@transaction.atomic
def change_kind(
    *, acting_user, unit: Organization, kind: OrganizationKind, decision: Decision
) -> Organization:
    """E.g. chi bộ cơ sở ↔ chi bộ trực thuộc. Refused when the tree would break (a cell with
    units under it, a unit above its parent) or members would be left without a cell."""
    decision = _check_decision(decision)
    unit = _lock(unit)
    _require_manage(acting_user, unit)
    _active(unit, decision)
    if kind.pk == unit.kind_id:
        raise DomainError(f"«{unit.name}» đã là {kind.name.lower()}.", field="kind")
    children = _active_children(unit)
    if kind.is_cell and children:
        raise DomainError(
            f"«{unit.name}» còn {len(children)} tổ chức trực thuộc: chi bộ không thể có tổ chức "
            "trực thuộc.",
            field="kind",
        )
    if unit.kind.is_cell and not kind.is_cell and _current_members(unit):
        raise DomainError(
            f"«{unit.name}» còn {_current_members(unit)} đảng viên: đổi sang {kind.name.lower()} "
            "sẽ để họ không còn chi bộ sinh hoạt.",
            field="kind",
        )
    parent = unit.parent
    if parent is not None and kind.rank <= parent.kind.rank:
        raise DomainError(
            f"{kind.name} không thể trực thuộc «{parent.name}» ({parent.kind.name.lower()}).",
            field="kind",
        )
    too_high = [child.name for child in children if child.kind.rank <= kind.rank]
    if too_high:
        raise DomainError(
            f"{kind.name} không thể là cấp trên của: " + ", ".join(too_high) + ".", field="kind"
        )
    reorganisation = _start(
        acting_user,
        ReorganisationKind.CHANGE_KIND,
        decision,
        unit,
        f"«{unit.name}»: {unit.kind.name} → {kind.name}",
    )
    old = snapshot(unit, AUDITED_FIELDS)
    unit.kind = kind
    unit.save(update_fields=["kind", "updated_at"])
    _audit(
        acting_user,
        "organization_kind_changed",
        unit,
        reorganisation,
        old,
        snapshot(unit, AUDITED_FIELDS),
    )
    return unit


@transaction.atomic
def dissolve(
    *,
    acting_user,
    unit: Organization,
    decision: Decision,
    merged_into: Organization | None = None,
) -> Organization:
    """Dissolve an emptied unit. Refused while units or members remain under it: move them
    first (or merge the unit instead)."""
    decision = _check_decision(decision)
    unit = _lock(unit)
    _require_manage(acting_user, unit)
    _active(unit, decision)
    children = _active_children(unit)
    members = _current_members(unit)
    if children or members:
        raise DomainError(
            f"«{unit.name}» còn {len(children)} tổ chức trực thuộc và {members} đảng viên: "
            "hãy chuyển đi hoặc hợp nhất trước khi giải thể."
        )
    if merged_into is not None:
        merged_into = _lock(merged_into)
        _require_manage(acting_user, merged_into)
        if merged_into.valid_to is not None or merged_into.path.startswith(unit.path):
            raise DomainError(f"«{merged_into.name}» không thể tiếp nhận «{unit.name}».")
    reorganisation = _start(
        acting_user, ReorganisationKind.DISSOLVE, decision, unit, f"«{unit.name}»"
    )
    old = snapshot(unit, AUDITED_FIELDS)
    _close(unit, reorganisation, merged_into=merged_into)
    _audit(
        acting_user,
        "organization_dissolved_by_decision",
        unit,
        reorganisation,
        old,
        snapshot(unit, AUDITED_FIELDS),
    )
    _forget(acting_user, unit, merged_into)
    return unit


# --- reading the structure as recorded ------------------------------------------------------


def recorded_filter(unit: Organization, day: date) -> Q:
    """Q for the units that lay under `unit` (itself included) on `day`, as recorded then:
    those whose closed place covering the day lay under the unit's path of that day, and
    those that have not moved since and lie under it now. Subqueries only: it joins the
    caller's one query."""
    covering = ParentPeriod.objects.filter(valid_to__gte=day).filter(_from_before(day))
    own = Coalesce(
        Subquery(covering.filter(organization=unit.pk).values("path")[:1]),
        Value(unit.path),
        output_field=PathField(),
    )
    moved = covering.filter(path__under=own).values("organization_id")
    moved_since = ParentPeriod.objects.filter(valid_to__gte=day).values("organization_id")
    stayed = (
        Organization.objects.filter(path__under=own)
        .filter(_from_before(day))
        .exclude(pk__in=moved_since)
        .values("pk")
    )
    return Q(pk__in=moved) | Q(pk__in=stayed)


def recorded_units(unit: Organization, day: date) -> set[int]:
    """Ids of the units that lay under `unit` (itself included) on `day` (one query)."""
    return set(Organization.objects.filter(recorded_filter(unit, day)).values_list("pk", flat=True))


def _from_before(day):
    return Q(valid_from__isnull=True) | Q(valid_from__lte=day)


def recorded_prefixes(unit: Organization, day: date) -> tuple[str, ...]:
    """The current paths of the units that lay under `unit` on `day`: pass them as the
    `prefixes` of a report to read its figures as recorded then. A unit that received other
    units since is represented by the recorded units under it, not by its own prefix (so a
    record kept on such a unit itself, not on one of its cells, is left out)."""
    from ptdv.organizations.scope import _minimal

    ids = recorded_units(unit, day)
    paths = list(Organization.objects.filter(pk__in=ids).values_list("path", flat=True))
    # A unit that received units since `day` cannot stand for its whole subtree: keep the
    # recorded units under it (all in `paths`) and drop its own prefix.
    strays = Organization.objects.filter(descendant_filter("path", _minimal(paths))).exclude(
        pk__in=ids
    )
    tainted = set()
    for stray in strays.values_list("path", flat=True):
        tainted.update(p for p in paths if stray.startswith(p))
    if tainted:
        kept = [p for p in paths if p not in tainted]
        return _minimal(kept) or ("/-/",)
    return _minimal(paths) or ("/-/",)


@transaction.atomic
def complete_merger(*, acting_user, unit: Organization, decision: Decision) -> int:
    """A unit recorded as merged (`merged_into`, `valid_to`) whose units still sit under it,
    as data entered before these operations existed: move them under the successor from the
    day after the dissolution. Returns how many units moved."""
    decision = _check_decision(decision)
    unit = _lock(unit)
    _require_manage(acting_user, unit)
    if unit.valid_to is None or unit.merged_into_id is None:
        raise DomainError(f"«{unit.name}» chưa được ghi là đã hợp nhất vào đơn vị khác.")
    target = _lock(unit.merged_into)
    for _ in range(10):  # merged into a unit merged away in turn: its successor
        if target.valid_to is None or target.merged_into_id is None:
            break
        target = _lock(target.merged_into)
    children = _active_children(unit)
    if not children:
        return 0
    reorganisation = _start(
        acting_user,
        ReorganisationKind.MERGE,
        decision,
        target,
        f"«{unit.name}» → «{target.name}»: chuyển {len(children)} đơn vị trực thuộc",
    )
    for child in children:
        _place(acting_user, child, target, reorganisation)
    _audit(
        acting_user,
        "organization_merged",
        target,
        reorganisation,
        new={"sources": [unit.pk], "moved": [child.pk for child in children]},
    )
    _forget(acting_user, unit, target)
    return len(children)


def complete_mergers_under(*, acting_user, root: Organization, decision: Decision) -> int:
    """`complete_merger` for every merged unit of `root`'s subtree still holding units (a
    province-wide reform recorded by hand): deepest first, so each moves once. One
    transaction for the whole subtree."""
    with transaction.atomic():
        merged = list(
            Organization.objects.filter(
                path__under=root.path, merged_into__isnull=False, valid_to__isnull=False
            )
            .filter(children__valid_to__isnull=True, children__isnull=False)
            .distinct()
            .order_by("-depth", "path")
        )
        moved = 0
        for unit in merged:
            moved += complete_merger(
                acting_user=acting_user,
                unit=unit,
                decision=Decision(
                    decision.number,
                    decision.date,
                    decision.issuing_body,
                    unit.valid_to + timedelta(days=1),
                ),
            )
        return moved


def operations_of(unit: Organization):
    """The reorganisations a unit took part in: as the unit operated on or the receiving one,
    or as one of the units moved or merged (through its closed places and its audit rows)."""
    from ptdv.accounts.models import AuditEvent

    ids = AuditEvent.objects.filter(
        object_type=Organization._meta.label_lower,
        object_id=str(unit.pk),
        event__in=[
            "organization_merged",
            "organization_split",
            "organization_moved",
            "organization_renamed",
            "organization_kind_changed",
            "organization_dissolved_by_decision",
        ],
    ).values_list("new__reorganisation", flat=True)
    return (
        Reorganisation.objects.filter(
            Q(organization=unit)
            | Q(closed_periods__organization=unit)
            | Q(pk__in=[pk for pk in ids if pk])
        )
        .distinct()
        .select_related("organization", "created_by")
    )


# --- accounts follow ------------------------------------------------------------------------


def accounts_of_dissolved_units(user):
    """Active accounts of units that no longer exist, in the user's scope, with the unit and
    its successor: the administrator moves each to the successor or closes it."""
    from ptdv.accounts.models import User

    return (
        User.objects.for_user(user)
        .filter(is_active=True, organization__valid_to__isnull=False)
        .select_related("organization", "organization__merged_into")
        .order_by("organization__sort_key", "username")
    )


@transaction.atomic
def account_follow(*, acting_user, account, to: Organization | None = None, close=False):
    """Move an account of a dissolved unit to `to` (by default the unit's successor), or
    close it (`close`)."""
    from ptdv.accounts.models import User
    from ptdv.accounts.permissions import Action, user_can
    from ptdv.core.errors import RoleRefused
    from ptdv.organizations.scope import in_scope

    if acting_user is not None and not user_can(acting_user, Action.MANAGE_USERS):
        raise RoleRefused("Vai trò của bạn không được quản lý tài khoản.")
    account = User.objects.select_for_update().get(pk=account.pk)
    unit = Organization.objects.filter(pk=account.organization_id).first()
    if unit is None or unit.valid_to is None:
        raise DomainError(f"Tài khoản {account.username} không thuộc đơn vị đã giải thể.")
    if acting_user is not None and not in_scope(acting_user, unit.path):
        raise DomainError("Tài khoản này nằm ngoài phạm vi quản lý của bạn.")
    to = None if close else (to or unit.merged_into)
    if to is None and not close:
        raise DomainError(
            "Đơn vị không có đơn vị kế thừa: hãy chọn nơi chuyển hoặc khóa tài khoản."
        )
    if to is not None:
        if to.valid_to is not None:
            raise DomainError(f"«{to.name}» đã giải thể, không thể nhận tài khoản.")
        if acting_user is not None and not in_scope(acting_user, to.path):
            raise DomainError(f"«{to.name}» nằm ngoài phạm vi quản lý của bạn.")
        account.organization = to
        account.save(update_fields=["organization"])
        event, new = "account_moved_after_reorganisation", {"organization": to.pk}
    else:
        account.is_active = False
        account.save(update_fields=["is_active"])
        event, new = "account_closed_after_reorganisation", {"is_active": False}
    forget_scope(account)
    audit_record(
        actor=acting_user,
        event=event,
        obj=account,
        organization=to or unit,
        old={"organization": unit.pk, "is_active": True},
        new=new,
    )
    return account


register_event_labels(
    {
        "account_moved_after_reorganisation": "Chuyển tài khoản của đơn vị đã giải thể",
        "account_closed_after_reorganisation": "Khóa tài khoản của đơn vị đã giải thể",
    }
)
