"""Running an import job, one way: the file read in a child process with limits (`sandbox`),
checked and planned by its kind (`kinds.plan`), then written by its kind in one transaction
(`kinds.apply`). The job's status and progress live in its row, written outside the
all-or-nothing transaction, so the job page polls them and shows where the job stands after a
reload. A run holds a lease renewed while it works; `jobs_expire_leases` marks failed the jobs
whose worker died. The background tasks (`tasks.py`) call `job_run_check` / `job_run_commit`.
"""

import functools
import gc
import threading
import time
from contextlib import contextmanager, suppress
from datetime import timedelta

from django.db import DatabaseError, connections, transaction
from django.db.models import F
from django.utils import timezone

from ptdv.accounts.audit import audit_record
from ptdv.accounts.models import register_event_labels
from ptdv.core.errors import DomainError, StaleState
from ptdv.imports import engine, kept, kinds
from ptdv.imports.conf import limit
from ptdv.imports.models import LEASED, ImportJob, JobStatus
from ptdv.imports.reading import FileRejected
from ptdv.imports.sandbox import read_in_child

register_event_labels(
    {
        "import_checked": "Kiểm tra tệp nhập dữ liệu",
        "import_committed": "Nhập dữ liệu từ tệp",
    }
)

MAX_PROBLEMS = 5_000  # kept in the job's result, listed on screen and in the error report


def save(job: ImportJob, **fields) -> None:
    """Write the job's state at once (outside any transaction of the caller's rows)."""
    for name, value in fields.items():
        setattr(job, name, value)
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def claim(job: ImportJob, statuses: tuple, **fields) -> bool:
    """Move the job out of one of `statuses` with a conditional update: of two confirmations,
    or two workers given the same task, exactly one moves it (and writes the file)."""
    changed = ImportJob.objects.filter(pk=job.pk, status__in=statuses).update(**fields)
    if changed != 1:
        return False
    for name, value in fields.items():
        setattr(job, name, value)
    return True


def _lease_until(extra_seconds: int = 0):
    return timezone.now() + timedelta(seconds=limit("LEASE_SECONDS") + extra_seconds)


def _renew(job: ImportJob, extra_seconds: int = 0, force: bool = False) -> None:
    """Renew the lease of the run holding the job (at most a few times per lease)."""
    now = time.monotonic()
    if not force and now - getattr(job, "_renewed", 0) < limit("LEASE_SECONDS") / 4:
        return
    job._renewed = now
    ImportJob.objects.filter(pk=job.pk, attempt=job.attempt, status__in=LEASED).update(
        lease_expires_at=_lease_until(extra_seconds)
    )


@contextmanager
def _lease_kept(job: ImportJob):
    """Renew the lease from a thread of its own (its own database connection) while the
    rows are written in one long transaction, whose own writes nobody sees until it ends."""
    stop = threading.Event()

    def keep() -> None:
        try:
            while not stop.wait(limit("LEASE_SECONDS") / 3):
                # SQLite: the write transaction holds the lock; the lease was extended before.
                with suppress(DatabaseError):
                    _renew(job, force=True)
        finally:
            connections.close_all()

    keeper = threading.Thread(target=keep, name=f"lease-{job.pk}", daemon=True)
    keeper.start()
    try:
        yield
    finally:
        stop.set()
        keeper.join()


def _take(job_id: int, from_status: str, to_status: str) -> ImportJob | None:
    """Take a job for one run: a conditional update, so a task delivered twice (or a job
    taken meanwhile) runs once."""
    taken = ImportJob.objects.filter(pk=job_id, status=from_status).update(
        status=to_status, attempt=F("attempt") + 1, lease_expires_at=_lease_until()
    )
    if not taken:
        return None
    return ImportJob.objects.select_related("created_by").get(pk=job_id)


INTERRUPTED = (
    "Tiến trình chạy nền đã dừng giữa chừng khi {what} tệp (lần cuối còn chạy lúc {when}): "
    "chưa ghi dòng nào. Bấm «Chạy lại» để {what} lại."
)


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def jobs_expire_leases() -> int:
    """Mark failed the running jobs whose worker died (their lease ran out): the user is
    told why and may run the job again. Conditional updates: a job that finished or was
    renewed meanwhile is left alone. Returns how many were marked."""
    now = timezone.now()
    marked = 0
    expired = ImportJob.objects.filter(status__in=LEASED, lease_expires_at__lt=now).defer("content")
    try:
        for job in expired:
            phase = "check" if job.status == JobStatus.CHECKING else "write"
            message = INTERRUPTED.format(
                what="kiểm tra" if phase == "check" else "ghi",
                when=_local(job.lease_expires_at - timedelta(seconds=limit("LEASE_SECONDS"))),
            )
            problem = engine.Problem(0, "", message).as_dict()
            marked += ImportJob.objects.filter(
                pk=job.pk, status=job.status, attempt=job.attempt, lease_expires_at__lt=now
            ).update(
                status=JobStatus.FAILED,
                lease_expires_at=None,
                finished_at=now,
                result={**(job.result or {}), "problems": [problem], "retry": phase},
            )
    except DatabaseError:
        pass  # SQLite busy with a long write: the next look at the jobs tries again
    return marked


