"""The per-cell counters and the members on a day read from them: after a sequence of writes
through every path that changes membership, the counters equal a direct count of the rows,
and the members on any day equal the direct count by the cell on that day."""

from datetime import date

from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from ptdv.core.reference import Religion
from ptdv.organizations import reorganisation as reorg
from ptdv.organizations.models import Organization
from ptdv.organizations.scope import subtree_prefixes
from ptdv.people import counters, services
from ptdv.people.models import (
    CellCount,
    ExitReason,
    Member,
    MemberStatus,
    Person,
    ProvinceCount,
)
from tests.factories import MemberFactory, RecordedMemberFactory, bulk_imported_member

DECISION = reorg.Decision("9-QĐ/TU", date(2025, 6, 20), "Ban Thường vụ Tỉnh ủy", date(2025, 7, 1))
DAYS = [
    date(2009, 12, 31),
    date(2020, 12, 31),
    date(2023, 6, 30),
    date(2024, 3, 1),
    date(2025, 6, 30),
    date(2025, 7, 1),
    date(2026, 11, 30),
]


def direct_by_cell() -> dict[int, tuple[int, int, int]]:
    """The current members of each cell counted from the rows, as the counters hold them."""
    rows = (
        Member.objects.filter(ended_on__isnull=True)
        .values("organization")
        .annotate(
            members=Count("pk"),
            official=Count(
                "pk", filter=Q(official_from__isnull=False) | Q(status=MemberStatus.OFFICIAL)
            ),
            religious=Count("pk", filter=counters.religious()),
        )
    )
    return {r["organization"]: (r["members"], r["official"], r["religious"]) for r in rows}


def stored_by_cell() -> dict[int, tuple[int, int, int]]:
    return {
        c.organization_id: (c.members, c.official, c.religious)
        for c in CellCount.objects.exclude(members=0, official=0, religious=0)
    }


def direct_by_province() -> dict[int, tuple[int, int, int]]:
    """The direct counts of the cells summed under the unit of depth 1 above each."""
    paths = dict(Organization.objects.values_list("pk", "path"))
    totals: dict[int, list[int]] = {}
    for cell, counts in direct_by_cell().items():
        province = int(paths[cell].strip("/").split("/")[1])
        total = totals.setdefault(province, [0, 0, 0])
        for i, value in enumerate(counts):
            total[i] += value
    return {unit: tuple(total) for unit, total in totals.items() if any(total)}


def stored_by_province() -> dict[int, tuple[int, int, int]]:
    """The provinces' counters, their stripes summed."""
    totals: dict[int, list[int]] = {}
    for row in ProvinceCount.objects.all():
        total = totals.setdefault(row.unit_id, [0, 0, 0])
        total[0] += row.members
        total[1] += row.official
        total[2] += row.religious
    return {unit: tuple(total) for unit, total in totals.items() if any(total)}


def run_sequence(tree):
    """Writes through the services, the bulk path, a raw update and a reorganisation."""
    kept = RecordedMemberFactory(organization=tree.a)  # member_create
    probationary = MemberFactory(organization=tree.a, admission_decided_on=date(2024, 6, 1))
    leaving = MemberFactory(organization=tree.b, official_from=date(2011, 5, 1))
    moving = MemberFactory(organization=tree.b, official_from=date(2011, 5, 1))
    MemberFactory(organization=tree.d, admission_decided_on=None, status=MemberStatus.OFFICIAL)
    bulk_imported_member(tree.e)
    services.member_record_recognition(
        acting_user=None, member=probationary, official_from=date(2025, 6, 1)
    )
    services.member_exit(
        acting_user=None,
        member=leaving,
        reason=ExitReason.DECEASED,
        on=date(2024, 1, 15),
    )
    transfer = services.member_transfer_request(
        acting_user=None, member=moving, to_organization=tree.d, requested_on=date(2023, 9, 1)
    )
    services.member_transfer_confirm(
        acting_user=None, transfer=transfer, confirmed_on=date(2023, 9, 10)
    )
    # A person's religion changed (any path, here a plain update).
    Person.objects.filter(pk=kept.person_id).update(religion=Religion.BUDDHISM)
    # The cells of C2 merged into cell A: D's members move by dated transfers.
    reorg.merge(acting_user=tree.officer_p1, sources=[tree.d], into=tree.a, decision=DECISION)
    reorg.move(acting_user=None, unit=tree.b, parent=tree.c2, decision=DECISION)
    Person.objects.filter(pk=kept.person_id).update(religion=Religion.NONE)
    Person.objects.filter(pk=moving.person_id).update(religion=Religion.CATHOLICISM)


def test_the_counters_equal_a_direct_count_after_every_write_path(tree):
    run_sequence(tree)
    assert stored_by_cell() == direct_by_cell()
    assert sum(members for members, _, _ in stored_by_cell().values()) == 5
    assert stored_by_province() == direct_by_province()
    assert sum(members for members, _, _ in stored_by_province().values()) == 5
    # A rebuild from the rows gives the same counters.
    counters.rebuild_counts()
    assert stored_by_cell() == direct_by_cell()
    assert stored_by_province() == direct_by_province()


