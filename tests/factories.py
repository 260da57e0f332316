"""factory_boy factories. Every person is created through the people services and belongs
to a cell; members, candidates and enrolments are built on such persons, never on a bare row.

    PersonFactory(organization=cell)                 one person, through person_bulk_create
    MemberFactory(organization=cell, admission_decided_on=day)
    CandidateFactory(organization=cell)              enlisted through candidate_enlist
    RecordedPersonFactory(organization=cell)         through person_create (checked, audited)
    RecordedMemberFactory(organization=cell)         through member_create, on a recorded person
"""

from datetime import date

import factory

from ptdv.people import services as people_services
from ptdv.people.models import Member, MemberStatus, Sex


class PersonFactory(factory.DictFactory):
    """Pass `organization` (a cell): a person always belongs to a unit."""

    full_name = factory.Sequence(lambda n: f"Người Thử {n}")
    birth_date = date(1995, 5, 5)
    sex = Sex.MALE

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return people_services.person_bulk_create(rows=[kwargs])[0]


class MemberFactory(factory.Factory):
    """A member of `organization`, their person created in the same cell."""

    class Meta:
        model = Member

    organization = None
    person = factory.LazyAttribute(lambda o: PersonFactory(organization=o.organization))
    admission_decided_on = date(2010, 5, 1)
    status = factory.LazyAttribute(
        lambda o: MemberStatus.OFFICIAL if o.official_from else MemberStatus.PROBATIONARY
    )
    official_from = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return Member.objects.create(**kwargs)


class CandidateFactory(factory.DictFactory):
    """A candidate enlisted through `recruitment.services.candidate_enlist` (a new person)."""

    organization = None
    source = "youth_union"
    listed_on = date(2024, 1, 1)
    full_name = factory.Sequence(lambda n: f"Quần Chúng Thử {n}")
    birth_date = date(2000, 5, 10)
    sex = Sex.FEMALE

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from ptdv.recruitment.services import candidate_enlist

        person_data = {
            name: kwargs.pop(name)
            for name in list(kwargs)
            if name in people_services.PERSON_FIELDS and name != "organization"
        }
        return candidate_enlist(
            acting_user=kwargs.pop("acting_user", None),
            organization=kwargs.pop("organization"),
            source=kwargs.pop("source"),
            listed_on=kwargs.pop("listed_on"),
            person_data=person_data,
            confirm_duplicate=True,
            **kwargs,
        )


class RecordedPersonFactory(factory.DictFactory):
    """A person entered by an officer: `people.services.person_create` checks the fields
    and duplicates and writes the audit row. Extra keywords are the person's profile."""

    organization = None
    full_name = factory.Sequence(lambda n: f"Nguyễn Thị Thử {n}")
    sex = Sex.FEMALE
    birth_date = date(1995, 3, 8)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return people_services.person_create(acting_user=kwargs.pop("acting_user", None), **kwargs)


class RecordedMemberFactory(factory.DictFactory):
    """A member entered through `people.services.member_create` (an official member of
    2020/2021 by default), their person recorded in the same cell."""

    organization = None
    person = factory.LazyAttribute(
        lambda o: RecordedPersonFactory(
            organization=o.organization, sex=Sex.MALE, birth_date=date(1980, 1, 2)
        )
    )
    admission_decided_on = date(2020, 5, 19)
    status = MemberStatus.OFFICIAL
    official_from = date(2021, 5, 19)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return people_services.member_create(acting_user=kwargs.pop("acting_user", None), **kwargs)


def bulk_imported_member(unit, acting_user=None):
    """One member written by the bulk path of the imports (member_bulk_create): admitted
    02/02/2022, official from 02/02/2023."""
    people_services.member_bulk_create(
        acting_user=acting_user,
        rows=[
            {
                "organization": unit,
                "person": {
                    "full_name": "Lê Văn Nhập",
                    "sex": "male",
                    "birth_date": date(1990, 1, 1),
                },
                "member": {
                    "admission_decided_on": date(2022, 2, 2),
                    "status": MemberStatus.OFFICIAL,
                    "official_from": date(2023, 2, 2),
                },
            }
        ],
    )
