"""As recorded, a unit that received other units since keeps the records held by the unit
itself (a class its committee organised), without the units it received."""

from datetime import date

from ptdv.organizations import reorganisation as reorg
from ptdv.organizations.models import Organization
from ptdv.organizations.paths import alone, descendant_filter
from ptdv.reports.figures import Period, awareness_classes
from ptdv.training.services import awareness_class_create

REFORM = reorg.Decision("9-QĐ/TU", date(2025, 6, 20), "Ban Thường vụ Tỉnh ủy", date(2025, 7, 1))
YEAR_2021 = Period(date(2021, 1, 1), date(2021, 12, 31))


def fresh(unit):
    return Organization.objects.get(pk=unit.pk)


def a_class(unit, starts_on):
    return awareness_class_create(
        acting_user=None,
        organization=unit,
        name=f"Lớp bồi dưỡng nhận thức về Đảng {unit.code}",
        issuing_body="Trung tâm Chính trị huyện",
        target_group="youth",
        starts_on=starts_on,
        ends_on=starts_on.replace(day=starts_on.day + 5),
    )


def test_the_receiving_commune_keeps_its_own_records_as_recorded(tree):
    a_class(tree.c2, date(2021, 4, 1))  # organised by the committee of Đồng Tâm itself
    a_class(tree.c1, date(2021, 5, 1))  # by Hòa Bình, merged into Đồng Tâm in 2025
    reorg.merge(acting_user=None, sources=[tree.c1], into=tree.c2, decision=REFORM)
    c2 = fresh(tree.c2)
    prefixes = reorg.recorded_prefixes(c2, YEAR_2021.end)
    # Đồng Tâm alone and its own cell; not the cells of Hòa Bình it received since.
    assert alone(c2.path) in prefixes
    matched = set(Organization.objects.filter(descendant_filter("path", prefixes)))
    assert matched == {c2, fresh(tree.d)}
    # The as-recorded figure counts the class of Đồng Tâm, not that of Hòa Bình; restated,
    # Đồng Tâm's 2021 holds both; old Hòa Bình, as recorded, its own.
    assert awareness_classes(c2, YEAR_2021, prefixes)["classes"] == 1
    assert awareness_classes(c2, YEAR_2021)["classes"] == 2
    c1 = fresh(tree.c1)
    assert awareness_classes(c1, YEAR_2021, reorg.recorded_prefixes(c1, YEAR_2021.end)) == {
        "classes": 1,
        "trained": 0,
    }


def test_a_province_that_received_a_commune_keeps_its_own_records(tree):
    a_class(tree.p2, date(2021, 6, 1))  # the province committee's own class
    a_class(tree.c3, date(2021, 6, 1))
    reorg.move(acting_user=None, unit=tree.c1, parent=tree.p2, decision=REFORM)
    p2 = fresh(tree.p2)
    prefixes = reorg.recorded_prefixes(p2, YEAR_2021.end)
    matched = set(Organization.objects.filter(descendant_filter("path", prefixes)))
    assert matched == {p2, fresh(tree.c3), fresh(tree.e)}
    assert awareness_classes(p2, YEAR_2021, prefixes)["classes"] == 2
    # From the effective day, the moved commune counts for the province as recorded too.
    after = set(
        Organization.objects.filter(
            descendant_filter("path", reorg.recorded_prefixes(p2, REFORM.effective_on))
        )
    )
    assert fresh(tree.c1) in after and fresh(tree.a) in after