def test_a_cell_moved_to_another_province_takes_its_members_there(tree):
    MemberFactory(organization=tree.b, official_from=date(2011, 5, 1))
    religious = MemberFactory(organization=tree.b)
    Person.objects.filter(pk=religious.person_id).update(religion=Religion.BUDDHISM)
    MemberFactory(organization=tree.e)
    assert stored_by_province() == {tree.p1.pk: (2, 1, 1), tree.p2.pk: (1, 0, 0)}
    # A move through the reorganisation and, back, a raw update of the paths.
    reorg.move(acting_user=None, unit=tree.b, parent=tree.c3, decision=DECISION)
    assert stored_by_province() == direct_by_province() == {tree.p2.pk: (3, 1, 1)}
    tree.b.refresh_from_db()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE organizations_organization SET path = %s WHERE id = %s",
            [f"{tree.c1.path}{tree.b.pk}/", tree.b.pk],
        )
    assert (
        stored_by_province()
        == direct_by_province()
        == {
            tree.p1.pk: (2, 1, 1),
            tree.p2.pk: (1, 0, 0),
        }
    )
    # A move within a province changes nothing there.
    reorg.move(acting_user=None, unit=tree.a, parent=tree.c2, decision=DECISION)
    assert stored_by_province() == direct_by_province()


def test_a_deleted_member_leaves_the_counters(tree):
    member = MemberFactory(organization=tree.a)
    assert stored_by_cell() == {tree.a.pk: (1, 0, 0)}
    assert stored_by_province() == {tree.p1.pk: (1, 0, 0)}
    member.delete()
    assert stored_by_cell() == {}
    assert stored_by_province() == {}


def test_members_on_a_day_from_the_counters_equal_the_direct_count(tree):
    run_sequence(tree)
    units = [tree.root, tree.p1, tree.p2, tree.c1, tree.c2, tree.a, tree.b, tree.d, tree.e]
    for unit in units:
        unit.refresh_from_db()
        prefixes = subtree_prefixes(unit)
        for day in DAYS:
            assert counters.members_on(prefixes, day) == counters.direct_counts(prefixes, day), (
                unit.code,
                day,
            )
    # The figures themselves, not only their agreement: the country on three days.
    root = subtree_prefixes(tree.root)
    assert counters.members_on(root, date(2009, 12, 31))["members"] == 1  # the undated one
    assert counters.members_on(root, date(2023, 6, 30)) == {
        "members": 5,
        "official": 5,
        "probationary": 0,
        "religious": 1,  # the person's religion now: a person's fields carry no dates
    }
    assert counters.members_on(root, date(2024, 6, 1))["probationary"] == 1
    # The country's totals join no unit (every cell counts) and read no transfer; a
    # province's do.
    # The country and a whole province read the provinces' counters, a commune its cells'.
    with CaptureQueriesContext(connection) as sent:
        counters.members_on(root, date(2024, 6, 1))
        counters.members_on(subtree_prefixes(tree.p1), date(2024, 6, 1))
        counters.members_on(subtree_prefixes(tree.c1), date(2024, 6, 1))
    country, province, commune = [
        q["sql"]
        for q in sent.captured_queries
        if "_cellcount" in q["sql"] or "_provincecount" in q["sql"]
    ]
    assert "people_provincecount" in country and "people_cellcount" not in country
    assert "people_provincecount" in province and "people_cellcount" not in province
    assert "people_cellcount" in commune and "people_provincecount" not in commune
    assert "organizations_organization" not in country
    assert "people_membertransfer" not in country  # a move stays within the country
    assert "organizations_organization" in province


def test_a_bulk_load_rebuilds_the_counters_at_its_end(tree):
    with counters.bulk_load():
        for _ in range(3):
            MemberFactory(organization=tree.b)
        # PostgreSQL suspends the triggers inside the block; SQLite keeps them.
        suspended = connection.vendor == "postgresql"
        assert stored_by_cell() == ({} if suspended else {tree.b.pk: (3, 0, 0)})
    assert stored_by_cell() == direct_by_cell() == {tree.b.pk: (3, 0, 0)}
    assert stored_by_province() == {tree.p1.pk: (3, 0, 0)}
    MemberFactory(organization=tree.b)  # the trigger is on again
    assert stored_by_cell() == {tree.b.pk: (4, 0, 0)}
    assert stored_by_province() == {tree.p1.pk: (4, 0, 0)}


def test_members_added_in_bulk_are_counted_in_their_cells_once_at_the_end(tree):
    """`member_bulk_create` inserts its members in one COPY with the triggers suspended on
    PostgreSQL and adds the counts per cell at the end: the counters of the cells touched
    grow by the new members (official or not, with a religion or not, an official recorded
    without a date), the counters already there are kept, the other cells are untouched."""
    MemberFactory(organization=tree.a, official_from=date(2011, 5, 1))
    MemberFactory(organization=tree.b)
    before = stored_by_cell()

    def row(cell, number, **member):
        return {
            "organization": cell,
            "person": {
                "full_name": f"Lê Văn Nhập {number}",
                "sex": "male",
                "birth_date": date(1980, 1, number),
                "religion": Religion.BUDDHISM if number % 2 else Religion.NONE,
            },
            "member": {"admission_decided_on": date(2020, 2, 2), **member},
        }

    services.member_bulk_create(
        acting_user=None,
        rows=[
            row(tree.a, 1, status=MemberStatus.OFFICIAL, official_from=date(2021, 2, 2)),
            row(tree.a, 2),
            row(tree.e, 3),
            row(tree.e, 4, status=MemberStatus.OFFICIAL, official_from=date(2021, 2, 2)),
            row(tree.e, 5, status=MemberStatus.PROBATIONARY),
        ],
    )
    assert stored_by_cell() == direct_by_cell()
    assert stored_by_cell() == {
        tree.a.pk: (before[tree.a.pk][0] + 2, before[tree.a.pk][1] + 1, 1),
        tree.b.pk: before[tree.b.pk],
        tree.e.pk: (3, 1, 2),
    }
    assert stored_by_province() == direct_by_province()
    MemberFactory(organization=tree.e)  # the trigger is on again after the bulk write
    assert stored_by_cell() == direct_by_cell()
    assert stored_by_province() == direct_by_province()
