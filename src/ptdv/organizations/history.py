"""The tree as it stood on a day: from the units' earlier places (`ParentPeriod`) and their
current ones. The "as recorded" reading of the reports, and a dissolved unit's subtree."""

from datetime import date

from django.db.models import Exists, OuterRef, Q, Subquery, Value
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

    ids = recorded_units(unit, day)
    paths = set(Organization.objects.filter(pk__in=ids).values_list("path", flat=True))
    strays = Organization.objects.filter(descendant_filter("path", _minimal(list(paths))))
    tainted = set()
    for stray in strays.exclude(pk__in=ids).values_list("path", flat=True):
        end = stray.find("/", 1)
        while end != -1:  # the stray's ancestors (itself excluded: it is not recorded)
            if stray[: end + 1] in paths:
                tainted.add(stray[: end + 1])
            end = stray.find("/", end + 1)
    kept = [path for path in paths if path not in tainted]
    return _minimal([*kept, *(alone(path) for path in tainted)]) or ("/-/",)


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
