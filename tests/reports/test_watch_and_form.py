"""Issue 6, remaining points: exits and net growth by reason, the trained-not-admitted pool,
the target line on the chart, the watch list and the worklist on the dashboard, and the
statistical report on newly admitted members (page and .xlsx)."""

import json
import re
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from ptdv.core.reference import GeneralEducation, ProfessionalLevel, Religion, WorkplaceType
from ptdv.people.models import ExitReason, Member, MemberExit, MemberStatus
from ptdv.recruitment import services as recruitment
from ptdv.recruitment.demo import advance, make_member, make_person
from ptdv.reports.figures import Period, statistics
from ptdv.reports.statistical_form import form_rows, statistical_form
from ptdv.targets.models import Target, TargetKind, TargetMeasure
from ptdv.training import services as training
from tests.libreoffice import xlsx_as_csv
from tests.reports.factories import admit

pytestmark = pytest.mark.django_db
PERIOD = {"tu": "01/01/2023", "den": "31/12/2023"}
P = Period(date(2023, 1, 1), date(2023, 12, 31))


def leave(cell, on: date, reason: str | None):
    """A member admitted long ago who leaves the list on `on` (with an exit record unless
    `reason` is None)."""
    member = admit(cell, date(2015, 1, 1), ended_on=on, official_from=date(2016, 1, 1))
    if reason:
        MemberExit.objects.create(member=member, organization=cell, reason=reason, on=on)
    return member


def chart_of(body: str) -> dict:
    found = re.search(r'<script id="admissions-data" type="application/json">(.*?)</script>', body)
    return json.loads(found[1])


@pytest.fixture
def data(tree):
    admit(tree.a, date(2023, 3, 1), full_name="Nguyễn Thị Đoàn", youth_union_member=True)
    admit(tree.b, date(2023, 5, 1), full_name="Lê Văn Bình")
    admit(tree.oldcell, date(2023, 6, 1), full_name="Hà Văn Cũ")  # merged into C1
    leave(tree.a, date(2023, 4, 1), ExitReason.DECEASED)
    leave(tree.b, date(2023, 8, 1), ExitReason.DECEASED)
    leave(tree.b, date(2023, 9, 1), ExitReason.TRANSFERRED_OUT)
    leave(tree.a, date(2023, 10, 1), None)
    leave(tree.a, date(2022, 10, 1), ExitReason.STRUCK_OFF)  # before the period
    leave(tree.d, date(2023, 10, 1), ExitReason.EXPELLED)  # another commune
    return tree


# --- 1. exits and net growth by reason ---------------------------------------------------


def test_exits_are_broken_down_by_reason_in_one_query(data):
    with CaptureQueriesContext(connection) as captured:
        stats = statistics(data.c1, P, prefixes=("/x",))  # prefixes given: no merge lookup
    # One query for the admissions, one for the exits by reason (a prefix at the root level
    # needs no list of cells first); one for the members at the end date (the counters with
    # the changes since).
    assert len(captured) == 3
    stats = statistics(data.c1, P)
    assert stats["exited"] == 4
    assert (stats["exit_deceased"], stats["exit_transferred_out"]) == (2, 1)
    assert (stats["exit_struck_off"], stats["exit_expelled"], stats["exit_unrecorded"]) == (0, 0, 1)
    assert sum(stats[key] for key in stats.counts if key.startswith("exit_")) == stats["exited"]
    growth = {row["label"]: row["change"] for row in stats.growth()}
    assert growth == {
        "Kết nạp mới": 3,
        "Từ trần": -2,
        "Chuyển sinh hoạt đi": -1,
        "Chưa ghi lý do": -1,
        "Tăng (giảm) thực": -1,
    }


