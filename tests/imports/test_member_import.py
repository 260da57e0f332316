"""Member import: the happy path, workbooks as people make them, and every broken workbook
refused with its Vietnamese error and the database unchanged."""

import io
import time
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ptdv.imports import runner, services
from ptdv.imports.models import ImportJob, JobStatus
from ptdv.people.models import Member, Person
from ptdv.people.services import member_create, person_create
from tests.imports import books

pytestmark = pytest.mark.django_db


def counts():
    return Person.objects.count(), Member.objects.count()


def check(user, data: bytes, file_name: str = "dang-vien.xlsx") -> ImportJob:
    job = services.job_create(acting_user=user, kind="members", file_name=file_name, content=data)
    return services.job_check(acting_user=user, job=job)


def messages(job: ImportJob) -> list[str]:
    return [p["message"] for p in job.result["problems"]]


def test_a_libreoffice_workbook_is_previewed_then_written_in_full(tree):
    before = counts()
    job = check(tree.office_c1, books.xlsx(books.three_members()))
    assert job.status == JobStatus.READY, job.result["problems"]
    assert job.result["header_row"] == 3  # below the two merged title rows
    assert job.result["counts"] == {"create": 3, "update": 0, "skip": 0}
    assert [row["action"] for row in job.result["preview"]] == ["create"] * 3
    assert counts() == before  # the preview writes nothing

    job = services.job_commit(acting_user=tree.office_c1, job=job)
    assert job.status == JobStatus.DONE
    assert counts() == (before[0] + 3, before[1] + 3)
    binh = Person.objects.get(citizen_id="001185000123")
    assert binh.full_name == "Trần Thị Bình"  # NFD → NFC, spaces trimmed
    assert (binh.sex, binh.ethnicity, binh.religion) == ("female", "Kinh", "catholicism")
    assert binh.birth_date == date(1985, 7, 2)
    assert binh.membership.status == "probationary"
    assert binh.membership.party_card_number == "00012345"  # leading zeros kept
    an = Person.objects.get(citizen_id="001090123456")
    assert an.general_education == "upper_secondary"
    assert an.membership.organization == tree.a
    cuong = Person.objects.get(full_name="Lò Văn Cường")
    assert cuong.birth_date == date(1990, 5, 7)  # Excel serial 33000
    assert (cuong.ethnicity, cuong.membership.organization) == ("Thái", tree.b)


def test_a_second_import_of_the_same_file_changes_nothing(tree):
    data = books.xlsx(books.three_members())
    services.job_commit(acting_user=tree.office_c1, job=check(tree.office_c1, data))
    before = counts()
    job = check(tree.office_c1, data)
    assert job.result["counts"] == {"create": 0, "update": 0, "skip": 3}
    assert {row["reason"] for row in job.result["preview"]} == {"Đã có, không thay đổi"}
    services.job_commit(acting_user=tree.office_c1, job=job)
    assert counts() == before


def test_an_existing_person_found_by_cccd_is_updated_and_added_as_member(tree):
    person = person_create(
        acting_user=None,
        organization=tree.a,
        full_name="Nguyễn Văn An",
        sex="male",
        birth_date=date(1990, 3, 15),
        citizen_id="001090123456",
        occupation="Nông dân",
    )
    job = check(tree.office_c1, books.xlsx([books.member()]))
    assert job.result["counts"]["update"] == 1
    services.job_commit(acting_user=tree.office_c1, job=job)
    person.refresh_from_db()
    assert person.occupation == "Giáo viên"
    assert Member.objects.filter(person=person, organization=tree.a).exists()
    assert Person.objects.filter(citizen_id="001090123456").count() == 1


def test_csv_with_and_without_bom(tree):
    before = counts()
    for bom, delimiter in ((True, ","), (False, ";")):
        rows = books.three_members()
        data = books.csv_bytes(rows, bom=bom, delimiter=delimiter)
        job = check(tree.office_c1, data, "dang-vien.csv")
        assert job.status == JobStatus.READY, job.result["problems"]
        assert job.result["counts"]["create"] == 3
    assert counts() == before


def test_a_csv_not_in_utf8_is_refused(tree):
    data = "Họ và tên,Ngày sinh\nNguyễn Văn An,01/01/1990\n".encode("utf-16")
    job = check(tree.office_c1, data, "dang-vien.csv")
    assert "UTF-8" in messages(job)[0]


def _bad_date_rows():
    return [
        books.member(**{"Ngày sinh": "31/02/1990"}),
        books.member(
            **{"STT": 2, "Họ và tên": "Phạm Văn Ba", "Số CCCD": "", "Ngày vào Đảng": "2015.13"}
        ),
    ]


