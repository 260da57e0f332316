"""Targets from a file: created, updated, skipped; refused rows write nothing."""

from decimal import Decimal

import pytest

from ptdv.imports import services
from ptdv.imports.models import JobStatus
from ptdv.targets.models import Target
from tests.imports import books

pytestmark = pytest.mark.django_db

HEADERS = ["Mã đơn vị", "Loại chỉ tiêu", "Cách đo", "Từ ngày", "Đến ngày", "Chỉ tiêu", "Ghi chú"]


def target(**changes):
    row = {
        "Mã đơn vị": "C1",
        "Loại chỉ tiêu": "cap tren giao",
        "Cách đo": "",
        "Từ ngày": "01/01/2025",
        "Đến ngày": "31/12/2025",
        "Chỉ tiêu": "12",
        "Ghi chú": "",
    }
    row.update(changes)
    return row


def check(user, rows):
    data = books.xlsx(rows, headers=HEADERS, sheet="Chỉ tiêu")
    job = services.job_create(acting_user=user, kind="targets", file_name="ct.xlsx", content=data)
    return services.job_check(acting_user=user, job=job)


def test_targets_are_created_then_updated(tree):
    rows = [target(), target(**{"Mã đơn vị": "A", "Chỉ tiêu": 2})]
    job = check(tree.officer_p1, rows)
    assert job.status == JobStatus.READY, job.result["problems"]
    services.job_commit(acting_user=tree.officer_p1, job=job)
    assert Target.objects.get(organization=tree.c1).min_value == Decimal("12.00")
    assert Target.objects.get(organization=tree.a).measure == "count"

    job = check(tree.officer_p1, [target(**{"Chỉ tiêu": "15"}), rows[1]])
    assert job.result["counts"] == {"create": 0, "update": 1, "skip": 1}
    services.job_commit(acting_user=tree.officer_p1, job=job)
    assert Target.objects.get(organization=tree.c1).min_value == Decimal("15.00")
    assert Target.objects.count() == 2


def test_bad_target_rows_write_nothing(tree):
    rows = [
        target(),
        target(**{"Mã đơn vị": "E"}),
        target(**{"Chỉ tiêu": "2,5"}),
        target(**{"Mã đơn vị": "A", "Chỉ tiêu": "nhiều"}),
        target(),
    ]
    job = check(tree.officer_p1, rows)
    assert job.status == JobStatus.REJECTED
    assert [p["message"] for p in job.result["problems"]] == [
        "Mã «E» là đơn vị nằm ngoài phạm vi quản lý của bạn.",
        "Chỉ tiêu số lượng phải là số nguyên.",
        "«nhiều» không phải là số (số thập phân viết với dấu phẩy: 2,5).",
        "Trùng chỉ tiêu với dòng 4 của tệp.",
    ]
    assert not Target.objects.exists()