def test_dashboard_xlsx_and_pdf_show_exits_by_reason(data, login):
    client = login(data.office_c1)
    body = client.get(reverse("reports:dashboard", args=[data.c1.pk]), PERIOD).content.decode()
    growth = body[body.index('id="growth"') : body.index('id="makeup"')]
    assert "Từ trần" in growth and "Chuyển sinh hoạt đi" in growth and "Khai trừ" not in growth
    assert f"{reverse('reports:people', args=[data.c1.pk])}?chi-so=exit_deceased" in growth
    people = client.get(
        reverse("reports:people", args=[data.c1.pk]), {**PERIOD, "chi-so": "exit_deceased"}
    )
    assert "2 người" in people.content.decode()

    sheet = load_workbook(
        BytesIO(client.get(reverse("reports:makeup-xlsx", args=[data.c1.pk]), PERIOD).content)
    ).active
    rows = {row[1]: row[2] for row in sheet.iter_rows(min_row=7, values_only=True)}
    assert rows["Từ trần"] == 2 and rows["Chuyển sinh hoạt đi"] == 1
    assert rows["Tăng (giảm) thực"] == -1

    pdf = client.get(reverse("reports:briefing-pdf", args=[data.c1.pk]), PERIOD).content
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages).split())
    assert "theo lý do" in text and "Từ trần -2" in text and "Tăng (giảm) thực -1" in text


def test_api_statistics_has_exits_by_reason_and_the_trained_pool(data, api):
    body = api(data.office_c1).get(f"/api/v1/reports/{data.c1.pk}/statistics/", PERIOD).json()
    reasons = {row["key"]: row["count"] for row in body["exits_by_reason"]}
    assert reasons["exit_deceased"] == 2 and reasons["exit_unrecorded"] == 1
    assert body["trained_not_admitted"] == 0


# --- 2. the trained-not-admitted pool ----------------------------------------------------


def _trained(tree, name, cell, certificate_on, *, admitted=False):
    person = make_person(name, date(2000, 1, 1), organization=cell)
    awareness = training.awareness_class_create(
        acting_user=None,
        organization=cell.parent,
        name=f"Lớp nhận thức về Đảng {name}",
        issuing_body="Trung tâm Chính trị huyện",
        target_group="youth",
        starts_on=certificate_on,
        ends_on=certificate_on,
    )
    enrolment = training.enrolment_create(
        acting_user=None, awareness_class=awareness, person=person, organization=cell
    )
    training.enrolment_record_result(
        acting_user=None,
        enrolment=enrolment,
        result="passed",
        certificate_number=f"GCN-{enrolment.pk}",
        certificate_date=certificate_on,
    )
    if admitted:  # a member already: not in the pool
        Member.objects.create(
            person=person,
            organization=cell,
            admission_decided_on=date(2023, 6, 1),
            status=MemberStatus.PROBATIONARY,
        )
    return person


def test_the_trained_pool_is_counted_and_listed(data, login, api):
    _trained(data, "Vũ Thị Chờ", data.a, date(2022, 5, 1))
    _trained(data, "Đinh Văn Đợi", data.b, date(2023, 2, 1))
    _trained(data, "Mai Văn Vào", data.a, date(2022, 5, 1), admitted=True)
    _trained(data, "Lý Văn Hết", data.a, date(2017, 1, 1))  # expired on 31/12/2023 (R8)
    _trained(data, "Tô Văn Ngoài", data.d, date(2022, 5, 1))  # another commune
    client = login(data.office_c1)
    body = client.get(reverse("reports:dashboard", args=[data.c1.pk]), PERIOD).content.decode()
    pool = re.search(r'id="trained-pool" href="([^"]+)"><span class="num">(\d+)</span>', body)
    assert pool[2] == "2"
    listed = client.get(pool[1].replace("&amp;", "&")).content.decode()
    assert "Vũ Thị Chờ" in listed and "Đinh Văn Đợi" in listed
    for absent in ("Mai Văn Vào", "Lý Văn Hết", "Tô Văn Ngoài"):
        assert absent not in listed
    assert "2 người" in listed
    body = api(data.office_c1).get(f"/api/v1/reports/{data.c1.pk}/statistics/", PERIOD).json()
    assert body["trained_not_admitted"] == 2
    assert login(data.office_c2).get(pool[1].replace("&amp;", "&")).status_code == 404


