"""Persons and members for the report tests, one call each (factory_boy, tests/factories.py)."""

from datetime import date

from ptdv.people.models import Member
from tests.factories import MemberFactory, PersonFactory


def admit(cell, admitted: date | None, *, ended_on=None, official_from=None, **person) -> Member:
    return MemberFactory(
        organization=cell,
        person=PersonFactory(organization=cell, **person),
        admission_decided_on=admitted,
        official_from=official_from,
        ended_on=ended_on,
    )
