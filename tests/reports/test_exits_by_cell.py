"""The exits of a period count under the cell of the day of leaving (`people.cell_on`): a
member who moved before leaving counts where they left from, one moved after that day where
they were that day. Under a part of the tree each exit looks its own transfers up (the
transfers' indexes, read from EXPLAIN on PostgreSQL), not a hash of every member ever
moved in the country."""

from datetime import date

import pytest
from django.db import connection

from ptdv.organizations.models import Organization
from ptdv.people.models import Member
from ptdv.reports.figures import (
    EXITED,
    FIGURES_BY_KEY,
    Period,
    members_under,
    people,
    statistics,
    unit_prefixes,
)
from tests.reports.factories import admit
from tests.reports.test_members_on_a_day import transfer

pytestmark = pytest.mark.django_db
P = Period(date(2023, 1, 1), date(2023, 12, 31))


def fresh(unit):
    return Organization.objects.get(pk=unit.pk)


def exits(unit) -> tuple[int, set[int]]:
    unit = fresh(unit)
    listed = people(unit_prefixes(unit), P, FIGURES_BY_KEY["exited"])
    return statistics(unit, P)["exited"], {member.pk for member in listed}


def test_an_exit_counts_under_the_cell_of_the_day_of_leaving(tree):
    moved_before = admit(tree.a, date(2010, 1, 1), official_from=date(2011, 1, 1))
    transfer(moved_before, tree.d, date(2023, 3, 1))
    Member.objects.filter(pk=moved_before.pk).update(ended_on=date(2023, 5, 1))
    # Left on 01/05 from A; the transfer to D, confirmed on 01/06, is recorded after it.
    moved_after = admit(tree.a, date(2010, 1, 1), official_from=date(2011, 1, 1))
    transfer(moved_after, tree.d, date(2023, 6, 1))
    Member.objects.filter(pk=moved_after.pk).update(ended_on=date(2023, 5, 1))
    stayed = admit(tree.b, date(2010, 1, 1), ended_on=date(2023, 7, 1))
    assert exits(tree.c1) == (2, {moved_after.pk, stayed.pk})
    assert exits(tree.c2) == (1, {moved_before.pk})
    assert exits(tree.a) == (1, {moved_after.pk})
    assert exits(tree.d) == (1, {moved_before.pk})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL")
def test_a_communes_exits_look_up_their_own_transfers(tree):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = members_under(unit_prefixes(fresh(tree.c1)), P, EXITED).explain()
    assert "hashed SubPlan" not in plan, plan
    # Each row's transfers by an index (the member's, or the confirmation date's when the
    # planner finds few transfers that recent), never the whole table.
    transfers = [line for line in plan.splitlines() if "on people_membertransfer" in line]
    assert transfers and all("Index Scan" in line for line in transfers), plan
