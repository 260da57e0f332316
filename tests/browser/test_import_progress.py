"""The import job's progress bar, seen in a browser: at «3 / 3 dòng» the bar is full and spans
its card (a bare <progress> kept its narrow default width and looked 15 % full)."""

import pytest
from playwright.sync_api import expect

from ptdv.imports import services
from tests.browser.test_tree_browser import login
from tests.imports import books

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 390])
def test_a_checked_file_shows_a_full_bar_as_wide_as_its_card(browser, live_server, tree, width):
    job = services.job_create(
        acting_user=tree.office_c1,
        kind="members",
        file_name="ds.xlsx",
        content=books.xlsx(books.three_members()),
    )
    services.job_check(acting_user=tree.office_c1, job=job)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
    page = context.new_page()
    login(page, live_server, "office_c1")
    page.goto(f"{live_server.url}/nhap-xuat/lan-nhap/{job.pk}/")
    expect(page.get_by_text("3 / 3 dòng")).to_be_visible()
    bar = page.locator("progress.progress")
    assert bar.get_attribute("value") == "100"
    bar_width = bar.bounding_box()["width"]
    card_width = page.locator("#job-status").bounding_box()["width"]
    assert bar_width >= 0.95 * card_width, (bar_width, card_width)
    context.close()
