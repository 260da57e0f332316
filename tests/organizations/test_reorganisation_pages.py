"""The reorganisation pages: a refused operation shows its Vietnamese message and changes
nothing; the reports offer the two readings; accounts of dissolved units can be moved."""

from datetime import date

from django.urls import reverse

from ptdv.accounts.models import Role
from ptdv.organizations import reorganisation as reorg
from ptdv.organizations.models import Organization, Reorganisation
from tests.conftest import make_user
from tests.factories import MemberFactory

DECISION = {
    "decision_number": "12-QĐ/TU",
    "decision_date": "20/06/2025",
    "issuing_body": "Ban Thường vụ Tỉnh ủy",
    "effective_on": "01/07/2025",
}


def test_a_refused_move_shows_why_and_changes_nothing(tree, client):
    client.force_login(tree.officer_p1)
    url = reverse("organizations:move", kwargs={"pk": tree.c1.pk})
    # A cell is not offered as a parent: the form refuses it before the service.
    response = client.post(url, {**DECISION, "parent": tree.a.pk})
    assert response.status_code == 400
    assert "Cấp trên không hợp lệ" in response.content.decode()
    response = client.post(url, {**DECISION, "parent": tree.c2.pk})
    assert response.status_code == 400
    assert "không thể trực thuộc" in response.content.decode()
    assert Organization.objects.get(pk=tree.c1.pk).parent_id == tree.p1.pk
    assert not Reorganisation.objects.exists()


def test_a_rename_page_and_the_history_page(tree, client):
    client.force_login(tree.officer_p1)
    url = reverse("organizations:rename", kwargs={"pk": tree.c1.pk})
    response = client.post(url, {**DECISION, "name": "Đảng bộ xã Hòa Bình Mới"})
    assert response.status_code == 302
    page = client.get(reverse("organizations:reorganisation", kwargs={"pk": tree.c1.pk}))
    body = page.content.decode()
    assert "Số 12-QĐ/TU ngày 20/06/2025" in body and "Đổi tên" in body


def test_reports_read_restated_or_as_recorded(tree, client):
    MemberFactory(organization=tree.a, admission_decided_on=date(2021, 5, 5))
    reorg.merge(
        acting_user=None,
        sources=[tree.c1],
        into=tree.c2,
        decision=reorg.Decision("5-QĐ/TU", date(2025, 6, 1), "Tỉnh ủy", date(2025, 7, 1)),
    )
    client.force_login(tree.officer_p1)
    url = reverse("reports:dashboard", kwargs={"pk": tree.c2.pk})
    period = {"tu": "01/01/2021", "den": "31/12/2021"}
    restated = client.get(url, period).context["stats"].admitted
    recorded = client.get(url, {**period, "so-lieu": "ghi-nhan"}).context["stats"].admitted
    assert (restated, recorded) == (1, 0)


def test_accounts_of_a_dissolved_unit_are_moved_to_the_successor(tree, client):
    old_user = make_user("vanthu_cu", Role.GRASSROOTS_OFFICE, tree.old)
    client.force_login(tree.admin)
    url = reverse("organizations:dissolved-accounts")
    assert "vanthu_cu" in client.get(url).content.decode()
    assert client.post(url, {"account": old_user.pk}).status_code == 302
    old_user.refresh_from_db()
    assert old_user.organization_id == tree.c1.pk
    assert old_user not in client.get(url).context["accounts"]
