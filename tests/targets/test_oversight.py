"""Committee members assigned to follow units, and the reports they file."""

from datetime import date

import pytest
from django.urls import reverse

from ptdv.accounts.models import AuditEvent
from ptdv.core.errors import DomainError
from ptdv.targets import services
from ptdv.targets.models import Oversight, OversightReport

pytestmark = pytest.mark.django_db


def assign(tree, user=None, **overrides):
    values = {
        "acting_user": tree.office_c1,
        "organization": tree.a,
        "follower_name": "Nguyễn Thị Hoa",
        "follower_title": "Phó Bí thư Đảng ủy xã",
        "follower_user": user,
        "starts_on": date(2024, 1, 1),
    }
    return services.oversight_create(**(values | overrides))


def test_an_office_assigns_a_committee_member_to_a_cell_with_an_audit_row(tree):
    oversight = assign(tree)
    assert str(oversight) == "Nguyễn Thị Hoa phụ trách Chi bộ thôn An Phú"
    assert AuditEvent.objects.filter(event="oversight_created", organization=tree.a).exists()


def test_an_assignment_that_ends_before_it_starts_or_outside_the_scope_is_refused(tree):
    with pytest.raises(DomainError, match="trước ngày bắt đầu"):
        assign(tree, ends_on=date(2023, 12, 31))
    with pytest.raises(DomainError, match="ngoài phạm vi quản lý"):
        assign(tree, organization=tree.d)
    with pytest.raises(DomainError, match="không được phân công"):
        assign(tree, acting_user=tree.secretary_a)
    assert not Oversight.objects.exists()


def test_the_follower_files_a_report_with_the_issues_raised(tree, login):
    oversight = assign(tree, user=tree.office_c1)
    client = login(tree.office_c1)
    url = reverse("targets:oversight-reports", args=[oversight.pk])

    response = client.post(
        url,
        {
            "meeting_on": "05/03/2024",
            "summary": "Chi bộ sinh hoạt đúng kỳ, bàn việc tạo nguồn.",
            "issues": "Đề nghị mở lớp bồi dưỡng nhận thức về Đảng trong quý II.",
        },
    )

    assert response.status_code == 302
    report = OversightReport.objects.get()
    assert report.filed_by == tree.office_c1 and report.meeting_on == date(2024, 3, 5)
    page = client.get(url).content.decode()
    assert "Sinh hoạt ngày 05/03/2024" in page and "lớp bồi dưỡng" in page
    assert AuditEvent.objects.filter(event="oversight_report_filed").count() == 1


def test_a_report_dated_before_the_assignment_or_in_the_future_is_refused(tree):
    oversight = assign(tree)
    for day, message in [
        (date(2023, 12, 1), "ngoài thời gian được phân công"),
        (date(2999, 1, 1), "không được ở tương lai"),
    ]:
        with pytest.raises(DomainError, match=message):
            services.oversight_report_file(
                acting_user=tree.office_c1, oversight=oversight, meeting_on=day, summary="x"
            )
    assert not OversightReport.objects.exists()


def test_a_cell_secretary_who_is_not_the_follower_cannot_file(tree):
    oversight = assign(tree)
    with pytest.raises(DomainError, match="Chỉ cấp ủy viên phụ trách"):
        services.oversight_report_file(
            acting_user=tree.secretary_a,
            oversight=oversight,
            meeting_on=date(2024, 2, 1),
            summary="Báo cáo",
        )


def test_the_assignment_page_lists_the_subtree_and_saves_the_form(tree, login):
    assign(tree)
    client = login(tree.office_c1)
    url = reverse("targets:oversight", args=[tree.c1.pk])

    response = client.post(
        url, {"follower_name": "Trần Văn Nam", "starts_on": "01/02/2024", "ends_on": ""}
    )
    assert response.status_code == 302
    body = client.get(url).content.decode()
    assert "Nguyễn Thị Hoa" in body and "Trần Văn Nam" in body
    bad = client.post(url, {"follower_name": "", "starts_on": "01/02/2024"})
    assert bad.status_code == 400
    assert "Phải nhập họ tên cấp ủy viên phụ trách." in bad.content.decode()


def test_the_api_lists_assignments_with_their_reports_in_scope(tree, api):
    oversight = assign(tree)
    services.oversight_create(
        acting_user=None,
        organization=tree.d,
        follower_name="Lê Văn Bình",
        starts_on=date(2024, 1, 1),
    )
    services.oversight_report_file(
        acting_user=None, oversight=oversight, meeting_on=date(2024, 2, 1), summary="Báo cáo"
    )

    body = api(tree.office_c1).get("/api/v1/oversights/").json()

    rows = body["results"] if isinstance(body, dict) else body
    assert [row["follower_name"] for row in rows] == ["Nguyễn Thị Hoa"]
    assert rows[0]["reports"][0]["meeting_on"] == "2024-02-01"
