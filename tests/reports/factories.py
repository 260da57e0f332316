"""Persons and members for the report tests, one call each."""

from datetime import date

from ptdv.core.text import sort_key
from ptdv.people.models import Member, MemberStatus, Person, Sex

_serial = iter(range(1, 10**6))


def admit(cell, admitted: date | None, *, ended_on=None, official_from=None, **person) -> Member:
    fields = {
        "full_name": f"Người Thử {next(_serial)}",
        "birth_date": date(1995, 5, 5),
        "sex": Sex.MALE,
        **person,
    }
    created = Person.objects.create(sort_key=sort_key(fields["full_name"]), **fields)
    return Member.objects.create(
        person=created,
        organization=cell,
        admission_decided_on=admitted,
        official_from=official_from,
        status=MemberStatus.OFFICIAL if official_from else MemberStatus.PROBATIONARY,
        ended_on=ended_on,
    )
