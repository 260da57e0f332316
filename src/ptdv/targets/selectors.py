"""Scoped reads of the targets app that pages and the API share."""

from dataclasses import dataclass
from datetime import date

from ptdv.organizations.models import Organization
from ptdv.targets.ranking import emulation_ranking


@dataclass
class Ranking:
    """The emulation ranking of a unit's direct children for one year: the ranked units
    (each measured against its admission target) and, apart, those without a target."""

    unit: Organization
    year: int
    as_of: date
    ranked: list
    without_target: list


def emulation_ranking_for(user, unit: Organization, *, year: int, as_of: date) -> Ranking:
    """The children of `unit` in the user's scope that existed during `year`."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    units = Organization.objects.for_user(user).filter(parent=unit).active_between(start, end)
    rows = emulation_ranking(units, start=start, end=end, as_of=as_of)
    return Ranking(
        unit=unit,
        year=year,
        as_of=min(as_of, end),
        ranked=[row for row in rows if row.target is not None],
        without_target=[row for row in rows if row.target is None],
    )
