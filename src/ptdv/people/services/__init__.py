"""Writes on persons and members, by subject: `persons`, `members` (new members in bulk:
`member_bulk`), `transfers`, `committees`. Each function checks role, scope and rules,
writes the audit row in the same transaction, and raises DomainError (Vietnamese) when it
refuses. Callers import from here."""

from ptdv.people.services.committees import committee_seat_add, committee_seat_end
from ptdv.people.services.common import (
    MEMBER_FIELDS,
    PERSON_FIELDS,
    PERSON_WRITE_ACTIONS,
    SENSITIVE_FIELDS,
)
from ptdv.people.services.member_bulk import BulkRowRefused, member_bulk_create
from ptdv.people.services.members import (
    member_create,
    member_exit,
    member_record_recognition,
    member_update,
)
from ptdv.people.services.persons import (
    existing_persons,
    person_bulk_create,
    person_create,
    person_find,
    person_follow,
    person_update,
    record_sensitive_view,
)
from ptdv.people.services.transfers import (
    member_transfer_cancel,
    member_transfer_confirm,
    member_transfer_request,
)

__all__ = [
    "MEMBER_FIELDS",
    "PERSON_FIELDS",
    "PERSON_WRITE_ACTIONS",
    "SENSITIVE_FIELDS",
    "BulkRowRefused",
    "committee_seat_add",
    "committee_seat_end",
    "existing_persons",
    "member_bulk_create",
    "member_create",
    "member_exit",
    "member_record_recognition",
    "member_transfer_cancel",
    "member_transfer_confirm",
    "member_transfer_request",
    "member_update",
    "person_bulk_create",
    "person_create",
    "person_find",
    "person_follow",
    "person_update",
    "record_sensitive_view",
]
