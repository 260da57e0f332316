"""A 50.000-row member import, against the floor: the same rows inserted with bulk SQL.

Creates a throw-away database (SQLite file in a temp dir, or a new PostgreSQL database when
DATABASE_URL points to a server), a province with 50 cells and an administrator, writes a
member workbook, then times the import as an officer runs it: reading and checking every
cell (job_check), then writing every row through the people services with their audit rows,
in one transaction (job_commit). The floor inserts the same persons and members with
bulk_create (no checks, no audit). Not a test: it prints, it never fails on time.

    .venv/bin/python bench/import_members.py [--rows 50000]
"""

import argparse
import io
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PTDV_TESTING", "1")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ptdv.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Xuân", "Thu"]
GIVEN = [
    "An", "Bình", "Cường", "Dũng", "Em", "Giang", "Hà", "Hải", "Hạnh", "Hòa",
    "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Nga",
    "Ngọc", "Nhung", "Oanh", "Phong", "Phúc", "Phương", "Quân", "Quang", "Sơn", "Tâm",
    "Thảo", "Thành", "Thắng", "Thủy", "Tiến", "Trang", "Trung", "Tú", "Tuấn", "Uyên",
    "Vân", "Việt", "Vinh", "Xuân", "Yến", "Đạt", "Đông", "Đào", "Ánh", "Ân",
]  # fmt: skip
CELLS = 50


def member_rows(count: int):
    """Distinct (name, birth date) pairs and CCCDs, valid against the birth date and sex."""
    for i in range(count):
        n, k = i % 5000, i // 5000
        name = f"{FAMILY[n % 10]} {MIDDLE[(n // 10) % 10]} {GIVEN[(n // 100) % 50]}"
        birth = date(1955, 1, 1) + timedelta(days=k * 1500 + n % 1400)
        female = MIDDLE[(n // 10) % 10] == "Thị"
        century = (birth.year - 1900) // 100 * 2 + (1 if female else 0)
        citizen_id = f"001{century}{birth.year % 100:02d}{i:06d}"
        admitted = birth + timedelta(days=365 * 25)
        yield [
            i + 1,
            name,
            birth.strftime("%d/%m/%Y"),
            "Nữ" if female else "Nam",
            citizen_id,
            "Kinh",
            "Không",
            "12/12",
            "Đại học",
            "Cán bộ",
            "Xã Một",
            "Thôn Một",
            f"CB{i % CELLS + 1:03d}",
            "Chính thức",
            admitted.strftime("%d/%m/%Y"),
            "",
            (admitted + timedelta(days=365)).strftime("%d/%m/%Y"),
            "",
        ]


def workbook(count: int) -> bytes:
    from openpyxl import Workbook
    from tests.imports.books import HEADERS

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Đảng viên")
    sheet.append(["DANH SÁCH ĐẢNG VIÊN"])
    sheet.append(HEADERS)
    for row in member_rows(count):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def setup_tree():
    from ptdv.accounts import services as account_services
    from ptdv.accounts.models import Role
    from ptdv.organizations import services as org_services
    from ptdv.organizations.models import OrganizationKind
    from ptdv.organizations.reference_data import ensure_installed

    ensure_installed()

    def unit(parent, code, name, kind):
        return org_services.organization_create(
            acting_user=None,
            parent=parent,
            code=code,
            name=name,
            kind=OrganizationKind.objects.get(code=kind),
        )

    root = unit(None, "TW", "Trung ương", "central")
    province = unit(root, "P1", "Đảng bộ tỉnh Một", "province")
    commune = unit(province, "C1", "Đảng bộ xã Một", "commune")
    for number in range(1, CELLS + 1):
        unit(commune, f"CB{number:03d}", f"Chi bộ thôn {number}", "cell")
    return account_services.user_create(
        acting_user=None,
        username="bench",
        full_name="Bench",
        role=Role.BOARD_OFFICER,
        organization=province,
        password="Mat-khau-bench-2025",
    )


def floor(plan) -> float:
    """The same persons and members with bulk INSERTs, no checks, no audit."""
    from ptdv.core.text import fold, sort_key
    from ptdv.people.models import Member, Person

    started = time.perf_counter()
    units = {row.unit_id for row in plan.rows}
    persons = [
        Person(
            full_name=row.values["full_name"],
            birth_date=row.values["birth_date"],
            sex=row.values["sex"],
            citizen_id=row.values["citizen_id"],
            ethnicity=row.values["ethnicity"],
            religion=row.values["religion"],
            general_education=row.values["general_education"],
            professional_level=row.values["professional_level"],
            occupation=row.values["occupation"],
            home_town=row.values["home_town"],
            residence=row.values["residence"],
            organization_id=row.unit_id,
            search_key=fold(row.values["full_name"]),
            sort_key=sort_key(row.values["full_name"], given_name_first=True),
        )
        for row in plan.rows
    ]
    Person.objects.bulk_create(persons, batch_size=2000)
    by_id = dict(Person.objects.values_list("citizen_id", "pk"))
    Member.objects.bulk_create(
        [
            Member(
                person_id=by_id[row.values["citizen_id"]],
                organization_id=row.unit_id,
                status=row.values["status"],
                admission_decided_on=row.values["admission_decided_on"],
                official_from=row.values["official_from"],
            )
            for row in plan.rows
        ],
        batch_size=2000,
    )
    assert len(units) == CELLS
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from ptdv.accounts.models import AuditEvent
        from ptdv.imports import members, services
        from ptdv.imports.kinds import KINDS
        from ptdv.imports.reading import read_table
        from ptdv.people.models import Member, Person

        user = setup_tree()
        started = time.perf_counter()
        data = workbook(args.rows)
        made = time.perf_counter() - started
        size = f"{len(data) / 1e6:.1f}".replace(".", ",")
        print(f"Tệp {args.rows:,} dòng".replace(",", ".") + f": {size} MB, tạo trong {made:.0f} s")
        job = services.job_create(
            acting_user=user, kind="members", file_name="bench.xlsx", content=data
        )
        started = time.perf_counter()
        job = services.job_check(acting_user=user, job=job)
        checked = time.perf_counter() - started
        assert job.status == "ready", job.result["problems"][:5]
        started = time.perf_counter()
        job = services.job_commit(acting_user=user, job=job)
        committed = time.perf_counter() - started
        assert job.status == "done", job.result["problems"][:5]
        assert Member.objects.count() == args.rows
        table = read_table(KINDS["members"], "bench.xlsx", data)
        plan = members.plan_members(KINDS["members"], table, user)
        Member.objects.all().delete()
        Person.objects.all().delete()
        AuditEvent.objects.all().delete()
        bulk = floor(plan)
        assert Member.objects.count() == args.rows
        total = checked + committed
        rows = [
            ("đọc và kiểm tra (job_check)", checked),
            ("ghi qua services, 1 giao dịch", committed),
            ("cả lần nhập", total),
            ("sàn: bulk INSERT", bulk),
        ]
        print(f"Cơ sở dữ liệu: {connection.vendor}")
        print(f"{'bước':<32} {'giây':>8} {'dòng/giây':>10}")
        for label, seconds in rows:
            rate = f"{args.rows / seconds:,.0f}".replace(",", ".")
            print(f"{label:<32} {seconds:>8.1f} {rate:>10}".replace(".", ",", 1))
        print(f"Tỉ lệ cả lần nhập / sàn: {total / bulk:.1f}".replace(".", ","))
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
