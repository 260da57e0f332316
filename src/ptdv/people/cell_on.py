"""The one definition of a member's cell on a day (`cell_on`) and what it is read from: the
transfers confirmed after the day. `MemberQuerySet.with_cell_on` / `cell_under_on` /
`under_on` apply it; `people.counters` reads the members on a day with it. For the admission
day it is stored on the member (`Member.admitted_in`, `people.admitted_in`: the same
definition in SQL, kept by triggers), which the admissions figures read instead."""

from django.db import models
from django.db.models.functions import Coalesce

from ptdv.organizations.models import Organization
from ptdv.people.models import MemberTransfer, TransferState


def transfers_after(day):
    """The confirmed transfers that took effect after `day` (a date or an expression)."""
    return MemberTransfer.objects.filter(state=TransferState.CONFIRMED, confirmed_on__gt=day)


def cell_on(day, probed: bool = False) -> models.Expression:
    """The one definition of "the member's cell on `day`": the current cell, unless a transfer
    confirmed after `day` moved them, in which case the cell the first such transfer left. A
    move of the cell itself keeps the cell: where the cell sat that day is the tree's history
    (`organizations.history`), read through the prefixes a report is given. `day` is a date
    or the name of a date field of the member ("admission_decided_on": each row's own day).
    `probed`: each row looks its own later transfers up (the transfers' member index), for
    rows already narrowed to a part of the tree, instead of hashing every moved member."""
    if isinstance(day, str):
        day = models.OuterRef(day)
    later = (
        transfers_after(day)
        .filter(member=models.OuterRef("pk"))
        .order_by("confirmed_on", "id")
        .values("from_organization")[:1]
    )
    field = models.BigIntegerField()
    if probed:
        return Coalesce(models.Subquery(later), models.F("organization_id"), output_field=field)
    # Most members never moved: one probe of the (hashed) moved members settles them, and the
    # transfers are read only for the others.
    return models.Case(
        models.When(
            pk__in=moved_members(day),
            then=Coalesce(models.Subquery(later), models.F("organization_id"), output_field=field),
        ),
        default=models.F("organization_id"),
        output_field=field,
    )


def moved_members(day):
    """The members a transfer moved after `day` (a date; for each row's own day, every member
    ever moved): the only ones whose cell that day may differ from their cell now."""
    moved = MemberTransfer.objects.filter(state=TransferState.CONFIRMED)
    if not isinstance(day, (str, models.Expression, models.OuterRef)):
        moved = moved.filter(confirmed_on__gt=day)
    return moved.order_by().values("member_id")


def cells_and_leavers(cells) -> tuple[list[int], list[int]]:
    """The ids of `cells` (a query of units) and of the members a transfer took out of one of
    them: one query."""
    kind = models.IntegerField()
    rows = (
        Organization.objects.filter(pk__in=cells)
        .annotate(side=models.Value(0, output_field=kind))
        .values_list("side", "pk")
        .order_by()
        .union(
            MemberTransfer.objects.filter(
                state=TransferState.CONFIRMED, from_organization__in=cells
            )
            .annotate(side=models.Value(1, output_field=kind))
            .values_list("side", "member_id")
            .order_by(),
            all=True,
        )
    )
    found: tuple[list[int], list[int]] = ([], [])
    for kind_of, pk in rows:
        found[kind_of].append(pk)
    return found
