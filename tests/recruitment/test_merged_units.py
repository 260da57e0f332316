"""A commune that absorbed another in 2025 follows the candidates of the absorbed cells."""

from datetime import date

from ptdv.people.models import Sex
from ptdv.recruitment import selectors, services
from tests.factories import PersonFactory


def test_the_candidate_list_of_a_commune_includes_cells_of_units_merged_into_it(tree):
    person = PersonFactory(
        full_name="Trần Thị Cũ",
        sex=Sex.FEMALE,
        birth_date=date(2000, 1, 1),
        organization=tree.oldcell,
    )
    services.candidate_create(
        acting_user=tree.office_c1,
        person=person,
        organization=tree.oldcell,
        source="youth_union",
        listed_on=date(2025, 3, 1),
    )
    names = [c.person.full_name for c in selectors.candidates_for(tree.office_c1, tree.c1)]
    assert names == ["Trần Thị Cũ"]
    assert list(selectors.candidates_for(tree.office_c2, tree.c2)) == []
