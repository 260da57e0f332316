"""The scope of a user: the path prefixes they may see and change.

A user sees their own unit's subtree, and the subtrees of every unit merged into it
(transitively): after the 2025 mergers a province sees the history of the provinces
and districts it absorbed.
"""

from ptdv.organizations.paths import descendant_filter

ROOT_PREFIX = "/"


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
    from ptdv.organizations.models import Organization

    if user.is_superuser or getattr(user, "has_global_scope", False):
        return (ROOT_PREFIX,)
    organization = getattr(user, "organization", None)
    if organization is None:
        return ()
    prefixes = [organization.path]
    # Follow mergers: each round adds the units merged into something already in scope.
    for _ in range(10):
        new = list(
            Organization.objects.filter(merged_into__isnull=False)
            .filter(descendant_filter("merged_into__path", prefixes))
            .exclude(descendant_filter("path", prefixes))
            .values_list("path", flat=True)
        )
        if not new:
            break
        prefixes.extend(new)
    return _minimal(prefixes)


def _minimal(prefixes: list[str]) -> tuple[str, ...]:
    """Drop prefixes that lie under another one: fewer, disjoint OR terms in every query."""
    kept: list[str] = []
    for prefix in sorted(set(prefixes), key=len):
        if not any(prefix.startswith(other) for other in kept):
            kept.append(prefix)
    return tuple(kept)


def in_scope(user, path: str) -> bool:
    return any(path.startswith(prefix) for prefix in scope_prefixes(user))


def forget_scope(user) -> None:
    """Drop the cached prefixes (after the tree or the user's unit changed)."""
    if hasattr(user, "_ptdv_scope"):
        del user._ptdv_scope
