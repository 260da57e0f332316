"""The member export's file, cell by cell: the title, the headers with their notes, the
column widths, the frozen panes, the values (choices as their labels, dates as dd/mm/yyyy
dates, CCCD and codes as text), hostile text kept as text, and LibreOffice reading it."""

import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ptdv.accounts.models import AuditEvent, SensitiveView
from ptdv.imports.kinds import KINDS
from ptdv.people.models import Member, MemberStatus
from tests.factories import RecordedMemberFactory, RecordedPersonFactory
from tests.libreoffice import xlsx_as_csv

pytestmark = pytest.mark.django_db

COLUMNS = KINDS["members"].columns


def _member(unit, name, birth, **fields):
    person_fields = {
        "sex": "female",
        "citizen_id": "",
        "ethnicity": "Tày",
        "religion": "buddhism",
        "general_education": "lower_secondary",
        "professional_level": "college",
        "occupation": "Nông dân",
        "home_town": "Xã Hòa Bình",
        "residence": "Thôn An Phú",
    }
    member_fields = {"status": MemberStatus.PROBATIONARY, "official_from": None}
    for name_ in list(fields):
        target = person_fields if name_ in person_fields else member_fields
        target[name_] = fields.pop(name_)
    person = RecordedPersonFactory(
        organization=unit, full_name=name, birth_date=birth, **person_fields
    )
    return RecordedMemberFactory(person=person, organization=unit, **member_fields)


@pytest.fixture
def members(tree):
    _member(
        tree.a,
        "Hoàng Văn Đức",
        date(1988, 1, 9),
        sex="male",
        citizen_id="001088000777",
        ethnicity="Kinh",
        religion="none",
        admission_decided_on=date(2010, 3, 3),
        ceremony_on=date(2010, 3, 19),
        status=MemberStatus.OFFICIAL,
        official_from=date(2011, 3, 3),
        party_card_number="00098765",
    )
    _member(
        tree.b,
        "Đinh Thị Én",
        date(2001, 12, 31),
        admission_decided_on=date(2025, 2, 3),
        occupation='=HYPERLINK("http://x.example","Bấm")',
        residence='  Xóm Đồi <số 5> & "Bến"  ',
    )
    return tree


def _export(client, unit):
    response = client.get(reverse("imports:export-members", args=[unit.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response.content


def test_the_member_export_keeps_its_title_headers_notes_widths_and_panes(members, login):
    content = _export(login(members.office_c1), members.c1)
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Đảng viên"]
    sheet = workbook["Đảng viên"]
    title = sheet["A1"]
    assert title.value.startswith("DANH SÁCH ĐẢNG VIÊN — Đảng bộ xã Hòa Bình (xuất ngày ")
    assert title.font.bold and title.font.size == 13
    last = sheet.cell(2, len(COLUMNS)).column_letter
    assert [str(r) for r in sheet.merged_cells.ranges] == [f"A1:{last}1"]
    assert sheet.freeze_panes == "A3"
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(2, index)
        assert cell.value == column.header
        assert cell.font.bold and cell.fill.fgColor.rgb == "00DDEBF7"
        assert cell.alignment.wrap_text and cell.alignment.vertical == "center"
        note = (("Bắt buộc. " if column.required else "") + column.note).strip()
        assert (cell.comment.text if cell.comment else "") == note
        assert sheet.column_dimensions[cell.column_letter].width == column.width
    assert sheet.max_row == 4


def test_the_member_export_writes_labels_dates_and_text_cells(members, login):
    content = _export(login(members.office_c1), members.c1)
    sheet = load_workbook(io.BytesIO(content))["Đảng viên"]
    by_name = {
        row[0].value: {column.name: cell for column, cell in zip(COLUMNS, row, strict=False)}
        for row in sheet.iter_rows(min_row=3)
    }
    assert list(by_name) == ["Hoàng Văn Đức", "Đinh Thị Én"]  # the name order: given name
    duc, en = by_name["Hoàng Văn Đức"], by_name["Đinh Thị Én"]
    assert duc["birth_date"].value.date() == date(1988, 1, 9)
    for name in ("birth_date", "admission_decided_on", "ceremony_on", "official_from"):
        assert duc[name].is_date and duc[name].number_format == "DD/MM/YYYY", name
    assert duc["official_from"].value.date() == date(2011, 3, 3)
    assert en["ceremony_on"].value is None and en["official_from"].value is None
    assert en["birth_date"].number_format == "DD/MM/YYYY"
    assert duc["sex"].value == "Nam" and en["sex"].value == "Nữ"
    assert duc["status"].value == "Chính thức" and en["status"].value == "Dự bị"
    assert duc["religion"].value == "Không" and en["religion"].value == "Phật giáo"
    assert en["ethnicity"].value == "Tày"
    assert duc["citizen_id"].value == "001088000777"
    assert duc["citizen_id"].data_type == "s" and duc["citizen_id"].number_format == "@"
    assert duc["party_card_number"].value == "00098765"
    assert duc["party_card_number"].number_format == "@"
    assert duc["unit_code"].value == "A" and duc["unit_code"].number_format == "@"
    assert en["unit_code"].value == "B"
    assert en["citizen_id"].value is None and en["party_card_number"].value is None
    # Text a spreadsheet would take for a formula stays text (quote prefix), the rest plain.
    assert en["occupation"].value == '=HYPERLINK("http://x.example","Bấm")'
    assert en["occupation"].data_type == "s" and en["occupation"].quotePrefix
    assert not duc["occupation"].quotePrefix
    assert en["residence"].value == 'Xóm Đồi <số 5> & "Bến"'
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_the_member_export_without_the_right_leaves_sensitive_cells_empty(members, login):
    content = _export(login(members.inspector_p1), members.c1)
    sheet = load_workbook(io.BytesIO(content))["Đảng viên"]
    sensitive = [
        i for i, c in enumerate(COLUMNS) if c.name in ("citizen_id", "ethnicity", "religion")
    ]
    for row in sheet.iter_rows(min_row=3, values_only=True):
        assert row[0] and all(row[i] is None for i in sensitive)
    assert not AuditEvent.objects.filter(event="sensitive_viewed").exists()
    _export(login(members.office_c1), members.c1)
    event = AuditEvent.objects.get(event="sensitive_viewed")
    assert event.new["rows"] == 2
    shown = set(SensitiveView.objects.filter(event=event).values_list("person_id", flat=True))
    assert shown == set(Member.objects.values_list("person_id", flat=True))


def test_libreoffice_opens_the_member_export(members, login, tmp_path):
    text = xlsx_as_csv(_export(login(members.office_c1), members.c1), tmp_path, "dang-vien")
    lines = text.splitlines()
    assert lines[1].startswith("Họ và tên,")
    assert "Hoàng Văn Đức,09/01/1988,Nam,001088000777,Kinh" in text
    assert "03/03/2010,19/03/2010,03/03/2011,00098765" in text
    assert '=HYPERLINK(""http://x.example"",""Bấm"")' in text