SYSTEM_ERROR = (
    "Lỗi hệ thống khi {what} tệp: chưa ghi dòng nào. Hãy tải tệp lên lại; nếu vẫn lỗi, "
    "báo quản trị viên (lần nhập số {pk})."
)


def _fail(job: ImportJob, status: str, message: str) -> None:
    problem = engine.Problem(0, "", message).as_dict()
    save(
        job,
        status=status,
        result={**(job.result or {}), "problems": [problem]},
        finished_at=timezone.now(),
    )


def job_run_check(*, job_id: int) -> None:
    """The background check of a queued job (a job already taken is left alone). An
    unexpected error is recorded on the job in Vietnamese and raised again for the worker."""
    job = _take(job_id, JobStatus.QUEUED, JobStatus.CHECKING)
    if job is None:
        return
    if job.created_by is None or not job.created_by.is_active:
        _fail(job, JobStatus.REJECTED, "Tài khoản đã tải tệp lên không còn hoạt động.")
        return
    try:
        job_check(acting_user=job.created_by, job=job)
    except StaleState:
        return  # another worker took the same task first
    except Exception:
        _fail(job, JobStatus.REJECTED, SYSTEM_ERROR.format(what="kiểm tra", pk=job.pk))
        raise


def job_run_commit(*, job_id: int, user_id: int) -> None:
    """The background write of a confirmed job (all rows or none). An unexpected error is
    recorded on the job in Vietnamese and raised again for the worker; the transaction of
    the rows has been rolled back by then."""
    from django.contrib.auth import get_user_model

    job = _take(job_id, JobStatus.WRITE_QUEUED, JobStatus.WRITING)
    if job is None:
        return
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        _fail(job, JobStatus.FAILED, "Tài khoản đã xác nhận ghi không còn hoạt động.")
        return
    try:
        job_commit(acting_user=user, job=job)
    except StaleState:
        return  # another worker took the same task first
    except Exception:
        _fail(job, JobStatus.FAILED, SYSTEM_ERROR.format(what="ghi", pk=job.pk))
        raise


def read_file(job: ImportJob, heartbeat=None):
    """The file read in a child process with limits (see sandbox.py)."""
    return read_in_child(kinds.kind_of(job.kind), job.file_name, bytes(job.content), heartbeat)


def _without_cyclic_gc(run):
    """Run an import step with Python's cyclic garbage collector paused: the step makes
    some ten objects per cell (the rows, their values, the rows to insert), none in a
    cycle, and the collector would walk all of them again and again as they accumulate.
    Memory is freed as usual by reference counting; the collector runs once after."""

    @functools.wraps(run)
    def paused(*args, **kwargs):
        if not gc.isenabled():
            return run(*args, **kwargs)
        gc.disable()
        try:
            return run(*args, **kwargs)
        finally:
            gc.enable()

    return paused


def may_commit(job: ImportJob, acting_user, *statuses) -> None:
    if job.status not in statuses:
        raise DomainError("Chỉ ghi được tệp đã kiểm tra xong và không có lỗi.")
    if job.created_by_id != acting_user.pk:
        raise DomainError("Chỉ người đã tải tệp lên mới được xác nhận ghi.")


