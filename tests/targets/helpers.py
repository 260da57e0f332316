"""Building admission histories for the tests: members bulk-created in a few statements."""

from datetime import date, timedelta
from decimal import Decimal

from ptdv.people.models import Member, Sex
from ptdv.people.services import person_bulk_create
from ptdv.targets import services
from ptdv.targets.models import TargetMeasure


def admit(cell, days: list[date]) -> None:
    """One new member in `cell` for each date (their admission decision date)."""
    people = person_bulk_create(
        rows=[
            {"full_name": f"Đảng viên {cell.code} {i}", "sex": Sex.FEMALE, "organization": cell}
            for i in range(len(days))
        ]
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


def dossiers(cell, count: int, state, *, resolution=None, decided=None, extension=0):
    """`count` dossiers of `cell` in `state`, with a cell resolution and a decision date."""
    from ptdv.recruitment.models import Candidate, Dossier, SourceOrganization

    people = person_bulk_create(
        rows=[
            {"full_name": f"Quần chúng {cell.code} {i}", "sex": Sex.MALE, "organization": cell}
            for i in range(count)
        ]
    )
    candidates = Candidate.objects.bulk_create(
        [
            Candidate(
                person=person,
                organization=cell,
                source=SourceOrganization.YOUTH_UNION,
                listed_on=date(2022, 1, 1),
            )
            for person in people
        ]
    )
    Dossier.objects.bulk_create(
        [
            Dossier(
                candidate=candidate,
                organization=cell,
                state=state,
                cell_resolution_date=resolution,
                decision_date=decided,
                extension_working_days=extension,
            )
            for candidate in candidates
        ]
    )
    return people


def certify(cell, people_or_count, certified_on: date, *, admitted_on=None):
    """A passed class enrolment of `cell` for each person (or for `count` new persons) with a
    certificate of `certified_on`; `admitted_on` makes each of them a member that day."""
    from ptdv.training.models import AwarenessClass, Enrolment, EnrolmentResult, certificate_expiry

    if isinstance(people_or_count, int):
        people = person_bulk_create(
            rows=[
                {"full_name": f"Học viên {cell.code} {i}", "sex": Sex.FEMALE, "organization": cell}
                for i in range(people_or_count)
            ]
        )
    else:
        people = list(people_or_count)
    course = AwarenessClass.objects.create(
        name=f"Lớp {cell.code} {certified_on}",
        organization=cell.parent or cell,
        issuing_body="Trung tâm chính trị",
        starts_on=certified_on - timedelta(days=5),
        ends_on=certified_on,
    )
    Enrolment.objects.bulk_create(
        [
            Enrolment(
                awareness_class=course,
                person=person,
                organization=cell,
                result=EnrolmentResult.PASSED,
                certificate_date=certified_on,
                certificate_expires_on=certificate_expiry(certified_on),
            )
            for person in people
        ]
    )
    if admitted_on is not None:
        Member.objects.bulk_create(
            [Member(person=p, organization=cell, admission_decided_on=admitted_on) for p in people]
        )
    return people
