"""Every main read path on a national dataset (`ptdv generate`), against hand-written SQL.

Run against a database filled by `ptdv generate --members N --today 2026-12-01`:

    DATABASE_URL=postgres://…/ptdv_500k .venv/bin/python bench/national.py [--repeat 3]
        [--only dashboard] [--province 42] [--today 2026-12-01]

For each path it prints the server time (in-process through the test client: view, queries
and rendering, warm, median of `--repeat`), the number of queries, the time of a hand-written
SQL floor that computes the same numbers (checked equal to what the page computed; "—" where
the page's numbers have no simpler SQL) and the ratio. Nothing is written to the database but
the TOTP devices of the privileged personas (enrolled once).
"""

import argparse
import json
import os
import statistics
import sys
import time
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ptdv.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")  # the test client speaks plain HTTP
os.environ.setdefault("BEHIND_HTTPS_PROXY", "false")
# Every path is computed (reports/cache.py off); the dashboards print a second row, the same
# page opened again on the same state of the data, served from the cache.
os.environ.setdefault("PTDV_REPORT_CACHE", "false")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    override_settings,
    setup_test_environment,
)
from django.urls import reverse  # noqa: E402
from national_floors import (  # noqa: E402
    floor_children,
    floor_member_export,
    floor_member_export_openpyxl,
    floor_months,
    floor_quiet,
    floor_ranking,
    floor_statistics,
    floor_statistics_counted,
    floor_watch_cells,
    floor_worklist,
    sql,
)

from ptdv.accounts.models import User  # noqa: E402
from ptdv.organizations.models import Organization  # noqa: E402
from ptdv.organizations.rollup import minimal_prefixes  # noqa: E402
from ptdv.people.admission_counts import counted_units  # noqa: E402
from ptdv.reports import figures, timeseries  # noqa: E402
from ptdv.reports.config import TERM_START  # noqa: E402

HEADER_ROWS = 2  # the export's title and header rows (imports.workbooks)


def timed(fn, repeat: int):
    fn()  # warm
    samples, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


# --- the paths ---------------------------------------------------------------------------


