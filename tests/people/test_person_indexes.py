"""On PostgreSQL: the person table carries only indexes that a query uses (no
pattern-matching index, the CCCD by its unique index alone), and the lookups of a person
already in the system and of a party card already used are served by an index (read from
EXPLAIN on the statements the services send)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ptdv.people.models import Member, Person
from ptdv.people.services.member_bulk import _cards_in_use
from ptdv.people.services.persons import existing_citizen_ids, existing_persons

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="catalog and EXPLAIN"),
]


def indexes(table: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        return dict(cursor.fetchall())


def plan_of(sql: str) -> str:
    with connection.cursor() as cursor:
        # The test tables are tiny: with sequential scans priced out, the plan shows whether
        # an index can serve the statement at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def statements(run) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        run()
    return [query["sql"] for query in queries.captured_queries]


def test_the_person_table_has_no_pattern_index_and_one_index_on_the_cccd():
    found = indexes(Person._meta.db_table)
    assert not [sql for sql in found.values() if "pattern_ops" in sql], found
    on_cccd = sorted(name for name, sql in found.items() if "(citizen_id" in sql)
    assert on_cccd == ["person_citizen_id_unique"], found
    assert found["person_name_birth_idx"].endswith("(search_key, birth_date)")
    assert found["person_sort_key_idx"].endswith("(sort_key)")
    assert sorted(name for name, sql in found.items() if "(search_key" in sql) == [
        "person_name_birth_idx"
    ]
    card = indexes(Member._meta.db_table)["member_card_idx"]
    assert "(party_card_number)" in card and "WHERE" in card


def test_the_import_finds_the_persons_already_in_the_system_by_index():
    rows = [
        ("001090123456", "nguyen van an", date(1990, 5, 17)),
        ("", "tran thi binh", date(1991, 6, 18)),
    ]
    sent = statements(lambda: existing_persons(rows))
    by_cccd = [sql for sql in sent if '"citizen_id" = ANY' in sql]
    by_name = [sql for sql in sent if "unnest" in sql]
    assert len(by_cccd) == 1 and len(by_name) == 1, sent
    assert "person_citizen_id_unique" in plan_of(by_cccd[0])
    assert "person_name_birth_idx" in plan_of(by_name[0])
    [taken] = statements(lambda: existing_citizen_ids(["001090123456", "001091000001"]))
    assert "person_citizen_id_unique" in plan_of(taken)


def test_one_person_is_found_by_cccd_and_by_name_and_birth_date_by_index():
    [by_cccd] = statements(lambda: list(Person.objects.filter(citizen_id="001090123456")))
    assert "person_citizen_id_unique" in plan_of(by_cccd)
    twin = Person.objects.filter(search_key="nguyen van an", birth_date=date(1990, 5, 17))
    [by_name] = statements(lambda: list(twin))
    assert "person_name_birth_idx" in plan_of(by_name)


def test_a_party_card_already_used_is_found_by_index():
    [sent] = statements(lambda: _cards_in_use(["00098765", "00098766"]))
    assert "member_card_idx" in plan_of(sent)
    [one] = statements(lambda: Member.objects.filter(party_card_number="00098765").exists())
    assert "member_card_idx" in plan_of(one)
