"""The monthly admission counters of the top units (`people.admission_counts`) equal a count
from the rows after every kind of write: the services and the bulk path, a transfer that
changes the cell of the admission day, changed admission dates, a person's make-up changed,
a member deleted, the reorganisation (split, merge, a move to another province), a cell's
sector changed, and the rebuild; and the national and province figures read from them equal
the figures read from the rows."""

from datetime import date

import pytest
from django.db import connection

from ptdv.organizations import reorganisation as reorg
from ptdv.organizations.models import Sector
from ptdv.people import services
from ptdv.people.admission_counts import (
    counted_units,
    direct_counts,
    rebuild_admission_counts,
    stored_counts,
)
from ptdv.people.models import AdmissionCount, Member, Person, Sex
from tests.factories import (
    MemberFactory,
    PersonFactory,
    RecordedMemberFactory,
    bulk_imported_member,
)

DECISION = reorg.Decision("9-QĐ/TU", date(2025, 6, 20), "Ban Thường vụ Tỉnh ủy", date(2025, 7, 1))


def transfer(member, to, on):
    request = services.member_transfer_request(
        acting_user=None, member=member, to_organization=to, requested_on=on
    )
    services.member_transfer_confirm(acting_user=None, transfer=request, confirmed_on=on)


def test_the_counters_equal_a_count_from_the_rows_after_every_write(tree):
    checks = []

    def check(step):
        assert stored_counts() == direct_counts(), step
        checks.append(step)

    recorded = RecordedMemberFactory(organization=tree.a)  # member_create
    mover = MemberFactory(organization=tree.a, admission_decided_on=date(2020, 3, 1))
    young = MemberFactory(
        organization=tree.e,
        admission_decided_on=date(2024, 5, 2),
        # 23 the day before the 24th birthday
        person=PersonFactory(organization=tree.e, birth_date=date(2000, 5, 3), occupation="GV"),
    )
    MemberFactory(organization=tree.oldcell, admission_decided_on=date(2019, 1, 1))
    bulk_imported_member(tree.e)
    check("created")
    # The country and both provinces count; a commune or a cell does not.
    units = set(AdmissionCount.objects.values_list("unit_id", flat=True))
    assert units == {tree.root.pk, tree.p1.pk, tree.p2.pk}
    age = AdmissionCount.objects.get(
        unit=tree.p2, month=date(2024, 5, 1), dimension="age", value="23"
    )
    assert age.count == 1

    transfer(mover, tree.e, date(2019, 5, 1))  # before the admission: P2's admission now
    check("transfer before the admission")
    assert (
        AdmissionCount.objects.get(unit=tree.p2, month=date(2020, 3, 1), dimension="all").count == 1
    )
    transfer(recorded, tree.d, date(2026, 1, 1))  # after it: changes nothing
    check("transfer after the admission")

    Member.objects.filter(pk=young.pk).update(admission_decided_on=date(2025, 1, 15))
    check("admission date changed")
    Person.objects.filter(pk=young.person_id).update(
        sex=Sex.FEMALE, ethnicity="Tày", religion="buddhism", occupation="Nông dân"
    )
    check("person's make-up changed")
    Person.objects.filter(pk=young.person_id).update(birth_date=None, youth_union_member=True)
    check("birth date removed")
    Person.objects.filter(pk=young.person_id).update(full_name="Tên khác")  # not counted
    check("another field changed")

    members_of_b = Member.objects.filter(organization=tree.a, ended_on__isnull=True)
    reorg.split(
        acting_user=tree.admin,
        unit=tree.a,
        decision=DECISION,
        placements={},
        members={m: (tree.b if i % 2 else tree.d) for i, m in enumerate(members_of_b)},
    )
    check("split")
    reorg.merge(acting_user=tree.officer_p1, sources=[tree.d], into=tree.b, decision=DECISION)
    check("merge")

    # Commune C1 (with the old commune merged into it, and its cells) moves to province P2:
    # its cells' admissions leave P1 and join P2.
    def admitted(unit):
        rows = AdmissionCount.objects.filter(unit=unit, dimension="all")
        return sum(rows.values_list("count", flat=True))

    MemberFactory(organization=tree.b, admission_decided_on=date(2023, 3, 3))
    under_c1 = Member.objects.filter(admitted_in__path__startswith=tree.c1.path).count()
    p1, p2 = admitted(tree.p1), admitted(tree.p2)
    reorg.move(acting_user=None, unit=tree.c1, parent=tree.p2, decision=DECISION)
    check("move to another province")
    assert under_c1 > 0
    assert (admitted(tree.p1), admitted(tree.p2)) == (p1 - under_c1, p2 + under_c1)
    tree.e.sector = Sector.objects.get(code="school")
    tree.e.save()
    check("sector changed")

    assert rebuild_admission_counts() > 0
    check("rebuilt")
    AdmissionCount.objects.update(count=0)
    rebuild_admission_counts()
    check("repaired")
    Member.objects.filter(pk=young.pk).delete()
    check("deleted")
    assert len(checks) == 14


@pytest.mark.parametrize(
    "prefixes, counted",
    [
        (["/1/"], True),
        (["/1/42/"], True),
        (["/1/42/", "/1/43/"], True),
        (["/1/42/317/"], False),
        (["/1/42/="], False),  # a unit alone, as recorded
        ([], False),
    ],
)
def test_only_the_country_and_the_provinces_are_read_from_the_counters(prefixes, counted):
    assert (counted_units(prefixes) is not None) is counted


def test_the_demo_is_counted(demo):
    assert AdmissionCount.objects.exists()
    assert stored_counts() == direct_counts()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL")
def test_a_units_months_are_read_from_the_counters_key(tree):
    from ptdv.people.admission_counts import month_counts

    with connection.cursor() as cursor:  # the test table is tiny: price the scan out
        cursor.execute("SET LOCAL enable_seqscan = off")
    rows = month_counts([tree.root.pk], date(2020, 7, 1), date(2026, 11, 1), by=["month"])
    assert "admissioncount_key" in rows.explain()
