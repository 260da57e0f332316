"""Building admission histories for the tests: members bulk-created in a few statements."""

from datetime import date, timedelta
from decimal import Decimal

from ptdv.people.models import Member, Person, Sex
from ptdv.targets import services
from ptdv.targets.models import TargetMeasure


def admit(cell, days: list[date]) -> None:
    """One new member in `cell` for each date (their admission decision date)."""
    people = Person.objects.bulk_create(
        [Person(full_name=f"Đảng viên {cell.code} {i}", sex=Sex.FEMALE) for i in range(len(days))]
    )
    Member.objects.bulk_create(
        [
            Member(person=person, organization=cell, admission_decided_on=day)
            for person, day in zip(people, days, strict=True)
        ]
    )


def spread(count: int, start: date, end: date) -> list[date]:
    """`count` dates spread evenly over [start, end] (both included)."""
    if count == 0:
        return []
    span = (end - start).days
    if count == 1:
        return [start]
    return [start + timedelta(days=round(i * span / (count - 1))) for i in range(count)]


def veterans(cell, count: int, admitted_on: date = date(2000, 1, 1)) -> None:
    """Members admitted long ago (they count at the start of any later period)."""
    admit(cell, [admitted_on] * count)


def target(unit, kind, start, end, low, high=None, measure=TargetMeasure.COUNT, document=""):
    return services.target_create(
        acting_user=None,
        organization=unit,
        kind=kind,
        measure=measure,
        period_start=start,
        period_end=end,
        min_value=Decimal(low),
        max_value=Decimal(high) if high is not None else None,
        document=document,
    )
