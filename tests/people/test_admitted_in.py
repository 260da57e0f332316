"""The cell of the admission day stored on the member (`Member.admitted_in`) equals the cell
the transfers give for that day (`cell_on`) after every kind of write: creation by the
services and the bulk path, transfers (confirmed, on the admission day, cancelled, deleted),
a changed admission date, a raw change of cell, the reorganisation's split, merge and move,
and the demo."""

from datetime import date

from django.db import connection

from ptdv.organizations import reorganisation as reorg
from ptdv.people import services
from ptdv.people.admitted_in import rebuild_admitted_in
from ptdv.people.models import Member, MemberStatus, MemberTransfer
from tests.factories import MemberFactory, RecordedMemberFactory, bulk_imported_member

DECISION = reorg.Decision("9-QĐ/TU", date(2025, 6, 20), "Ban Thường vụ Tỉnh ủy", date(2025, 7, 1))


def by_definition() -> dict[int, int | None]:
    """Each member's cell on their admission day, read from the transfers (`cell_on`)."""
    rows = Member.objects.with_cell_on("admission_decided_on").values_list(
        "pk", "cell_on", "admission_decided_on"
    )
    return {pk: cell if admitted else None for pk, cell, admitted in rows}


def stored() -> dict[int, int | None]:
    return dict(Member.objects.values_list("pk", "admitted_in"))


def transfer(member, to, on, *, confirm=True):
    request = services.member_transfer_request(
        acting_user=None, member=member, to_organization=to, requested_on=on
    )
    if confirm:
        services.member_transfer_confirm(acting_user=None, transfer=request, confirmed_on=on)
    return request


def test_the_stored_cell_is_the_cell_on_the_admission_day_after_every_write(tree):
    checks = []

    def check(step):
        assert stored() == by_definition(), step
        checks.append(step)

    recorded = RecordedMemberFactory(organization=tree.a)  # member_create
    mover = MemberFactory(organization=tree.a, admission_decided_on=date(2020, 3, 1))
    same_day = MemberFactory(organization=tree.b, admission_decided_on=date(2021, 4, 1))
    undated = MemberFactory(
        organization=tree.d, admission_decided_on=None, status=MemberStatus.OFFICIAL
    )
    bulk_imported_member(tree.e)
    check("created")
    assert Member.objects.get(pk=undated.pk).admitted_in_id is None

    transfer(mover, tree.b, date(2022, 5, 1))
    transfer(mover, tree.d, date(2023, 5, 1))
    check("two transfers")
    assert Member.objects.get(pk=mover.pk).admitted_in_id == tree.a.pk  # the first one left A

    transfer(same_day, tree.d, date(2021, 4, 1))  # confirmed on the admission day itself
    check("transfer on the admission day")
    assert Member.objects.get(pk=same_day.pk).admitted_in_id == tree.d.pk

    pending = transfer(recorded, tree.e, date(2024, 1, 1), confirm=False)
    check("pending transfer")
    services.member_transfer_cancel(acting_user=None, transfer=pending)
    check("cancelled transfer")

    # The admission date moved after the first transfer: the cell that day is B.
    Member.objects.filter(pk=mover.pk).update(admission_decided_on=date(2022, 6, 1))
    check("admission date changed")
    assert Member.objects.get(pk=mover.pk).admitted_in_id == tree.b.pk
    MemberTransfer.objects.filter(member=mover, to_organization=tree.b).delete()
    check("transfer deleted")
    MemberTransfer.objects.filter(member=mover).update(confirmed_on=date(2022, 7, 1))
    check("transfer date changed")
    Member.objects.filter(pk=undated.pk).update(admission_decided_on=date(2015, 1, 1))
    Member.objects.filter(pk=recorded.pk).update(organization=tree.b)  # raw, no transfer
    check("raw updates")

    # The reorganisation: cell B split into A and E, then commune C2's cells merged into
    # cell A's commune, then cell A moved under C2 (members move by dated transfers).
    members_of_b = Member.objects.filter(organization=tree.b, ended_on__isnull=True)
    reorg.split(
        acting_user=tree.admin,
        unit=tree.b,
        decision=DECISION,
        placements={},
        members={m: (tree.a if i % 2 else tree.e) for i, m in enumerate(members_of_b)},
    )
    check("split")
    reorg.merge(acting_user=tree.officer_p1, sources=[tree.d], into=tree.a, decision=DECISION)
    check("merge")
    reorg.move(acting_user=None, unit=tree.a, parent=tree.c2, decision=DECISION)
    check("move")
    assert Member.objects.get(pk=mover.pk).admitted_in_id == tree.b.pk  # history kept

    # A rebuild from the rows repairs a damaged column and changes nothing else.
    assert rebuild_admitted_in() == 0
    Member.objects.update(admitted_in=None)
    with connection.cursor():
        assert rebuild_admitted_in() == Member.objects.exclude(admission_decided_on=None).count()
    check("rebuilt")
    member = MemberFactory(organization=tree.e, admission_decided_on=date(2025, 8, 1))
    member.delete()
    check("deleted")
    assert len(checks) == 14


def test_the_demo_members_carry_the_cell_of_their_admission_day(demo):
    assert Member.objects.filter(admission_decided_on__isnull=False).exists()
    assert stored() == by_definition()
