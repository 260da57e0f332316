"""Concurrent officers on a province dashboard: gunicorn (4 workers) on 127.0.0.1, a bounded
load loop, p50/p95/max and errors.

    DATABASE_URL=postgres://…/ptdv_500k .venv/bin/python bench/load.py \
        [--users 50] [--requests 4] [--province 42] [--port 8011] [--today 2026-12-01]

Starts gunicorn itself (and stops it, by its process id), logs the users in by writing their
sessions, opens the page once (the report cache then holds it, as it does once any officer
has opened it since the last write; `--cold` skips this, `--no-cache` computes every
request: reports/cache.py), then runs `--users` threads, each making `--requests` requests
one after the other (so at most `--users` requests are in flight and the run ends). With
`--write-every S` a committed write to a person of a cell of the province every S seconds
(the page is computed again after each), `--write-elsewhere` puts it in another province
(the page stays current). Only 127.0.0.1 is contacted.
"""

import argparse
import collections
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ptdv.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")  # plain HTTP on 127.0.0.1
os.environ.setdefault("BEHIND_HTTPS_PROXY", "false")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connections  # noqa: E402

from ptdv.accounts.models import User  # noqa: E402
from ptdv.organizations.models import Organization  # noqa: E402


def session_for(user) -> str:
    """A logged-in session of `user`, with the second factor their role needs already given
    (their TOTP device is enrolled once: the only rows the benchmark writes besides the
    sessions); without it every request would be answered by the code page."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from ptdv.accounts import twofactor

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if twofactor.required_for(user):
        session[DEVICE_ID_SESSION_KEY] = twofactor.enrol_confirmed(user).persistent_id
    session.save()
    return session.session_key


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect (to the login or the code page) is an error here, not the page asked."""

    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(_NoRedirect)


def wait_until_up(url: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=20)
            return
        except urllib.error.HTTPError:
            return  # it answers (a redirect to the login page, a 404…)
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn không khởi động được.")


def person_under(unit: Organization) -> int:
    """A person of a cell under `unit` (the cell found first, then a person of it: each by
    an index)."""
    from ptdv.people.models import Person

    cells = Organization.objects.filter(path__startswith=unit.path, kind__is_cell=True)
    for cell in cells.order_by()[:50]:
        person = Person.objects.filter(organization=cell).values_list("pk", flat=True).first()
        if person is not None:
            return person
    raise SystemExit(f"Không có người nào dưới {unit.name}.")


def touch(person: int) -> None:
    """A committed write that changes no value, to `person`: the report cache's entries of
    the pages above the person's cell are computed again after it, as after any write
    there (reports/cache.py)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("UPDATE people_person SET phone = phone WHERE id = %s", [person])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--requests", type=int, default=4)
    parser.add_argument("--province", type=int, default=42)
    parser.add_argument("--port", type=int, default=8011)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--timeout", type=int, default=30)
    parser.add_argument(
        "--cold", action="store_true", help="a write, then no first opening: computed at once"
    )
    parser.add_argument("--no-cache", action="store_true", help="compute every request")
    parser.add_argument(
        "--write-every",
        type=float,
        default=0,
        help="seconds between two writes during the run (an update that changes no value, "
        "committed: the cached pages above it are computed again after it)",
    )
    parser.add_argument(
        "--write-elsewhere",
        action="store_true",
        help="write under another province (the page's entry stays current)",
    )
    args = parser.parse_args()

    province = Organization.objects.get(code=f"T{args.province:02d}")
    written = province
    if args.write_elsewhere:
        written = Organization.objects.filter(parent=province.parent, merged_into=None)
        written = written.exclude(pk=province.pk).filter(code__startswith="T").first()
    written = person_under(written)
    user = User.objects.filter(organization=province, role="board_officer").first()
    cookies = [session_for(user) for _ in range(args.users)]
    base = f"http://127.0.0.1:{args.port}"
    url = f"{base}/bao-cao/{province.pk}/"
    env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1"}
    if args.no_cache:
        env["PTDV_REPORT_CACHE"] = "false"
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "ptdv.wsgi:application",
            f"--bind=127.0.0.1:{args.port}",
            f"--workers={args.workers}",
            f"--timeout={args.timeout}",
            "--log-level=warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        wait_until_up(base + "/")
        if args.cold:
            touch(written)
        else:
            first = urllib.request.Request(
                url, headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookies[0]}"}
            )
            start = time.perf_counter()
            with OPENER.open(first, timeout=args.timeout + 5) as response:
                response.read()
            print(f"lần mở đầu tiên (chưa tính): {time.perf_counter() - start:.2f} s")
        samples, errors, lock = [], [], threading.Lock()

        def officer(cookie: str) -> None:
            for _ in range(args.requests):
                request = urllib.request.Request(
                    url, headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"}
                )
                start = time.perf_counter()
                try:
                    with OPENER.open(request, timeout=args.timeout + 5) as response:
                        response.read()
                        ok = response.status == 200
                except (OSError, urllib.error.HTTPError) as exc:
                    ok = False
                    with lock:
                        errors.append(str(exc))
                elapsed = time.perf_counter() - start
                with lock:
                    if ok:
                        samples.append(elapsed)

        threads = [threading.Thread(target=officer, args=(c,)) for c in cookies]
        done, writes = threading.Event(), []

        def writer() -> None:
            while not done.wait(args.write_every):
                touch(written)
                writes.append(1)
            connections.close_all()

        if args.write_every:
            threads.append(threading.Thread(target=writer))
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads[: len(cookies)]:
            thread.join()
        done.set()
        for thread in threads[len(cookies) :]:
            thread.join()
        wall = time.perf_counter() - started
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    samples.sort()
    total = args.users * args.requests
    if samples:
        p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
        print(
            f"{args.users} người dùng × {args.requests} lượt = {total} yêu cầu trong {wall:.1f} s; "
            f"thành công {len(samples)}, lỗi {len(errors)}; "
            f"p50 {statistics.median(samples):.2f} s, "
            f"p95 {p95:.2f} s, lâu nhất {samples[-1]:.2f} s"
            + (f"; {len(writes)} lần ghi trong lúc chạy" if args.write_every else "")
        )
        if errors:
            kinds = collections.Counter(errors).most_common(3)
            print("lỗi: " + "; ".join(f"{n} × {kind}" for kind, n in kinds))
    else:
        print(f"{total} yêu cầu, không yêu cầu nào thành công; lỗi: {errors[:3]}")


if __name__ == "__main__":
    main()
