"""Group once by unit, then roll up the tree.

A figure for many units (every target of a page, every child in a ranking) is computed in
two steps: ONE query over the union of their subtrees, grouped by the unit that holds the
rows (the cell) with one column per distinct condition (a period, a state); then each
cell's row is added to every unit whose prefixes cover the cell's path, by walking the
path's ancestors. The database reads each row once, whatever the number of units, and
Python touches one row per cell, not per member (docs/performance.md).
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import connections
from django.db.models import Q, QuerySet

from ptdv.organizations.paths import ALONE, AncestorPath, alone, descendant_filter, prefix_depth


def minimal_prefixes(prefixes: Iterable[str]) -> tuple[str, ...]:
    """The prefixes without those lying under another one (disjoint OR terms), shortest
    first. A prefix made by `paths.alone` lies under its own path's prefix. Each prefix is
    tested by looking its ancestors up (a few set lookups), not against every kept one: the
    prefixes of a province's thousands of units are reduced in milliseconds."""
    given = set(prefixes)
    if not all(prefix.endswith(("/", ALONE)) for prefix in given):
        return _minimal_by_comparison(given)
    kept = []
    for prefix in given:
        is_alone = prefix.endswith(ALONE)
        base = prefix[: -len(ALONE)] if is_alone else prefix
        # The ancestors' prefixes, and for an "alone" prefix its own path's.
        limit = len(base) if is_alone else len(base) - 1
        end = base.find("/")
        while end != -1 and end < limit:
            if base[: end + 1] in given:
                break
            end = base.find("/", end + 1)
        else:
            kept.append(prefix)
    return tuple(sorted(kept, key=lambda prefix: (len(prefix), prefix)))


def _minimal_by_comparison(prefixes: set[str]) -> tuple[str, ...]:
    kept: list[str] = []
    for prefix in sorted(prefixes, key=len):
        if not any(prefix.startswith(other) for other in kept):
            kept.append(prefix)
    return tuple(kept)


# Above this many prefixes, the WHERE of a grouped read uses their ancestors instead: a row
# tested against hundreds of prefixes costs more than reading the few rows of the ancestors'
# subtrees that no unit claims (roll_up ignores them).
MAX_PREFIXES = 8


def covering_prefixes(prefixes: Iterable[str], limit: int = MAX_PREFIXES) -> tuple[str, ...]:
    """At most `limit` prefixes (when the units share ancestors) covering all of `prefixes`:
    the deepest ones are replaced by their parents until few enough remain."""
    current = minimal_prefixes(prefixes)
    while len(current) > limit:
        deepest = max(prefix.count("/") for prefix in current)
        if deepest <= 2:
            break
        current = minimal_prefixes(
            prefix[: prefix.rstrip("/").rfind("/") + 1] if prefix.count("/") == deepest else prefix
            for prefix in current
        )
    return current


def grouped(
    queryset: QuerySet, path_field: str, prefixes: Iterable[str], columns: dict, by=(), depth=None
) -> list[tuple[str, dict]]:
    """One query: the rows of `queryset` under any of `prefixes`, grouped by `path_field`
    (the path of the unit holding them) and the fields `by`, each group with the
    aggregates of `columns`. With `depth` (`rollup_depth` of the keys the rows are rolled up
    to), grouped by the unit's ancestor at that depth instead, on PostgreSQL: one row per
    unit of that level, not per cell (only for sums: a row then stands for many cells)."""
    union = covering_prefixes(prefixes)
    if not union or not columns:
        return []
    rows = queryset.filter(descendant_filter(path_field, union)).order_by()
    if depth is not None and connections[rows.db].vendor == "postgresql":
        rows = rows.annotate(held_by=AncestorPath(path_field, depth))
        path_field = "held_by"
    rows = rows.values(path_field, *by).annotate(**columns)
    return [(row.pop(path_field), row) for row in rows]


def covering_keys(owners: dict, path: str) -> set:
    """The keys owning a prefix that covers `path` (`owners`: prefix -> keys): a prefix on
    the chain of `path`'s ancestors (itself included), or `path` alone (`paths.alone`, the
    "as recorded" reading of a unit that received other units since: the rows it holds
    itself count for it, those of the units it received do not)."""
    keys = set(owners.get("/", ()))
    end = path.find("/", 1)
    while end != -1:
        keys.update(owners.get(path[: end + 1], ()))
        end = path.find("/", end + 1)
    keys.update(owners.get(alone(path), ()))
    return keys


def rollup_depth(prefixes_by_key: dict) -> int | None:
    """The depth to which rows may be grouped before `roll_up` to these keys (the deepest
    of their prefixes: a row's ancestor at that depth lies under the same prefixes as the
    row), or None when a prefix stands for a unit alone (`paths.alone`: only its own rows
    count, so rows must keep their own paths)."""
    every = [prefix for prefixes in prefixes_by_key.values() for prefix in prefixes]
    if not every or any(prefix.endswith(ALONE) for prefix in every):
        return None
    return max(prefix_depth(prefix) for prefix in every)


def roll_up(rows: Iterable[tuple[str, dict]], prefixes_by_key: dict) -> dict:
    """For each key, the sum of the rows whose path lies under any of its prefixes, or is
    the path of one of its "alone" prefixes (a row counts once for a key even when two of
    its prefixes cover it)."""
    owners: dict[str, list] = defaultdict(list)
    for key, prefixes in prefixes_by_key.items():
        for prefix in prefixes:
            owners[prefix].append(key)
    totals = {key: defaultdict(int) for key in prefixes_by_key}
    for path, values in rows:
        for key in covering_keys(owners, path):
            total = totals[key]
            for name, value in values.items():
                if value:
                    total[name] += value
    return totals


def under_any(field: str, prefixes) -> Q:
    return descendant_filter(field, minimal_prefixes(prefixes))
