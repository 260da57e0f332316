"""Reorganisation as an operation: merge, split, move, rename, change kind, dissolve.

Each operation is carried out under a decision (number, date, issuing body) from an effective
date, in one transaction, with its audit rows. The tree then shows today's structure: the
units moved sit under their new parent (their paths rewritten), and every unit moved keeps
its earlier places in `ParentPeriod` rows, so figures can be read both ways:

- restated: today's structure (a commune's 2021 admissions include the cells it absorbed);
- as recorded: the structure in force on a day (`recorded_prefixes`).

What a cell holds (members, the persons it follows, open dossiers) moves with the cell; when
cells themselves are merged or split, the apps owning those records move them through the
followers registered here (`register_cell_follower`), so this module imports no higher app.
"""

from datetime import timedelta

from django.db import transaction

from ptdv.accounts.audit import snapshot
from ptdv.core.errors import DomainError
from ptdv.core.text import fold, normalize, sort_key
from ptdv.organizations.history import recorded_filter, recorded_prefixes, recorded_units
from ptdv.organizations.models import (
    Organization,
    OrganizationKind,
    Reorganisation,
    ReorganisationKind,
)
from ptdv.organizations.reorganisation_steps import (
    Decision,
    _active,
    _active_children,
    _audit,
    _audit_all,
    _check_decision,
    _close,
    _current_members,
    _forget,
    _lock,
    _move_cell_contents,
    _place,
    _place_many,
    _start,
    candidates_to_place,
    register_cell_follower,
)
from ptdv.organizations.services import AUDITED_FIELDS, _require_manage, organization_create

__all__ = [
    "Decision",
    "change_kind",
    "complete_merger",
    "complete_mergers_under",
    "dissolve",
    "merge",
    "move",
    "recorded_filter",
    "recorded_prefixes",
    "recorded_units",
    "register_cell_follower",
    "rename",
    "split",
]

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
    moves = []
    for unit in sources:
        if unit.kind.is_cell:
            if not target.kind.is_cell and _current_members(unit):
                raise DomainError(
                    f"Không thể hợp nhất chi bộ «{unit.name}» vào «{target.name}»: đảng viên "
                    "phải sinh hoạt ở một chi bộ.",
                    field="into",
                )
            if not target.kind.is_cell and candidates_to_place(unit):
                raise DomainError(
                    f"Không thể hợp nhất chi bộ «{unit.name}» vào «{target.name}»: quần chúng "
                    "và hồ sơ kết nạp đang làm phải do một chi bộ theo dõi.",
                    field="into",
                )
            if target.kind.is_cell:
                _move_cell_contents(
                    unit, target, decision.effective_on, reorganisation, acting_user
                )
        elif target.kind.is_cell:
            raise DomainError(
                f"Không thể hợp nhất «{unit.name}» vào chi bộ «{target.name}».", field="into"
            )
        else:
            # A unit under another source is merged itself, not moved with its parent.
            moves += [(c, target) for c in _active_children(unit) if c not in sources]
    _place_many(acting_user, moves, reorganisation)
    rows = []
    for unit in sources:
        old = snapshot(unit, AUDITED_FIELDS)
        _close(unit, reorganisation, merged_into=target)
        rows.append((unit, old, snapshot(unit, AUDITED_FIELDS)))
    rows.append((target, None, {"sources": [unit.pk for unit in sources]}))
    _audit_all(acting_user, "organization_merged", reorganisation, rows)
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
    candidates: dict | None = None,
) -> Reorganisation:
    """Split a unit: each of its units goes under the parent named in `placements`; its
    members go to the cells named in `members` ({member: cell}); its candidates and their
    open dossiers go with the person where the person is one of its members, otherwise to
    the cell named in `candidates` ({candidate or id: cell}). Everything must be placed;
    the unit is then dissolved."""
    decision = _check_decision(decision)
    unit = _lock(unit)
    _require_manage(acting_user, unit)
    _active(unit, decision)
    children = _active_children(unit)
    placed = {child.pk: parent for child, parent in placements.items()}
    missing = [child.name for child in children if child.pk not in placed]
    if missing:
        raise DomainError("Chưa chỉ định nơi chuyển đến cho: " + ", ".join(missing) + ".")
    if set(placed) - {child.pk for child in children}:
        raise DomainError("Chỉ được chuyển các tổ chức đang trực thuộc đơn vị bị chia tách.")
    by_member = {member.pk: cell for member, cell in (members or {}).items()}
    current = list(unit.members.filter(ended_on__isnull=True).select_related("person"))
    unplaced = [str(member.person) for member in current if member.pk not in by_member]
    if unplaced:
        raise DomainError(
            "Chưa chỉ định chi bộ tiếp nhận cho đảng viên: " + ", ".join(unplaced) + "."
        )
    by_candidate = {getattr(key, "pk", key): cell for key, cell in (candidates or {}).items()}
    held = candidates_to_place(unit)
    unplaced = [name for pk, name in held if pk not in by_candidate]
    if unplaced:
        raise DomainError(
            "Chưa chỉ định chi bộ tiếp nhận cho quần chúng (cùng hồ sơ kết nạp đang làm): "
            + ", ".join(unplaced)
            + ".",
            field="candidates",
        )
    if set(by_candidate) - {pk for pk, _ in held}:
        raise DomainError(
            "Chỉ được chỉ định nơi tiếp nhận cho quần chúng của đơn vị bị chia tách.",
            field="candidates",
        )
    reorganisation = _start(acting_user, ReorganisationKind.SPLIT, decision, unit, f"«{unit.name}»")
    locked = {parent.pk: _lock(parent) for parent in placed.values()}
    for parent in locked.values():
        if parent.path.startswith(unit.path):
            raise DomainError(f"«{parent.name}» thuộc đơn vị bị chia tách, không thể tiếp nhận.")
    moves = [(child, locked[placed[child.pk].pk]) for child in children]
    _place_many(acting_user, moves, reorganisation)
    received = _receiving_cells(
        acting_user, unit, {"members": by_member, "candidates": by_candidate}
    )
    for cell, ids in received.items():
        _move_cell_contents(
            unit,
            cell,
            decision.effective_on,
            reorganisation,
            acting_user,
            member_ids=ids["members"],
            candidate_ids=ids["candidates"],
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
            "to": sorted({p.pk for p in placed.values()} | {cell.pk for cell in received}),
        },
    )
    _forget(acting_user, unit)
    return reorganisation


def _receiving_cells(acting_user, unit, destinations: dict[str, dict]) -> dict:
    """{cell: {"members": [ids], "candidates": [ids]}} from the destinations named per
    member and per candidate; each must be an active cell other than the split unit."""
    received: dict[int, dict] = {}
    cells = {}
    for what, named in destinations.items():
        for pk, cell in named.items():
            if cell.pk not in cells:
                if not cell.kind.is_cell or cell.valid_to is not None or cell.pk == unit.pk:
                    raise DomainError(
                        f"«{cell.name}» không phải chi bộ đang hoạt động khác.", field=what
                    )
                _require_manage(acting_user, cell)
                cells[cell.pk] = cell
                received[cell.pk] = {name: [] for name in destinations}
            received[cell.pk][what].append(pk)
    return {cells[pk]: ids for pk, ids in received.items()}


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
    _place_many(acting_user, [(child, target) for child in children], reorganisation)
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
