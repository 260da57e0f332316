"""`ptdv backup` then `ptdv restore` gives back the same database: every table with the
same number of rows and the same checksum (SQLite online backup; PostgreSQL pg_dump and
pg_restore in the custom format)."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ptdv.accounts.models import User
from ptdv.core.backup import table_summary
from ptdv.people.models import Person
from ptdv.people.services import person_create
from tests.conftest import make_unit


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_table_exactly(tree, tmp_path):
    person_create(
        acting_user=None,
        organization=tree.a,
        full_name="Nguyễn Thị Sao Lưu",
        sex="female",
        birth_date=date(1990, 5, 19),
    )
    before = table_summary()
    assert before["people_person"][0] == 1 and before["accounts_user"][0] == 8
    path = tmp_path / "ptdv.backup"
    out = StringIO()
    call_command("backup", str(path), stdout=out)
    assert path.stat().st_size > 0 and "Đã sao lưu" in out.getvalue()

    # Changes after the backup: all undone by the restore.
    Person.objects.all().delete()
    User.objects.filter(username="secretary_b").update(full_name="Đã đổi")
    make_unit(tree.c1, "NEW", "Chi bộ mới sau sao lưu")
    assert table_summary() != before

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(path))
    call_command("restore", str(path), "--yes", stdout=StringIO())
    after = table_summary()
    assert after == before
    assert Person.objects.get().full_name == "Nguyễn Thị Sao Lưu"


@pytest.mark.django_db
def test_restoring_a_file_that_is_no_backup_is_refused(tmp_path):
    bogus = tmp_path / "khong-phai.backup"
    bogus.write_bytes(b"not a backup at all" * 100)
    with pytest.raises(CommandError):
        call_command("restore", str(bogus), "--yes")
    with pytest.raises(CommandError, match="Không có tệp sao lưu"):
        call_command("restore", str(tmp_path / "khong-co.backup"), "--yes")
