"""The members on a day read from the counters cost one statement whatever the moves since
the day (no list of moved members shipped to the database), and the base of a rate (the
members only) is the same number as the full reading."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ptdv.organizations.scope import subtree_prefixes
from ptdv.people import counters, services
from tests.factories import MemberFactory
from tests.people.test_member_counters import DAYS, run_sequence

pytestmark = pytest.mark.django_db


def test_the_members_alone_equal_the_full_reading_and_the_direct_count(tree):
    run_sequence(tree)
    for unit in [tree.root, tree.p1, tree.p2, tree.c1, tree.c2, tree.a, tree.b, tree.d]:
        unit.refresh_from_db()
        prefixes = subtree_prefixes(unit)
        for day in DAYS:
            alone = counters.members_on_by_cell(prefixes, day, fields=("members",))
            assert all(set(values) == {"members"} for _, values in alone)
            full = counters.members_on(prefixes, day)
            assert full == counters.direct_counts(prefixes, day), (unit.code, day)
            assert sum(values["members"] for _, values in alone) == full["members"], (
                unit.code,
                day,
            )


def test_each_path_comes_once(tree):
    run_sequence(tree)
    for day in DAYS:
        paths = [path for path, _ in counters.members_on_by_cell(subtree_prefixes(tree.root), day)]
        assert len(paths) == len(set(paths))


@pytest.mark.parametrize("moves", [1, 6])
def test_the_members_on_a_day_take_one_statement_whatever_the_moves(tree, moves):
    for _ in range(moves):
        member = MemberFactory(organization=tree.a)
        transfer = services.member_transfer_request(
            acting_user=None, member=member, to_organization=tree.b, requested_on=DAYS[-2]
        )
        services.member_transfer_confirm(acting_user=None, transfer=transfer, confirmed_on=DAYS[-2])
    for unit in [tree.root, tree.c1, tree.a]:
        prefixes = subtree_prefixes(unit)
        with CaptureQueriesContext(connection) as queries:
            counters.members_on_by_cell(prefixes, DAYS[-3])
        # (the moved members are found from the transfers inside it, not listed in it)
        assert len(queries) == 1, unit.code
    on_day = counters.members_on(subtree_prefixes(tree.a), DAYS[-3])
    assert on_day == counters.direct_counts(subtree_prefixes(tree.a), DAYS[-3])
    assert on_day["members"] == moves


def test_no_prefix_reads_nothing(tree, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert counters.members_on_by_cell((), DAYS[0]) == []
        assert counters.members_on([], DAYS[0]) == dict.fromkeys(
            ("members", "official", "religious", "probationary"), 0
        )
