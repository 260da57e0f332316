"""Rolled-up figures as recorded: a unit that received other units since counts, in the
columns of its parent's form and in every rolled-up figure, the records it holds itself
(its "alone" prefix) and not those of the units it received."""

from datetime import date

from django.urls import reverse

from ptdv.organizations import reorganisation as reorg
from ptdv.organizations.models import Organization
from ptdv.organizations.paths import alone
from ptdv.organizations.rollup import covering_keys, roll_up
from ptdv.reports.figures import Period
from ptdv.reports.statistical_form import OTHER_COLUMN, statistical_form
from tests.factories import MemberFactory

REFORM = reorg.Decision("9-QĐ/TU", date(2025, 6, 20), "Ban Thường vụ Tỉnh ủy", date(2025, 7, 1))
YEAR_2021 = Period(date(2021, 1, 1), date(2021, 12, 31))


def fresh(unit):
    return Organization.objects.get(pk=unit.pk)


def test_roll_up_counts_the_rows_of_an_alone_prefix_and_not_those_under_it():
    rows = [
        ("/1/2/", {"n": 1}),  # held by the unit itself
        ("/1/2/7/", {"n": 10}),  # a unit it received since
        ("/1/3/", {"n": 100}),
    ]
    totals = roll_up(rows, {"as_recorded": (alone("/1/2/"), "/1/3/"), "restated": ("/1/",)})
    assert totals["as_recorded"]["n"] == 101
    assert totals["restated"]["n"] == 111
    # The same rule for the figures that walk the owners themselves (the targets' pipeline).
    owners = {alone("/1/2/"): ["k"], "/1/": ["p"]}
    assert covering_keys(owners, "/1/2/") == {"k", "p"}
    assert covering_keys(owners, "/1/2/7/") == {"p"}


def test_the_form_as_recorded_counts_a_receiving_unit_s_own_records(tree):
    MemberFactory(organization=tree.c3, admission_decided_on=date(2021, 3, 2))  # its own
    MemberFactory(organization=tree.e, admission_decided_on=date(2021, 4, 2))
    MemberFactory(organization=tree.a, admission_decided_on=date(2021, 5, 2))  # then in P1
    # Hướng Dương (in P2) receives the cell An Phú of Hòa Bình (in P1) from 01/07/2025.
    reorg.move(acting_user=None, unit=tree.a, parent=tree.c3, decision=REFORM)
    p2, c3 = fresh(tree.p2), fresh(tree.c3)
    prefixes = reorg.recorded_prefixes(p2, YEAR_2021.end)
    assert alone(c3.path) in prefixes

    columns = statistical_form(p2, YEAR_2021, prefixes)
    by_unit = {column.unit.pk if column.unit else column.label: column for column in columns}
    # Hướng Dương's column as recorded: its own member and its cell Hải Đăng's, not the
    # member of An Phú it received since; the total agrees, and nothing is left "other".
    assert by_unit[c3.pk].counts["admitted"] == 2
    assert by_unit["Tổng số"].counts["admitted"] == 2
    assert "Đơn vị khác" not in by_unit
    assert OTHER_COLUMN not in by_unit

    # Restated, Hướng Dương's 2021 holds the member of An Phú too.
    restated = {c.label: c for c in statistical_form(p2, YEAR_2021)}
    assert restated[c3.name].counts["admitted"] == 3
    assert restated["Tổng số"].counts["admitted"] == 3


def test_the_form_as_recorded_has_the_children_of_the_time(tree):
    """An Phú moved from Hòa Bình to Đồng Tâm (both in P1) in 2025: P1's form of 2021 as
    recorded counts its member for Hòa Bình, not for Đồng Tâm that received it since."""
    MemberFactory(organization=tree.a, admission_decided_on=date(2021, 5, 2))
    MemberFactory(organization=tree.d, admission_decided_on=date(2021, 6, 2))
    MemberFactory(organization=tree.c2, admission_decided_on=date(2021, 7, 2))  # its own
    reorg.move(acting_user=None, unit=tree.a, parent=tree.c2, decision=REFORM)
    p1 = fresh(tree.p1)
    end = YEAR_2021.end
    columns = statistical_form(p1, YEAR_2021, reorg.recorded_prefixes(p1, end), recorded_on=end)
    by_name = {column.label: column.counts["admitted"] for column in columns}
    assert by_name["Tổng số"] == 3
    assert by_name[tree.c1.name] == 1 and by_name[tree.c2.name] == 2
    assert "Đơn vị khác" not in by_name
    # Restated, Đồng Tâm holds An Phú's member.
    restated = {c.label: c.counts["admitted"] for c in statistical_form(p1, YEAR_2021)}
    assert restated[tree.c1.name] == 0 and restated[tree.c2.name] == 3


def test_the_form_page_as_recorded_shows_the_children_of_the_time(tree, client):
    """Xã Cũ, merged into Hòa Bình on 30/06/2025, was a unit of P1 in 2021: a column of its
    own as recorded, its cell's member in Hòa Bình's column restated."""
    MemberFactory(organization=tree.oldcell, admission_decided_on=date(2021, 5, 2))
    MemberFactory(organization=tree.a, admission_decided_on=date(2021, 6, 2))
    client.force_login(tree.officer_p1)
    url = reverse("reports:form", kwargs={"pk": tree.p1.pk})
    period = {"tu": "01/01/2021", "den": "31/12/2021"}

    def admitted(response):
        return {c.label: c.counts["admitted"] for c in response.context["columns"]}

    restated = admitted(client.get(url, period))
    assert restated["Tổng số"] == 2 and restated[tree.c1.name] == 2
    assert tree.old.name not in restated
    recorded = admitted(client.get(url, {**period, "so-lieu": "ghi-nhan"}))
    assert recorded["Tổng số"] == 2
    assert recorded[tree.old.name] == 1 and recorded[tree.c1.name] == 1
    assert recorded[tree.c2.name] == 0
