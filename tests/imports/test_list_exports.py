"""The list exports of a unit's subtree: classes and learners, dossiers with the next
deadline, targets with their achievement, the organisation tree. Each names the unit and the
date of generation, and holds only what the user may see."""

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ptdv.people.services import member_create
from ptdv.recruitment import services as recruitment_services
from ptdv.recruitment.demo import make_person
from ptdv.targets.models import TargetKind
from ptdv.targets.services import target_create
from ptdv.training.services import (
    awareness_class_create,
    enrolment_create,
    enrolment_record_result,
)
from tests.factories import RecordedPersonFactory

pytestmark = pytest.mark.django_db


def _sheets(response) -> dict[str, list[tuple]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def _table(rows: list[tuple]) -> list[dict]:
    header = rows[2]
    return [dict(zip(header, row, strict=True)) for row in rows[3:]]


def _top(rows: list[tuple], unit_name: str) -> None:
    today = timezone.localdate()
    assert rows[1][0] == f"Đơn vị: {unit_name}"
    assert rows[1][2] == f"Ngày lập: {today:%d/%m/%Y}"


def _person(unit, name, birth=date(2000, 1, 1)):
    return RecordedPersonFactory(organization=unit, full_name=name, sex="male", birth_date=birth)


def test_classes_with_their_learners_and_results(tree, login):
    course = awareness_class_create(
        acting_user=None,
        organization=tree.c1,
        name="Lớp nhận thức khóa 1/2025",
        issuing_body="Trung tâm Chính trị huyện",
        target_group="youth",
        starts_on=date(2025, 3, 3),
        ends_on=date(2025, 3, 7),
    )
    passed = enrolment_create(
        acting_user=None, awareness_class=course, person=_person(tree.a, "Lê Văn Học")
    )
    enrolment_create(acting_user=None, awareness_class=course, person=_person(tree.b, "Hà Thị Bé"))
    enrolment_record_result(
        acting_user=None,
        enrolment=passed,
        result="passed",
        certificate_number="GCN-01",
        certificate_date=date(2025, 3, 10),
    )
    sheets = _sheets(
        login(tree.office_c1).get(reverse("imports:export-classes", args=[tree.c1.pk]))
    )
    _top(sheets["Lớp"], tree.c1.name)
    [row] = _table(sheets["Lớp"])
    assert row["Tên lớp"] == "Lớp nhận thức khóa 1/2025"
    assert (row["Số học viên"], row["Số đạt"]) == (2, 1)
    assert row["Ngày khai giảng"].date() == date(2025, 3, 3)
    learners = {r["Họ và tên"]: r for r in _table(sheets["Học viên"])}
    assert learners["Lê Văn Học"]["Kết quả"] == "Đạt"
    assert learners["Lê Văn Học"]["Số giấy chứng nhận"] == "GCN-01"
    assert learners["Hà Thị Bé"]["Kết quả"] == "Chưa có kết quả"
    # The secretary of cell A sees the class through the learner her cell sent, not cell B's.
    own = _sheets(login(tree.secretary_a).get(reverse("imports:export-classes", args=[tree.a.pk])))
    assert [r["Họ và tên"] for r in _table(own["Học viên"])] == ["Lê Văn Học"]


def test_dossiers_with_their_step_and_next_deadline(tree, login):
    candidate = recruitment_services.candidate_create(
        acting_user=None,
        person=make_person("Phạm Thị Nguồn", date(2001, 2, 3), organization=tree.a),
        organization=tree.a,
        source="other",
        listed_on=date(2024, 1, 1),
    )
    dossier = candidate.dossiers.get()
    dossier = recruitment_services.dossier_nominate(
        acting_user=None, dossier=dossier, meeting_date=date(2024, 2, 1)
    )
    recruitment_services.dossier_record_certificate(
        acting_user=None,
        dossier=dossier,
        certificate_number="GCN-9",
        certificate_date=date(2024, 3, 1),
        certificate_issuer="Trung tâm Chính trị",
    )
    recruitment_services.candidate_create(
        acting_user=None,
        person=make_person("Vũ Văn Khác", date(2002, 2, 3), organization=tree.b),
        organization=tree.b,
        source="other",
        listed_on=date(2024, 1, 1),
    )
    sheets = _sheets(
        login(tree.secretary_a).get(reverse("imports:export-dossiers", args=[tree.a.pk]))
    )
    rows = sheets["Hồ sơ kết nạp"]
    _top(rows, tree.a.name)
    [row] = _table(rows)
    assert row["Họ và tên"] == "Phạm Thị Nguồn"
    assert row["Bước hiện tại"] == "Đã có giấy chứng nhận"
    assert row["Hạn tiếp theo"].date() == date(2029, 3, 1)  # 60 months (R8)
    assert row["Quy tắc"] == "R8" and row["Quá hạn"] is None
    # Cell B's dossier is not in A's file, and B's unit answers 404 to A's secretary.
    response = login(tree.secretary_a).get(reverse("imports:export-dossiers", args=[tree.b.pk]))
    assert response.status_code == 404


def test_targets_with_their_achievement(tree, login):
    person = _person(tree.a, "Đảng Viên Mới", date(1995, 1, 1))
    member_create(
        acting_user=None,
        person=person,
        organization=tree.a,
        admission_decided_on=date(2025, 4, 1),
    )
    target_create(
        acting_user=None,
        organization=tree.c1,
        kind=TargetKind.ASSIGNED,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        min_value=4,
        document="Công văn 12-CV/HU",
    )
    sheets = _sheets(
        login(tree.office_c1).get(reverse("imports:export-targets", args=[tree.c1.pk]))
    )
    [row] = _table(sheets["Chỉ tiêu"])
    assert (row["Đơn vị"], row["Chỉ tiêu"], row["Đã đạt"]) == (tree.c1.name, "4", "1")
    assert row["Tỉ lệ đạt"] == "25,0%" and row["Văn bản giao"] == "Công văn 12-CV/HU"
    other = _sheets(login(tree.office_c2).get(reverse("imports:export-targets", args=[tree.c2.pk])))
    assert _table(other["Chỉ tiêu"]) == []


def test_the_organisation_tree_in_tree_order_with_member_counts(tree, login):
    person = _person(tree.a, "Nguyễn Văn Đếm", date(1990, 1, 1))
    member_create(
        acting_user=None,
        person=person,
        organization=tree.a,
        admission_decided_on=date(2015, 1, 1),
    )
    sheets = _sheets(login(tree.officer_p1).get(reverse("imports:export-tree", args=[tree.c1.pk])))
    rows = _table(sheets["Tổ chức đảng"])
    assert rows[0]["Mã tổ chức"] == "C1" and rows[0]["Mã cấp trên"] is None
    codes = [row["Mã tổ chức"] for row in rows]
    assert set(codes) >= {"A", "B"} and "C2" not in codes and "D" not in codes
    cell_a = next(row for row in rows if row["Mã tổ chức"] == "A")
    assert cell_a["Tên tổ chức"] == "    " + tree.a.name and cell_a["Mã cấp trên"] == "C1"
    assert cell_a["Số đảng viên (chi bộ)"] == 1
    assert rows[0]["Số đảng viên (chi bộ)"] is None  # not a cell
    response = login(tree.officer_p2).get(reverse("imports:export-tree", args=[tree.c1.pk]))
    assert response.status_code == 404


def test_the_imports_page_links_every_export_of_the_users_unit(tree, login):
    client = login(tree.office_c1)
    page = client.get(reverse("imports:index")).content.decode()
    for name in (
        "export-members",
        "export-candidates",
        "export-classes",
        "export-dossiers",
        "export-targets",
        "export-tree",
        "handover",
    ):
        assert reverse(f"imports:{name}", args=[tree.c1.pk]) in page
    chosen = client.get(reverse("imports:index"), {"ma": "A"}).content.decode()
    assert reverse("imports:export-tree", args=[tree.a.pk]) in chosen
    refused = client.get(reverse("imports:index"), {"ma": "D"}).content.decode()
    assert "Không có đơn vị mang mã «D» trong phạm vi của bạn." in refused
    assert reverse("imports:export-tree", args=[tree.d.pk]) not in refused