# --- 3. the target line ------------------------------------------------------------------


def _target(unit, low, start, end, kind=TargetKind.ASSIGNED):
    return Target.objects.create(
        organization=unit,
        kind=kind,
        measure=TargetMeasure.COUNT,
        period_start=start,
        period_end=end,
        min_value=Decimal(low),
    )


def test_the_chart_draws_the_target_line_from_zero_to_the_target(data, login):
    client = login(data.office_c1)
    url = reverse("reports:dashboard", args=[data.c1.pk])
    assert chart_of(client.get(url, PERIOD).content.decode())["target"] == []
    _target(data.c1, 12, date(2023, 1, 1), date(2023, 12, 31))
    _target(data.c1, 99, date(2023, 1, 1), date(2023, 12, 31), TargetKind.RESOLUTION)
    _target(data.c1, 50, date(2023, 1, 1), date(2023, 11, 30))  # does not cover the period
    chart = chart_of(client.get(url, PERIOD).content.decode())
    assert len(chart["target"]) == len(chart["cumulative"]) == 12
    assert chart["target"][0] == round(12 * 31 / 365, 1)  # end of January
    assert chart["target"][5] == round(12 * 181 / 365, 1)  # end of June
    assert chart["target"][-1] == 12.0  # the target at the period's end
    assert chart["target_label"] == "Đường chỉ tiêu (12)"  # assigned before the resolution
    assert chart["cumulative"][-1] == 3


def test_on_a_part_of_the_target_period_the_line_starts_at_zero(data, login):
    _target(data.c1, 12, date(2023, 1, 1), date(2023, 12, 31))
    client = login(data.office_c1)
    chart = chart_of(
        client.get(
            reverse("reports:dashboard", args=[data.c1.pk]),
            {"tu": "01/07/2023", "den": "31/12/2023"},
        ).content.decode()
    )
    assert chart["target"][0] == round(12 * 31 / 365, 1)
    assert chart["target"][-1] == round(12 - 12 * 181 / 365, 1)


# --- 4. the watch list and the worklist --------------------------------------------------


def _dossier(tree, name: str, members):
    person = make_person(name, date(2000, 5, 10), organization=tree.a, youth_union=True)
    candidate = recruitment.candidate_create(
        acting_user=tree.secretary_a,
        person=person,
        organization=tree.a,
        source="youth_union",
        listed_on=date(2023, 3, 1),
    )
    return advance(
        candidate.dossiers.get(),
        "admission_decided",
        base=date(2023, 3, 1),
        members=members,
        user=tree.office_c1,
        decider=tree.officer_p1,
    )


@pytest.fixture
def cell_members(tree):
    return [make_member(f"Đảng Viên {n}", tree.a) for n in ("An", "Bình", "Cường")]


def test_the_dashboard_lists_the_watch_items_and_the_worklist(data, login, cell_members):
    dossier = _dossier(data, "Đỗ Thị Hạnh", cell_members)
    _target(data.c1, 100, date(2023, 1, 1), date(2023, 12, 31))  # 3 of 100: behind pace
    client = login(data.office_c1)
    body = client.get(reverse("reports:dashboard", args=[data.c1.pk]), PERIOD).content.decode()
    watch = body[body.index('id="watch-list"') : body.index('id="worklist"')]
    # Every cell of C1 admitted someone in 2023: none is quiet on 31/12/2023.
    assert "năm liền chưa kết nạp" not in watch  # an empty list is not shown
    assert "Chậm tiến độ chỉ tiêu (1)" in watch
    assert reverse("targets:unit", args=[data.c1.pk]) in watch and "/100 —" in watch
    assert reverse("targets:watch", args=[data.c1.pk]) in watch
    worklist = body[body.index('id="worklist"') : body.index('id="growth"')]
    assert "Đỗ Thị Hạnh" in worklist
    assert reverse("recruitment:dossier", args=[dossier.pk]) in worklist
    assert reverse("recruitment:worklist", args=[data.c1.pk]) in worklist


