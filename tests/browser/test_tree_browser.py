"""A board officer logs in, opens the tree, searches without accents and opens a unit —
on a desktop and on a phone-sized screen."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, live_server, username):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    pass_second_factor(page, username)


def test_an_officer_finds_a_unit_in_the_tree_and_by_search(page, live_server, tree, shots):
    login(page, live_server, "officer_p1")
    page.wait_for_url("**/to-chuc/**")
    page.get_by_role("link", name="Cây tổ chức").click()
    page.locator("summary", has_text="Đảng bộ tỉnh Một").wait_for()
    # Expand the province, then the commune: children arrive through htmx.
    page.locator("summary", has_text="Đảng bộ tỉnh Một").click()
    page.locator("summary", has_text="Đảng bộ xã Hòa Bình").click()
    page.get_by_role("link", name="Chi bộ thôn Bình Minh").wait_for()
    assert page.get_by_text("Đảng bộ tỉnh Hai").count() == 0
    # Search without accents.
    page.get_by_placeholder("Tìm tổ chức").fill("dong tam")
    result = page.locator("#search-results").get_by_role("link", name="Đảng bộ xã Đồng Tâm")
    result.wait_for()
    result.click()
    page.wait_for_url(f"**/to-chuc/{tree.c2.pk}/")
    assert page.locator("h1").inner_text() == "Đảng bộ xã Đồng Tâm"
    expect(page.get_by_text("Chi bộ thôn Cây Đa")).to_be_visible()
    page.screenshot(path=str(shots / "unit-desktop.png"), full_page=True)


def test_a_cell_secretary_works_on_a_phone(browser, live_server, tree, shots):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    login(page, live_server, "secretary_a")
    page.wait_for_url(f"**/to-chuc/{tree.a.pk}/")
    assert page.locator("h1").inner_text() == "Chi bộ thôn An Phú"
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(shots / "unit-phone.png"), full_page=True)
    context.close()
