"""The member list and the candidate list: the two kinds of import about people.

`plan` checks every row (its cells were read by `engine.parse_rows`) and decides, row by row,
what would happen (create, update, skip, with the reason), in a fixed number of queries per
thousand rows. `apply` writes a plan through the people and recruitment services in one
transaction (`engine.apply_rows`): the first refusal undoes everything.
"""

from collections.abc import Callable
from contextvars import ContextVar
from datetime import date
from functools import partial

from django.db import transaction
from django.utils import timezone

from ptdv.accounts.permissions import Action, user_can
from ptdv.core.citizen_id import validate_citizen_id
from ptdv.core.errors import DomainError
from ptdv.core.text import fold
from ptdv.imports.engine import (
    CREATE,
    SKIP,
    UPDATE,
    Plan,
    Problem,
    RowPlan,
    RowRefused,
    apply_rows,
    check_unit,
    chunks,
    parse_rows,
    row_problems,
    units_by_code,
)
from ptdv.imports.member_columns import CANDIDATE_COLUMNS, KINDS, MEMBER_COLUMNS  # noqa: F401
from ptdv.imports.reading import Table
from ptdv.imports.spec import (
    PERSON_COLUMNS,
    Kind,
)
from ptdv.organizations.models import Organization
from ptdv.organizations.scope import in_scope
from ptdv.people import services as people_services
from ptdv.people.models import Member, MemberStatus, Person
from ptdv.recruitment import services as recruitment_services
from ptdv.recruitment.models import Candidate, CandidateStatus

PERSON_PROFILE = (
    "ethnicity",
    "religion",
    "general_education",
    "professional_level",
    "occupation",
    "home_town",
    "residence",
)
PERSON_HEADERS = {column.name: column.header for column in PERSON_COLUMNS}
# The member's own fields a row of the member list corrects (an empty cell leaves the value).
MEMBER_FIELDS = ("status", "admission_decided_on", "ceremony_on", "official_from")
MEMBER_HEADERS = {
    "status": "Trạng thái",
    "admission_decided_on": "Ngày vào Đảng",
    "ceremony_on": "Ngày lễ kết nạp",
    "official_from": "Ngày chính thức",
    "party_card_number": "Số thẻ đảng viên",
}


def _member_of(person: Person) -> Member | None:
    try:
        return person.membership
    except Member.DoesNotExist:
        return None


WRITE_ACTIONS = {
    "members": ((Action.MANAGE_DOSSIERS, Action.DECIDE), "nhập danh sách đảng viên"),
    "candidates": ((Action.MANAGE_CANDIDATES,), "nhập danh sách quần chúng ưu tú"),
}


def write_refusal(kind: Kind, user) -> str:
    """Why `user` may not import this kind of list ("" when they may)."""
    actions, what = WRITE_ACTIONS[kind.code]
    if user_can(user, Action.IMPORT_DATA) and any(user_can(user, a) for a in actions):
        return ""
    return f"Vai trò của bạn không được {what}."


def _member_checks(values: dict, birth, today, problem) -> None:
    admitted = values.get("admission_decided_on")
    if admitted:
        if admitted > today:
            problem("admission_decided_on", "Ngày vào Đảng không được sau ngày hôm nay.")
        if birth and admitted < birth:
            problem("admission_decided_on", "Ngày vào Đảng không thể trước ngày sinh.")
        ceremony = values.get("ceremony_on")
        if ceremony and ceremony < admitted:
            problem("ceremony_on", "Lễ kết nạp không thể trước ngày vào Đảng.")
        official = values.get("official_from")
        if official and official < admitted:
            problem("official_from", "Ngày chính thức không thể trước ngày vào Đảng.")
    if values.get("status") == MemberStatus.OFFICIAL and not values.get("official_from"):
        problem("official_from", "Đảng viên chính thức phải có ngày chính thức.")


def _candidate_checks(values: dict, birth, today, problem) -> None:
    listed = values.get("listed_on")
    if listed and listed > today:
        problem("listed_on", "Ngày đưa vào danh sách không được sau ngày hôm nay.")
    if listed and birth and listed < birth:
        problem("listed_on", "Ngày đưa vào danh sách không thể trước ngày sinh.")


