"""Each cell's latest admission (`people.last_admission`) equals the rows' after every kind of
write, and the quiet cells read from it are those of the old reading (one probe of the
members per cell) on every date, past ones included."""

import threading
from datetime import date

import pytest
from django.db import connection, connections, transaction
from django.db.models import Exists, F, OuterRef, Subquery

from ptdv.organizations import reorganisation as reorg
from ptdv.organizations.models import Organization
from ptdv.organizations.paths import descendant_filter
from ptdv.people.last_admission import (
    direct_last_admissions,
    rebuild_last_admissions,
    stored_last_admissions,
)
from ptdv.people.models import LastAdmission, Member, MemberTransfer
from ptdv.targets.counting import subtree_prefixes
from ptdv.targets.watchlist import _years_ago, quiet_cells
from tests.factories import MemberFactory, RecordedMemberFactory, bulk_imported_member
from tests.people.test_admission_counts import DECISION, transfer


def test_the_latest_admissions_equal_the_rows_after_every_write(tree):
    checks = []

    def check(step):
        assert stored_last_admissions() == direct_last_admissions(), step
        checks.append(step)

    RecordedMemberFactory(organization=tree.a)  # member_create
    mover = MemberFactory(organization=tree.a, admission_decided_on=date(2020, 3, 1))
    late = MemberFactory(organization=tree.e, admission_decided_on=date(2024, 5, 2))
    MemberFactory(organization=tree.e, admission_decided_on=date(2021, 5, 2))
    MemberFactory(organization=tree.oldcell, admission_decided_on=date(2019, 1, 1))
    bulk_imported_member(tree.d)
    check("created")
    assert LastAdmission.objects.get(organization=tree.e).admitted_on == date(2024, 5, 2)

    transfer(mover, tree.e, date(2019, 5, 1))  # before the admission: E's admission now
    check("transfer before the admission")
    Member.objects.filter(pk=late.pk).update(admission_decided_on=date(2020, 1, 15))
    check("admission date moved back")
    assert LastAdmission.objects.get(organization=tree.e).admitted_on == date(2021, 5, 2)
    Member.objects.filter(pk=late.pk).update(admitted_in=tree.b)
    check("cell of the admission changed")
    Member.objects.filter(organization=tree.e).update(admission_decided_on=None)
    check("admission dates removed")

    members_of_a = Member.objects.filter(organization=tree.a, ended_on__isnull=True)
    reorg.split(
        acting_user=tree.admin,
        unit=tree.a,
        decision=DECISION,
        placements={},
        members={m: (tree.b if i % 2 else tree.d) for i, m in enumerate(members_of_a)},
    )
    check("split")
    reorg.merge(acting_user=tree.officer_p1, sources=[tree.d], into=tree.b, decision=DECISION)
    check("merge")
    reorg.move(acting_user=None, unit=tree.c1, parent=tree.p2, decision=DECISION)
    check("move to another province")

    assert rebuild_last_admissions() > 0
    check("rebuilt")
    LastAdmission.objects.update(admitted_on=None)
    rebuild_last_admissions()
    check("repaired")
    assert LastAdmission.objects.get(organization=tree.oldcell).admitted_on == date(2019, 1, 1)
    Member.objects.filter(admitted_in=tree.oldcell).delete()
    check("deleted")
    assert LastAdmission.objects.get(organization=tree.oldcell).admitted_on is None
    assert len(checks) == 11


def probed_quiet_cells(unit, as_of, years):
    """The quiet cells as they were read before the stored latest admission: one probe of
    the members' index per cell."""
    cutoff = _years_ago(as_of, years)
    admitted = Member.objects.filter(admitted_in=OuterRef("pk"))
    return [
        (cell.pk, cell.latest)
        for cell in Organization.objects.filter(kind__is_cell=True)
        .filter(descendant_filter("path", subtree_prefixes([unit])[unit.pk]))
        .active_on(as_of)
        .annotate(
            latest=Subquery(
                admitted.filter(admission_decided_on__lte=as_of)
                .order_by("-admission_decided_on")
                .values("admission_decided_on")[:1]
            )
        )
        .filter(~Exists(admitted.filter(admission_decided_on__range=(cutoff, as_of))))
        .order_by(F("latest").asc(nulls_first=True), "sort_key")
    ]


def test_the_quiet_cells_are_those_of_the_probes_on_every_date(tree):
    for cell, day in (
        (tree.a, date(2019, 4, 1)),
        (tree.a, date(2025, 11, 20)),
        (tree.b, date(2022, 6, 1)),
        (tree.e, date(2024, 2, 29)),
        (tree.oldcell, date(2018, 1, 1)),
    ):
        MemberFactory(organization=cell, admission_decided_on=day)
    stored = LastAdmission.objects.filter(admitted_on__isnull=False).count()
    assert stored == 4
    for unit in (tree.root, tree.p1, tree.c1):
        for as_of in (date(2019, 6, 1), date(2023, 1, 1), date(2024, 3, 1), date(2026, 12, 1)):
            for years in (1, 2, 5):
                read = [
                    (c.pk, c.last_admission) for c in quiet_cells(unit, as_of=as_of, years=years)
                ]
                assert read == probed_quiet_cells(unit, as_of, years), (unit, as_of, years)
    # The cell that admitted in 2025 is quiet on 01/06/2019 (its 2019 admission is before the
    # two years) and shows the 2019 admission, not its latest.
    [cell] = [c for c in quiet_cells(tree.c1, as_of=date(2022, 1, 1), years=2) if c.pk == tree.a.pk]
    assert cell.last_admission == date(2019, 4, 1)


def test_the_demo_is_kept(demo):
    assert LastAdmission.objects.exists()
    assert stored_last_admissions() == direct_last_admissions()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True)
def test_a_recount_waits_for_a_concurrent_admission_and_sees_it(tree):
    """A cell is recounted while another transaction admits in it: whichever comes second
    waits for the first, and the day kept is the admission's."""
    MemberFactory(organization=tree.a, admission_decided_on=date(2024, 1, 1))
    gone = MemberFactory(organization=tree.a, admission_decided_on=date(2025, 1, 1))
    # Moved on since: their deletion touches no other counter row of the cell (which would
    # make it wait for the admission anyway).
    transfer(gone, tree.b, date(2025, 6, 1))
    admitted = threading.Event()
    done = threading.Event()

    def admit_and_hold():
        try:
            with transaction.atomic():
                MemberFactory(organization=tree.a, admission_decided_on=date(2026, 6, 1))
                admitted.set()
                done.wait(2)  # the deletion below is blocked meanwhile
        finally:
            connections.close_all()

    other = threading.Thread(target=admit_and_hold)
    other.start()
    assert admitted.wait(10)
    timer = threading.Timer(0.5, done.set)
    timer.start()
    # The transfer struck out: the member counts for the cell they sit in, and the cell
    # they left is recounted, waiting for the admission's commit.
    MemberTransfer.objects.filter(member=gone).delete()
    assert Member.objects.get(pk=gone.pk).admitted_in_id == tree.b.pk
    other.join()
    assert LastAdmission.objects.get(organization=tree.a).admitted_on == date(2026, 6, 1)
    assert stored_last_admissions() == direct_last_admissions()
