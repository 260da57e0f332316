"""Persons: the one write path of a `Person` (create, correct, find, follow, bulk rows for
the builders), with their checks and audit; the record of who read sensitive values."""

import hashlib
from datetime import date
from functools import lru_cache
from operator import itemgetter

from django.db import IntegrityError, connection, transaction
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from ptdv.accounts.audit import audit_record, record_persons_shown, snapshot, snapshot_values
from ptdv.core.bulk import filter_in, insert_rows, pg_array
from ptdv.core.citizen_id import validate_citizen_id
from ptdv.core.errors import DomainError
from ptdv.core.reference import (
    ETHNIC_GROUPS,
    GeneralEducation,
    ProfessionalLevel,
    Religion,
    WorkplaceType,
)
from ptdv.core.text import fold, normalize, sort_key
from ptdv.organizations.models import Organization
from ptdv.people.models import (
    Member,
    Person,
    Sex,
)
from ptdv.people.services.common import (
    PERSON_FIELDS,
    PERSON_WRITE_ACTIONS,
    SENSITIVE_FIELDS,
    require,
    require_cell,
    today,
)


def _masked(value) -> str:
    """Audit rows are read by inspectors, who may not see sensitive values: keep a short
    fingerprint that shows a change without the value."""
    if value in (None, ""):
        return ""
    return "ẩn#" + hashlib.sha256(str(value).encode()).hexdigest()[:8]


def _person_snapshot(person: Person) -> dict:
    return _masked_snapshot(snapshot(person, PERSON_FIELDS))


def _masked_snapshot(data: dict) -> dict:
    for name in SENSITIVE_FIELDS:
        data[name] = _masked(data[name])
    return data


# The stored values of each choice a person's values are checked against (sets, built once).
SEXES = frozenset(Sex.values)
RELIGIONS = frozenset(Religion.values)
GENERAL_EDUCATIONS = frozenset(["", *GeneralEducation.values])
PROFESSIONAL_LEVELS = frozenset(ProfessionalLevel.values)
WORKPLACE_TYPES = frozenset(WorkplaceType.values)


def _clean_person(
    data: dict,
    *,
    exclude_pk=None,
    confirm_duplicate: bool,
    check_existing: bool = True,
    on: date | None = None,
    normal=normalize,
) -> dict:
    """The person's values checked and normalised. `check_existing=False` leaves out the
    lookup of the CCCD among the persons already saved: a bulk caller checks all its rows'
    CCCDs in one query (`existing_citizen_ids`). `on`: today's date, when the caller has it;
    `normal`: `normalize`, or a memo of it kept by a bulk caller (many rows share a value)."""
    on = on or today()
    data["full_name"] = normal(data.get("full_name"))
    if not data["full_name"]:
        raise DomainError("Họ và tên không được để trống.", field="full_name")
    if data.get("sex") not in SEXES:
        raise DomainError("Phải chọn giới tính.", field="sex")
    birth_date = data.get("birth_date")
    if birth_date is not None and birth_date > on:
        raise DomainError("Ngày sinh không được sau ngày hôm nay.", field="birth_date")
    if data.get("ethnicity", "Kinh") not in ETHNIC_GROUPS:
        raise DomainError("Dân tộc không có trong danh mục 54 dân tộc.", field="ethnicity")
    if data.get("religion", Religion.NONE) not in RELIGIONS:
        raise DomainError("Tôn giáo không hợp lệ.", field="religion")
    if data.get("general_education", "") not in GENERAL_EDUCATIONS:
        raise DomainError("Trình độ giáo dục phổ thông không hợp lệ.", field="general_education")
    if data.get("professional_level", ProfessionalLevel.NONE) not in PROFESSIONAL_LEVELS:
        raise DomainError("Trình độ chuyên môn không hợp lệ.", field="professional_level")
    if data.get("workplace_type", "") not in WORKPLACE_TYPES:
        raise DomainError("Nơi làm việc không hợp lệ.", field="workplace_type")
    for name in ("occupation", "other_mass_organizations", "home_town", "residence"):
        data[name] = normal(data.get(name))
    phone = "".join((data.get("phone") or "").split()).replace(".", "")
    if phone and not (phone.lstrip("+").isdigit() and 9 <= len(phone.lstrip("+")) <= 12):
        raise DomainError("Số điện thoại chỉ gồm 9–12 chữ số.", field="phone")
    data["phone"] = phone
    joined = data.get("youth_union_joined_on")
    if joined is not None:
        if joined > on:
            raise DomainError(
                "Ngày vào Đoàn không được sau ngày hôm nay.", field="youth_union_joined_on"
            )
        if birth_date is not None and joined < birth_date:
            raise DomainError(
                "Ngày vào Đoàn không thể trước ngày sinh.", field="youth_union_joined_on"
            )
        data["youth_union_member"] = True
    citizen_id = (data.get("citizen_id") or "").strip()
    if citizen_id:
        citizen_id = validate_citizen_id(citizen_id, birth_date=birth_date, sex=data["sex"])
        if (
            check_existing
            and Person.objects.filter(citizen_id=citizen_id).exclude(pk=exclude_pk).exists()
        ):
            raise citizen_id_taken(citizen_id)
    data["citizen_id"] = citizen_id
    if birth_date is not None and not confirm_duplicate:
        twin = (
            Person.objects.filter(search_key=fold(data["full_name"]), birth_date=birth_date)
            .exclude(pk=exclude_pk)
            .select_related("organization")
            .first()
        )
        if twin is not None:
            where = f" ({twin.organization.name})" if twin.organization else ""
            raise DomainError(
                f"Có thể trùng người: đã có «{twin.full_name}» sinh ngày "
                f"{birth_date:%d/%m/%Y}{where}. Nếu đúng là hai người khác nhau, "
                "hãy đánh dấu «Xác nhận không trùng» rồi lưu lại.",
                field="confirm_duplicate",
            )
    return data


