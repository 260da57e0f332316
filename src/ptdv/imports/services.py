"""Import jobs: upload, check (nothing written), confirm (everything written or nothing).

The request only keeps the file (`job_submit`) or accepts the confirmation (`job_confirm`) and
enqueues a background task (`tasks.py`, django-tasks); the worker runs the job
(`runner.job_check` / `runner.job_commit`): read, check, plan, apply, in that order.
"""

import re
from datetime import timedelta

from django.utils import timezone

from ptdv.accounts.audit import audit_record
from ptdv.accounts.models import register_event_labels
from ptdv.accounts.permissions import Action, user_can
from ptdv.core.errors import DomainError, RoleRefused, StaleState
from ptdv.imports.conf import limit
from ptdv.imports.kinds import kind_of
from ptdv.imports.models import ImportJob, JobStatus
from ptdv.imports.reading import FileRejected
from ptdv.imports.runner import (
    claim,
    job_check,
    job_commit,
    job_run_check,
    job_run_commit,
    jobs_expire_leases,
    may_commit,
    read_file,
)
from ptdv.imports.tasks import check_import, commit_import
from ptdv.training.models import AwarenessClass

register_event_labels({"import_retried": "Chạy lại lần nhập bị dừng giữa chừng"})

__all__ = [
    "error_table",
    "job_check",
    "job_commit",
    "job_confirm",
    "job_create",
    "job_retry",
    "job_run_check",
    "job_run_commit",
    "job_submit",
    "jobs_delete_old_files",
    "jobs_expire_leases",
    "visible_problems",
]


FINISHED = (JobStatus.DONE, JobStatus.REJECTED, JobStatus.FAILED)


def jobs_delete_old_files() -> int:
    """Delete the stored file of the jobs finished more than KEEP_FILES_DAYS ago (their
    result stays); returns how many."""
    before = timezone.now() - timedelta(days=limit("KEEP_FILES_DAYS"))
    return (
        ImportJob.objects.filter(status__in=FINISHED, finished_at__lt=before)
        .exclude(content=b"")
        .update(content=b"")
    )


def job_retry(*, acting_user, job: ImportJob) -> ImportJob:
    """Run again a job whose worker died: its check, or its writing (checked again first)."""
    phase = (job.result or {}).get("retry")
    if job.status != JobStatus.FAILED or phase not in ("check", "write"):
        raise DomainError("Chỉ chạy lại được lần nhập bị dừng giữa chừng.")
    if job.created_by_id != acting_user.pk:
        raise DomainError("Chỉ người đã tải tệp lên mới được chạy lại.")
    to_status = JobStatus.QUEUED if phase == "check" else JobStatus.WRITE_QUEUED
    result = {key: value for key, value in job.result.items() if key not in ("retry", "phase")}
    if phase == "check":
        result = {}
    moved = ImportJob.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
        status=to_status, progress=0, result=result, finished_at=None
    )
    if not moved:
        raise DomainError("Lần nhập đã được chạy lại.")
    audit_record(
        actor=acting_user,
        event="import_retried",
        obj=job,
        organization=job.organization,
        new={"phase": phase},
    )
    if phase == "check":
        check_import.enqueue(job_id=job.pk)
    else:
        commit_import.enqueue(job_id=job.pk, user_id=acting_user.pk)
    job.refresh_from_db()
    return job


def job_create(
    *, acting_user, kind: str, file_name: str, content: bytes, awareness_class=None
) -> ImportJob:
    """Keep an uploaded file as a job; nothing is read or written yet. Class results need
    the class (one the user sees)."""
    if kind_of(kind).per_class:
        visible = AwarenessClass.objects.for_user(acting_user)
        if awareness_class is None or not visible.filter(pk=awareness_class.pk).exists():
            raise DomainError("Phải chọn lớp bồi dưỡng để nhập kết quả.", field="awareness_class")
    else:
        awareness_class = None
    if not user_can(acting_user, Action.IMPORT_DATA):
        raise RoleRefused("Vai trò của bạn không được nhập dữ liệu từ tệp.")
    if acting_user.organization is None:
        raise DomainError("Tài khoản của bạn chưa gắn với đơn vị nào.")
    return ImportJob.objects.create(
        kind=kind,
        organization=acting_user.organization,
        created_by=acting_user,
        awareness_class=awareness_class,
        file_name=(file_name or "tep")[-255:],
        content=content,
        size=len(content),
    )


def job_submit(
    *, acting_user, kind: str, file_name: str, content: bytes, awareness_class=None
) -> ImportJob:
    """Keep the file and enqueue its check; returns at once (the job shows its progress)."""
    job = job_create(
        acting_user=acting_user,
        kind=kind,
        file_name=file_name,
        content=content,
        awareness_class=awareness_class,
    )
    check_import.enqueue(job_id=job.pk)
    job.refresh_from_db()
    return job


def job_confirm(*, acting_user, job: ImportJob) -> ImportJob:
    """Accept the confirmation of a checked file and enqueue its writing; returns at once."""
    may_commit(job, acting_user, JobStatus.READY)
    if not claim(job, (JobStatus.READY,), status=JobStatus.WRITE_QUEUED, progress=0):
        raise StaleState("Tệp này đã được xác nhận ghi: chỉ ghi một lần.")
    commit_import.enqueue(job_id=job.pk, user_id=acting_user.pk)
    job.refresh_from_db()
    return job


_CITIZEN_ID = re.compile(r"\b\d{12}\b")


def visible_problems(user, problems: list[dict]) -> list[dict]:
    """The problems as `user` may read them: CCCD numbers masked for roles that may not see
    sensitive values (inspectors read the import jobs of their subtree)."""
    if user_can(user, Action.VIEW_SENSITIVE):
        return problems
    return [
        {**problem, "message": _CITIZEN_ID.sub("************", problem["message"])}
        for problem in problems
    ]


def error_table(job: ImportJob):
    """The table of the job's file for the error report (None when it could not be read)."""
    try:
        return read_file(job)
    except FileRejected:
        return None