BROKEN = {
    "wrong sheet": (
        lambda: books.xlsx(
            [books.member()],
            headers=["Tên hộ", "Địa chỉ", "Số điện thoại"],
            sheet="Thống kê",
        ),
        "Không tìm thấy dòng tiêu đề của danh sách đảng viên trong trang tính nào («Thống kê»)",
    ),
    "missing columns": (
        lambda: books.xlsx(
            [books.member()], headers=[h for h in books.HEADERS if h != "Ngày vào Đảng"]
        ),
        "thiếu cột bắt buộc: «Ngày vào Đảng»",
    ),
    "bad dates": (
        lambda: books.xlsx(_bad_date_rows()),
        "«31/02/1990» không phải là ngày có thật.",
    ),
    "bad date format": (
        lambda: books.xlsx(_bad_date_rows()),
        "«2015.13» không đúng dạng ngày dd/mm/yyyy",
    ),
    "unknown unit code": (
        lambda: books.xlsx([books.member(**{"Mã chi bộ": "ZZZ"})]),
        "Không có tổ chức đảng nào mang mã «ZZZ».",
    ),
    "unit outside the scope": (
        lambda: books.xlsx([books.member(**{"Mã chi bộ": "D"})]),
        "Mã «D» là đơn vị nằm ngoài phạm vi quản lý của bạn.",
    ),
    "not a cell": (
        lambda: books.xlsx([books.member(**{"Mã chi bộ": "C1"})]),
        "không phải là chi bộ",
    ),
    "duplicate rows": (
        lambda: books.xlsx([books.member(), books.member(STT=2)]),
        "Số CCCD 001090123456 trùng với dòng 4 của tệp.",
    ),
    "duplicate name and birth date": (
        lambda: books.xlsx([books.member(), books.member(**{"STT": 2, "Số CCCD": ""})]),
        "Trùng họ tên và ngày sinh với dòng 4 của tệp.",
    ),
    "wrong CCCD": (
        lambda: books.xlsx([books.member(**{"Số CCCD": "001190123456"})]),
        "Chữ số thứ tư của số CCCD là «1»",
    ),
    "unknown religion": (
        lambda: books.xlsx([books.member(**{"Tôn giáo": "Đạo Mẫu lạ"})]),
        "«Đạo Mẫu lạ» không có trong danh mục Tôn giáo",
    ),
    "official without date": (
        lambda: books.xlsx([books.member(**{"Ngày chính thức": ""})]),
        "Đảng viên chính thức phải có ngày chính thức.",
    ),
    "0-byte file": (lambda: b"", "rỗng (0 byte)"),
    "PDF renamed .xlsx": (
        lambda: b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n",
        "không phải là bảng tính Excel",
    ),
    "a corrupt zip": (lambda: b"PK\x03\x04" + b"\x00" * 200, "bị hỏng"),
    "header only": (
        lambda: books.xlsx([], trailing_empty=50),
        "không có dòng dữ liệu nào dưới dòng tiêu đề",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_workbook_is_refused_with_its_message_and_nothing_written(case, tree):
    build, expected = BROKEN[case]
    before = counts()
    job = check(tree.office_c1, build())
    assert job.status == JobStatus.REJECTED
    assert any(expected in message for message in messages(job)), messages(job)
    with pytest.raises(Exception, match="Chỉ ghi được tệp đã kiểm tra xong"):
        services.job_commit(acting_user=tree.office_c1, job=job)
    assert counts() == before


def test_one_bad_row_among_good_ones_writes_nothing(tree):
    rows = [*books.three_members(), books.member(**{"STT": 4, "Mã chi bộ": "ZZZ"})]
    rows[3]["Họ và tên"], rows[3]["Số CCCD"] = "Vũ Văn Dũng", ""
    before = counts()
    job = check(tree.office_c1, books.xlsx(rows))
    assert job.status == JobStatus.REJECTED
    assert job.result["problems"] == [
        {"row": 7, "column": "Mã chi bộ", "message": "Không có tổ chức đảng nào mang mã «ZZZ»."}
    ]
    assert counts() == before


def test_a_refusal_at_write_time_undoes_every_row(tree, monkeypatch):
    """The database changed between the check and the confirmation: the service refuses the
    third row, and the first two are not kept."""
    job = check(tree.office_c1, books.xlsx(books.three_members()))
    before = counts()
    from ptdv.imports import members

    real = members._write_row
    calls = []

    def failing(row, unit, user):
        calls.append(row.row)
        if len(calls) == 3:
            from ptdv.core.errors import DomainError

            raise DomainError("Số thẻ đảng viên 00012345 đã được dùng.")
        return real(row, unit, user)

    monkeypatch.setattr(members, "_write_row", failing)
    job = services.job_commit(acting_user=tree.office_c1, job=job)
    assert job.status == JobStatus.FAILED
    assert job.result["problems"][0]["row"] == 6
    assert counts() == before


def test_a_cccd_held_in_another_subtree_is_refused_without_naming_the_person(tree):
    person_create(
        acting_user=None,
        organization=tree.d,
        full_name="Người Ở Xã Khác",
        sex="male",
        birth_date=date(1990, 3, 15),
        citizen_id="001090123456",
    )
    before = counts()
    job = check(tree.office_c1, books.xlsx([books.member()]))
    assert job.status == JobStatus.REJECTED
    assert "ở một đơn vị ngoài phạm vi" in messages(job)[0]
    assert "Người Ở Xã Khác" not in str(job.result)
    assert counts() == before


def test_a_member_of_another_cell_is_skipped_with_its_reason(tree):
    person = person_create(
        acting_user=None,
        organization=tree.b,
        full_name="Nguyễn Văn An",
        sex="male",
        birth_date=date(1990, 3, 15),
        citizen_id="001090123456",
    )
    member_create(
        acting_user=None,
        person=person,
        organization=tree.b,
        admission_decided_on=date(2015, 5, 19),
    )
    job = check(tree.office_c1, books.xlsx([books.member()]))
    assert job.result["counts"]["skip"] == 1
    assert "Chi bộ thôn Bình Minh" in job.result["preview"][0]["reason"]


def test_a_role_that_cannot_add_members_is_told_so(tree):
    before = counts()
    job = check(tree.secretary_a, books.xlsx([books.member()]))
    assert messages(job) == ["Vai trò của bạn không được nhập danh sách đảng viên."]
    assert counts() == before


def test_a_20_mb_file_of_empty_rows_is_refused(tree):
    data = books.empty_rows_xlsx(20 * 1024 * 1024)
    assert len(data) > 20 * 1024 * 1024
    before = counts()
    started = time.monotonic()
    job = check(tree.office_c1, data)
    elapsed = time.monotonic() - started
    assert messages(job) == ["Trang tính «Đảng viên» không có dòng dữ liệu nào dưới dòng tiêu đề."]
    assert job.total_rows == 0
    assert counts() == before
    assert elapsed < 60, elapsed


def test_every_row_naming_a_faulty_unit_gets_its_problem_and_the_others_none(tree):
    """Each unit code is checked once for the whole file; the problem is still listed on
    every row that names it, in the order of the rows."""
    codes = ["ZZZ", "A", "D", "ZZZ", "C1", "B", "D", "C1", "ZZZ"]
    rows = [
        books.member(
            **{"STT": n + 1, "Mã chi bộ": code, "Số CCCD": "", "Họ và tên": f"Người Số {n}"}
        )
        for n, code in enumerate(codes)
    ]
    job = check(tree.office_c1, books.xlsx(rows))
    first = 4  # the row number of the first data row in the books' layout
    unit_problems = [
        (p["row"], p["message"]) for p in job.result["problems"] if p["column"] == "Mã chi bộ"
    ]
    said = {
        "ZZZ": "Không có tổ chức đảng nào mang mã «ZZZ».",
        "D": "Mã «D» là đơn vị nằm ngoài phạm vi quản lý của bạn.",
        "C1": "«Đảng bộ xã Hòa Bình» (mã C1) không phải là chi bộ.",
    }
    assert unit_problems == [
        (first + n, said[code]) for n, code in enumerate(codes) if code in said
    ]
    assert not [p for p in job.result["problems"] if p["row"] in (first + 1, first + 5)]


def test_a_file_over_the_size_limit_is_refused_before_reading(tree, settings):
    settings.PTDV_IMPORTS = {"MAX_BYTES": 1024}
    job = check(tree.office_c1, books.xlsx(books.three_members()))
    assert "lớn hơn 0 MB: hãy chia thành nhiều tệp nhỏ hơn." in messages(job)[0]


def test_the_error_report_marks_the_faulty_cells(tree, login):
    rows = [books.member(**{"Ngày sinh": "31/02/1990", "Mã chi bộ": "ZZZ"})]
    job = check(tree.office_c1, books.xlsx(rows))
    response = login(tree.office_c1).get(reverse("imports:errors", args=[job.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    listing = [tuple(row) for row in book["Lỗi"].iter_rows(min_row=3, values_only=True)]
    assert (4, "Ngày sinh", "«31/02/1990» không phải là ngày có thật.") in listing
    assert (4, "Mã chi bộ", "Không có tổ chức đảng nào mang mã «ZZZ».") in listing
    data = book["Đảng viên"]
    birth, unit, name = data["C4"], data["M4"], data["B4"]
    assert birth.value == "31/02/1990" and birth.fill.fgColor.rgb.endswith("FFC7CE")
    assert "không phải là ngày có thật" in birth.comment.text
    assert unit.comment is not None and "ZZZ" in unit.comment.text
    assert name.comment is None


def test_the_template_has_headers_notes_and_drop_down_lists(tree, login):
    response = login(tree.office_c1).get(reverse("imports:template"), {"loai": "members"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Đảng viên", "Hướng dẫn", "Danh mục chi bộ", "Danh mục"]
    sheet = book["Đảng viên"]
    headers = [cell.value for cell in sheet[2]]
    assert headers[:4] == ["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD"]
    assert "Bắt buộc" in sheet["A2"].comment.text
    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert len(lists) >= 6
    codes = [row[0] for row in book["Danh mục chi bộ"].iter_rows(min_row=2, values_only=True)]
    assert {"A", "B"} <= set(codes)
    assert "D" not in codes and "E" not in codes  # only the user's own cells


def test_the_empty_template_filled_in_imports(tree, login):
    response = login(tree.office_c1).get(reverse("imports:template"))
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Đảng viên"]
    headers = [cell.value for cell in sheet[2]]
    values = books.member()
    mapping = {"Ngày vào Đảng": "Ngày vào Đảng"}
    for index, header in enumerate(headers, start=1):
        sheet.cell(3, index, values.get(mapping.get(header, header)) or None)
    buffer = io.BytesIO()
    book.save(buffer)
    job = check(tree.office_c1, buffer.getvalue())
    assert job.status == JobStatus.READY, job.result["problems"]


def test_a_year_alone_is_not_taken_for_an_excel_serial(tree):
    job = check(tree.office_c1, books.xlsx([books.member(**{"Ngày sinh": 1990})]))
    assert messages(job) == ["«1990» không phải là ngày: hãy ghi đủ ngày, tháng, năm (dd/mm/yyyy)."]


def test_problems_beyond_the_limit_are_summed_up(tree, monkeypatch):
    monkeypatch.setattr(runner, "MAX_PROBLEMS", 2)
    rows = [
        books.member(**{"STT": n, "Họ và tên": f"Người {n}", "Số CCCD": "", "Mã chi bộ": "ZZZ"})
        for n in range(5)
    ]
    job = check(tree.office_c1, books.xlsx(rows))
    assert len(messages(job)) == 3
    assert messages(job)[-1] == "… và 3 lỗi khác: hãy sửa các lỗi trên rồi tải lại tệp."


def test_every_error_of_a_row_is_listed_at_once(tree):
    """A bad birth date does not hide the same row's bad CCCD, nor its unknown unit."""
    row = books.member(**{"Ngày sinh": "31/02/1990", "Số CCCD": "99909012345", "Mã chi bộ": "ZZZ"})
    job = check(tree.office_c1, books.xlsx([row]))
    assert job.status == JobStatus.REJECTED
    problems = [(p["row"], p["column"], p["message"]) for p in job.result["problems"]]
    assert sorted(problems) == sorted(
        [
            (4, "Ngày sinh", "«31/02/1990» không phải là ngày có thật."),
            (4, "Số CCCD", "Số CCCD phải gồm đúng 12 chữ số (Thông tư 59/2021/TT-BCA, Điều 7)."),
            (4, "Mã chi bộ", "Không có tổ chức đảng nào mang mã «ZZZ»."),
        ]
    )


def test_a_wrong_province_code_is_listed_beside_an_unreadable_sex(tree):
    row = books.member(**{"Giới tính": "Không rõ", "Số CCCD": "999090123456"})
    job = check(tree.office_c1, books.xlsx([row]))
    columns = sorted(p["column"] for p in job.result["problems"])
    assert columns == ["Giới tính", "Số CCCD"], job.result["problems"]


def test_the_same_unreadable_cell_on_several_rows_is_listed_on_each(tree):
    """A cell is parsed once per column and spelling: the second row with the same bad date,
    unknown sex or unknown cell gets its own problems, not the first row's only."""
    bad = {"Ngày sinh": "31/02/1990", "Giới tính": "Không rõ", "Mã chi bộ": "ZZZ"}
    rows = [
        books.member(STT=1, **bad, **{"Số CCCD": ""}),
        books.member(STT=2, **{"Họ và tên": "Trần Văn Bình", "Số CCCD": ""}),
        books.member(STT=3, **bad, **{"Họ và tên": "Lê Văn Cường", "Số CCCD": ""}),
    ]
    job = check(tree.office_c1, books.xlsx(rows))
    problems = sorted((p["row"], p["column"], p["message"]) for p in job.result["problems"])
    assert problems == [
        (row, column, message)
        for row in (4, 6)
        for column, message in (
            ("Giới tính", "«Không rõ» không có trong danh mục Giới tính (Nam, Nữ)."),
            ("Mã chi bộ", "Không có tổ chức đảng nào mang mã «ZZZ»."),
            ("Ngày sinh", "«31/02/1990» không phải là ngày có thật."),
        )
    ]
