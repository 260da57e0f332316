"""Every spreadsheet the system produces writes user text as text: a name typed as a
formula comes back as that text, never as a live formula, in every export, template, error
workbook and statistical form."""

import re
import zipfile
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ptdv.core.spreadsheets import is_risky, sheet_title
from ptdv.imports.models import ImportJob
from ptdv.people.services import member_create, person_create
from ptdv.recruitment import services as recruitment_services
from ptdv.targets.models import TargetKind
from ptdv.targets.services import target_create
from ptdv.training.services import awareness_class_create, enrolment_create
from tests.conftest import make_unit
from tests.imports import books

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://ke-gian.example/x","Bấm vào đây")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
]
PERIOD = {"tu": "01/01/2020", "den": "31/12/2030"}


@pytest.fixture
def hostile(tree):
    """Hostile text in every kind of field that an export shows."""
    cell = make_unit(tree.c1, "HX", HOSTILE[0], sector="rural_residential")
    for number, text in enumerate(HOSTILE):
        person = person_create(
            acting_user=None,
            organization=cell,
            full_name=f"{text} {number}",
            sex="female",
            birth_date=date(1995, 1, 1 + number),
            occupation=text,
            home_town=text,
        )
        member_create(
            acting_user=None,
            person=person,
            organization=cell,
            admission_decided_on=date(2024, 5, 1 + number),
        )
    candidate_person = person_create(
        acting_user=None,
        organization=cell,
        full_name=HOSTILE[1],
        sex="male",
        birth_date=date(2000, 2, 2),
    )
    recruitment_services.candidate_create(
        acting_user=None,
        person=candidate_person,
        organization=cell,
        source="other",
        listed_on=date(2024, 1, 1),
    )
    course = awareness_class_create(
        acting_user=None,
        organization=tree.c1,
        name=HOSTILE[2],
        issuing_body=HOSTILE[3],
        target_group="youth",
        starts_on=date(2025, 3, 3),
        ends_on=date(2025, 3, 7),
    )
    enrolment_create(acting_user=None, awareness_class=course, person=candidate_person)
    target_create(
        acting_user=None,
        organization=cell,
        kind=TargetKind.ASSIGNED,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        min_value=4,
        document=HOSTILE[0],
    )
    return cell


def _sheet_xml(content: bytes) -> list[str]:
    with zipfile.ZipFile(BytesIO(content)) as archive:
        return [
            archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("xl/worksheets/sheet")
        ]


def _assert_no_formula(content: bytes, must_show: str | None = "HYPERLINK") -> None:
    sheets = _sheet_xml(content)
    assert sheets
    for xml in sheets:
        assert "<f>" not in xml and "<f " not in xml, re.findall(r"<f[ >].{0,80}", xml)
    if must_show:
        assert any(must_show in xml for xml in sheets)


def _error_workbook(tree, login) -> bytes:
    client = login(tree.office_c1)
    rows = [books.member(**{"Họ và tên": text, "Ngày sinh": "32/13/1990"}) for text in HOSTILE]
    # CSV: the text arrives as typed (a workbook would hold a formula without a value).
    file = SimpleUploadedFile("ds.csv", books.csv_bytes(rows))
    client.post(reverse("imports:index"), {"kind": "members", "file": file})
    job = ImportJob.objects.get()
    return client.get(reverse("imports:errors", args=[job.pk])).content


def test_every_export_writes_hostile_text_as_text(tree, login, hostile):
    client = login(tree.officer_p1)
    exports = {
        name: client.get(reverse(f"imports:{name}", args=[tree.c1.pk]))
        for name in (
            "export-members",
            "export-candidates",
            "export-classes",
            "export-dossiers",
            "export-targets",
            "export-tree",
        )
    }
    exports["handover"] = client.get(
        reverse("imports:handover", args=[tree.c1.pk]),
        {"tu": "01/01/2024", "den": "31/12/2025", "tai": "1"},
    )
    for name in ("makeup-xlsx", "form-xlsx"):
        exports[name] = client.get(reverse(f"reports:{name}", args=[tree.c1.pk]), PERIOD)
    exports["people-xlsx"] = client.get(
        reverse("reports:people-xlsx", args=[tree.c1.pk]), {**PERIOD, "chi-so": "women"}
    )
    for name, response in exports.items():
        assert response.status_code == 200, name
        if not response["Content-Type"].startswith("application/vnd.openxmlformats"):
            continue  # the hand-over page without its download parameter
        # The statistical forms show unit names and counts, the others the hostile names.
        shown = None if name in ("makeup-xlsx", "form-xlsx") else "HYPERLINK|SUM|calc|-2+3"
        _assert_no_formula(response.content, must_show=None)
        if shown:
            assert any(re.search(shown, xml) for xml in _sheet_xml(response.content)), (
                f"{name} does not show the hostile text"
            )


def test_the_error_workbook_and_the_template_hold_no_formula(tree, login, hostile):
    _assert_no_formula(_error_workbook(tree, login))
    for kind in ("members", "candidates", "class_results", "targets"):
        template = login(tree.office_c1).get(reverse("imports:template"), {"loai": kind})
        assert template.status_code == 200
        _assert_no_formula(template.content, must_show=None)


def test_the_form_by_unit_shows_a_hostile_unit_name_as_text(tree, login, hostile):
    response = login(tree.officer_p1).get(reverse("reports:form-xlsx", args=[tree.c1.pk]), PERIOD)
    _assert_no_formula(response.content, must_show=None)


def test_risky_text_and_sheet_titles():
    assert all(is_risky(text) for text in HOSTILE)
    assert not is_risky("Nguyễn Văn An") and not is_risky("Chi bộ - thôn 5")
    assert sheet_title("Ban/Tổ chức: [2025]?") == "Ban Tổ chức   2025"
    assert sheet_title("") == "Trang tính"


def test_only_the_safe_writer_saves_workbooks():
    """Every module that makes a spreadsheet goes through ptdv.core.spreadsheets."""
    source = Path(__file__).resolve().parents[2] / "src" / "ptdv"

    def writes_a_sheet(text: str) -> bool:
        return bool(
            re.search(r"Workbook\(\)|csv\.writer", text)
            or ("openpyxl" in text and ".save(" in text)
        )

    offenders = [
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if path.name != "spreadsheets.py" and writes_a_sheet(path.read_text())
    ]
    assert offenders == []