class Bench:
    def __init__(self, *, repeat: int, today: date, province_code: int, statements: int = 0):
        self.repeat = repeat
        self.statements = statements
        self.today = today
        self.period = figures.Period(min(TERM_START, today), today)
        self.client = Client()
        self.rows = []
        self.root = Organization.objects.get(code="TW")
        self.province = Organization.objects.get(code=f"T{province_code:02d}")
        # The province's largest commune (by current members).
        self.commune = (
            Organization.objects.filter(parent=self.province, kind__code="commune")
            .order_by("-pk")
            .extra(
                select={
                    "n": "SELECT COUNT(*) FROM people_member m JOIN organizations_organization o"
                    " ON o.id = m.organization_id WHERE o.path LIKE organizations_organization.path"
                    " || '%%' AND m.ended_on IS NULL"
                }
            )
            .order_by("-n")
            .first()
        )
        self.users = {
            "national": User.objects.get(role="administrator", organization=self.root),
            "province": User.objects.get(organization=self.province, role="board_officer"),
            "commune": User.objects.get(organization=self.commune, role="grassroots_office"),
        }

    def login(self, who: str) -> None:
        """Log in as the persona, with the second factor the privileged roles need (their
        TOTP device is enrolled once: the only row the benchmark writes)."""
        from django_otp import DEVICE_ID_SESSION_KEY

        from ptdv.accounts import twofactor

        user = self.users[who]
        self.client.force_login(user)
        if twofactor.required_for(user):
            session = self.client.session
            session[DEVICE_ID_SESSION_KEY] = twofactor.enrol_confirmed(user).persistent_id
            session.save()

    def get(self, who: str, url: str):
        self.login(who)

        def call():
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response, len(queries)

        seconds, (response, queries) = timed(call, self.repeat)
        if self.statements:
            self.slowest(url)
        return seconds, queries, response

    def slowest(self, url: str) -> None:
        """The page's slowest statements (one more request, each statement timed by the
        client's cursor wrapper): where its time goes."""
        with CaptureQueriesContext(connection) as queries:
            self.client.get(url)
        ranked = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))
        for query in ranked[: self.statements]:
            text = " ".join(query["sql"].split())
            print(f"    {float(query['time']) * 1000:8.1f} ms  {text[:160]}", flush=True)

    def record(self, name, seconds, queries, floor_seconds, equal, note=""):
        ratio = seconds / floor_seconds if floor_seconds else None
        self.rows.append(
            {
                "path": name,
                "ms": round(seconds * 1000, 1),
                "queries": queries,
                "floor_ms": round(floor_seconds * 1000, 1) if floor_seconds else None,
                "ratio": round(ratio, 2) if ratio else None,
                "equal": equal,
                "note": note,
            }
        )
        floor = f"{floor_seconds * 1000:9.1f}" if floor_seconds else "        —"
        shown = f"{ratio:6.2f}" if ratio else "     —"
        print(
            f"{name:42} {seconds * 1000:9.1f} ms {queries:4d} q  sàn {floor} ms  ×{shown}  "
            f"{'khớp' if equal else ('—' if equal is None else 'KHÁC')} {note}",
            flush=True,
        )

    def dashboard(self, who: str, unit):
        query = f"?tu={self.period.start:%d/%m/%Y}&den={self.period.end:%d/%m/%Y}"
        seconds, queries, response = self.get(
            who, reverse("reports:dashboard", args=[unit.pk]) + query
        )
        prefixes = figures.unit_prefixes(unit)
        # The country and the provinces read counters kept by the database: their floor
        # reads the same counters by hand (the rows' floor of the country runs for minutes).
        counted = counted_units(minimal_prefixes(prefixes)) is not None
        floor_fn = floor_statistics_counted if counted else floor_statistics
        floor_s, floor = timed(lambda: floor_fn(prefixes, self.period), self.repeat)
        stats = response.context["stats"].counts
        children = {row["unit"].pk: row["admitted"] for row in response.context["children"]}
        floor_c = floor_children(unit, self.period.start, self.period.end)
        equal = all(stats[k] == floor[k] for k in floor) and all(
            children[k] == floor_c.get(k, 0) for k in children
        )
        self.record(f"bảng điều khiển {who}", seconds, queries, floor_s, equal)
        with override_settings(PTDV_REPORT_CACHE=True):
            seconds, queries, response = self.get(
                who, reverse("reports:dashboard", args=[unit.pk]) + query
            )
        served = response.context["stats"].counts
        self.record(
            f"bảng điều khiển {who} (mở lại)",
            seconds,
            queries,
            floor_s,
            all(served[k] == floor[k] for k in floor),
            "từ bộ nhớ đệm",
        )

    def targets(self, who: str, unit):
        url = reverse("targets:unit", args=[unit.pk]) + f"?ngay={self.today:%d/%m/%Y}"
        seconds, queries, response = self.get(who, url)
        selected = response.context["selected"]
        rows = {r.unit.pk: r.admitted for r in response.context.get("children_rows", [])}
        end = min(self.today, selected.period_end)
        floor_s, floor = timed(
            lambda: floor_children(unit, selected.period_start, end), self.repeat
        )
        equal = all(rows[k] == floor.get(k, 0) for k in rows) and bool(rows)
        self.record(f"chỉ tiêu {who} (kèm đơn vị trực thuộc)", seconds, queries, floor_s, equal)

    def ranking(self, who: str, unit):
        url = reverse("targets:ranking", args=[unit.pk]) + f"?ngay={self.today:%d/%m/%Y}"
        seconds, queries, response = self.get(who, url)
        start = date(self.today.year, 1, 1)
        floor_s, floor = timed(lambda: floor_ranking(unit, start, self.today), self.repeat)
        rows = {r.unit.pk: (r.admitted, r.members_at_start) for r in response.context["rows"]}
        equal = all(rows[k] == floor.get(k, (0, 0)) for k in rows) and bool(rows)
        self.record(f"xếp hạng thi đua {who}", seconds, queries, floor_s, equal)

    def watch(self, who: str, unit):
        url = reverse("targets:watch", args=[unit.pk]) + f"?ngay={self.today:%d/%m/%Y}"
        seconds, queries, response = self.get(who, url)
        years = response.context["years"]
        prefixes = figures.unit_prefixes(unit)

        def floor_lists():
            return (
                floor_quiet(prefixes, self.today, years),
                *floor_watch_cells(prefixes, self.today),
            )

        floor_s, floor = timed(floor_lists, self.repeat)
        lists = ("quiet_cells", "cells_without_source", "residential_cells_without_members")
        equal = tuple(len(response.context[name]) for name in lists) == floor
        self.record(
            f"danh sách cần theo dõi {who}",
            seconds,
            queries,
            floor_s,
            equal,
            "(sàn: ba danh sách chi bộ, chưa gồm chỉ tiêu chậm tiến độ)",
        )

    def makeup(self, who: str, unit):
        query = f"?tu={self.period.start:%d/%m/%Y}&den={self.period.end:%d/%m/%Y}"
        seconds, queries, _ = self.get(who, reverse("reports:makeup-xlsx", args=[unit.pk]) + query)
        prefixes = figures.unit_prefixes(unit)
        # The country and the provinces read counters kept by the database: their floor
        # reads the same counters by hand (the rows' floor of the country runs for minutes).
        counted = counted_units(minimal_prefixes(prefixes)) is not None
        floor_fn = floor_statistics_counted if counted else floor_statistics
        floor_s, floor = timed(lambda: floor_fn(prefixes, self.period), self.repeat)
        stats = figures.statistics(unit, self.period, prefixes).counts
        equal = all(stats[k] == floor[k] for k in floor)
        self.record(f"cơ cấu đảng viên mới {who} (.xlsx)", seconds, queries, floor_s, equal)

    def trends(self, who: str, unit):
        prefixes = figures.unit_prefixes(unit)

        def ours():
            with CaptureQueriesContext(connection) as queries:
                series = timeseries.trends(prefixes, self.period, "month")
            return series, len(queries)

        seconds, (series, queries) = timed(ours, self.repeat)
        floor_s, floor = timed(lambda: floor_months(prefixes, self.period), self.repeat)
        equal = all(
            row["count"] == floor.get((row["bucket"].year, row["bucket"].month), 0)
            for row in series
        )
        self.record(f"xu hướng theo tháng {who}", seconds, queries, floor_s, equal)

    def worklist(self, who: str, unit):
        from ptdv.recruitment.rules import rule
        from ptdv.recruitment.services import states_waiting_for

        url = reverse("recruitment:worklist", args=[unit.pk])
        seconds, queries, response = self.get(who, url)
        work = response.context["work"]
        prefixes = figures.unit_prefixes(unit)
        cert_horizon = self.today + timedelta(days=rule("CERTIFICATE_WARNING_DAYS"))
        waiting = states_waiting_for(self.users[who])
        floor_s, floor = timed(
            lambda: floor_worklist(prefixes, self.today, work.horizon, cert_horizon, waiting),
            self.repeat,
        )
        totals = (work.overdue_total, work.due_soon_total, work.waiting_total)
        self.record(
            f"việc cần làm {who}",
            seconds,
            queries,
            floor_s,
            totals == floor,
            f"(sàn: ba tổng trong một lần đọc hồ sơ đang mở; {totals[0]}/{totals[1]}/{totals[2]})",
        )

    def export(self, who: str, unit):
        seconds, queries, response = self.get(
            who, reverse("imports:export-members", args=[unit.pk])
        )
        from openpyxl import load_workbook

        sheet = load_workbook(BytesIO(response.content), read_only=True).active
        data_rows = sum(1 for row in sheet.iter_rows(values_only=True) if row and row[0])
        prefixes = figures.unit_prefixes(unit)
        floor_s, floor = timed(lambda: floor_member_export(prefixes), self.repeat)
        openpyxl_s, _ = timed(lambda: floor_member_export_openpyxl(prefixes), self.repeat)
        self.record(
            f"xuất danh sách đảng viên {who} (.xlsx)",
            seconds,
            queries,
            floor_s,
            data_rows - HEADER_ROWS == floor,
            f"({data_rows - HEADER_ROWS} đảng viên trong tệp, sàn {floor};"
            f" sàn cũ, openpyxl ghi luồng: {openpyxl_s * 1000:.0f} ms)",
        )

    def form(self, who: str, unit):
        query = f"?tu={self.period.start:%d/%m/%Y}&den={self.period.end:%d/%m/%Y}"
        seconds, queries, response = self.get(who, reverse("reports:form", args=[unit.pk]) + query)
        floor_s, floor = timed(
            lambda: floor_children(unit, self.period.start, self.period.end), self.repeat
        )
        columns = response.context["columns"]
        equal = all(c.counts["admitted"] == floor.get(c.unit.pk, 0) for c in columns if c.unit)
        self.record(f"biểu thống kê {who}", seconds, queries, floor_s, equal)


