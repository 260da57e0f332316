from ptdv.organizations import selectors
from ptdv.organizations.authority import competent_body
from ptdv.organizations.models import Organization
from ptdv.organizations.scope import scope_prefixes


def visible_codes(user):
    return set(Organization.objects.for_user(user).values_list("code", flat=True))


def test_a_cell_secretary_sees_only_their_cell(tree):
    assert visible_codes(tree.secretary_a) == {"A"}


def test_a_commune_office_sees_its_cells_and_the_units_merged_into_it(tree):
    assert visible_codes(tree.office_c1) == {"C1", "A", "B", "OLD", "OLDCELL"}
    assert visible_codes(tree.office_c2) == {"C2", "D"}


def test_a_province_officer_sees_the_province_and_nothing_of_the_other(tree):
    codes = visible_codes(tree.officer_p1)
    assert {"P1", "C1", "C2", "A", "B", "D", "OLD", "OLDCELL"} == codes


def test_the_administrator_sees_everything(tree):
    assert scope_prefixes(tree.admin) == ("/",)
    assert visible_codes(tree.admin) == set(Organization.objects.values_list("code", flat=True))


def test_search_works_without_accents_and_stays_in_scope(tree):
    found = [u.code for u in selectors.search(tree.office_c1, "thon an phu")]
    assert found == ["A"]
    assert list(selectors.search(tree.office_c1, "hai dang")) == []
    assert [u.code for u in selectors.search(tree.admin, "THÔN HẢI ĐĂNG")] == ["E"]


def test_the_authority_table_names_the_direct_superior_after_the_reform(tree):
    from datetime import date

    assert competent_body(tree.a, "admission", date(2026, 1, 5)) == tree.c1
    assert competent_body(tree.oldcell, "admission", date(2024, 1, 5)) == tree.p1
    assert competent_body(tree.a, "over_60_consent", date(2026, 1, 5)) == tree.p1


def test_scope_prefixes_are_disjoint_even_when_a_merged_unit_contains_another(tree):
    from datetime import date

    from ptdv.organizations import services
    from ptdv.organizations.scope import forget_scope
    from tests.conftest import make_unit

    district = make_unit(tree.p2, "H1", "Đảng bộ huyện Cũ", "district")
    commune = make_unit(district, "HC1", "Đảng bộ xã Cũ Hai", "grassroots_committee")
    services.organization_dissolve(
        acting_user=None, organization=commune, on=date(2025, 6, 30), merged_into=tree.c1
    )
    services.organization_dissolve(
        acting_user=None, organization=district, on=date(2025, 6, 30), merged_into=tree.p1
    )
    forget_scope(tree.officer_p1)
    prefixes = scope_prefixes(tree.officer_p1)
    assert sorted(prefixes) == sorted([tree.p1.path, district.path])
    assert {"H1", "HC1"} <= visible_codes(tree.officer_p1)


def test_a_units_subtree_includes_what_was_merged_into_it(tree):
    from ptdv.organizations.scope import subtree_filter, subtree_prefixes

    assert sorted(subtree_prefixes(tree.c1)) == sorted([tree.c1.path, tree.old.path])
    codes = set(
        Organization.objects.filter(subtree_filter(tree.c1, "path")).values_list("code", flat=True)
    )
    assert codes == {"C1", "A", "B", "OLD", "OLDCELL"}
    assert subtree_prefixes(tree.c2) == (tree.c2.path,)
