"""The calendar page and API: everyone logged in reads it, the administrator writes."""

from datetime import date

from ptdv.core.calendar import is_working_day
from ptdv.core.models import CalendarDay


def test_the_page_shows_the_year_and_only_the_administrator_gets_the_form(tree, login):
    client = login(tree.secretary_a)
    page = client.get("/lich-lam-viec/?nam=2026")
    assert page.status_code == 200
    text = page.content.decode()
    assert "10/01/2026" in text and "31/08/2026" in text
    assert "Thêm hoặc sửa một ngày" not in text
    response = client.post(
        "/lich-lam-viec/?nam=2030", {"day": "2030-03-04", "kind": "day_off", "note": "Nghỉ bù"}
    )
    assert response.status_code == 403
    assert not CalendarDay.objects.filter(day=date(2030, 3, 4)).exists()
    admin = login(tree.admin)
    assert "Thêm hoặc sửa một ngày" in admin.get("/lich-lam-viec/").content.decode()
    response = admin.post(
        "/lich-lam-viec/?nam=2030", {"day": "2030-03-04", "kind": "day_off", "note": "Nghỉ bù"}
    )
    assert response.status_code == 302
    assert not is_working_day(date(2030, 3, 4))
    bad = admin.post(
        "/lich-lam-viec/?nam=2030", {"day": "2030-03-05", "kind": "working_day", "note": "x"}
    )
    assert bad.status_code == 400 and "chỉ ghi ngày làm bù" in bad.content.decode()


def test_the_api_reads_by_year_and_writes_through_the_service(tree, api):
    reader = api(tree.secretary_a)
    rows = reader.get("/api/v1/calendar-days/?year=2026").json()
    days = (
        {row["day"]: row["kind"] for row in rows["results"]}
        if "results" in rows
        else {row["day"]: row["kind"] for row in rows}
    )
    assert days["2026-01-10"] == "working_day" and days["2026-08-31"] == "day_off"
    body = {"day": "2030-03-04", "kind": "day_off", "note": "Nghỉ bù"}
    refused = reader.post("/api/v1/calendar-days/", body, format="json")
    assert refused.status_code == 403
    admin = api(tree.admin)
    created = admin.post("/api/v1/calendar-days/", body, format="json")
    assert created.status_code == 201, created.json()
    assert not is_working_day(date(2030, 3, 4))
    wrong = admin.post(
        "/api/v1/calendar-days/",
        {"day": "2030-03-05", "kind": "working_day", "note": "x"},
        format="json",
    )
    assert wrong.status_code == 400 and "thứ Bảy" in str(wrong.json())
    pk = created.json()["id"]
    assert admin.delete(f"/api/v1/calendar-days/{pk}/").status_code == 204
    assert is_working_day(date(2030, 3, 4))
