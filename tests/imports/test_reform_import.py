"""A reorganisation from a file: a good mapping applied whole; each bad mapping refused with
its Vietnamese message, nothing changed."""

import pytest

from ptdv.imports import services
from ptdv.imports.models import JobStatus
from ptdv.organizations.models import Organization, ParentPeriod, Reorganisation
from ptdv.people.models import Member
from tests.conftest import make_unit
from tests.factories import MemberFactory
from tests.imports import books

pytestmark = pytest.mark.django_db

HEADERS = [
    "STT",
    "Mã đơn vị cũ",
    "Cách sắp xếp",
    "Mã đơn vị tiếp nhận",
    "Tên đơn vị tiếp nhận (khi lập mới)",
    "Mã cấp trên của đơn vị mới",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan ban hành",
    "Ngày có hiệu lực",
]


def mapping(old, how, to, name="", parent=""):
    return {
        "STT": 1,
        "Mã đơn vị cũ": old,
        "Cách sắp xếp": how,
        "Mã đơn vị tiếp nhận": to,
        "Tên đơn vị tiếp nhận (khi lập mới)": name,
        "Mã cấp trên của đơn vị mới": parent,
        "Số quyết định": "1686-QĐ/TU",
        "Ngày quyết định": "20/06/2025",
        "Cơ quan ban hành": "Ban Thường vụ Tỉnh ủy",
        "Ngày có hiệu lực": "01/07/2025",
    }


def check(user, rows):
    data = books.xlsx(rows, headers=HEADERS, sheet="Sắp xếp")
    job = services.job_create(acting_user=user, kind="reform", file_name="sx.xlsx", content=data)
    return services.job_check(acting_user=user, job=job)


def tree_state():
    return sorted(
        Organization.objects.values_list("code", "path", "valid_to", "merged_into_id", "name")
    )


def test_a_good_mapping_is_applied_whole(tree):
    make_unit(tree.p1, "C4", "Đảng bộ xã Tân Lập", "commune")
    MemberFactory(organization=tree.a)
    MemberFactory(organization=tree.d)
    rows = [
        mapping("C1", "Hợp nhất vào", "C12", "Đảng bộ xã Hòa Đồng", "P1"),
        mapping("C2", "Hợp nhất vào", "C12", "Đảng bộ xã Hòa Đồng", "P1"),
        mapping("OLDCELL", "Chuyển về", "C4"),
    ]
    job = check(tree.officer_p1, rows)
    assert job.status == JobStatus.READY, job.result.get("problems")
    services.job_commit(acting_user=tree.officer_p1, job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.result
    new = Organization.objects.get(code="C12")
    assert set(new.children.values_list("code", flat=True)) == {"A", "B", "D"}
    assert Member.objects.filter(organization__path__under=new.path).count() == 2
    assert Organization.objects.get(code="C1").merged_into == new
    assert Organization.objects.get(code="OLDCELL").parent.code == "C4"
    assert Reorganisation.objects.filter(decision_number="1686-QĐ/TU").count() == 2
    assert ParentPeriod.objects.filter(organization=tree.a).exists()


@pytest.mark.parametrize(
    "rows, message",
    [
        ([mapping("KHONGCO", "Hợp nhất vào", "C2")], "Không có tổ chức đảng nào mang mã «KHONGCO»"),
        (
            [mapping("C1", "Chuyển về", "C2"), mapping("C2", "Chuyển về", "C1")],
            "Vòng lặp trong tệp",
        ),
        ([mapping("C1", "Chuyển về", "A")], "Vòng lặp: «Chi bộ thôn An Phú» thuộc"),
        (
            [mapping("A", "Hợp nhất vào", "B"), mapping("A", "Hợp nhất vào", "D")],
            "«A» được chuyển đến hai nơi: dòng",
        ),
        ([mapping("E", "Hợp nhất vào", "D")], "Mã «E» là đơn vị nằm ngoài phạm vi quản lý"),
        ([mapping("A", "Hợp nhất vào", "E")], "Mã «E» là đơn vị nằm ngoài phạm vi quản lý"),
    ],
    ids=["unknown unit", "cycle", "under itself", "two places", "outside scope", "foreign target"],
)
def test_a_bad_mapping_is_refused_and_nothing_changes(tree, rows, message):
    before = tree_state()
    job = check(tree.officer_p1, rows)
    assert job.status == JobStatus.REJECTED
    messages = [p["message"] for p in job.result["problems"]]
    assert any(message in m for m in messages), messages
    assert tree_state() == before
    assert not Reorganisation.objects.exists()


def test_a_refusal_while_writing_rolls_everything_back(tree):
    """A cell with members cannot merge into a committee: the service refuses at write time,
    after the first row's merge ran; the whole file is rolled back."""
    MemberFactory(organization=tree.b)
    before = tree_state()
    rows = [mapping("C1", "Hợp nhất vào", "C2"), mapping("B", "Hợp nhất vào", "C2")]
    job = check(tree.officer_p1, rows)
    assert job.status == JobStatus.READY, job.result.get("problems")
    services.job_commit(acting_user=tree.officer_p1, job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED  # refused while writing: the engine's word
    assert "đảng viên phải sinh hoạt ở một chi bộ" in job.result["problems"][0]["message"]
    assert tree_state() == before
    assert not Reorganisation.objects.exists()
