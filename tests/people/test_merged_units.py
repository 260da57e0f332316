"""A commune that absorbed another in 2025 lists the members of the absorbed cells."""

from datetime import date

from ptdv.people import selectors
from ptdv.people.models import Member, MemberStatus, Sex
from tests.factories import PersonFactory


def test_the_member_list_of_a_commune_includes_cells_merged_into_it(tree):
    person = PersonFactory(full_name="Lê Văn Cũ", sex=Sex.MALE, organization=tree.oldcell)
    Member.objects.create(
        person=person,
        organization=tree.oldcell,
        status=MemberStatus.OFFICIAL,
        admission_decided_on=date(2010, 5, 1),
    )
    assert [m.person.full_name for m in selectors.members_of(tree.office_c1, tree.c1)] == [
        "Lê Văn Cũ"
    ]
    assert selectors.member_counts_at(tree.office_c1, tree.c1, date(2026, 1, 1))["total"] == 1
    assert list(selectors.members_of(tree.office_c2, tree.c2)) == []
