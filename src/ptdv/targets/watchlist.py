"""Units to watch: quiet cells, cells without a source, residential cells without members,
targets behind pace. Each list is one query after the merged-predecessor prefixes."""

from datetime import date

from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, When

from ptdv.organizations.models import Organization
from ptdv.organizations.paths import descendant_filter
from ptdv.people.models import Member
from ptdv.recruitment.models import Dossier
from ptdv.targets.achievement import Achievement, achievements
from ptdv.targets.config import conf
from ptdv.targets.counting import OPEN_DOSSIER_STATES, subtree_prefixes
from ptdv.targets.models import Target, TargetMeasure
from ptdv.training.models import Enrolment, EnrolmentResult


def _years_ago(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29/02
        return day.replace(year=day.year - years, day=28)


def quiet_cells(unit: Organization, *, as_of: date, years: int | None = None):
    """Cells under the unit (merged predecessors included) still active on `as_of` with no
    admission in the last `years` years, each with `last_admission` (None: never). One query
    after the prefixes."""
    years = years or conf("WATCH_YEARS")
    prefixes = subtree_prefixes([unit])[unit.pk]
    cutoff = _years_ago(as_of, years)
    # An admission counts for the cell of its day (`Member.admitted_in`), as in the reports.
    # Each cell's latest admission is kept by the database (`people.last_admission`): a cell
    # whose latest is before the cutoff, or that never admitted, is quiet; one whose latest
    # lies between the cutoff and `as_of` is not. Only a cell whose latest is after `as_of`
    # (a past date asked) is probed in the members' index on (cell, admission date).
    latest = F("latest_admission__admitted_on")
    admitted_in_window = Member.objects.filter(
        admitted_in=OuterRef("pk"),
        admission_decided_on__gte=cutoff,
        admission_decided_on__lte=as_of,
    )
    latest_by_then = Subquery(
        Member.objects.filter(admitted_in=OuterRef("pk"), admission_decided_on__lte=as_of)
        .order_by("-admission_decided_on")
        .values("admission_decided_on")[:1]
    )
    return (
        Organization.objects.filter(kind__is_cell=True)
        .filter(descendant_filter("path", prefixes))
        .active_on(as_of)
        .filter(
            Q(latest_admission__admitted_on__isnull=True)
            | Q(latest_admission__admitted_on__lt=cutoff)
            | (Q(latest_admission__admitted_on__gt=as_of) & ~Exists(admitted_in_window))
        )
        .annotate(
            last_admission=Case(
                When(latest_admission__admitted_on__isnull=True, then=None),
                When(latest_admission__admitted_on__lte=as_of, then=latest),
                default=latest_by_then,
            )
        )
        .select_related("parent")
        .order_by(F("last_admission").asc(nulls_first=True), "sort_key")
    )


def _active_cells(unit: Organization, as_of: date):
    prefixes = subtree_prefixes([unit])[unit.pk]
    return (
        Organization.objects.filter(kind__is_cell=True)
        .filter(descendant_filter("path", prefixes))
        .active_on(as_of)
        .select_related("parent", "sector")
        .order_by("sort_key")
    )


def cells_without_source(unit: Organization, *, as_of: date):
    """Cells under the unit (merged predecessors included) active on `as_of` with no source:
    nobody they sent to a class holds a certificate valid on `as_of` without being a member,
    and no dossier of theirs is open (on the list or in progress, not yet decided). One query
    after the prefixes."""
    # The certificates by the passed-enrolment index, membership by one probe of the
    # member's person (not a join through the person).
    trained = (
        Enrolment.objects.filter(organization=OuterRef("pk"), result=EnrolmentResult.PASSED)
        .filter(certificate_date__lte=as_of, certificate_expires_on__gte=as_of)
        .filter(~Exists(Member.objects.filter(person=OuterRef("person"))))
    )
    open_dossiers = Dossier.objects.filter(
        organization=OuterRef("pk"), state__in=OPEN_DOSSIER_STATES
    )
    return _active_cells(unit, as_of).filter(~Exists(trained), ~Exists(open_dossiers))


def residential_cells_without_members(unit: Organization, *, as_of: date):
    """Cells of villages and residential groups (sector `is_residential`) under the unit,
    active on `as_of`, with no member on the books that day. One query after the prefixes."""
    members = Member.objects.filter(organization=OuterRef("pk")).on(as_of)
    return _active_cells(unit, as_of).filter(sector__is_residential=True).filter(~Exists(members))


def watch_list(unit: Organization, *, as_of: date, years: int | None = None) -> dict:
    """Everything of the watch page, for the page and the API."""
    years = years or conf("WATCH_YEARS")
    return {
        "organization": unit,
        "as_of": as_of,
        "years": years,
        "quiet_cells": list(quiet_cells(unit, as_of=as_of, years=years)),
        "behind_pace": behind_pace(unit, as_of=as_of),
        "cells_without_source": list(cells_without_source(unit, as_of=as_of)),
        "residential_cells_without_members": list(
            residential_cells_without_members(unit, as_of=as_of)
        ),
    }


def behind_pace(unit: Organization, *, as_of: date) -> list[Achievement]:
    """Count targets of the unit and its direct children running on `as_of` that are
    behind pace."""
    return [
        item
        for item in achievements(running_count_targets(unit, as_of=as_of), as_of=as_of)
        if item.behind
    ]


def running_count_targets(unit: Organization, *, as_of: date):
    """Count targets of the unit and its direct children running on `as_of`."""
    # The unit and its children by their ids (the children read by the parent index): as a
    # subquery, or an OR across the join, PostgreSQL walked every unit of the country by
    # its primary key to find the few with that parent (100 ms at national size).
    children = Organization.objects.filter(parent=unit).order_by().values_list("pk", flat=True)
    units = [unit.pk, *children]
    return Target.objects.filter(
        organization__in=units,
        measure=TargetMeasure.COUNT,
        period_start__lte=as_of,
        period_end__gte=as_of,
    ).select_related("organization")
