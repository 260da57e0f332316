"""The tree as it stood on a day: from the units' earlier places (`ParentPeriod`) and their
current ones. The "as recorded" reading of the reports, and a dissolved unit's subtree."""

from datetime import date

from django.db.models import Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from ptdv.organizations.models import Organization, ParentPeriod, Reorganisation
from ptdv.organizations.paths import PathField, alone, descendant_filter


def recorded_filter(unit: Organization, day: date) -> Q:
    """Q for the units that lay under `unit` (itself included) on `day`, as recorded then:
    those whose closed place covering the day lay under the unit's path of that day, and
    those that have not moved since and lie under it now. Subqueries only: it joins the
    caller's one query; the unit's path of that day is one indexed row, and every path test
    against it a range on a path index (`paths.Under`)."""
    covering = ParentPeriod.objects.filter(valid_to__gte=day).filter(_from_before(day))
    own = Coalesce(
        Subquery(covering.filter(organization=unit.pk).order_by().values("path")[:1]),
        Value(unit.path),
        output_field=PathField(),
    )
    moved = covering.filter(path__under=own).order_by().values("organization_id")
    moved_since = ParentPeriod.objects.filter(organization=OuterRef("pk"), valid_to__gte=day)
    stayed = (
        Organization.objects.filter(path__under=own)
        .filter(_from_before(day))
        .exclude(Exists(moved_since))
        .order_by()
        .values("pk")
    )
    return Q(pk__in=moved.union(stayed))


def recorded_units(unit: Organization, day: date) -> set[int]:
    """Ids of the units that lay under `unit` (itself included) on `day` (one query)."""
    return set(Organization.objects.filter(recorded_filter(unit, day)).values_list("pk", flat=True))


def _from_before(day):
    return Q(valid_from__isnull=True) | Q(valid_from__lte=day)


def recorded_prefixes(unit: Organization, day: date) -> tuple[str, ...]:
    """The current paths of the units that lay under `unit` on `day`: pass them as the
    `prefixes` of a report to read its figures as recorded then. A unit that received other
    units since cannot stand for its whole subtree: it is represented by the recorded units
    under it and by its own path alone (`paths.alone`), so the records kept on the unit
    itself (a class it organised, a dossier or target it holds) still count."""
    from ptdv.organizations.scope import _minimal

    recorded = recorded_filter(unit, day)
    paths = set(Organization.objects.filter(recorded).values_list("path", flat=True))
    strays = Organization.objects.filter(descendant_filter("path", _minimal(list(paths))))
    tainted = set()
    for stray in strays.exclude(recorded).values_list("path", flat=True):
        end = stray.find("/", 1)
        while end != -1:  # the stray's ancestors (itself excluded: it is not recorded)
            if stray[: end + 1] in paths:
                tainted.add(stray[: end + 1])
            end = stray.find("/", end + 1)
    kept = [path for path in paths if path not in tainted]
    return _minimal([*kept, *(alone(path) for path in tainted)]) or ("/-/",)


def recorded_children(unit: Organization, day: date) -> dict[Organization, tuple[str, ...]]:
    """The units directly under `unit` on `day`, as recorded then (active that day, wherever
    they sit now), each with the prefixes of what lay under it that day, as
    `recorded_prefixes` gives them for one unit: a child that received other units since
    stands for its recorded units and its own path alone (`paths.alone`). Three queries
    whatever the number of children: the recorded units with their paths of that day, the
    units now under them, the children."""
    covering = ParentPeriod.objects.filter(valid_to__gte=day).filter(_from_before(day))
    then = Coalesce(
        Subquery(covering.filter(organization=OuterRef("pk")).order_by().values("path")[:1]),
        F("path"),
        output_field=PathField(),
    )
    recorded = list(
        Organization.objects.filter(recorded_filter(unit, day))
        .annotate(path_then=then)
        .order_by()
        .values_list("pk", "path", "path_then", "valid_to")
    )
    own_then = next((p_then for pk, _, p_then, _ in recorded if pk == unit.pk), None)
    if own_then is None:
        return {}
    depth = own_then.count("/") + 1
    # Each recorded unit below `unit` belongs to the child it lay under that day.
    child_of_then = {
        p_then: pk
        for pk, _, p_then, valid_to in recorded
        if p_then.count("/") == depth and (valid_to is None or valid_to >= day)
    }
    group: dict[str, int] = {}  # current path of a recorded unit -> its child of that day
    for pk, path, p_then, _ in recorded:
        if pk != unit.pk:
            child = child_of_then.get(p_then[: _nth_slash(p_then, depth) + 1])
            if child is not None:
                group[path] = child
    # A unit now under a recorded unit of a child but not recorded under that child (moved
    # in since, from elsewhere or from another child) taints its ancestors of the group:
    # they stand for themselves alone.
    from ptdv.organizations.scope import _minimal

    tainted: set[str] = set()
    now_under = Organization.objects.filter(descendant_filter("path", _minimal(list(group))))
    for path in now_under.values_list("path", flat=True):
        owner = group.get(path)  # None for a unit not recorded under any child
        end = path.find("/", 1)
        while end != -1 and end + 1 < len(path):  # the ancestors, itself excluded
            ancestor = path[: end + 1]
            if ancestor in group and group[ancestor] != owner:
                tainted.add(ancestor)
            end = path.find("/", end + 1)
    prefixes: dict[int, list[str]] = {child: [] for child in child_of_then.values()}
    for path, child in group.items():
        prefixes[child].append(alone(path) if path in tainted else path)
    children = Organization.objects.filter(pk__in=list(prefixes)).order_by("sort_key")
    return {child: _minimal(prefixes[child.pk]) for child in children}


def _nth_slash(path: str, n: int) -> int:
    """The index of the `n`-th "/" of `path` (counting from 1; -1 when there are fewer)."""
    index = -1
    for _ in range(n):
        index = path.find("/", index + 1)
        if index == -1:
            return -1
    return index


def operations_of(unit: Organization):
    """The reorganisations a unit took part in: as the unit operated on or the receiving one,
    or as one of the units moved or merged (through its closed places and its audit rows).
    Each source is read by its own index (the unit's audit rows, its closed places), then
    the reorganisations by key or by unit."""
    from ptdv.accounts.models import AuditEvent

    ids = set(
        AuditEvent.objects.filter(
            object_type=Organization._meta.label_lower,
            object_id=str(unit.pk),
            event__in=OPERATION_EVENTS,
        ).values_list("new__reorganisation", flat=True)
    )
    ids |= set(
        ParentPeriod.objects.filter(organization=unit).values_list("reorganisation", flat=True)
    )
    return Reorganisation.objects.filter(
        Q(organization=unit) | Q(pk__in=sorted(pk for pk in ids if pk))
    ).select_related("organization", "created_by")


OPERATION_EVENTS = (
    "organization_merged",
    "organization_split",
    "organization_moved",
    "organization_renamed",
    "organization_kind_changed",
    "organization_dissolved_by_decision",
)
