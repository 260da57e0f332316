"""Scope and subtree queries on the national demo tree, against raw SQL on the same data.

Builds the demo in a throw-away database (SQLite file in a temp dir, or a new PostgreSQL
database when DATABASE_URL points to a server), then prints median timings and ratios.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("PTDV_TESTING", "1")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ptdv.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def median_ms(fn, repeat=30) -> float:
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from ptdv.accounts.models import User
        from ptdv.demo.builder import build_demo
        from ptdv.organizations import selectors
        from ptdv.organizations.models import Organization
        from ptdv.organizations.scope import forget_scope, scope_prefixes

        build_demo(quick=False, log=lambda *a: None)
        province = User.objects.get(username="btc.ninhbinh")
        commune = User.objects.get(username="vp.phuctrach")
        table = Organization._meta.db_table
        like = "LIKE %s" if connection.vendor == "postgresql" else ">= %s AND path < %s"

        def raw_count(prefix):
            params = [prefix + "%"] if connection.vendor == "postgresql" else [prefix, prefix + "~"]
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE path {like}", params)
                return cursor.fetchone()[0]

        rows = [("thao tác", "PTĐV (ms)", "SQL thuần (ms)", "tỉ lệ")]
        total = Organization.objects.count()
        for label, user in [
            ("phạm vi tỉnh (có đơn vị hợp nhất)", province),
            ("phạm vi xã", commune),
        ]:

            def ours(user=user):
                forget_scope(user)
                return Organization.objects.for_user(user).count()

            prefixes = scope_prefixes(user)

            def floor(prefixes=prefixes):
                return sum(raw_count(p) for p in prefixes)

            assert ours() == floor(), (label, ours(), floor())
            a, b = median_ms(ours), median_ms(floor)
            rows.append((label, f"{a:.2f}", f"{b:.2f}", f"{a / b:.2f}"))
        unit = Organization.objects.get(code="T37")
        a = median_ms(lambda: Organization.objects.under(unit).count())
        b = median_ms(lambda: raw_count(unit.path))
        rows.append(("cây con một tỉnh", f"{a:.2f}", f"{b:.2f}", f"{a / b:.2f}"))
        admin = User.objects.get(username="quantri")
        a = median_ms(lambda: list(selectors.search(admin, "huong khe")))
        with connection.cursor() as cursor:
            sql = (
                f"SELECT id FROM {table} WHERE search_key LIKE %s ORDER BY depth, sort_key LIMIT 50"
            )

            def raw_search():
                cursor.execute(sql, ["%huong%khe%"])
                return cursor.fetchall()

            b = median_ms(raw_search)
        rows.append(("tìm không dấu «huong khe»", f"{a:.2f}", f"{b:.2f}", f"{a / b:.2f}"))
        print(f"{connection.vendor}: {total} tổ chức đảng")
        for row in rows:
            print(f"{row[0]:<38}{row[1]:>12}{row[2]:>16}{row[3]:>8}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