def test_a_cell_without_admissions_for_years_is_on_the_watch_list(data, login):
    client = login(data.office_c1)
    body = client.get(
        reverse("reports:dashboard", args=[data.c1.pk]), {"tu": "01/01/2026", "den": "31/12/2026"}
    ).content.decode()
    watch = body[body.index('id="watch-list"') : body.index('id="worklist"')]
    assert "Chi bộ 2 năm liền chưa kết nạp" in watch
    assert "Chi bộ thôn An Phú" in watch and "lần cuối 01/03/2023" in watch
    assert reverse("reports:dashboard", args=[data.a.pk]) in watch


def _queries(client, url, params=PERIOD) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def test_the_dashboard_reads_a_fixed_number_of_queries_with_watch_items(data, login, cell_members):
    _dossier(data, "Hồ Sơ Một", cell_members)
    _target(data.c1, 100, date(2023, 1, 1), date(2023, 12, 31))
    _trained(data, "Vũ Thị Chờ", data.a, date(2022, 5, 1))
    client = login(data.office_c1)
    url = reverse("reports:dashboard", args=[data.c1.pk])
    few = _queries(client, url)
    for n in range(3):
        _dossier(data, f"Hồ Sơ Thêm {n}", cell_members)
        _trained(data, f"Người Học {n}", data.b, date(2022, 5, 1))
        leave(data.b, date(2023, 7, n + 1), ExitReason.DECEASED)
    _target(data.a, 10, date(2023, 1, 1), date(2023, 12, 31))
    _target(data.b, 10, date(2023, 1, 1), date(2023, 12, 31))
    assert _queries(client, url) == few


# --- 5. the statistical report on newly admitted members ---------------------------------


@pytest.fixture
def form_data(data):
    admit(
        data.a,
        date(2023, 7, 1),
        sex="female",
        ethnicity="Tày",
        religion=Religion.CATHOLICISM,
        birth_date=date(1960, 1, 1),
        general_education=GeneralEducation.LOWER_SECONDARY,
        professional_level=ProfessionalLevel.MASTER,
        workplace_type=WorkplaceType.SCHOOL,
    )
    admit(
        data.b,
        date(2023, 7, 2),
        birth_date=date(1985, 1, 1),
        general_education=GeneralEducation.UPPER_SECONDARY,
        professional_level=ProfessionalLevel.UNIVERSITY,
        workplace_type=WorkplaceType.AGRICULTURE,
    )
    return data


def test_the_form_columns_match_the_statistics_of_the_unit_and_each_child(form_data):
    tree = form_data
    with CaptureQueriesContext(connection) as captured:
        columns = statistical_form(tree.c1, P, prefixes=(tree.c1.path,))
    # children, one merge round, the cells and leavers, the figures by cell, their paths
    assert len(captured) <= 5
    columns = statistical_form(tree.c1, P)
    labels = [column.label for column in columns]
    assert labels == ["Tổng số", "Chi bộ thôn An Phú", "Chi bộ thôn Bình Minh", "Đơn vị khác"]
    expected = [statistics(tree.c1, P), statistics(tree.a, P), statistics(tree.b, P)]
    for column, stats in zip(columns, expected, strict=False):
        for key, count in column.counts.items():
            assert count == stats[key], (column.label, key)
    assert columns[3].counts["admitted"] == 1  # the old commune's cell, merged into C1
    assert columns[0].counts["age_over_60"] == 1 and columns[1].counts["prof_master"] == 1
    assert columns[2].counts["work_agriculture"] == 1