@_without_cyclic_gc
def job_check(*, acting_user, job: ImportJob) -> ImportJob:
    """Read and check every row: the result holds the problems, or the preview."""
    claimed = claim(
        job,
        (JobStatus.QUEUED, JobStatus.CHECKING),  # CHECKING: taken by `_take` for this run
        status=JobStatus.CHECKING,
        progress=0,
        result={},
        lease_expires_at=_lease_until(),
    )
    if not claimed:
        raise StaleState("Tệp này đang được kiểm tra hoặc đã kiểm tra xong.")
    try:
        table = read_file(job, heartbeat=lambda: _renew(job))
    except FileRejected as error:
        problem = engine.Problem(0, "", error.message).as_dict()
        save(
            job,
            status=JobStatus.REJECTED,
            result={"problems": [problem]},
            finished_at=timezone.now(),
        )
        return job
    save(job, total_rows=len(table.rows))
    if not table.rows:
        problem = engine.Problem(
            0, "", f"Trang tính «{table.sheet}» không có dòng dữ liệu nào dưới dòng tiêu đề."
        )
        save(
            job,
            status=JobStatus.REJECTED,
            result={"problems": [problem.as_dict()], "sheet": table.sheet},
            finished_at=timezone.now(),
        )
        return job
    every = limit("PROGRESS_EVERY")

    def progress(done: int) -> None:
        if done - job.progress >= every:
            save(job, progress=done)
            _renew(job)

    plan = kinds.plan(job, table, acting_user, progress)
    problems = [p.as_dict() for p in plan.problems[:MAX_PROBLEMS]]
    if len(plan.problems) > MAX_PROBLEMS:
        more = len(plan.problems) - MAX_PROBLEMS
        message = f"… và {more:,} lỗi khác: hãy sửa các lỗi trên rồi tải lại tệp.".replace(",", ".")
        problems.append(engine.Problem(0, "", message).as_dict())
    result = {
        "sheet": table.sheet,
        "header_row": table.header_row,
        "ignored_columns": table.unknown_headers,
        "counts": plan.counts(),
        "problems": problems,
        "preview": [row.summary() for row in plan.rows[: limit("PREVIEW_ROWS")]],
    }
    status = JobStatus.REJECTED if plan.problems else JobStatus.READY
    kept.keep(job, kinds.kind_of(job.kind), plan)
    save(job, status=status, progress=len(table.rows), result=result, finished_at=timezone.now())
    audit_record(
        actor=acting_user,
        event="import_checked",
        obj=job,
        organization=job.organization,
        new={"rows": len(table.rows), "problems": len(plan.problems), "status": status},
    )
    return job


@_without_cyclic_gc
def job_commit(*, acting_user, job: ImportJob) -> ImportJob:
    """Write a checked file: checked again (the database may have changed since: the plan
    kept by the check when what it rests on is unchanged, `kept.recheck`, otherwise the file
    read and checked from the start), then all rows in one transaction. Any refusal leaves
    the database as it was.

    Progress: the second check runs outside any transaction, so its progress (phase
    «recheck») is written row by row and seen by the job page. The rows are then written in
    one transaction (phase «write»): progress written inside it would only be seen once it
    commits (or never, on a rollback), so none is written and the page shows «đang ghi».
    """
    may_commit(job, acting_user, JobStatus.READY, JobStatus.WRITE_QUEUED, JobStatus.WRITING)
    base = {key: value for key, value in (job.result or {}).items() if key != "phase"}
    claimed = claim(
        job,
        (JobStatus.READY, JobStatus.WRITE_QUEUED, JobStatus.WRITING),  # WRITING: by `_take`
        status=JobStatus.WRITING,
        progress=0,
        result={**base, "phase": "recheck"},
        lease_expires_at=_lease_until(),
    )
    if not claimed:
        raise StaleState("Tệp này đang được ghi hoặc đã ghi xong: chỉ ghi một lần.")
    every = limit("PROGRESS_EVERY")

    def progress(done: int) -> None:
        if done - job.progress >= every:
            save(job, progress=done)
            _renew(job)

    # The plan kept by the check, if what it rests on has not changed; else from the start.
    plan, total = kept.recheck(job, kinds.kind_of(job.kind), acting_user), job.total_rows
    if plan is None:
        table = read_file(job, heartbeat=lambda: _renew(job))
        plan, total = kinds.plan(job, table, acting_user, progress), len(table.rows)
    if plan.problems:
        kept.forget(job)
        save(
            job,
            status=JobStatus.REJECTED,
            result={**base, "problems": [p.as_dict() for p in plan.problems]},
            finished_at=timezone.now(),
        )
        return job
    save(job, progress=total, result={**base, "phase": "write"})
    # The transaction may outlast a lease (SQLite cannot renew it meanwhile): extend it by
    # a generous estimate of the writing time, 50 rows a second.
    _renew(job, extra_seconds=total // 50, force=True)
    try:
        with _lease_kept(job), transaction.atomic():
            counts = kinds.apply(job, plan, acting_user)
            audit_record(
                actor=acting_user,
                event="import_committed",
                obj=job,
                organization=job.organization,
                new={"file": job.file_name, **counts},
            )
            # Idempotent: the job becomes DONE in the same transaction as its rows, and
            # only if this run still holds it (a run whose lease was taken writes nothing).
            finished = ImportJob.objects.filter(
                pk=job.pk, status=JobStatus.WRITING, attempt=job.attempt
            ).update(
                status=JobStatus.DONE,
                progress=total,
                result={**base, "written": counts},
                finished_at=timezone.now(),
                lease_expires_at=None,
            )
            if finished != 1:
                raise LeaseLost
            kept.forget(job)
    except LeaseLost:
        return job
    except engine.RowRefused as error:
        problem = engine.Problem(error.row, "", error.message).as_dict()
        save(
            job,
            status=JobStatus.FAILED,
            result={**base, "problems": [problem]},
            finished_at=timezone.now(),
        )
        return job
    job.refresh_from_db()
    return job


class LeaseLost(Exception):
    """The job was marked failed (its lease ran out) while this run wrote it."""