PATHS = [
    ("dashboard", "national"),
    ("dashboard", "province"),
    ("dashboard", "commune"),
    ("targets", "province"),
    ("targets", "commune"),
    ("watch", "province"),
    ("ranking", "province"),
    ("makeup", "province"),
    ("trends", "province"),
    ("worklist", "province"),
    ("worklist", "commune"),
    ("export", "commune"),
    ("form", "province"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--province", type=int, default=42)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 12, 1))
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument(
        "--skip", action="append", default=[], help="levels to leave out: national, province…"
    )
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument(
        "--statements", type=int, default=0, help="print each page's N slowest statements"
    )
    args = parser.parse_args()
    setup_test_environment()
    from unittest import mock

    # The pages read "today" from the clock; the dataset was generated for `--today`.
    with (
        mock.patch("django.utils.timezone.localdate", return_value=args.today),
    ):
        bench = Bench(
            repeat=args.repeat,
            today=args.today,
            province_code=args.province,
            statements=args.statements,
        )
        members = sql("SELECT COUNT(*) FROM people_member")[0][0]
        print(
            f"{connection.vendor}, {members} đảng viên; tỉnh {bench.province.name}, "
            f"xã {bench.commune.name}; ngày {args.today:%d/%m/%Y}, lặp {args.repeat}",
            flush=True,
        )
        units = {"national": bench.root, "province": bench.province, "commune": bench.commune}
        for name, who in PATHS:
            if (args.only and name not in args.only) or who in args.skip:
                continue
            getattr(bench, name)(who, units[who])
    if args.json:
        args.json.write_text(
            json.dumps({"members": members, "rows": bench.rows}, ensure_ascii=False, indent=1)
        )


if __name__ == "__main__":
    main()