def test_a_unit_merged_into_a_child_counts_for_that_child(form_data):
    tree = form_data
    columns = statistical_form(tree.p1, P)
    by_label = {column.label: column.counts for column in columns}
    assert "Đảng bộ xã Cũ" not in by_label  # merged into C1: no column of its own
    c1 = statistics(tree.c1, P)
    assert all(by_label["Đảng bộ xã Hòa Bình"][key] == c1[key] for key in c1.counts if key in
               by_label["Đảng bộ xã Hòa Bình"])  # fmt: skip
    assert by_label["Đảng bộ xã Hòa Bình"]["admitted"] == 5
    assert by_label["Đảng bộ xã Đồng Tâm"]["admitted"] == 0
    assert by_label["Tổng số"]["admitted"] == statistics(tree.p1, P).admitted == 5


def test_the_form_xlsx_holds_the_layout_and_the_figures(form_data, login, tmp_path):
    tree = form_data
    client = login(tree.office_c1)
    response = client.get(reverse("reports:form-xlsx", args=[tree.c1.pk]), PERIOD)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert cells[0][0] == "BIỂU THỐNG KÊ ĐẢNG VIÊN MỚI KẾT NẠP"
    assert cells[1][0] == "Đơn vị: Đảng bộ xã Hòa Bình"
    assert cells[2][0] == "Thời gian: từ 01/01/2023 đến 31/12/2023"
    assert re.fullmatch(r"Ngày lập: \d\d/\d\d/\d{4}", cells[3][0])
    assert cells[5] == [
        "STT",
        "Chỉ tiêu",
        "Tổng số",
        "Chi bộ thôn An Phú",
        "Chi bộ thôn Bình Minh",
        "Đơn vị khác",
    ]
    rows = {row[1]: row[2:] for row in cells[6:]}
    expected = [statistics(tree.c1, P), statistics(tree.a, P), statistics(tree.b, P)]
    for _, chosen in form_rows():
        for figure in chosen:
            label = (
                "Tổng số đảng viên mới kết nạp" if figure.key == "admitted" else f"- {figure.label}"
            )
            assert list(rows[label][:3]) == [stats[figure.key] for stats in expected], label
    for label in (
        "- Nữ",
        "- Người dân tộc thiểu số",
        "- Người có tôn giáo",
        "- Đoàn viên thanh niên",
        "- Từ 51 đến 60 tuổi",
        "- Trên 60 tuổi",
        "- Tiểu học (5/12)",
        "- Sơ cấp",
        "- Tiến sĩ",
        "- Trường học",
    ):
        assert label in rows, label
    assert list(rows["Tổng số đảng viên mới kết nạp"]) == [5, 2, 2, 1]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$6:$6"  # the header row repeats on every page

    text = xlsx_as_csv(response.content, tmp_path, "bieu")
    assert "Tổng số đảng viên mới kết nạp,5,2,2,1" in text
    assert "Chi bộ thôn Bình Minh" in text


def test_the_form_page_shows_the_table_with_drill_down(form_data, login):
    tree = form_data
    client = login(tree.office_c1)
    body = client.get(reverse("reports:form", args=[tree.c1.pk]), PERIOD).content.decode()
    table = body[body.index('id="statistical-form"') :]
    assert "Trình độ chuyên môn" in table and "Thạc sĩ" in table
    assert reverse("reports:dashboard", args=[tree.a.pk]) in table
    assert reverse("reports:form-xlsx", args=[tree.c1.pk]) in body
    assert login(tree.office_c2).get(reverse("reports:form", args=[tree.c1.pk])).status_code == 404


@pytest.mark.parametrize("name", ["reports:form", "reports:form-xlsx", "reports:trained"])
def test_the_new_reports_read_a_fixed_number_of_queries(form_data, login, name):
    tree = form_data
    client = login(tree.office_c1)
    url = reverse(name, args=[tree.c1.pk])
    few = _queries(client, url)
    for day in range(1, 15):
        admit(tree.a, date(2023, 6, day), workplace_type=WorkplaceType.SCHOOL)
        admit(tree.oldcell, date(2023, 7, day), sex="female")
        _trained(tree, f"Học Viên {day}", tree.b, date(2022, 5, 1))
    assert _queries(client, url) == few