def citizen_id_taken(citizen_id: str) -> DomainError:
    return DomainError(
        f"Số CCCD {citizen_id} đã có trong hệ thống: mỗi người chỉ có một hồ sơ.",
        field="citizen_id",
    )


def existing_citizen_ids(citizen_ids) -> set[str]:
    """The CCCDs among `citizen_ids` that a saved person holds (one query on PostgreSQL,
    one per 900 elsewhere)."""
    wanted = {value.strip() for value in citizen_ids if value and value.strip()}
    found: set[str] = set()
    for part in filter_in(Person.objects.order_by(), "citizen_id", wanted):
        found.update(part.values_list("citizen_id", flat=True))
    return found


def existing_persons(rows: list[tuple[str, str, date | None]]):
    """Persons already in the database with the same CCCD, or the same name key (`fold`)
    and birth date, for rows given as (CCCD, name key, birth date). One query for the CCCDs
    and one for the (name key, birth date) pairs on PostgreSQL, whatever the number of rows;
    per 900 values elsewhere."""
    by_id: dict[str, Person] = {}
    by_name: dict[tuple[str, date], Person] = {}
    query = Person.objects.select_related("organization", "membership").order_by("pk")
    for part in filter_in(query, "citizen_id", (cid for cid, _, _ in rows if cid)):
        for person in part:
            by_id[person.citizen_id] = person
    pairs = {(key, birth) for _, key, birth in rows if key and birth is not None}
    for person in _same_name_and_birth(query, pairs):
        by_name.setdefault((person.search_key, person.birth_date), person)
    return by_id, by_name


def _same_name_and_birth(query, pairs: set[tuple[str, date]]):
    """The persons of `query` whose (name key, birth date) is one of `pairs`."""
    if not pairs:
        return
    if connection.vendor == "postgresql":
        keys, births = zip(*sorted(pairs), strict=True)
        (keys_sql, keys_params), (births_sql, births_params) = (
            pg_array(keys, "varchar"),
            pg_array(births, "date"),
        )
        yield from query.filter(
            RawSQL(
                '("people_person"."search_key", "people_person"."birth_date") IN '
                f"(SELECT * FROM unnest({keys_sql}, {births_sql}))",
                [*keys_params, *births_params],
                output_field=BooleanField(),
            )
        )
        return
    named = query.filter(birth_date__isnull=False)
    for part in filter_in(named, "search_key", (key for key, _ in pairs)):
        for person in part:
            if (person.search_key, person.birth_date) in pairs:
                yield person


def clean_new_person(
    data: dict, *, taken: set[str], on: date | None = None, normal=normalize
) -> dict:
    """A new person's values checked as `person_create` checks them (the possible twin by
    name and birth date aside, checked by the caller against its whole file), against the
    CCCDs in `taken` (the saved ones and the earlier rows of a bulk write), which it extends.
    `normal`: see `_clean_person`."""
    data = _clean_person(data, confirm_duplicate=True, check_existing=False, on=on, normal=normal)
    citizen_id = data["citizen_id"]
    if citizen_id:
        if citizen_id in taken:
            raise citizen_id_taken(citizen_id)
        taken.add(citizen_id)
    return data


