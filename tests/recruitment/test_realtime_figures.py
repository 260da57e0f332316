"""Real time: an admission decision recorded through the service shows at once in every
dashboard above the cell (commune, province, national), in the children's rows and in the
targets' achievement, and the cell leaves the quiet cells. No counter to refresh: the figures
read the rows, or counters the database keeps in the same transaction, and a dashboard kept
in the report cache is not served after the write (reports/cache.py)."""

from datetime import date

import pytest
from django.urls import reverse

from ptdv.recruitment import services
from ptdv.recruitment.models import DossierState as S
from ptdv.targets.models import Target, TargetKind

pytestmark = pytest.mark.django_db
QUERY = "?tu=01/01/2023&den=31/12/2023"


def _figures(client, tree):
    seen = {}
    for name, user, unit in [
        ("commune", tree.office_c1, tree.c1),
        ("province", tree.officer_p1, tree.p1),
        ("national", tree.admin, tree.root),
    ]:
        client.force_login(user)
        response = client.get(reverse("reports:dashboard", args=[unit.pk]) + QUERY)
        assert response.status_code == 200
        seen[name] = response.context["stats"]["admitted"]
        seen[f"{name} children"] = {
            row["unit"].pk: row["admitted"] for row in response.context["children"]
        }
        watch = response.context["watch"]  # the quiet cells, from each cell's latest admission
        seen[f"{name} quiet"] = (watch.quiet_total, {cell.pk for cell in watch.quiet})
    client.force_login(tree.officer_p1)
    response = client.get(reverse("targets:unit", args=[tree.c1.pk]) + "?ngay=31/12/2023")
    seen["target"] = [item.admitted for _, group in response.context["groups"] for item in group]
    return seen


def test_a_decision_shows_at_once_in_every_dashboard_above(client, tree, walk):
    Target.objects.create(
        organization=tree.c1,
        kind=TargetKind.ASSIGNED,
        period_start=date(2023, 1, 1),
        period_end=date(2023, 12, 31),
        min_value=5,
    )
    dossier = walk(S.AWAITING_DECISION)
    before = _figures(client, tree)

    services.dossier_decide_admission(
        acting_user=tree.officer_p1,
        dossier=dossier,
        decision_number="7-QĐ/ĐU",
        decision_date=date(2023, 7, 20),
        received_on=date(2023, 7, 21),
    )

    after = _figures(client, tree)
    for level in ("commune", "province", "national"):
        assert after[level] == before[level] + 1, level
    assert after["commune children"][tree.a.pk] == before["commune children"][tree.a.pk] + 1
    assert after["province children"][tree.c1.pk] == before["province children"][tree.c1.pk] + 1
    assert after["national children"][tree.p1.pk] == before["national children"][tree.p1.pk] + 1
    assert after["target"] == [before["target"][0] + 1]


def test_a_quiet_cell_that_admits_leaves_the_quiet_cells_at_once(client, tree):
    from ptdv.organizations.models import Organization
    from ptdv.people.services import member_create
    from tests.factories import PersonFactory

    before = _figures(client, tree)
    total, cells = before["commune quiet"]
    assert total >= 1
    cell = Organization.objects.get(pk=min(cells))
    member_create(
        acting_user=None,
        person=PersonFactory(organization=cell),
        organization=cell,
        admission_decided_on=date(2023, 11, 2),
    )
    after = _figures(client, tree)
    for level in ("commune", "province", "national"):
        total, cells = before[f"{level} quiet"]
        assert cell.pk in cells, level
        assert after[f"{level} quiet"] == (total - 1, cells - {cell.pk}), level
