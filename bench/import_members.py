"""A 50.000-row member import, against the floor: the same rows inserted with bulk SQL.

Creates a throw-away database (SQLite file in a temp dir, or a new PostgreSQL database when
DATABASE_URL points to a server), a province with 50 cells and an administrator, writes a
member workbook, then times the import as an officer runs it: reading and checking every
cell (job_check), then writing every row through the people services with their audit rows,
in one transaction (job_commit). The floor inserts the same persons and members the fastest
plain way (`core.bulk.insert_rows`: one COPY each on PostgreSQL, bulk_create elsewhere; no
check, no audit row), the per-cell counters kept by their triggers (one upsert per member);
a second floor adds the counters once per write, as the import does
(`people.counters.members_inserted`). Each step prints its wall time and CPU time: of this
process and its children (the file is read in a child process) and, on PostgreSQL, of the
server process serving the connection (read from procfs, the server being on this machine);
and the load average before and after. Not a test: it prints, it never fails on time.

    .venv/bin/python bench/import_members.py [--rows 50000] [--existing]

With `--existing` the import goes into the configured database as it is (a copy of a
generated national database: its checks then run against the persons already there), in a
province of its own; the rows written stay there.
"""

import argparse
import io
import os
import resource
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

from django.db import connection, transaction  # noqa: E402
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


