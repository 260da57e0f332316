"""The replica router: report pages read from the replica alias, writes and other pages
stay on the primary."""

from datetime import date

import pytest
from django.db import connections, router
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ptdv.core.routers import ReplicaRouter, replica_reads
from ptdv.organizations.models import Organization
from ptdv.people.models import Member
from tests.reports.factories import admit

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def routed(monkeypatch):
    monkeypatch.setattr(router, "routers", [ReplicaRouter()])


def test_reads_go_to_the_replica_only_when_asked(routed, tree):
    with replica_reads():
        assert Organization.objects.all().db == "replica"
        with CaptureQueriesContext(connections["replica"]) as on_replica:
            names = set(Organization.objects.values_list("code", flat=True))
        # A write inside a report still goes to the primary.
        assert router.db_for_write(Organization) == "default"
    assert {"P1", "C1", "A"} <= names
    assert len(on_replica) == 1
    assert Organization.objects.all().db == "default"
    assert not router.allow_migrate("replica", "organizations")


def test_a_report_page_reads_from_the_replica(routed, tree, client):
    admit(tree.a, date(2025, 3, 1))
    client.force_login(tree.officer_p1)
    url = reverse("reports:dashboard", args=[tree.p1.pk]) + "?tu=01/01/2025&den=31/12/2025"
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["stats"]["admitted"] == 1 == Member.objects.count()
    members = [q for q in on_replica if "people_member" in q["sql"]]
    assert members, "the figures were not read from the replica"
    assert not [q for q in on_primary if "people_member" in q["sql"]]
