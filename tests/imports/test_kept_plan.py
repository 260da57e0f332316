"""The confirmation of a member list uses the plan kept by the check when nothing it rests
on has changed, and checks the file again from the start when something has."""

import json
import zlib
from datetime import date, timedelta

import pytest
from django.utils import timezone

from ptdv.imports import kept, runner, services
from ptdv.imports.kinds import KINDS
from ptdv.imports.models import CheckedPlan, ImportJob, JobStatus
from ptdv.organizations.models import Organization
from ptdv.people.models import Member, Person
from ptdv.people.services import person_create
from tests.imports import books

pytestmark = pytest.mark.django_db


def checked(user, rows) -> ImportJob:
    job = services.job_create(
        acting_user=user, kind="members", file_name="dv.xlsx", content=books.xlsx(rows)
    )
    job = services.job_check(acting_user=user, job=job)
    assert job.status == JobStatus.READY, job.result["problems"]
    return job


@pytest.fixture
def reads(monkeypatch):
    """The files read by the confirmations (the check before it is not counted)."""
    read = []
    real = runner.read_file

    def counted(job, heartbeat=None):
        read.append(job.pk)
        return real(job, heartbeat)

    monkeypatch.setattr(runner, "read_file", counted)
    return read


def test_an_unchanged_database_confirms_the_kept_plan_without_reading_the_file(tree, reads):
    user = tree.office_c1
    job = checked(user, books.three_members())
    reads.clear()
    plan = kept.recheck(job, KINDS["members"], user)
    assert [(row.row, row.action, row.reason) for row in plan.rows] == [
        (4, "create", "Người mới"),
        (5, "create", "Người mới"),
        (6, "create", "Người mới"),
    ]
    assert plan.rows[1].values["birth_date"] == date(1985, 7, 2)
    job = services.job_commit(acting_user=user, job=job)
    assert job.status == JobStatus.DONE
    assert reads == []
    assert Member.objects.filter(person__citizen_id="001185000123").exists()
    assert not CheckedPlan.objects.filter(job=job).exists()  # kept only until written


def test_a_person_entered_meanwhile_makes_the_confirmation_check_the_file_again(tree, reads):
    user = tree.office_c1
    job = checked(user, books.three_members())
    reads.clear()
    person_create(
        acting_user=None,
        organization=tree.a,
        full_name="Nguyễn Văn An",
        sex="male",
        birth_date=date(1990, 3, 15),
        citizen_id="001090123456",
    )
    assert kept.recheck(job, KINDS["members"], user) is None
    job = services.job_commit(acting_user=user, job=job)
    assert job.status == JobStatus.DONE
    assert reads == [job.pk]
    # The person entered meanwhile became the member: no second person with that CCCD.
    assert Person.objects.filter(citizen_id="001090123456").count() == 1
    assert Member.objects.filter(person__citizen_id="001090123456").exists()


def test_a_cell_dissolved_meanwhile_is_refused_as_a_first_check_refuses_it(tree, reads):
    user = tree.office_c1
    job = checked(user, books.three_members())
    Organization.objects.filter(pk=tree.b.pk).update(valid_to=date(2025, 1, 1))
    job = services.job_commit(acting_user=user, job=job)
    assert job.status == JobStatus.REJECTED
    assert [(p["row"], p["message"]) for p in job.result["problems"]] == [
        (6, "«Chi bộ thôn Bình Minh» đã giải thể từ 01/01/2025.")
    ]
    assert Person.objects.filter(citizen_id="001090123456").count() == 0
    again = services.job_check(
        acting_user=user,
        job=services.job_create(
            acting_user=user,
            kind="members",
            file_name="dv.xlsx",
            content=books.xlsx(books.three_members()),
        ),
    )
    assert again.result["problems"] == job.result["problems"]


def test_a_plan_checked_on_an_earlier_day_is_not_used(tree, reads):
    user = tree.office_c1
    job = checked(user, books.three_members())
    reads.clear()
    yesterday = timezone.localdate() - timedelta(days=1)
    CheckedPlan.objects.filter(job=job).update(checked_on=yesterday)
    assert kept.recheck(job, KINDS["members"], user) is None
    job = services.job_commit(acting_user=user, job=job)
    assert (job.status, reads) == (JobStatus.DONE, [job.pk])


def test_a_file_with_problems_keeps_no_plan(tree):
    user = tree.office_c1
    job = services.job_create(
        acting_user=user,
        kind="members",
        file_name="dv.xlsx",
        content=books.xlsx([books.member(**{"Mã chi bộ": "KHONGCO"})]),
    )
    job = services.job_check(acting_user=user, job=job)
    assert job.status == JobStatus.REJECTED
    assert not CheckedPlan.objects.filter(job=job).exists()


def test_a_plan_kept_in_the_earlier_format_is_not_used(tree, reads):
    """A plan kept by an earlier version (rows, not columns): the file is checked again."""
    user = tree.office_c1
    job = checked(user, books.three_members())
    reads.clear()
    rows = [[4, "create", "Người mới", None, tree.a.pk, "nguyen van an"]]
    data = zlib.compress(json.dumps(rows).encode())
    CheckedPlan.objects.filter(job=job).update(data=data)
    assert kept.recheck(job, KINDS["members"], user) is None
    job = services.job_commit(acting_user=user, job=job)
    assert (job.status, reads) == (JobStatus.DONE, [job.pk])
    assert Member.objects.filter(person__citizen_id="001090123456").exists()
