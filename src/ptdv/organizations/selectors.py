"""Read queries on the tree, already scoped to the user."""

from django.db.models import Count, Q, QuerySet

from ptdv.core.text import fold
from ptdv.organizations.models import Organization
from ptdv.organizations.scope import scope_prefixes


def roots_for(user) -> QuerySet[Organization]:
    """The top units a user sees: their own unit (or the roots, for a global scope) and the
    units merged into it."""
    visible = Organization.objects.for_user(user)
    prefixes = scope_prefixes(user)
    return visible.filter(path__in=prefixes) | visible.filter(parent__isnull=True)


def children_of(user, organization: Organization) -> QuerySet[Organization]:
    return (
        Organization.objects.for_user(user)
        .filter(parent=organization)
        .select_related("kind")
        .annotate(child_count=Count("children"))
        .order_by("sort_key")  # Meta.ordering does not apply to GROUP BY queries
    )


def search(user, query: str, limit: int = 50) -> QuerySet[Organization]:
    """Accent-free search: "huong khe" finds "Hương Khê"; every word must match."""
    words = fold(query).split()
    result = Organization.objects.for_user(user).select_related("kind", "parent")
    if not words:
        return result.none()
    condition = Q()
    for word in words:
        condition &= Q(search_key__contains=word)
    return result.filter(condition).order_by("depth", "sort_key")[:limit]


def ancestors_in_scope(user, organization: Organization) -> list[Organization]:
    """The breadcrumb: the ancestors the user may see, top first."""
    ids = organization.ancestor_ids()
    found = {o.pk: o for o in Organization.objects.for_user(user).filter(pk__in=ids)}
    return [found[i] for i in ids if i in found]
