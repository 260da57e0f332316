"""On PostgreSQL: the members on a day read the changes after the day through their indexes
(read from EXPLAIN), never every member."""

from datetime import date

import pytest
from django.db import connection
from django.db.models import Q

from ptdv.people.cell_on import transfers_after
from ptdv.people.models import Member

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL"),
]
DAY = date(2025, 12, 31)


@pytest.fixture
def no_seqscan():
    # The test tables are tiny: with sequential scans priced out, the plan shows which index
    # can serve the query.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")


def test_the_transfers_after_a_day_use_the_confirmation_date_index(no_seqscan):
    plan = transfers_after(DAY).values("member_id").explain()
    assert "transfer_confirmed_idx" in plan, plan


def test_the_current_members_changed_since_a_day_use_the_date_indexes(no_seqscan):
    changed = Q(admission_decided_on__gt=DAY) | Q(official_from__gt=DAY) | Q(pk__in=[1, 2])
    # (With `ended_on IS NULL` added, an empty test table sends the planner to the exit
    # date index instead: on real data nearly every row is current and it is not chosen.)
    plan = Member.objects.filter(changed).explain()
    assert "member_admission_idx" in plan, plan
    assert "member_official_from_idx" in plan, plan
    assert "BitmapOr" in plan.replace(" ", ""), plan


def test_the_members_who_left_since_a_day_use_the_exit_date_index(no_seqscan):
    plan = Member.objects.filter(ended_on__gt=DAY).explain()
    assert "member_ended_idx" in plan, plan


def test_the_countrys_exits_of_a_period_are_read_from_the_exit_date_index_alone(tree):
    # The country's figures keep every row (no cell to test), so the exits of a period are
    # the ids of the exit-date index (an index-only scan: the index carries the id), joined
    # to their exit records: never the member rows.
    from ptdv.reports.figures import EXITED, Period, _exited_figures, members_under

    period = Period(date(2020, 7, 1), date(2026, 12, 1))
    prefixes = (tree.root.path,)
    assert "cell_on" not in members_under(prefixes, period, EXITED).query.annotations
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
    plan = members_under(prefixes, period, EXITED).values("pk").explain()
    assert "Index Only Scan using member_ended_idx" in plan, plan
    assert _exited_figures(prefixes, period)["exited"] == 0
