"""New members in bulk: a member list imported from the old books, checked row by row as
`person_create` and `member_create` check it, written with one insert per table."""

from functools import lru_cache
from operator import itemgetter

from django.db import transaction

from ptdv.accounts.audit import audit_rows_bulk, snapshot_values
from ptdv.accounts.permissions import Action
from ptdv.core.bulk import filter_in, insert_rows
from ptdv.core.errors import DomainError
from ptdv.core.text import normalize
from ptdv.organizations.models import Organization
from ptdv.people.counters import members_inserted
from ptdv.people.models import Member, MemberStatus
from ptdv.people.services.common import (
    MEMBER_FIELDS,
    PERSON_WRITE_ACTIONS,
    require,
    require_cell,
    today,
)
from ptdv.people.services.members import MEMBER_CREATED_FIELDS, card_taken, check_new_member
from ptdv.people.services.persons import (
    NEW_PERSON_COLUMNS,
    clean_new_person,
    existing_citizen_ids,
    insert_new_persons,
    new_person_row,
    person_defaults,
)

# The columns of a new member's row in a bulk insert (`member_bulk_create`).
NEW_MEMBER_COLUMNS = ("person_id", "organization_id", *MEMBER_CREATED_FIELDS)
_MEMBER_ARGUMENTS = frozenset(MEMBER_CREATED_FIELDS)


@transaction.atomic
def member_bulk_create(*, acting_user, rows: list[dict]) -> list[dict]:
    """Record many new members at once (a member list imported from the old books): each
    row is `{"organization": cell, "person": {PERSON_FIELDS values}, "member": {the
    arguments of member_create}}` about a person not yet in the system. Every row is checked
    as `person_create` and `member_create` check it (role and scope, a cell in being, the
    person's values, CCCD and party card unique among saved rows and the other rows, dates
    consistent); then persons, members and their audit rows (`person_created`,
    `member_created`, one each per person, the values those services record) are inserted
    in bulk, with no model instance per row (`core.bulk.insert_rows`: one COPY each on
    PostgreSQL). The first refused row raises `BulkRowRefused` with its index, and nothing
    is written. Returns the new members' values (with `id`, `person_id` and
    `organization_id`), in the order of the rows: what a follower of new members needs."""
    units: dict[int, DomainError | None] = {}
    taken_ids = existing_citizen_ids(row["person"].get("citizen_id") or "" for row in rows)
    taken_cards = _cards_in_use(row["member"].get("party_card_number") for row in rows)
    defaults, on = person_defaults(), today()
    normal = lru_cache(maxsize=None)(normalize)  # for this call: many rows share a value
    member_defaults = {name: None for name in MEMBER_CREATED_FIELDS}
    member_defaults.update(status=MemberStatus.PROBATIONARY, party_card_number="")
    persons, person_audit, members = [], [], []
    for index, row in enumerate(rows):
        organization = row["organization"]
        try:
            if organization.pk not in units:
                units[organization.pk] = _unit_refusal(acting_user, organization)
            if units[organization.pk] is not None:
                raise units[organization.pk]
            person = clean_new_person(dict(row["person"]), taken=taken_ids, on=on, normal=normal)
            if not _MEMBER_ARGUMENTS.issuperset(row["member"]):
                raise TypeError(f"unknown member fields: {sorted(row['member'])}")
            values = {**member_defaults, **row["member"]}
            check_new_member(
                admission_decided_on=values["admission_decided_on"],
                status=values["status"],
                ceremony_on=values["ceremony_on"],
                probation_ends_on=values["probation_ends_on"],
                official_from=values["official_from"],
                on=on,
            )
            card = values["party_card_number"] = normal(values["party_card_number"] or "")
            if card:
                if card in taken_cards:
                    raise card_taken(card)
                taken_cards.add(card)
        except DomainError as error:
            raise BulkRowRefused(index, error) from error
        person_row, audit_new = new_person_row(person, organization.pk, defaults)
        persons.append(person_row)
        person_audit.append(audit_new)
        members.append({**values, "organization_id": organization.pk})
    person_ids = insert_new_persons(persons)
    for person_id, values in zip(person_ids, members, strict=True):
        values["person_id"] = person_id
    with members_inserted() as added:
        member_ids = insert_rows(
            Member,
            NEW_MEMBER_COLUMNS,
            list(map(itemgetter(*NEW_MEMBER_COLUMNS), members)),
        )
        religion_at = NEW_PERSON_COLUMNS.index("religion")
        added.extend(
            (
                values["organization_id"],
                values["status"],
                values["official_from"],
                person[religion_at],
            )
            for values, person in zip(members, persons, strict=True)
        )
    audit, ended = [], {"ended_on": None}
    name_at = NEW_PERSON_COLUMNS.index("full_name")
    for person, new, member, member_id in zip(
        persons, person_audit, members, member_ids, strict=True
    ):
        member["id"] = member_id
        unit, name = member["organization_id"], person[name_at]
        audit.append(("person_created", "people.person", member["person_id"], name, unit, new))
        member_new = snapshot_values({**member, "organization": unit, **ended}, MEMBER_FIELDS)
        audit.append(("member_created", "people.member", member_id, name, unit, member_new))
    audit_rows_bulk(actor=acting_user, rows=audit)
    return members


def _cards_in_use(numbers) -> set[str]:
    """The party card numbers among `numbers` a saved member holds (one query on
    PostgreSQL, one per 900 elsewhere)."""
    cards = {normalize(number or "") for number in numbers} - {""}
    taken: set[str] = set()
    for part in filter_in(Member.objects.order_by(), "party_card_number", cards):
        taken.update(part.values_list("party_card_number", flat=True))
    return taken


class BulkRowRefused(DomainError):
    """A row of a bulk write refused: `index` is its place in the rows given."""

    def __init__(self, index: int, error: DomainError):
        super().__init__(error.message, field=error.field, rule=error.rule)
        self.index = index


def _unit_refusal(acting_user, organization: Organization) -> DomainError | None:
    """Why a person and a member may not be added to `organization` (checked once per cell
    of a bulk write, in the order `person_create` and `member_create` check it)."""
    try:
        require(
            acting_user,
            PERSON_WRITE_ACTIONS,
            organization,
            "Vai trò của bạn không được thêm người.",
        )
        require_cell(organization)
        require(
            acting_user,
            (Action.MANAGE_DOSSIERS, Action.DECIDE),
            organization,
            "Vai trò của bạn không được thêm đảng viên.",
        )
    except DomainError as error:
        return error
    return None
