"""The national generator's determinism and its command (each test on its own database)."""

import hashlib
import os
import subprocess
import sys
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from ptdv.core.errors import DomainError
from ptdv.demo.national import FIELDS, generate
from ptdv.demo.national_parallel import Workers, check_references
from ptdv.organizations.models import Organization
from ptdv.people.models import Member, Person
from ptdv.recruitment.models import Dossier
from ptdv.targets.models import Target

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)
PROVINCE = 20


def _quiet(_text):
    pass


def _digest() -> str:
    digest = hashlib.sha256()
    for model, fields in [
        (Organization, ["code", "path", "name", "valid_to", "merged_into"]),
        (Person, ["full_name", "birth_date", "sex", "ethnicity", "religion", "organization"]),
        (Member, ["person", "organization", "admission_decided_on", "official_from", "ended_on"]),
        (Dossier, ["candidate", "state", "state_changed_on", "decision_date", "member", "due_on"]),
        (Target, ["organization", "period_start", "min_value"]),
    ]:
        for row in model.objects.order_by("pk").values_list("pk", *fields):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def test_same_seed_same_rows_other_seed_other_rows():
    def run(seed):
        point = transaction.savepoint()
        generate(members=400, seed=seed, today=TODAY, provinces=[PROVINCE], log=_quiet)
        value = _digest()
        transaction.savepoint_rollback(point)
        return value

    first = run(11)
    assert run(11) == first
    assert run(12) != first


def test_command_refuses_a_database_with_a_tree():
    generate(members=10, seed=1, today=TODAY, provinces=[PROVINCE], log=_quiet)
    with pytest.raises(CommandError, match="đã có cây tổ chức"):
        call_command("generate", members=10, provinces=[PROVINCE], stdout=None)


def test_command_prints_progress_and_time():
    out = StringIO()
    call_command("generate", members=200, provinces=[PROVINCE], seed=2, stdout=out)
    text = out.getvalue()
    assert "tỉnh 1/1" in text and "Xong trong" in text
    assert Member.objects.count() == 200
    assert not Member.objects.filter(admission_decided_on__gt=date.today()).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="processes share PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_two_processes_write_the_rows_of_one(reference_data):
    def run(jobs):
        if jobs == 1:
            generate(members=500, seed=5, today=TODAY, provinces=[PROVINCE, 42], log=_quiet)
        else:
            # The command in a process of its own, as an operator runs it: forking this
            # process, whose other threads (a live server, a browser driver) may hold locks,
            # could leave the pool's processes waiting on them.
            settings = connection.settings_dict
            url = (
                f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
                f"{settings['PORT'] or 5432}/{settings['NAME']}"
            )
            command = [sys.executable, "-m", "ptdv", "generate", "--members", "500"]
            command += ["--seed", "5", "--today", TODAY.isoformat(), "--jobs", str(jobs)]
            command += ["--provinces", f"{PROVINCE},42"]
            env = os.environ | {"DATABASE_URL": url, "DEBUG": "1"}
            env.pop("DJANGO_SETTINGS_MODULE", None)
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
            assert done.returncode == 0, done.stderr
        value = _digest()
        tables = ", ".join(model._meta.db_table for model in FIELDS)
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {tables} CASCADE")
        return value

    assert run(2) == run(1)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="foreign-key triggers of PostgreSQL")
def test_a_reference_to_no_row_stops_the_generation(tree):
    tables = [Organization._meta.db_table]
    assert check_references(Workers(None, 1, skip_checks=False), tables) > 0
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
    Organization.objects.filter(pk=tree.c1.pk).update(parent_id=999_999)
    with pytest.raises(DomainError, match=r"organizations_organization\.parent_id: 1"):
        check_references(Workers(None, 1, skip_checks=False), tables)
