"""The administrator merges two communes into a new one under a decision: the new commune's
page shows the cells and members it received, and the audit lists the operation."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.test_tree_browser import login
from tests.factories import MemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_administrator_merges_two_communes_into_a_new_one(page, live_server, tree):
    MemberFactory(organization=tree.a, admission_decided_on=date(2021, 3, 1))
    MemberFactory(organization=tree.b, admission_decided_on=date(2022, 3, 1))
    MemberFactory(organization=tree.d, admission_decided_on=date(2023, 3, 1))
    login(page, live_server, "admin")
    page.goto(f"{live_server.url}/to-chuc/{tree.c1.pk}/")
    page.get_by_role("link", name="Sắp xếp tổ chức").click()
    page.get_by_role("link", name="Hợp nhất, sáp nhập").click()
    page.get_by_label("Đảng bộ xã Đồng Tâm (C2)").check()
    page.get_by_label("Hoặc tổ chức mới — mã").fill("C12")
    page.get_by_label("Tên tổ chức mới").fill("Đảng bộ xã Hòa Đồng")
    page.get_by_label("Số quyết định").fill("125-QĐ/TU")
    page.get_by_label("Ngày quyết định").fill("20/06/2025")
    page.get_by_label("Cơ quan ban hành").fill("Ban Thường vụ Tỉnh ủy")
    page.get_by_label("Ngày có hiệu lực").fill("01/07/2025")
    page.get_by_role("button", name="Thực hiện").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Đảng bộ xã Hòa Đồng"
    for cell in ("Chi bộ thôn An Phú", "Chi bộ thôn Bình Minh", "Chi bộ thôn Cây Đa"):
        expect(page.get_by_role("link", name=cell)).to_be_visible()
    assert page.locator(".stat", has_text="Đảng viên").first.locator(".num").inner_text() == "3"
    page.get_by_role("link", name="Đảng viên").first.click()
    page.wait_for_load_state()
    assert page.get_by_text("Người Thử").count() >= 3
    page.go_back()
    page.get_by_role("link", name="Nhật ký thay đổi").click()
    page.wait_for_load_state()
    rows = page.locator("ul.audit li", has_text="Hợp nhất, sáp nhập tổ chức đảng")
    assert rows.count() >= 3  # the new commune and the two communes merged into it
    assert "125-QĐ/TU" in page.locator("ul.audit").text_content()
