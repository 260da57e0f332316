import json
import re
import shutil
import subprocess
from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from ptdv.core.reference import Religion
from ptdv.people.models import Sex
from tests.libreoffice import xlsx_as_csv
from tests.reports.factories import admit

pytestmark = pytest.mark.django_db
PERIOD = {"tu": "01/01/2023", "den": "31/12/2023"}


@pytest.fixture
def data(tree):
    admit(
        tree.a,
        date(2023, 3, 1),
        full_name="Nguyễn Thị Đoàn",
        sex=Sex.FEMALE,
        youth_union_member=True,
    )
    admit(tree.a, date(2023, 4, 1), full_name="Trần Văn Đạo", religion=Religion.CATHOLICISM)
    admit(tree.b, date(2023, 5, 1), full_name="Lê Văn Bình")
    admit(tree.d, date(2023, 5, 1), full_name="Phạm Văn Ngoài")
    return tree


def test_dashboard_shows_figures_chart_data_and_drill_down(data, login):
    client = login(data.office_c1)
    response = client.get(reverse("reports:dashboard", args=[data.c1.pk]), PERIOD)
    assert response.status_code == 200
    body = response.content.decode()
    chart = json.loads(
        re.search(r'<script id="admissions-data" type="application/json">(.*?)</script>', body)[1]
    )
    assert chart["labels"][0] == "01/2023" and sum(chart["current"]) == 3
    assert "reports/vendor/chart.umd.min.js" in body and "reports/dashboard.js" in body
    # No inline script: every <script> either has a src or is the JSON data block.
    for tag in re.findall(r"<script[^>]*>", body):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert reverse("reports:dashboard", args=[data.a.pk]) in body  # drill-down to a cell
    assert f"{reverse('reports:people', args=[data.c1.pk])}?chi-so=women" in body
    assert "Đồng Tâm" not in body  # sibling commune


def test_the_list_behind_a_figure_shows_exactly_its_people(data, login):
    client = login(data.office_c1)
    url = reverse("reports:people", args=[data.c1.pk])
    body = client.get(url, {**PERIOD, "chi-so": "women"}).content.decode()
    assert "Nguyễn Thị Đoàn" in body and "Lê Văn Bình" not in body
    body = client.get(url, {**PERIOD, "chi-so": "admitted"}).content.decode()
    assert "Lê Văn Bình" in body and "Phạm Văn Ngoài" not in body
    assert client.get(url, {"chi-so": "khong-co"}).status_code == 404


def test_religion_lists_need_the_sensitive_permission(data, login):
    url = reverse("reports:people", args=[data.p1.pk])
    inspector = login(data.inspector_p1)
    assert inspector.get(url, {**PERIOD, "chi-so": "religious"}).status_code == 403
    assert inspector.get(url, {**PERIOD, "chi-so": "women"}).status_code == 200
    officer = login(data.officer_p1)
    assert "Trần Văn Đạo" in officer.get(url, {**PERIOD, "chi-so": "religious"}).content.decode()


def test_a_bad_date_is_reported_and_the_default_period_used(data, login):
    client = login(data.office_c1)
    response = client.get(reverse("reports:dashboard", args=[data.c1.pk]), {"tu": "31/02/2023"})
    assert response.status_code == 200
    assert "Ngày không hợp lệ" in response.content.decode()


def test_makeup_xlsx_holds_vietnamese_headers_unit_period_and_figures(data, login):
    client = login(data.office_c1)
    response = client.get(reverse("reports:makeup-xlsx", args=[data.c1.pk]), PERIOD)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[1][0] == "Đơn vị: Đảng bộ xã Hòa Bình"
    assert cells[2][0] == "Thời gian: từ 01/01/2023 đến 31/12/2023"
    assert re.fullmatch(r"Ngày lập: \d\d/\d\d/\d{4}", cells[3][0])
    assert cells[5] == ["Nhóm", "Chỉ tiêu thống kê", "Số lượng", "Tỷ lệ (%)"]
    assert sheet.cell(row=6, column=1).font.b
    rows = {row[1]: row[2:] for row in cells[6:]}
    assert rows["Đảng viên mới kết nạp"][0] == 3
    assert rows["Nữ"] == [1, pytest.approx(0.3333)]
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.column_dimensions["B"].width == 42


