"""The materialised path and its one lookup: `path__under=prefix`.

A path is the chain of primary keys from the root, "/1/42/317/". "Everything under
a unit" is every path that starts with the unit's path: one range scan on an index.

The seam between the databases is here and only here: PostgreSQL uses `LIKE 'prefix%'`
on a `varchar_pattern_ops` index (right in any collation), or that index's byte-range
operators when the prefix is computed in the query; SQLite uses a byte range, which its
default BINARY collation orders correctly and its index serves.
"""

from django.db import models
from django.db.models import Lookup

PATH_END = "~"  # sorts after "/" and every digit
# A prefix ending so stands for the unit of that path alone, not for its subtree (the "as
# recorded" reading of a unit that received other units since, see `organizations.history`).
ALONE = "="


def alone(path: str) -> str:
    """The prefix matching only the unit at `path` in `descendant_filter`."""
    return path + ALONE


class PathField(models.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)


@PathField.register_lookup
class Under(Lookup):
    lookup_name = "under"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"({lhs} >= {rhs} AND {lhs} < {rhs} || '{PATH_END}')", [
            *lhs_params,
            *rhs_params,
            *lhs_params,
            *rhs_params,
        ]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if self.rhs_is_direct_value():
            # Paths hold only digits and "/", so no LIKE wildcard can occur in them.
            return f"{lhs} LIKE {rhs} || '%%'", [*lhs_params, *rhs_params]
        # A prefix computed in the query (a subquery): LIKE could not use the index, the byte
        # range in the operators of varchar_pattern_ops can.
        return f"({lhs} ~>=~ {rhs} AND {lhs} ~<~ ({rhs} || '{PATH_END}'))", [
            *lhs_params,
            *rhs_params,
            *lhs_params,
            *rhs_params,
        ]


def descendant_filter(field: str, prefixes) -> models.Q:
    """Q matching rows whose `field` (a path) lies under any of the prefixes (a prefix made
    by `alone`: whose path is that one)."""
    terms = [
        models.Q(**{field: prefix[: -len(ALONE)]})
        if prefix.endswith(ALONE)
        else models.Q(**{f"{field}__under": prefix})
        for prefix in prefixes
    ]
    if not terms:
        return models.Q(pk__in=[])
    query = terms[0]
    for term in terms[1:]:
        query |= term
    return query


def rebased(moves: list[tuple[str, str]]) -> tuple[models.Case, models.Case]:
    """The new path and depth of every row under the old prefixes, for one UPDATE of all the
    moved subtrees together: `moves` pairs each old prefix with the new one (the prefixes do
    not overlap). Filter the UPDATE with `descendant_filter("path", old prefixes)`."""
    from django.db.models.functions import Concat, Substr

    path, depth = [], []
    for old, new in moves:
        under = models.Q(path__under=old)
        tail = Substr("path", len(old) + 1)
        path.append(models.When(under, then=Concat(models.Value(new), tail)))
        shift = new.count("/") - old.count("/")
        depth.append(models.When(under, then=models.F("depth") + shift))
    return (
        models.Case(*path, default=models.F("path"), output_field=PathField()),
        models.Case(*depth, default=models.F("depth"), output_field=models.IntegerField()),
    )


def prefix_depth(prefix: str) -> int:
    """The depth of the unit whose path is `prefix` ("/1/" is 0, "/1/42/" is 1)."""
    return prefix.count("/") - 2


class AncestorPath(models.Func):
    """The path of the ancestor at `depth` of the path in `field` (the path itself when it
    is not deeper): rows grouped by it are grouped by the units of that level, so that a
    roll-up to units no deeper than `depth` reads one row per such unit instead of one per
    cell. PostgreSQL only (elsewhere the path itself, which rolls up the same)."""

    output_field = PathField()

    def __init__(self, field: str, depth: int):
        self.depth = depth
        super().__init__(models.F(field))

    def as_sql(self, compiler, connection, **extra):
        return compiler.compile(self.source_expressions[0])

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return ancestor_path_sql(sql, self.depth), params


def ancestor_path_sql(column: str, depth: int) -> str:
    """PostgreSQL: the path of the ancestor at `depth` of the path in `column`, or the path
    itself when it is not deeper (see `AncestorPath`). Built from `split_part`, which reads
    the short path in place: splitting it into an array and joining it again cost three
    times as much over the country's 254.000 cells."""
    parts = [f"split_part({column}, '/', {k})" for k in range(2, int(depth) + 3)]
    ancestor = " || '/' || ".join(parts)
    deeper = f"split_part({column}, '/', {int(depth) + 3}) <> ''"
    return f"(CASE WHEN {deeper} THEN '/' || {ancestor} || '/' ELSE {column} END)"
