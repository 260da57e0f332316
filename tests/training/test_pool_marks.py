"""The marks stored on each enrolment (`person_is_member`, `person_admitted_on`) equal their
definition, the person's member row, after every write that makes a person a member or
removes one: the admission decision, the member services, the bulk import path, a changed
admission date, a deleted member, an enrolment of a member or moved to another person, the
rebuild, and the demo."""

from datetime import date

from django.db.models import Exists, OuterRef, Subquery

from ptdv.people import services as people_services
from ptdv.people.models import Member, MemberExit, MemberStatus, Person
from ptdv.recruitment import services as recruitment_services
from ptdv.recruitment.demo import advance, make_member
from ptdv.recruitment.demo import make_person as make_recruit
from ptdv.recruitment.models import DossierState
from ptdv.training import services
from ptdv.training.membership import rebuild_pool_marks
from ptdv.training.models import Enrolment
from tests.factories import bulk_imported_member
from tests.training.test_selectors import enrol


def by_definition() -> dict[int, tuple[bool, date | None]]:
    """Each enrolment's person: a member or not, and the admission date, from the members."""
    member = Member.objects.filter(person=OuterRef("person"))
    rows = Enrolment.objects.annotate(
        is_member=Exists(member),
        admitted_on=Subquery(member.values("admission_decided_on")[:1]),
    ).values_list("pk", "is_member", "admitted_on")
    return {pk: (is_member, on) for pk, is_member, on in rows}


def stored() -> dict[int, tuple[bool, date | None]]:
    rows = Enrolment.objects.values_list("pk", "person_is_member", "person_admitted_on")
    return {pk: (is_member, on) for pk, is_member, on in rows}


def test_the_stored_marks_are_the_persons_membership_after_every_write(
    tree, make_class, make_person, passed
):
    checks = []

    def check(step):
        assert stored() == by_definition(), step
        checks.append(step)

    students = enrol(
        make_class, make_person, tree.a, ["Lê Thị Một", "Lê Thị Hai", "Lê Thị Ba", "Lê Văn Tư"]
    )
    for student in students:
        passed(student)
    # A second class for the first student: both of their enrolments carry the mark.
    later = make_class(
        tree.c1, "Lớp khóa II/2025", starts_on=date(2025, 5, 5), ends_on=date(2025, 5, 9)
    )
    services.enrolment_create(acting_user=None, awareness_class=later, person=students[0].person)
    check("enrolled")
    assert not Enrolment.objects.filter(person_is_member=True).exists()

    people_services.member_create(  # member services
        acting_user=None,
        person=students[0].person,
        organization=tree.a,
        admission_decided_on=date(2025, 9, 2),
    )
    check("member created")
    assert set(
        Enrolment.objects.filter(person=students[0].person).values_list(
            "person_is_member", "person_admitted_on"
        )
    ) == {(True, date(2025, 9, 2))}

    # The admission decision, for a candidate who attended a class of the system.
    helpers = [
        make_member(name, tree.a) for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")
    ]
    person = make_recruit("Đỗ Thị Hạnh", date(2000, 5, 10), organization=tree.a, youth_union=True)
    attended = passed(
        services.enrolment_create(acting_user=None, awareness_class=later, person=person),
        on=date(2025, 5, 9),
    )
    check("candidate enrolled")
    candidate = recruitment_services.candidate_create(
        acting_user=tree.secretary_a,
        person=person,
        organization=tree.a,
        source="youth_union",
        listed_on=date(2023, 3, 1),
    )
    dossier = advance(
        candidate.dossiers.get(),
        DossierState.ADMISSION_DECIDED,
        base=date(2023, 3, 1),
        members=helpers,
        user=tree.office_c1,
        decider=tree.officer_p1,
    )
    check("admission decided")
    assert Enrolment.objects.get(pk=attended.pk).person_is_member
    assert Enrolment.objects.get(pk=attended.pk).person_admitted_on == (
        dossier.member.admission_decided_on
    )

    # The bulk import path, then a row enrolling that member (the services refuse to; a raw
    # insert is the enrolment trigger's path).
    bulk_imported_member(tree.b)
    imported = Person.objects.get(full_name="Lê Văn Nhập")
    Enrolment.objects.create(awareness_class=later, person=imported, organization=tree.b)
    check("bulk-imported member enrolled")
    assert Enrolment.objects.get(person=imported).person_admitted_on == date(2022, 2, 2)

    member = Member.objects.get(person=students[0].person)
    people_services.member_update(
        acting_user=None, member=member, admission_decided_on=date(2025, 8, 1)
    )
    check("admission date corrected")
    Member.objects.filter(pk=member.pk).update(admission_decided_on=None)
    check("admission date removed (raw)")

    # An exit keeps the member row: the person stays out of the pool, as before.
    people_services.member_exit(
        acting_user=None, member=member, reason="deceased", on=date(2025, 11, 1)
    )
    check("member exited")

    # Raw writes: a member row deleted, a member row inserted, an enrolment moved.
    MemberExit.objects.filter(member=member).delete()
    Member.objects.filter(pk=member.pk).delete()
    check("member deleted")
    assert not Enrolment.objects.filter(person=students[0].person, person_is_member=True)
    Member.objects.create(
        person=students[2].person,
        organization=tree.a,
        status=MemberStatus.PROBATIONARY,
        admission_decided_on=date(2025, 10, 1),
    )
    check("member inserted (raw)")
    moved = Enrolment.objects.filter(person=students[0].person, awareness_class=later)
    assert moved.update(person=students[2].person) == 1
    check("enrolment moved to a member")
    assert Enrolment.objects.filter(person=students[2].person, person_is_member=True).count() == 2

    # The rebuild repairs damaged marks and changes nothing else.
    assert rebuild_pool_marks() == 0
    Enrolment.objects.update(person_is_member=False, person_admitted_on=None)
    assert (
        rebuild_pool_marks()
        == Enrolment.objects.filter(
            Exists(Member.objects.filter(person=OuterRef("person")))
        ).count()
    )
    check("rebuilt")
    assert len(checks) == 12


def test_the_demo_enrolments_carry_their_persons_membership(demo):
    assert Enrolment.objects.filter(person_is_member=True).exists()
    assert Enrolment.objects.filter(person_is_member=False).exists()
    assert stored() == by_definition()
