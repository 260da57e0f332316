"""The demo's seed cohorts top up what is already in a unit by the reports' rule: each member
under their cell on the day (admissions by the cell on the admission day, members on a day
by the cell that day), so a member who moved since still counts where the reports count them."""

from datetime import date

import pytest

from ptdv.demo.seeds import _existing
from ptdv.organizations.models import Organization
from ptdv.reports.figures import Period, statistics
from tests.reports.factories import admit
from tests.reports.test_members_on_a_day import transfer

pytestmark = pytest.mark.django_db


def test_the_existing_figures_follow_each_member_s_cell_on_the_day(tree):
    moving = admit(tree.a, date(2021, 5, 1), official_from=date(2022, 5, 1))
    admit(tree.d, date(2021, 6, 1), official_from=date(2022, 6, 1))
    transfer(moving, tree.d, date(2024, 3, 1))  # from Hòa Bình (C1) to Đồng Tâm (C2)
    c1, c2 = (Organization.objects.get(pk=u.pk) for u in (tree.c1, tree.c2))
    start, end = date(2020, 7, 1), date(2022, 12, 31)
    for unit, expected in ((c1, 1), (c2, 1)):
        found = _existing(unit, start, end)
        assert (found["n"], found["at_end"]) == (expected, expected)
        # The same figures as the unit's report for the window.
        stats = statistics(unit, Period(start, end))
        assert (found["n"], found["at_end"]) == (stats["admitted"], stats["members"])
