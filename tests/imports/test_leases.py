"""A job holds a lease that its worker renews; when the worker dies the lease runs out, the
job is marked failed with the reason, and its owner can run it again."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from ptdv.imports import runner, services
from ptdv.imports.models import ImportJob, JobStatus
from ptdv.people.models import Member
from tests.imports import books

WORKER = """
import sys, time
import django
django.setup()
from django.conf import settings
from ptdv.imports import members, services

settings.PTDV_IMPORTS = {"LEASE_SECONDS": 2, "PROGRESS_EVERY": 1}
real = members._write_row

def slow(row, unit, user):
    print("writing", flush=True)
    time.sleep(60)  # killed here, inside the transaction of the rows
    return real(row, unit, user)

members._write_row = slow
services.job_run_commit(job_id=int(sys.argv[1]), user_id=int(sys.argv[2]))
"""


def _database_for_a_process(tmp_path) -> tuple[str, object]:
    """A DATABASE_URL that another process can open, and how to read its changes back."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        # The test database lives in memory: copy it to a file with SQLite's online backup,
        # and copy the file back once the other process is done.
        path = tmp_path / "worker.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)

        def read_back():
            with sqlite3.connect(path) as source:
                source.backup(connection.connection)

        return f"sqlite:///{path}", read_back
    url = (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    return url, lambda: None


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_leaves_a_failed_job_that_runs_again(
    tree, login, tmp_path, settings
):
    client = login(tree.office_c1)
    job = services.job_create(
        acting_user=tree.office_c1,
        kind="members",
        file_name="ds.xlsx",
        content=books.xlsx(books.three_members()),
    )
    services.job_check(acting_user=tree.office_c1, job=job)
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.WRITE_QUEUED)
    url, read_back = _database_for_a_process(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "ptdv.settings_test",
        "PTDV_HOME": str(tmp_path),
    }
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(job.pk), str(tree.office_c1.pk)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert worker.stdout.readline().strip() == "writing"
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL
    read_back()
    job.refresh_from_db()
    assert job.status == JobStatus.WRITING and job.attempt == 1
    assert not Member.objects.exists()  # its transaction died with it

    time.sleep(2.1)  # the lease (2 s in that worker) runs out
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.result["retry"] == "write"
    assert "Tiến trình chạy nền đã dừng giữa chừng khi ghi tệp" in page
    assert "chưa ghi dòng nào" in page and "Chạy lại" in page

    client.post(reverse("imports:retry", args=[job.pk]))  # tasks run at once in tests
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempt == 2
    assert Member.objects.count() == 3


@pytest.mark.django_db
def test_a_running_job_keeps_its_lease_and_an_expired_one_is_failed_once(tree):
    job = services.job_create(
        acting_user=tree.office_c1,
        kind="members",
        file_name="ds.xlsx",
        content=books.xlsx([books.member()]),
    )
    services.job_check(acting_user=tree.office_c1, job=job)
    assert services.jobs_expire_leases() == 0
    past = timezone.now() - timedelta(seconds=5)
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.CHECKING, lease_expires_at=past)
    fresh = ImportJob.objects.get(pk=job.pk)
    assert services.jobs_expire_leases() == 1
    assert services.jobs_expire_leases() == 0
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.result["retry"] == "check"
    assert job.result["problems"][0]["message"].startswith(
        "Tiến trình chạy nền đã dừng giữa chừng khi kiểm tra tệp"
    )
    # Only the owner runs it again, once.
    with pytest.raises(Exception, match="Chỉ người đã tải tệp lên"):
        services.job_retry(acting_user=tree.officer_p1, job=job)
    services.job_retry(acting_user=tree.office_c1, job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.READY
    with pytest.raises(Exception, match="Chỉ chạy lại được lần nhập bị dừng giữa chừng"):
        services.job_retry(acting_user=tree.office_c1, job=fresh)


@pytest.mark.django_db
def test_a_run_that_lost_its_job_writes_nothing(tree, monkeypatch):
    """Idempotent commit: the job becomes DONE with its rows only if the run still holds it."""
    job = services.job_create(
        acting_user=tree.office_c1,
        kind="members",
        file_name="ds.xlsx",
        content=books.xlsx([books.member()]),
    )
    services.job_check(acting_user=tree.office_c1, job=job)
    real = runner._lease_kept

    def taken_meanwhile(job):
        # The lease ran out and the job was marked failed while the rows were written.
        ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED)
        return real(job)

    monkeypatch.setattr(runner, "_lease_kept", taken_meanwhile)
    services.job_commit(acting_user=tree.office_c1, job=job)
    assert not Member.objects.exists()
    assert ImportJob.objects.get(pk=job.pk).status == JobStatus.FAILED