# The columns of a new person's row in a bulk insert (`new_person_row`).
NEW_PERSON_COLUMNS = (
    *(name for name in PERSON_FIELDS if name != "organization"),
    "organization_id",
    "search_key",
    "sort_key",
)


def person_defaults() -> dict:
    """The value of each person field a new person's values may leave out."""
    return {
        name: Person._meta.get_field(name).get_default()
        for name in PERSON_FIELDS
        if name != "organization"
    }


def new_person_row(data: dict, organization_id: int, defaults: dict) -> tuple[tuple, dict]:
    """A new person checked by `clean_new_person`, as a row of NEW_PERSON_COLUMNS (search and
    sort keys set as `person_create` sets them) and the values of its `person_created` audit
    row (sensitive ones masked)."""
    values = {**defaults, **data, "organization": organization_id}
    row = (*_person_values(values), organization_id, *_name_keys(values["full_name"]))
    return row, _masked_snapshot(snapshot_values(values, PERSON_FIELDS))


_person_values = itemgetter(*NEW_PERSON_COLUMNS[:-3])


def insert_new_persons(rows: list[tuple]) -> list[int]:
    """Insert rows made by `new_person_row` (one COPY on PostgreSQL); their ids, in order."""
    try:
        with transaction.atomic():
            return insert_rows(Person, NEW_PERSON_COLUMNS, rows)
    except IntegrityError as exc:  # the same CCCD entered at the same moment elsewhere
        raise DomainError(
            "Một số CCCD trong danh sách vừa được ghi cho người khác.", field="citizen_id"
        ) from exc


@lru_cache(maxsize=65536)  # many people share a name
def _name_keys(name: str) -> tuple[str, str]:
    return fold(name), sort_key(name, given_name_first=True)


def _save_person(person: Person) -> None:
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:  # the same CCCD entered at the same moment elsewhere
        raise DomainError(
            f"Số CCCD {person.citizen_id} đã có trong hệ thống.", field="citizen_id"
        ) from exc


@transaction.atomic
def person_create(
    *,
    acting_user,
    organization: Organization,
    full_name: str,
    sex: str,
    birth_date: date | None = None,
    confirm_duplicate: bool = False,
    **profile,
) -> Person:
    """Create a person followed by `organization` (a cell). `profile` holds the other
    fields of PERSON_FIELDS (ethnicity, religion, citizen_id, …)."""
    unknown = set(profile) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    require(
        acting_user, PERSON_WRITE_ACTIONS, organization, "Vai trò của bạn không được thêm người."
    )
    require_cell(organization)
    data = _clean_person(
        {**profile, "full_name": full_name, "sex": sex, "birth_date": birth_date},
        confirm_duplicate=confirm_duplicate,
    )
    person = Person(**data, organization=organization)
    person.search_key = fold(person.full_name)
    person.sort_key = sort_key(person.full_name, given_name_first=True)
    _save_person(person)
    audit_record(
        actor=acting_user,
        event="person_created",
        obj=person,
        organization=organization,
        new=_person_snapshot(person),
    )
    return person


@transaction.atomic
def person_update(
    *, acting_user, person: Person, confirm_duplicate: bool = False, **changes
) -> Person:
    """Change some fields of a person (names from PERSON_FIELDS, except `organization`:
    a member changes cell by a transfer)."""
    unknown = set(changes) - (set(PERSON_FIELDS) - {"organization"})
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    person = (
        Person.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=person.pk)
    )
    require(
        acting_user,
        PERSON_WRITE_ACTIONS,
        person.organization,
        "Vai trò của bạn không được sửa thông tin người.",
    )
    if person.organization is None and acting_user and not acting_user.has_global_scope:
        raise DomainError("Người này nằm ngoài phạm vi quản lý của bạn.")
    old = _person_snapshot(person)
    current = {name: getattr(person, name) for name in PERSON_FIELDS if name != "organization"}
    data = _clean_person(
        {**current, **changes}, exclude_pk=person.pk, confirm_duplicate=confirm_duplicate
    )
    for name, value in data.items():
        setattr(person, name, value)
    person.search_key = fold(person.full_name)
    person.sort_key = sort_key(person.full_name, given_name_first=True)
    _save_person(person)
    audit_record(
        actor=acting_user,
        event="person_updated",
        obj=person,
        organization=person.organization,
        old=old,
        new=_person_snapshot(person),
    )
    return person


