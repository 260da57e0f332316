"""The dashboard in a real browser: the chart is drawn by the vendored Chart.js under the
CSP (no inline script), the drill-down works; screenshots go to docs/screenshots/
with PTDV_SCREENSHOTS=1."""

from datetime import date

import pytest
from django.template.loader import render_to_string

from ptdv.people.models import Sex
from ptdv.reports import figures, timeseries
from ptdv.reports.narrative import narrative
from tests.conftest import PASSWORD
from tests.reports.factories import admit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_draws_its_chart_and_drills_down(page, live_server, tree, shots):
    for month in range(1, 13):
        for i in range(month % 4 + 1):
            cell = tree.a if i % 2 else tree.b
            sex = Sex.FEMALE if i else Sex.MALE
            admit(cell, date(2023, month, 10), sex=sex, youth_union_member=bool(month % 2))
        admit(tree.a, date(2022, month, 3))
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("office_c1")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/to-chuc/**")
    page.goto(f"{live_server.url}/bao-cao/{tree.c1.pk}/?tu=01/01/2023&den=31/12/2023")
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.getElementById('admissions-chart'))"
    )
    assert not [e for e in errors if e.startswith("Refused")], errors  # CSP violations
    page.screenshot(path=str(shots / "report-dashboard.png"), full_page=True)
    page.locator("#children > summary").click()  # the sections open on demand
    page.get_by_role("link", name="Chi bộ thôn An Phú").first.click()
    page.wait_for_url(f"**/bao-cao/{tree.a.pk}/**")
    assert "Chi bộ thôn An Phú" in page.locator("h1").inner_text()

    # The briefing template that WeasyPrint prints, shown in the browser for the screenshot.
    period = figures.Period(date(2023, 1, 1), date(2023, 12, 31))
    stats = figures.statistics(tree.c1, period)
    series = timeseries.trends(figures.unit_prefixes(tree.c1), period)
    peak = max(row["count"] for row in series)
    html = render_to_string(
        "reports/briefing_pdf.html",
        {
            "unit": tree.c1,
            "period": period,
            "stats": stats,
            "groups": stats.groups(),
            "narrative": narrative(stats),
            "series": [{**r, "width": round(r["count"] * 100 / peak, 1)} for r in series],
            "years": [],
            "children": [],
            "made_on": date.today(),
        },
    )
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.set_content(html)
    page.screenshot(path=str(shots / "report-briefing.png"), full_page=False)
