"""The member import writes new members in bulk: the same persons, members and audit rows
as one service call per row, and a refusal at any row leaves nothing written."""

from datetime import date, timedelta

import pytest
from django.db import transaction

from ptdv.accounts.models import AuditEvent
from ptdv.imports import members, services
from ptdv.imports.engine import RowRefused
from ptdv.imports.kinds import KINDS
from ptdv.imports.models import JobStatus
from ptdv.imports.reading import read_table
from ptdv.people.models import Member, Person
from ptdv.people.services import member_create, person_create
from tests.imports import books

pytestmark = pytest.mark.django_db

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hùng"]


def many(count: int) -> list[dict]:
    """`count` new members over cells A and B: distinct names, CCCDs valid for the birth
    date and sex, both statuses, some party card numbers and ceremony dates."""
    rows = []
    for i in range(count):
        female = i % 3 == 0
        birth = date(1960, 1, 1) + timedelta(days=37 * i)
        name = f"{FAMILY[i % 10]} {'Thị' if female else 'Văn'} {GIVEN[(i // 10) % 10]} {i}"
        century = (birth.year - 1900) // 100 * 2 + (1 if female else 0)
        admitted = birth + timedelta(days=365 * 22)
        official = i % 4 != 0
        rows.append(
            books.member(
                **{
                    "STT": i + 1,
                    "Họ và tên": name,
                    "Ngày sinh": birth.strftime("%d/%m/%Y"),
                    "Giới tính": "Nữ" if female else "Nam",
                    "Số CCCD": f"001{century}{birth.year % 100:02d}{i:06d}" if i % 7 else "",
                    "Mã chi bộ": "A" if i % 2 else "B",
                    "Trạng thái": "Chính thức" if official else "Dự bị",
                    "Ngày vào Đảng": admitted.strftime("%d/%m/%Y"),
                    "Ngày lễ kết nạp": (
                        (admitted + timedelta(days=10)).strftime("%d/%m/%Y") if i % 5 else ""
                    ),
                    "Ngày chính thức": (
                        (admitted + timedelta(days=400)).strftime("%d/%m/%Y") if official else ""
                    ),
                    "Số thẻ đảng viên": f"{i:08d}" if i % 3 else "",
                }
            )
        )
    return rows


def plan_of(user, rows):
    table = read_table(KINDS["members"], "dang-vien.xlsx", books.xlsx(rows))
    plan = members.plan_members(KINDS["members"], table, user)
    assert plan.problems == []
    return plan


WHEN = {"id", "created_at", "updated_at"}  # differ between two runs of the same write


def records() -> dict:
    """Everything the import wrote, without the ids and instants that differ between runs:
    persons and members by CCCD (or name), audit rows in the order they were written."""
    key = {p.pk: p.citizen_id or p.full_name for p in Person.objects.all()}
    member_key = {m.pk: key[m.person_id] for m in Member.objects.all()}
    persons = sorted(
        tuple(sorted((k, v) for k, v in row.items() if k not in WHEN))
        for row in Person.objects.values()
    )
    members_ = sorted(
        tuple(
            sorted((k, key[v] if k == "person_id" else v) for k, v in row.items() if k not in WHEN)
        )
        for row in Member.objects.values()
    )
    audit = []
    for event in AuditEvent.objects.order_by("id"):
        ids = key if event.object_type == "people.person" else member_key
        audit.append(
            (
                event.event,
                event.actor_id,
                event.actor_name,
                event.object_type,
                ids[int(event.object_id)],
                event.object_repr,
                event.organization_id,
                event.old,
                event.new,
            )
        )
    return {"persons": persons, "members": members_, "audit": audit}


class RolledBack(Exception):
    pass


def written(user, plan, *, bulk: bool) -> dict:
    """The records `apply_members` writes, rolled back afterwards."""
    AuditEvent.objects.all().delete()
    try:
        with transaction.atomic():
            counts = members.apply_members(plan, user, bulk=bulk)
            result = {**records(), "counts": counts}
            raise RolledBack
    except RolledBack:
        pass
    return result


