"""Checking and writing run as background tasks (django-tasks): the request returns at once,
the job page polls the job's row, and a failing job keeps its Vietnamese error."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from ptdv.imports import members, services
from ptdv.imports.models import ImportJob, JobStatus
from ptdv.people.models import Member, Person
from tests.imports import books

pytestmark = pytest.mark.django_db


def counts():
    return Person.objects.count(), Member.objects.count()


def upload(client, rows, name="ds.xlsx"):
    file = SimpleUploadedFile(name, books.xlsx(rows))
    return client.post(reverse("imports:index"), {"kind": "members", "file": file})


def run_worker() -> list[DBTaskResult]:
    """The worker of `ptdv db_worker --batch`: every queued task, then it stops. Its calls to
    close_old_connections would close the test's connection (the test runs in a transaction)."""
    worker = db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    worker.run()
    return list(DBTaskResult.objects.order_by("enqueued_at"))


@pytest.fixture
def database_backend(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


@pytest.mark.usefixtures("database_backend")
def test_the_database_backend_queues_the_check_and_the_write_for_the_worker(tree, login):
    client = login(tree.office_c1)
    before = counts()
    response = upload(client, books.three_members())
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == JobStatus.QUEUED
    page = client.get(response["Location"]).content.decode()
    assert "Đang chờ kiểm tra" in page and 'hx-trigger="every 2s"' in page

    results = run_worker()
    assert [r.status for r in results] == ["SUCCESSFUL"], [r.traceback for r in results]
    job.refresh_from_db()
    assert job.status == JobStatus.READY and job.progress == 3
    assert counts() == before

    client.post(reverse("imports:commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.WRITE_QUEUED and counts() == before
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "Đang chờ ghi" in page and 'hx-trigger="every 2s"' in page

    results = run_worker()
    assert [r.status for r in results] == ["SUCCESSFUL", "SUCCESSFUL"]
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result["written"]["create"] == 3
    assert counts() == (before[0] + 3, before[1] + 3)
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "Đã ghi xong" in page and "hx-trigger" not in page


@pytest.mark.usefixtures("database_backend")
def test_the_api_answers_202_while_the_write_is_queued(tree, api):
    client = api(tree.office_c1)
    file = SimpleUploadedFile("ds.xlsx", books.xlsx([books.member()]))
    created = client.post(
        reverse("import-job-list"), {"kind": "members", "file": file}, format="multipart"
    )
    assert created.status_code == 201 and created.data["status"] == "queued"
    run_worker()
    assert client.get(reverse("import-job-detail", args=[created.data["id"]])).data["status"] == (
        "ready"
    )
    queued = client.post(reverse("import-job-commit", args=[created.data["id"]]))
    assert queued.status_code == 202 and queued.data["status"] == "write_queued"
    assert not Member.objects.exists()
    run_worker()
    assert Member.objects.filter(organization=tree.a).count() == 1


def test_with_the_immediate_backend_the_job_is_checked_and_written_in_the_request(tree, login):
    client = login(tree.office_c1)
    upload(client, books.three_members())
    job = ImportJob.objects.get()
    assert job.status == JobStatus.READY
    response = client.post(reverse("imports:commit", args=[job.pk]), follow=True)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert "Đã ghi xong tệp «ds.xlsx»." in response.content.decode()


def test_an_unexpected_error_while_writing_is_recorded_and_nothing_is_written(
    tree, login, monkeypatch
):
    client = login(tree.office_c1)
    upload(client, books.three_members())
    job = ImportJob.objects.get()
    before = counts()
    real = members._write_row
    calls = []

    def broken(row, unit, user):
        calls.append(row.row)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(row, unit, user)

    monkeypatch.setattr(members, "_write_row", broken)
    response = client.post(reverse("imports:commit", args=[job.pk]), follow=True)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and len(calls) == 2
    message = job.result["problems"][0]["message"]
    assert message.startswith("Lỗi hệ thống khi ghi tệp: chưa ghi dòng nào.")
    assert "Không ghi được: chưa có dòng nào được ghi." in response.content.decode()
    assert counts() == before


def test_an_unexpected_error_while_checking_is_recorded(tree, login, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(members, "plan_members", broken)
    upload(login(tree.office_c1), [books.member()])
    job = ImportJob.objects.get()
    assert job.status == JobStatus.REJECTED
    assert job.result["problems"][0]["message"].startswith("Lỗi hệ thống khi kiểm tra tệp")


def test_the_job_state_is_written_before_the_transaction_of_the_rows(tree, monkeypatch):
    """What other requests can see while the rows are written: the phase and the rows
    checked again, written outside the all-or-nothing transaction."""
    job = services.job_create(
        acting_user=tree.office_c1,
        kind="members",
        file_name="ds.xlsx",
        content=books.xlsx(books.three_members()),
    )
    services.job_check(acting_user=tree.office_c1, job=job)
    seen = []
    real = members.apply_members

    def spy(plan, user, progress=None, kind="members"):
        seen.append(ImportJob.objects.values("status", "progress", "result__phase").get())
        return real(plan, user, progress, kind)

    monkeypatch.setattr(members, "apply_members", spy)
    services.job_commit(acting_user=tree.office_c1, job=job)
    assert seen == [{"status": "writing", "progress": 3, "result__phase": "write"}]


def test_the_write_phase_shows_an_indeterminate_bar(tree, login):
    client = login(tree.office_c1)
    upload(client, [books.member()])
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.WRITING, total_rows=1200, progress=1200, result={"phase": "write"}
    )
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "Đang ghi 1.200 dòng trong một giao dịch" in page
    assert '<progress class="progress" aria-label="Tiến độ">' in page


def test_a_job_already_taken_is_not_run_twice(tree):
    job = services.job_create(
        acting_user=tree.office_c1,
        kind="members",
        file_name="ds.xlsx",
        content=books.xlsx([books.member()]),
    )
    services.job_check(acting_user=tree.office_c1, job=job)
    services.job_run_check(job_id=job.pk)  # a task delivered twice
    services.job_run_commit(job_id=job.pk, user_id=tree.office_c1.pk)  # not confirmed
    job.refresh_from_db()
    assert job.status == JobStatus.READY and not Member.objects.exists()


def test_two_confirmations_and_two_workers_write_the_file_once(tree):
    """Each holds a copy of the job read while it was still ready / queued: the conditional
    update lets exactly one of them move it, so the rows are written once."""
    from ptdv.core.errors import StaleState

    job = services.job_create(
        acting_user=tree.office_c1,
        kind="members",
        file_name="ds.xlsx",
        content=books.xlsx([books.member()]),
    )
    services.job_check(acting_user=tree.office_c1, job=job)
    first, second = ImportJob.objects.get(pk=job.pk), ImportJob.objects.get(pk=job.pk)
    services.job_confirm(acting_user=tree.office_c1, job=first)  # the immediate backend writes
    with pytest.raises(StaleState, match="đã được xác nhận ghi"):
        services.job_confirm(acting_user=tree.office_c1, job=second)
    assert Member.objects.count() == 1
    # A worker holding a stale "write queued" copy finds the job taken.
    stale = ImportJob.objects.get(pk=job.pk)
    stale.status = JobStatus.WRITE_QUEUED
    with pytest.raises(StaleState):
        services.job_commit(acting_user=tree.office_c1, job=stale)
    assert Member.objects.count() == 1
    assert ImportJob.objects.get(pk=job.pk).status == JobStatus.DONE


def test_the_progress_bar_is_full_when_every_row_is_checked(tree, login):
    """The bar's value is the share of the counts shown under it («3 / 3 dòng»: full); that
    it spans its card is seen in a browser (tests/browser/test_import_progress.py)."""
    client = login(tree.office_c1)
    upload(client, books.three_members())
    job = ImportJob.objects.get()
    assert (job.status, job.progress, job.total_rows) == (JobStatus.READY, 3, 3)
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "3 / 3 dòng" in page
    assert '<progress class="progress" max="100" value="100"' in page
