from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ptdv.organizations.scope import scope_prefixes, subtree_prefixes
from ptdv.people.services import member_create
from ptdv.training import selectors, services


def enrol(make_class, make_person, unit, names, awareness_class=None):
    awareness_class = awareness_class or make_class(unit.parent)
    return [
        services.enrolment_create(
            acting_user=None, awareness_class=awareness_class, person=make_person(unit, name)
        )
        for name in names
    ]


def test_trained_not_admitted_counts_valid_certificates_of_non_members(
    tree, make_class, make_person, passed
):
    a_students = enrol(
        make_class, make_person, tree.a, ["Lê Thị Một", "Lê Thị Hai", "Lê Thị Ba", "Lê Thị Bốn"]
    )
    passed(a_students[0], on=date(2025, 3, 7))
    passed(a_students[1], on=date(2025, 3, 7))
    passed(a_students[2], on=date(2025, 3, 7))  # admitted below
    member_create(
        acting_user=None,
        person=a_students[2].person,
        organization=tree.a,
        admission_decided_on=date(2025, 9, 2),
    )
    # a_students[3] has no result yet.
    old = enrol(
        make_class,
        make_person,
        tree.b,
        ["Lê Thị Cũ"],
        make_class(tree.c1, "Lớp 2019", starts_on=date(2019, 3, 1), ends_on=date(2019, 3, 5)),
    )
    passed(old[0], on=date(2019, 3, 5))  # expires 05/03/2024
    passed(enrol(make_class, make_person, tree.d, ["Lê Thị Xa"])[0])
    today = date(2025, 10, 1)
    scope_prefixes(tree.officer_p1)
    subtree_prefixes(tree.c1)  # the unit's merged predecessors, resolved once per request
    with CaptureQueriesContext(connection) as queries:
        assert selectors.trained_not_admitted(tree.officer_p1, tree.c1, today) == 2
    assert len(queries) == 1
    assert selectors.trained_not_admitted(tree.officer_p1, tree.p1, today) == 3
    assert selectors.trained_not_admitted(tree.officer_p1, tree.c1, date(2024, 3, 5)) == 1
    assert selectors.trained_not_admitted(tree.officer_p1, tree.c1, date(2030, 3, 8)) == 0
    # A sibling cell's secretary sees none of cell A's students.
    assert selectors.trained_not_admitted(tree.secretary_b, tree.c1, today) == 0


def test_expiring_certificates_and_classes_of_a_unit(tree, make_class, make_person, passed):
    students = enrol(make_class, make_person, tree.a, ["Lê Thị Một", "Lê Thị Hai"])
    passed(students[0], on=date(2025, 3, 7))
    passed(students[1], on=date(2025, 3, 7))
    assert list(selectors.certificates_expiring(tree.office_c1, tree.c1, date(2029, 1, 1))) == []
    soon = selectors.certificates_expiring(tree.office_c1, tree.c1, date(2030, 1, 1))
    assert [e.person.full_name for e in soon] == ["Lê Thị Một", "Lê Thị Hai"]
    scope_prefixes(tree.secretary_a)
    subtree_prefixes(tree.a)
    with CaptureQueriesContext(connection) as queries:
        classes = list(selectors.classes_for_unit(tree.secretary_a, tree.a))
    assert len(queries) == 1
    assert [(c.enrolled, c.passed) for c in classes] == [(2, 2)]


def test_the_countrys_pool_tests_no_unit_and_counts_the_same(tree, make_class, make_person, passed):
    """The country's prefixes cover every unit: its pool is read without joining the units,
    and is the pool of its two provinces together (a person sent by both counted once)."""
    for cell, names in ((tree.a, ["Lê Thị Một", "Lê Văn Hai"]), (tree.e, ["Trần Văn Ba"])):
        for student in enrol(make_class, make_person, cell, names):
            passed(student, on=date(2025, 3, 7))
    on = date(2025, 10, 1)
    provinces = sum(
        selectors.trained_not_admitted(tree.admin, unit, on) for unit in (tree.p1, tree.p2)
    )
    with CaptureQueriesContext(connection) as sent:
        country = selectors.trained_not_admitted(tree.admin, tree.root, on)
    assert country == provinces == 3
    [count] = [q["sql"] for q in sent.captured_queries if "training_enrolment" in q["sql"]]
    assert "organizations_organization" not in count