def test_the_bulk_write_makes_the_same_records_as_one_call_per_row(tree):
    user = tree.office_c1
    plan = plan_of(user, many(300))
    assert plan.counts() == {"create": 300, "update": 0, "skip": 0}
    one_by_one = written(user, plan, bulk=False)
    in_bulk = written(user, plan, bulk=True)
    assert len(one_by_one["members"]) == Member.objects.count() + 300
    assert [e[0] for e in in_bulk["audit"]] == ["person_created", "member_created"] * 300
    assert in_bulk == one_by_one


def test_new_and_existing_members_in_one_file_are_written_as_one_call_per_row(tree):
    """Rows about persons already in the system go through the services one by one; the
    new ones in bulk: the records are the same either way."""
    user = tree.office_c1
    rows = many(40)
    found = person_create(
        acting_user=None,
        organization=tree.a,
        full_name=rows[1]["Họ và tên"],
        sex="male",
        birth_date=date(1960, 2, 7),
        citizen_id=rows[1]["Số CCCD"],
    )
    member_create(
        acting_user=None, person=found, organization=tree.a, admission_decided_on=date(1982, 1, 1)
    )
    plan = plan_of(user, rows)
    assert plan.counts() == {"create": 39, "update": 1, "skip": 0}
    in_bulk, one_by_one = written(user, plan, bulk=True), written(user, plan, bulk=False)
    # The same rows; in bulk the update's audit rows come before the new members'.
    assert in_bulk["audit"] != one_by_one["audit"]
    for result in (in_bulk, one_by_one):
        result["audit"] = sorted(result["audit"], key=repr)
    assert in_bulk == one_by_one
    assert in_bulk["counts"] == {"create": 39, "update": 1, "skip": 0}


@pytest.mark.parametrize("bulk", [True, False])
def test_a_party_card_already_used_refuses_its_row_and_nothing_is_written(tree, bulk):
    """The database changed between the check and the write: a card given to someone else
    meanwhile. The row is named with the service's message, and no row of the file is kept."""
    user = tree.office_c1
    rows = many(200)
    rows[150]["Số thẻ đảng viên"] = "99990001"
    plan = plan_of(user, rows)
    person = person_create(
        acting_user=None,
        organization=tree.a,
        full_name="Người Có Thẻ",
        sex="male",
        birth_date=date(1970, 1, 1),
    )
    member_create(
        acting_user=None,
        person=person,
        organization=tree.a,
        admission_decided_on=date(1995, 1, 1),
        party_card_number="99990001",
    )
    before = (Person.objects.count(), Member.objects.count(), AuditEvent.objects.count())
    with pytest.raises(RowRefused) as refused:
        members.apply_members(plan, user, bulk=bulk)
    assert refused.value.row == 150 + 1 + 3  # title rows and header above the first row
    assert refused.value.message == "Số thẻ đảng viên 99990001 đã được dùng."
    assert (Person.objects.count(), Member.objects.count(), AuditEvent.objects.count()) == before


def test_a_file_refused_at_write_time_keeps_nothing_through_the_job(tree):
    user = tree.office_c1
    rows = many(200)
    rows[120]["Số thẻ đảng viên"] = rows[31]["Số thẻ đảng viên"]
    job = services.job_create(
        acting_user=user, kind="members", file_name="dv.xlsx", content=books.xlsx(rows)
    )
    job = services.job_check(acting_user=user, job=job)
    before = (Person.objects.count(), Member.objects.count())
    job = services.job_commit(acting_user=user, job=job)
    assert job.status == JobStatus.FAILED
    assert job.result["problems"] == [
        {
            "row": 124,
            "column": "",
            "message": f"Số thẻ đảng viên {rows[31]['Số thẻ đảng viên']} đã được dùng.",
        }
    ]
    assert (Person.objects.count(), Member.objects.count()) == before
    assert not AuditEvent.objects.filter(event__in=["person_created", "member_created"]).exists()
