"""Background tasks of the imports (django-tasks). Each only runs the job (`runner`): the worker
(`ptdv db_worker`) checks or writes a file while the job page polls the job's progress."""

from django_tasks import task

from ptdv.imports import runner


@task()
def check_import(job_id: int) -> None:
    runner.job_run_check(job_id=job_id)


@task()
def commit_import(job_id: int, user_id: int) -> None:
    runner.job_run_commit(job_id=job_id, user_id=user_id)