def test_people_xlsx_lists_the_persons(data, login):
    client = login(data.office_c1)
    response = client.get(
        reverse("reports:people-xlsx", args=[data.c1.pk]), {**PERIOD, "chi-so": "youth"}
    )
    sheet = load_workbook(BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=6)]
    assert values[0][:3] == ["STT", "Họ và tên", "Ngày sinh"]
    assert values[1][1] == "Nguyễn Thị Đoàn" and values[1][5] == "01/03/2023"
    assert len(values) == 2


def test_pdf_briefing_text_keeps_the_vietnamese_diacritics(data, login):
    client = login(data.office_c1)
    response = client.get(reverse("reports:briefing-pdf", args=[data.c1.pk]), PERIOD)
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for phrase in (
        "Đảng viên mới",
        "Đoàn viên",
        "Đảng bộ xã Hòa Bình",
        "đã kết nạp 3 đảng viên mới",
    ):
        assert phrase.lower() in text.lower(), phrase


def test_the_first_pdf_page_renders_to_an_image_for_the_docs(data, login, tmp_path, shots):
    """pdftoppm (poppler) turns the briefing's first page into the screenshot in docs/."""
    if not shutil.which("pdftoppm"):
        pytest.fail("Thiếu pdftoppm: chạy `make test` (tự cài gói poppler-utils).")
    client = login(data.office_c1)
    pdf = tmp_path / "bao-cao.pdf"
    pdf.write_bytes(client.get(reverse("reports:briefing-pdf", args=[data.c1.pk]), PERIOD).content)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(shots / "report-briefing-pdf"),
        ],
        check=True,
        timeout=60,
    )
    assert (shots / "report-briefing-pdf.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_api_statistics_and_trends(data, api):
    client = api(data.office_c1)
    response = client.get(f"/api/v1/reports/{data.c1.pk}/statistics/", PERIOD)
    assert response.status_code == 200
    body = response.json()
    assert body["admitted"] == 3
    figures = {f["key"]: f for f in body["figures"]}
    assert figures["women"]["count"] == 1
    assert body["narrative"].startswith("Từ 01/01/2023 đến 31/12/2023, Đảng bộ xã Hòa Bình")
    trend = client.get(f"/api/v1/reports/{data.c1.pk}/trends/", {**PERIOD, "grain": "quarter"})
    assert [row["count"] for row in trend.json()["series"]] == [1, 2, 0, 0]
    assert client.get(f"/api/v1/reports/{data.c2.pk}/statistics/").status_code == 404


def test_the_report_endpoints_are_in_the_openapi_schema(client):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    for path in ("/api/v1/reports/{id}/statistics/", "/api/v1/reports/{id}/trends/"):
        assert set(schema["paths"][path]) == {"get"}


def _page_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, PERIOD).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["reports:dashboard", "reports:people", "reports:makeup-xlsx"])
def test_pages_read_a_fixed_number_of_queries(data, login, name):
    client = login(data.office_c1)
    url = reverse(name, args=[data.c1.pk])
    few = _page_queries(client, url)
    for day in range(1, 29):
        admit(data.a, date(2023, 6, day), occupation=f"Nghề {day}")
        admit(data.oldcell, date(2023, 7, day), sex=Sex.FEMALE)
    assert _page_queries(client, url) == few


def test_libreoffice_opens_the_xlsx(data, login, tmp_path):
    client = login(data.office_c1)
    content = client.get(reverse("reports:makeup-xlsx", args=[data.c1.pk])).content
    assert "Đảng viên mới kết nạp" in xlsx_as_csv(content, tmp_path, "co-cau")
