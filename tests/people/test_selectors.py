from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ptdv.organizations.scope import scope_prefixes
from ptdv.people import selectors, services


def test_members_of_a_unit_in_vietnamese_name_order_with_accent_free_search(tree, make_member):
    for name in ["Trần Văn Bình", "Nguyễn Văn An", "Lê Thị Ánh"]:
        make_member(tree.a, name)
    make_member(tree.b, "Phạm Văn Ba")
    names = [m.person.full_name for m in selectors.members_of(tree.office_c1, tree.a)]
    # Given name first: An < Ánh < Bình.
    assert names == ["Nguyễn Văn An", "Lê Thị Ánh", "Trần Văn Bình"]
    found = selectors.members_of(tree.office_c1, tree.c1, "anh le")
    assert [m.person.full_name for m in found] == ["Lê Thị Ánh"]
    assert list(selectors.members_of(tree.secretary_b, tree.a)) == []


def test_member_list_is_one_query_whatever_its_size(tree, make_member):
    for index in range(6):
        make_member(tree.a, f"Nguyễn Văn Số{index}")
    scope_prefixes(tree.office_c1)  # the user's scope is computed once per request
    with CaptureQueriesContext(connection) as queries:
        rows = [
            (m.person.full_name, m.organization.name)
            for m in selectors.members_of(tree.office_c1, tree.c1)
        ]
    assert len(rows) == 6 and len(queries) == 1


def test_members_at_a_date_count_who_was_admitted_and_not_yet_gone(tree, make_member):
    make_member(tree.a, "Nguyễn Văn Một", admitted=date(2019, 1, 1))
    make_member(
        tree.a,
        "Nguyễn Văn Hai",
        admitted=date(2023, 6, 1),
        status="probationary",
        official_from=None,
    )
    gone = make_member(tree.b, "Nguyễn Văn Ba", admitted=date(2018, 1, 1))
    services.member_exit(acting_user=None, member=gone, reason="deceased", on=date(2022, 1, 1))
    make_member(tree.d, "Nguyễn Văn Bốn", admitted=date(2018, 1, 1))
    scope_prefixes(tree.office_c1)  # the user's scope is computed once per request
    with CaptureQueriesContext(connection) as queries:
        at_2021 = selectors.member_counts_at(tree.office_c1, tree.c1, date(2021, 12, 31))
    assert len(queries) == 2  # the ids of the cells and of who left them, then the count
    # Một (official from 2021-05-19 per fixture) and Ba (not yet gone).
    assert at_2021 == {"total": 2, "official": 2, "probationary": 0}
    at_2024 = selectors.member_counts_at(tree.office_c1, tree.c1, date(2024, 1, 1))
    assert at_2024 == {"total": 2, "official": 1, "probationary": 1}


def test_exits_by_reason_in_one_query(tree, make_member):
    for index, reason in enumerate(["deceased", "deceased", "struck_off"]):
        member = make_member(tree.a, f"Trần Văn Số{index}")
        services.member_exit(
            acting_user=None,
            member=member,
            reason=reason,
            on=date(2024, 5, 1),
            document_number="1-QĐ",
            document_date=date(2024, 5, 1),
        )
    outside = make_member(tree.d, "Trần Văn Ngoài")
    services.member_exit(
        acting_user=None,
        member=outside,
        reason="expelled",
        on=date(2024, 5, 1),
        document_number="2-QĐ",
        document_date=date(2024, 5, 1),
    )
    scope_prefixes(tree.office_c1)  # the user's scope is computed once per request
    with CaptureQueriesContext(connection) as queries:
        result = selectors.exits_by_reason(
            tree.office_c1, tree.c1, date(2024, 1, 1), date(2024, 12, 31)
        )
    assert len(queries) == 1
    assert result == {
        "struck_off": 1,
        "expelled": 0,
        "dismissed": 0,
        "deceased": 2,
        "transferred_out": 0,
    }
    assert (
        selectors.exits_by_reason(tree.office_c1, tree.c1, date(2025, 1, 1), date(2025, 12, 31))[
            "deceased"
        ]
        == 0
    )
