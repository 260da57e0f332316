"""The scope of a user: the path prefixes they may see and change.

A user sees their own unit's subtree, and the subtrees of every unit merged into it
(transitively): after the 2025 mergers a province sees the history of the provinces
and districts it absorbed.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from ptdv.organizations import tree_version
from ptdv.organizations.paths import descendant_filter
from ptdv.organizations.rollup import covering_prefixes, minimal_prefixes

ROOT_PREFIX = "/"

# The merged units read so far in a `mergers_read_once` block: (the prefixes read, the
# (path, successor path) of every merged unit whose successor lies under one of them).
_mergers_read = ContextVar("ptdv_mergers_read", default=None)


@contextmanager
def mergers_read_once():
    """Within the block, the merged units under a prefix are read from the database once:
    a later lookup under a prefix already read (the unit's again, its children's, the
    user's scope) is answered from the rows read. For pages that only read (the tree does not
    change within the block): a report page asks for the same subtrees several times
    (its statistics, targets, watch list, children, the user's scope)."""
    token, version_token = _mergers_read.set(([], [])), tree_version.read_once()
    try:
        yield
    finally:
        tree_version.end_read(version_token)
        _mergers_read.reset(token)


def _merged_under(organizations, prefixes: tuple[str, ...]) -> list[tuple[str, str]]:
    """The (path, successor's path) of the merged units whose successor lies under one of
    `prefixes`: one query, or none inside `mergers_read_once` when every prefix lies under
    one read before."""
    read = _mergers_read.get()
    if read is not None:
        read_prefixes, rows = read
        if all(prefix.startswith(tuple(read_prefixes)) for prefix in prefixes):
            return [row for row in rows if row[1].startswith(prefixes)]
    found = list(
        organizations.filter(merged_into__isnull=False)
        .filter(descendant_filter("merged_into__path", prefixes))
        .order_by()
        .values_list("path", "merged_into__path")
    )
    if read is not None:
        read_prefixes, rows = read
        fresh = [p for p in prefixes if not p.startswith(tuple(read_prefixes))]
        known = set(rows)
        rows.extend(row for row in found if row not in known)
        read_prefixes.extend(fresh)
    return found


def scope_prefixes(user) -> tuple[str, ...]:
    if user is None or not user.is_authenticated:
        return ()
    cached = getattr(user, "_ptdv_scope", None)
    if cached is not None:
        return cached
    prefixes = _compute(user)
    user._ptdv_scope = prefixes
    return prefixes


def _compute(user) -> tuple[str, ...]:
    if user.is_superuser or getattr(user, "has_global_scope", False):
        return (ROOT_PREFIX,)
    organization = getattr(user, "organization", None)
    if organization is None:
        return ()
    return subtree_prefixes(organization)


def _minimal(prefixes: list[str]) -> tuple[str, ...]:
    """Drop prefixes that lie under another one: fewer, disjoint OR terms in every query."""
    return minimal_prefixes(prefixes)


def _covering(owners: dict[str, set], path: str) -> set:
    """The units with a prefix on `path`'s chain of ancestors (itself included)."""
    found = set(owners.get(ROOT_PREFIX, ()))
    end = path.find("/", 1)
    while end != -1:
        units = owners.get(path[: end + 1])
        if units:
            found |= units
        end = path.find("/", end + 1)
    return found


# The subtrees of units, kept between requests while the tree is unchanged (a province's
# hundreds of merged units are read and walked once per tree, not per request).
_remembered = tree_version.Remembered()


def subtree_prefixes_many(units) -> dict[int, tuple[str, ...]]:
    """`_subtree_prefixes_many`, each unit answered from what was derived on the same tree
    (the units and their earlier places) when it can be."""
    units = list(units)
    if not units:
        return {}
    # Nothing kept (a store of size 0): no version to read either.
    version = tree_version.current(type(units[0])) if _remembered.size else None
    found, missing = {}, []
    for unit in units:
        known = _remembered.get(version, _key(unit))
        if known is None:
            missing.append(unit)
        else:
            found[unit.pk] = known
    if missing:
        computed = _subtree_prefixes_many(missing)
        for unit in missing:
            _remembered.put(version, _key(unit), computed[unit.pk])
        found.update(computed)
    return found


def _key(unit) -> tuple:
    # With the path and the end the caller holds: a unit object read before a move or a
    # dissolution is not answered with what its new state gives (a dissolved unit keeps what
    # it held on its last day, read from the earlier places, which the version covers too).
    return (unit.pk, unit.path, getattr(unit, "valid_to", None))


def _subtree_prefixes_many(units) -> dict[int, tuple[str, ...]]:
    """For each unit, the path prefixes of its subtree: its own path plus the paths of the
    units merged into it or into anything under it, transitively (a merged district's history
    counts for the province that absorbed it). One query per round of mergers. A dissolved
    unit also keeps the units it held on its last day (moved since by a reorganisation: see
    `history.recorded_prefixes`), a few queries each. The one subtree-with-mergers
    helper: scope, reports and targets all use it."""
    units = list(units)
    if not units:
        return {}
    organizations = type(units[0])._default_manager  # the units' table: models import us
    result = {unit.pk: [unit.path] for unit in units}
    owners: dict[str, set] = {}  # prefix -> the units having it
    for pk, prefixes in result.items():
        owners.setdefault(prefixes[0], set()).add(pk)
    fresh = list(owners)  # the prefixes whose merged predecessors are still to be read
    for _ in range(10):
        # The WHERE tests at most a few covering ancestors, not every prefix (hundreds for
        # a province's communes); the successors no unit claims are skipped below. After
        # the first round only the successors under a prefix found in the last round can
        # bring anything new (a row's units change only through its successor's prefixes).
        rows = _merged_under(organizations, covering_prefixes(fresh))
        fresh = []
        for path, successor in rows:
            # The units covering the successor, minus those already covering the path: by
            # walking the ancestors of each (a lookup per level, not a test per prefix).
            claimed = _covering(owners, successor)
            if not claimed:
                continue
            for pk in claimed - _covering(owners, path):
                result[pk].append(path)
                owners.setdefault(path, set()).add(pk)
                fresh.append(path)
        if not fresh:
            break
    # A dissolved unit keeps what it held on its last day, wherever those units went since.
    for unit in units:
        if getattr(unit, "valid_to", None) is not None:
            from ptdv.organizations.history import recorded_prefixes

            result[unit.pk].extend(p for p in recorded_prefixes(unit, unit.valid_to) if p != "/-/")
    return {pk: _minimal(prefixes) for pk, prefixes in result.items()}


def subtree_prefixes(unit) -> tuple[str, ...]:
    """The path prefixes of one unit's subtree, merged predecessors included (cached on the
    unit object, like a user's scope, for the life of a request)."""
    cached = getattr(unit, "_ptdv_subtree", None)
    if cached is None:
        cached = unit._ptdv_subtree = subtree_prefixes_many([unit])[unit.pk]
    return cached


def subtree_filter(unit, field: str = "organization__path"):
    """Q for rows whose unit lies in `unit`'s subtree, merged predecessors included."""
    return descendant_filter(field, subtree_prefixes(unit))


def in_scope(user, path: str) -> bool:
    return any(path.startswith(prefix) for prefix in scope_prefixes(user))


def forget_scope(user) -> None:
    """Drop the cached prefixes (after the tree or the user's unit changed)."""
    if hasattr(user, "_ptdv_scope"):
        del user._ptdv_scope