def plan_members(kind: Kind, table: Table, user, progress: Callable | None = None) -> Plan:
    """Check every row of a member or candidate table and decide what each row would do.
    Every check runs on every row, so a row lists all its errors at once."""
    plan = Plan()
    refusal = write_refusal(kind, user)
    if refusal:
        plan.problems.append(Problem(0, "", refusal))
        return plan
    parsed = parse_rows(kind, table, plan)
    if progress:
        progress(len(parsed) // 3)
    header = {c.name: c.header for c in kind.columns}
    codes = {v["unit_code"] for _, v in parsed if v.get("unit_code")}
    units, existing_codes = units_by_code(codes)
    units_checked = _checked_units(codes, units, existing_codes, user)
    folded: dict = {}  # many people share a name
    keys = [
        folded.get(name) or folded.setdefault(name, fold(name))
        for name in (v.get("full_name") for _, v in parsed)
    ]
    by_id, by_name = people_services.existing_persons(
        [
            (v.get("citizen_id"), key, v.get("birth_date"))
            for (_, v), key in zip(parsed, keys, strict=True)
        ]
    )
    today = timezone.localdate()
    kind_checks = _member_checks if kind.code == "members" else _candidate_checks
    if kind.code == "members":
        decide_row = decide
    else:
        decide_row = partial(_decide_candidate, active=_active_candidates(by_id, by_name))
    seen_ids: dict[str, int] = {}
    seen_names: dict[tuple[str, date], int] = {}
    for index, (number, values) in enumerate(parsed):
        if progress and index % 1000 == 0:
            progress(len(parsed) // 3 + index * 2 // 3)
        problems, problem = row_problems(header, number)
        unit, unit_problems = units_checked.get(values.get("unit_code"), (None, ()))
        for name, message in unit_problems:
            problem(name, message)
        birth = values.get("birth_date")
        if birth and birth > today:
            problem("birth_date", "Ngày sinh không được sau ngày hôm nay.")
        kind_checks(values, birth, today, problem)
        citizen_id = values.get("citizen_id")
        if citizen_id:
            _check_citizen_id(citizen_id, birth, values.get("sex"), problem)
            # Duplicates inside the file.
            first = seen_ids.setdefault(citizen_id, number)
            if first != number:
                problem("citizen_id", f"Số CCCD {citizen_id} trùng với dòng {first} của tệp.")
        name_key = (keys[index], birth)
        if birth and values.get("full_name"):
            first = seen_names.setdefault(name_key, number)
            if first != number:
                problem("full_name", f"Trùng họ tên và ngày sinh với dòng {first} của tệp.")
        if problems or "_bad" in values:
            plan.problems.extend(problems)
            continue
        decided = decide_row(number, values, unit, user, by_id, by_name, keys[index])
        if isinstance(decided, RowPlan):
            decided.name_key = keys[index]
            plan.rows.append(decided)
        elif isinstance(decided, tuple):
            plan.problems.append(Problem(number, header[decided[0]], decided[1]))
        else:
            plan.problems.append(Problem(number, header["citizen_id"], decided))
    plan.problems.sort(key=lambda p: p.row)
    return plan


def _checked_units(codes, units, existing_codes, user) -> dict[str, tuple]:
    """`check_unit` of each code once (thousands of rows name the same cell): code → (the
    unit or None, the problems each row naming it gets)."""
    checked = {}
    for code in codes:
        said: list[tuple[str, str]] = []
        unit = check_unit(
            code, units, existing_codes, user, lambda *p, said=said: said.append(p), cell=True
        )
        checked[code] = (unit, said)
    return checked


def _check_citizen_id(citizen_id: str, birth, sex, problem) -> None:
    """Checked whatever else the row holds: against the birth date and sex when both were
    read, otherwise its form and province code (the unreadable cell has its own error)."""
    whole = birth is not None and bool(sex)
    try:
        validate_citizen_id(citizen_id, birth_date=birth if whole else None, sex=sex or "")
    except DomainError as error:
        if whole or error.field == "citizen_id":
            problem(error.field or "citizen_id", error.message)


def _find_person(values, by_id, by_name, key: str) -> tuple[Person | None, str]:
    """The person a row is about, if the database holds them: same CCCD, or same name and
    birth date when one of the two has no CCCD. Returns (person, note)."""
    citizen_id = values.get("citizen_id")
    person = by_id.get(citizen_id) if citizen_id else None
    if person is not None:
        return person, ""
    twin = by_name.get((key, values["birth_date"]))
    if twin is not None and (not citizen_id or not twin.citizen_id):
        return twin, ""
    if twin is not None:
        return None, " (trùng họ tên, ngày sinh với người khác số CCCD)"
    return None, ""


def _out_of_scope(person, values, user) -> RowPlan | str | None:
    if person.organization is not None and in_scope(user, person.organization.path):
        return None
    citizen_id = values.get("citizen_id")
    if citizen_id and person.citizen_id == citizen_id:
        return (
            f"Số CCCD {citizen_id} đã có trong hệ thống, ở một đơn vị ngoài phạm vi "
            "quản lý của bạn: đơn vị đó phải chuyển sinh hoạt hoặc chuyển hồ sơ."
        )
    return "twin"


def _active_candidates(by_id: dict, by_name: dict) -> set[int]:
    """Ids of the found persons who already are on a candidate list."""
    ids = sorted({p.pk for p in by_id.values()} | {p.pk for p in by_name.values()})
    active: set[int] = set()
    for chunk in chunks(ids):
        active.update(
            Candidate.objects.filter(
                person_id__in=chunk, status=CandidateStatus.ACTIVE
            ).values_list("person_id", flat=True)
        )
    return active


def _found(number, values, unit, user, by_id, by_name, key) -> tuple | str:
    """(row, person, member): the row as a new person, or about the person the database
    holds and their membership; a person of another subtree is a refusal (a message), or a
    skip when only their name and birth date match."""
    row = RowPlan(number, CREATE, "Người mới", values, unit_id=unit.pk)
    person, note = _find_person(values, by_id, by_name, key)
    row.reason += note
    if person is None:
        return row, None, None
    refused = _out_of_scope(person, values, user)
    if refused == "twin":
        row.action, row.reason = SKIP, "Có thể trùng với một người ở đơn vị khác"
        return row, None, None
    if refused:
        return refused
    row.person_id = person.pk
    return row, person, _member_of(person)


def _decide_candidate(number, values, unit, user, by_id, by_name, key, *, active) -> RowPlan | str:
    found = _found(number, values, unit, user, by_id, by_name, key)
    if isinstance(found, str):
        return found
    row, person, member = found
    if person is None:
        return row
    if member is not None and member.ended_on is None:
        row.action, row.reason = SKIP, "Đang là đảng viên"
        return row
    if person.pk in active:
        row.action, row.reason = SKIP, "Đã có trong danh sách quần chúng ưu tú"
        return row
    row.action, row.reason = UPDATE, "Đã có người, đưa vào danh sách quần chúng ưu tú"
    return row


def decide(number, values, unit, user, by_id, by_name, key) -> RowPlan | str | tuple[str, str]:
    """Create, update or skip, against what the database holds (or a refusal message);
    `key` is the row's name key (`fold` of the name)."""
    found = _found(number, values, unit, user, by_id, by_name, key)
    if isinstance(found, str):
        return found
    row, person, member = found
    if person is None:
        return row
    changed = [
        PERSON_HEADERS[name]
        for name in ("full_name", "sex", "citizen_id", *PERSON_PROFILE)
        if values.get(name) not in ("", None) and values.get(name) != getattr(person, name)
    ]
    if member is not None and member.organization_id != unit.pk:
        row.action = SKIP
        row.reason = f"Đã là đảng viên của «{member.organization.name}»: chuyển sinh hoạt riêng"
        return row
    if member is None:
        row.action, row.reason = UPDATE, "Đã có người, thêm vào danh sách đảng viên"
        return row
    if member.ended_on is not None:
        row.action = SKIP
        row.reason = f"Đã ra khỏi danh sách đảng viên từ {member.ended_on:%d/%m/%Y}"
        return row
    member_changed = member_changes(member, values)
    if member.status == MemberStatus.OFFICIAL and member_changed.get("status") == (
        MemberStatus.PROBATIONARY
    ):
        return ("status", "Đảng viên này đã là đảng viên chính thức, không chuyển về dự bị được.")
    changed += [MEMBER_HEADERS[name] for name in member_changed]
    if changed:
        row.action, row.reason = UPDATE, "Đã có, sửa: " + ", ".join(changed)
        return row
    row.action, row.reason = SKIP, "Đã có, không thay đổi"
    return row


# The new members a bulk write collects (`_write_row` adds to it while `apply_members`
# runs with `bulk=True`), written together by `people.services.member_bulk_create`.
_NEW_MEMBERS: ContextVar[list | None] = ContextVar("new_members", default=None)
BULK_CHUNK = 5000  # new members per call of member_bulk_create


def apply_members(
    plan: Plan,
    user,
    progress: Callable | None = None,
    kind: str = "members",
    *,
    bulk: bool = True,
) -> dict[str, int]:
    """Write the plan; the first DomainError undoes every row and is raised with its row.
    New members (a person not yet in the system) are checked one by one and written in
    bulk, with an audit row each (`bulk=False`: one service call after the other)."""
    units = Organization.objects.select_related("kind").in_bulk(
        {row.unit_id for row in plan.rows if row.unit_id}
    )
    if kind != "members":
        return apply_rows(
            plan, lambda row: _write_candidate(row, units[row.unit_id], user), progress
        )
    batch: list | None = [] if bulk else None
    token = _NEW_MEMBERS.set(batch)
    try:
        with transaction.atomic():
            counts = apply_rows(
                plan, lambda row: _write_row(row, units[row.unit_id], user), progress
            )
            for part in chunks(batch or [], BULK_CHUNK):
                _write_new_members(part, user)
    finally:
        _NEW_MEMBERS.reset(token)
    return counts


def _write_new_members(part: list[tuple[RowPlan, Organization]], user) -> None:
    rows = [
        {
            "organization": unit,
            "person": {
                "full_name": row.values["full_name"],
                "sex": row.values["sex"],
                "birth_date": row.values["birth_date"],
                "citizen_id": row.values["citizen_id"],
                **{name: row.values[name] for name in PERSON_PROFILE},
            },
            "member": {name: row.values[name] for name in (*MEMBER_FIELDS, "party_card_number")},
        }
        for row, unit in part
    ]
    try:
        people_services.member_bulk_create(acting_user=user, rows=rows)
    except people_services.BulkRowRefused as error:
        raise RowRefused(part[error.index][0].row, error.message) from error


def _person_for(row: RowPlan, unit: Organization, user) -> Person:
    """The row's person: created, or found and brought up to date."""
    values = row.values
    profile = {name: values[name] for name in PERSON_PROFILE}
    if row.person_id is None:
        person = people_services.person_create(
            acting_user=user,
            organization=unit,
            full_name=values["full_name"],
            sex=values["sex"],
            birth_date=values["birth_date"],
            citizen_id=values["citizen_id"],
            confirm_duplicate=True,  # duplicates were checked against the whole file
            **profile,
        )
    else:
        person = Person.objects.get(pk=row.person_id)
        changes = {
            name: values[name]
            for name in ("full_name", "sex", "citizen_id", *PERSON_PROFILE)
            if values.get(name) not in ("", None) and values[name] != getattr(person, name)
        }
        if changes:
            person = people_services.person_update(
                acting_user=user, person=person, confirm_duplicate=True, **changes
            )
    return person


def _write_candidate(row: RowPlan, unit: Organization, user) -> None:
    recruitment_services.candidate_enlist(
        acting_user=user,
        person=_person_for(row, unit, user),
        organization=unit,
        source=row.values["source"],
        listed_on=row.values["listed_on"],
    )


def member_changes(member: Member, values: dict) -> dict:
    """The member fields a row changes: given in the file and different from the database."""
    names = (*MEMBER_FIELDS, "party_card_number")
    return {
        name: values[name]
        for name in names
        if values.get(name) not in ("", None) and values[name] != getattr(member, name)
    }


def _write_row(row: RowPlan, unit: Organization, user) -> None:
    values = row.values
    batch = _NEW_MEMBERS.get()
    if row.person_id is None and batch is not None:
        batch.append((row, unit))  # checked and written with the others, in bulk
        return
    person = _person_for(row, unit, user)
    member = Member.objects.filter(person=person).first()
    if member is not None:
        changes = member_changes(member, values)
        if changes.pop("status", None) == MemberStatus.OFFICIAL:
            # A recognition recorded in the register goes through its own procedure (R33).
            people_services.member_record_recognition(
                acting_user=user,
                member=member,
                official_from=changes.pop("official_from", member.official_from),
            )
        if changes:
            people_services.member_update(acting_user=user, member=member, **changes)
        return
    people_services.member_create(
        acting_user=user,
        person=person,
        organization=unit,
        status=values["status"],
        admission_decided_on=values["admission_decided_on"],
        ceremony_on=values["ceremony_on"],
        official_from=values["official_from"],
        party_card_number=values["party_card_number"],
    )


# The kind's interface (kinds.py) ---------------------------------------------------------


def plan(kind: Kind, table: Table, user, *, job=None, progress=None) -> Plan:
    return plan_members(kind, table, user, progress)


def apply(plan: Plan, user, *, kind: Kind, progress=None) -> dict[str, int]:
    return apply_members(plan, user, progress, kind=kind.code)