def person_bulk_create(*, rows: list[dict], batch_size: int = 2000) -> list[Person]:
    """Insert many persons at once (the demo builder, the national generator, test factories,
    bulk imports whose rows were checked already). Each row holds PERSON_FIELDS values and
    must name its cell (`organization`); the search and sort keys are set here, as
    `person_create` sets them. No audit row per person: a user's bulk action writes one."""
    persons = []
    for row in rows:
        unknown = set(row) - set(PERSON_FIELDS) - {"organization_id"}
        if unknown:
            raise TypeError(f"unknown person fields: {sorted(unknown)}")
        person = Person(**row)
        if person.organization_id is None:
            raise DomainError(
                f"«{person.full_name}» chưa thuộc chi bộ nào: mỗi người phải thuộc một chi bộ.",
                field="organization",
            )
        person.full_name = normalize(person.full_name)
        person.search_key = fold(person.full_name)
        person.sort_key = sort_key(person.full_name, given_name_first=True)
        persons.append(person)
    try:
        with transaction.atomic():
            return Person.objects.bulk_create(persons, batch_size=batch_size)
    except IntegrityError as exc:  # the same CCCD entered at the same moment elsewhere
        raise DomainError(
            "Một số CCCD trong danh sách vừa được ghi cho người khác.", field="citizen_id"
        ) from exc


def person_find(*, acting_user, citizen_id: str = "", full_name: str = "", birth_date=None):
    """The existing person an officer means, searched in their own subtree: by CCCD, or by
    name (accents ignored) and birth date. None when there is none; a person with that CCCD
    outside the subtree is refused (each person has one record, kept by their own cell)."""
    citizen_id = (citizen_id or "").strip()
    if citizen_id:
        person = Person.objects.filter(citizen_id=citizen_id).select_related("organization").first()
        if person is None:
            return None
        if acting_user is not None and not (
            Person.objects.for_user(acting_user).filter(pk=person.pk).exists()
        ):
            raise DomainError(
                f"Số CCCD {citizen_id} thuộc một người ngoài phạm vi quản lý của bạn: hãy đề "
                "nghị đơn vị đang theo dõi người này chuyển sang.",
                field="citizen_id",
            )
        return person
    if not full_name or birth_date is None:
        return None
    found = Person.objects.filter(search_key=fold(normalize(full_name)), birth_date=birth_date)
    if acting_user is not None:
        found = found.for_user(acting_user)
    return found.select_related("organization").first()


@transaction.atomic
def person_follow(*, acting_user, person: Person, organization: Organization) -> Person:
    """A cell of the subtree takes over following a person who is not a member (a trained
    young woman moves to the village cell that puts her on its list)."""
    require(
        acting_user, PERSON_WRITE_ACTIONS, organization, "Vai trò của bạn không được thêm người."
    )
    require_cell(organization)
    person = Person.objects.select_for_update(of=("self",)).get(pk=person.pk)
    if person.organization_id == organization.pk:
        return person
    visible = Person.objects.for_user(acting_user).filter(pk=person.pk)
    if acting_user is not None and not visible.exists():
        raise DomainError("Người này nằm ngoài phạm vi quản lý của bạn.")
    if Member.objects.filter(person=person, ended_on__isnull=True).exists():
        raise DomainError(
            f"«{person.full_name}» là đảng viên: chuyển chi bộ bằng thủ tục chuyển sinh hoạt đảng."
        )
    old = {"organization": person.organization_id}
    Person.objects.filter(pk=person.pk).update(organization=organization)
    person.organization = organization
    audit_record(
        actor=acting_user,
        event="person_updated",
        obj=person,
        organization=organization,
        old=old,
        new={"organization": organization.pk},
    )
    return person


@transaction.atomic
def record_sensitive_view(
    *,
    user,
    obj,
    organization: Organization | None,
    where: str,
    count: int | None = None,
    person_ids=None,
    filters: dict | None = None,
):
    """Audit one showing of religion, ethnicity and CCCD in a list, a page or an export:
    `obj` is the unit of the list or the person of the page; `person_ids` the persons shown
    (recorded one by one, so "who looked at this person" has an answer) and `filters` the
    exact filter of the list."""
    person_ids = list(person_ids or [])
    if count is None:
        count = len(person_ids)
    if count <= 0:
        return None
    new = {"where": where, "rows": count, "fields": list(SENSITIVE_FIELDS)}
    if filters:
        new["filter"] = {key: value for key, value in filters.items() if value not in ("", None)}
    event = audit_record(
        actor=user, event="sensitive_viewed", obj=obj, organization=organization, new=new
    )
    record_persons_shown(event, person_ids)
    return event