def member_rows(count: int, prefix: str = "", serial: int = 0):
    """Distinct (name, birth date) pairs and CCCDs, valid against the birth date and sex;
    cells coded `{prefix}CB001`…, CCCD serials from `serial`."""
    for i in range(count):
        n, k = i % 5000, i // 5000
        name = f"{FAMILY[n % 10]} {MIDDLE[(n // 10) % 10]} {GIVEN[(n // 100) % 50]}"
        birth = date(1955, 1, 1) + timedelta(days=k * 1500 + n % 1400)
        female = MIDDLE[(n // 10) % 10] == "Thị"
        century = (birth.year - 1900) // 100 * 2 + (1 if female else 0)
        citizen_id = f"001{century}{birth.year % 100:02d}{i + serial:06d}"
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
            f"{prefix}CB{i % CELLS + 1:03d}",
            "Chính thức",
            admitted.strftime("%d/%m/%Y"),
            "",
            (admitted + timedelta(days=365)).strftime("%d/%m/%Y"),
            "",
        ]


def workbook(count: int, prefix: str = "", serial: int = 0) -> bytes:
    from openpyxl import Workbook
    from tests.imports.books import HEADERS

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Đảng viên")
    sheet.append(["DANH SÁCH ĐẢNG VIÊN"])
    sheet.append(HEADERS)
    for row in member_rows(count, prefix, serial):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def setup_tree(prefix: str = ""):
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

    from ptdv.organizations.models import Organization

    root = Organization.objects.filter(code="TW").first() or unit(
        None, "TW", "Trung ương", "central"
    )
    province = unit(root, f"{prefix}P1", "Đảng bộ tỉnh Một", "province")
    commune = unit(province, f"{prefix}C1", "Đảng bộ xã Một", "commune")
    for number in range(1, CELLS + 1):
        unit(commune, f"{prefix}CB{number:03d}", f"Chi bộ thôn {number}", "cell")
    return account_services.user_create(
        acting_user=None,
        username=f"bench{prefix.lower()}",
        full_name="Bench",
        role=Role.BOARD_OFFICER,
        organization=province,
        password="Mat-khau-bench-2025",
    )


def floor(plan, *, counted_once: bool = False) -> None:
    """The same persons and members inserted the fastest plain way, no checks, no audit.
    The per-cell counters follow as the schema makes them: by the triggers, one upsert per
    member, or (`counted_once`) as the import adds them, in one statement per write
    (`people.counters.members_inserted`)."""
    from contextlib import nullcontext

    from ptdv.core.bulk import insert_rows
    from ptdv.core.text import fold, sort_key
    from ptdv.people.counters import members_inserted
    from ptdv.people.models import Member, Person

    person_fields = ("full_name", "birth_date", "sex", "citizen_id", "ethnicity", "religion")
    person_fields += ("general_education", "professional_level", "occupation", "home_town")
    person_fields += ("residence",)
    person_ids = insert_rows(
        Person,
        (*person_fields, "organization_id", "search_key", "sort_key"),
        [
            (
                *(row.values[name] for name in person_fields),
                row.unit_id,
                fold(row.values["full_name"]),
                sort_key(row.values["full_name"], given_name_first=True),
            )
            for row in plan.rows
        ],
    )
    member_fields = ("status", "admission_decided_on", "official_from")
    with members_inserted() if counted_once else nullcontext([]) as added:
        insert_rows(
            Member,
            ("person_id", "organization_id", *member_fields),
            [
                (person_id, row.unit_id, *(row.values[name] for name in member_fields))
                for person_id, row in zip(person_ids, plan.rows, strict=True)
            ],
        )
        added.extend(
            (row.unit_id, row.values["status"], row.values["official_from"], row.values["religion"])
            for row in plan.rows
        )


class Clock:
    """Wall time, CPU time of this process and its children, and CPU time of the database
    server process of the connection (PostgreSQL on this machine)."""

    def __init__(self):
        self.server = None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                path = Path(f"/proc/{cursor.fetchone()[0]}/stat")
            self.server = path if path.exists() else None

    def read(self) -> tuple[float, float, float]:
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
        server = 0.0
        if self.server is not None:
            fields = self.server.read_text().rsplit(")", 1)[1].split()
            server = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return time.perf_counter(), cpu, server

    def since(self, start) -> tuple[float, float, float]:
        return tuple(b - a for a, b in zip(start, self.read(), strict=True))


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]).replace(".", ",")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument(
        "--existing",
        action="store_true",
        help="into the configured database as it is (a copy of a generated one): a province "
        "of its own with new CCCDs, the rows written left behind",
    )
    args = parser.parse_args()
    setup_test_environment()
    prefix, serial = ("BIMP", 900_000) if args.existing else ("", 0)
    if not args.existing:
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from ptdv.accounts.models import AuditEvent
        from ptdv.imports import members, services
        from ptdv.imports.kinds import KINDS
        from ptdv.imports.reading import read_table
        from ptdv.people.models import Member, Person

        user = setup_tree(prefix)
        if args.existing:
            print(f"Cơ sở dữ liệu có sẵn: {Member.objects.count():,} đảng viên".replace(",", "."))
            from ptdv.core.bulk import filter_in

            ids = [row[4] for row in member_rows(args.rows, prefix, serial)]
            taken = sum(part.count() for part in filter_in(Person.objects, "citizen_id", ids))
            assert taken == 0, f"{taken} CCCD đã có"
        started = time.perf_counter()
        data = workbook(args.rows, prefix, serial)
        made = time.perf_counter() - started
        size = f"{len(data) / 1e6:.1f}".replace(".", ",")
        print(f"Tệp {args.rows:,} dòng".replace(",", ".") + f": {size} MB, tạo trong {made:.0f} s")
        job = services.job_create(
            acting_user=user, kind="members", file_name="bench.xlsx", content=data
        )
        clock = Clock()
        print(f"Tải trung bình (1, 5, 15 phút) lúc bắt đầu: {load()}")
        start = clock.read()
        job = services.job_check(acting_user=user, job=job)
        checked = clock.since(start)
        assert job.status == "ready", job.result["problems"][:5]
        start = clock.read()
        job = services.job_commit(acting_user=user, job=job)
        committed = clock.since(start)
        assert job.status == "done", job.result["problems"][:5]
        mine = Member.objects.filter(organization__code__startswith=f"{prefix}CB")
        written = job.result["written"]
        print(f"Ghi: {written}")
        assert mine.count() == written["create"] + written["update"]
        table = read_table(KINDS["members"], "bench.xlsx", data)
        created = written["create"]
        from ptdv.people.counters import rebuild_counts

        def emptied() -> None:
            if args.existing:  # the rows written by this run only
                mine.delete()
                Person.objects.filter(organization__code__startswith=f"{prefix}CB").delete()
                AuditEvent.objects.filter(actor=user).delete()
                return
            Member.objects.all().delete()
            Person.objects.all().delete()
            AuditEvent.objects.all().delete()
            rebuild_counts()

        emptied()
        plan = members.plan_members(KINDS["members"], table, user)
        plan.rows = [row for row in plan.rows if row.action == "create"]  # the rows written
        start = clock.read()
        with transaction.atomic():
            floor(plan)
        bulk = clock.since(start)
        assert mine.count() == created
        emptied()
        start = clock.read()
        with transaction.atomic():
            floor(plan, counted_once=True)
        once = clock.since(start)
        assert mine.count() == created
        print(f"Tải trung bình lúc kết thúc: {load()}")
        total = tuple(a + b for a, b in zip(checked, committed, strict=True))
        rows = [
            ("đọc và kiểm tra (job_check)", checked),
            ("xác nhận và ghi (job_commit)", committed),
            ("cả lần nhập", total),
            ("sàn: insert_rows, không kiểm tra", bulk),
            ("sàn, bộ đếm cộng một lần", once),
        ]
        print(f"Cơ sở dữ liệu: {connection.vendor}")
        head = f"{'bước':<34} {'giây':>7} {'dòng/giây':>10} {'CPU Python':>11} {'CPU máy chủ':>12}"
        print(head)
        for label, (seconds, cpu, server) in rows:
            rate = f"{args.rows / seconds:,.0f}".replace(",", ".")
            line = f"{label:<34} {seconds:>7.1f} {rate:>10} {cpu:>11.2f} {server:>12.2f}"
            print(line.replace(".", ",").replace(f" {rate.replace('.', ',')} ", f" {rate} "))
        print(f"Tỉ lệ cả lần nhập / sàn: {total[0] / bulk[0]:.1f}".replace(".", ","))

        def cpu(step) -> float:
            return step[1] + step[2]

        ratios = f"{cpu(total) / cpu(bulk):.1f}, / sàn đếm một lần: {cpu(total) / cpu(once):.1f}"
        print(f"Tỉ lệ CPU (Python + máy chủ) cả lần nhập / sàn: {ratios}".replace(".", ","))
        # On a busy machine the wall time measures the queue for the cores; the rows per
        # second of CPU time (Python and server added, working one after the other) are
        # what an idle machine gives when nothing waits on the disk.
        by_cpu = f"{args.rows / cpu(total):,.0f}".replace(",", ".")
        print(f"Dòng/giây theo thời gian CPU (Python + máy chủ) cả lần nhập: {by_cpu}")
    finally:
        if not args.existing:
            connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
