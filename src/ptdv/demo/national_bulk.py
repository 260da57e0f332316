"""Writing the national generator's rows in bulk (`BulkWriter`, COPY on PostgreSQL), the
columns written per model (`FIELDS`), and the load's database-wide steps: dropping and
rebuilding secondary indexes, ANALYZE, statement timeouts and the dossiers' deadlines in bulk."""

from collections import defaultdict
from operator import itemgetter

from django.core.management.color import no_style
from django.db import connection

from ptdv.accounts.models import User
from ptdv.organizations.models import Organization
from ptdv.people.models import (
    Member,
    MemberExit,
    MemberTransfer,
    Person,
)
from ptdv.people.services.common import MEMBER_FIELDS, PERSON_FIELDS
from ptdv.recruitment.models import (
    CLOSED_STATES,
    Candidate,
    Dossier,
    DossierTransition,
    MentorAssignment,
    VerificationRequest,
)
from ptdv.recruitment.services import compute_due
from ptdv.targets.models import Target
from ptdv.training.models import AwarenessClass, Enrolment


class BulkWriter:
    """Buffers rows per model (tuples in the order of `fields`) and writes them in bulk:
    COPY on PostgreSQL, bulk_create elsewhere. `flush` writes the models in the order they
    were declared, so every foreign key points at a row already written."""

    def __init__(self, fields_by_model: dict, next_ids: dict | None = None):
        self.fields = fields_by_model
        self.rows = {model: [] for model in fields_by_model}
        self.written = defaultdict(int)
        self.buffered = 0
        self.next_ids = dict(next_ids or {})
        self.postgres = connection.vendor == "postgresql"
        self.types = {}
        for model in fields_by_model:
            if model in self.next_ids:
                continue
            with connection.cursor() as cursor:
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
                self.next_ids[model] = cursor.fetchone()[0] + 1

    def new_id(self, model) -> int:
        value = self.next_ids[model]
        self.next_ids[model] = value + 1
        return value

    def add(self, model, row: tuple) -> None:
        self.rows[model].append(row)
        self.buffered += 1

    def pending(self) -> int:
        return self.buffered

    def flush(self) -> None:
        for model, rows in self.rows.items():
            if rows:
                self._write(model, rows)
                self.written[model] += len(rows)
                self.rows[model] = []
        self.buffered = 0

    def _write(self, model, rows) -> None:
        names = self.fields[model]
        if self.postgres:
            # The columns the generator does not fill take the model's default, as an
            # instance would (COPY knows no Django default).
            named = {model._meta.get_field(n).column for n in names}
            rest = [
                f
                for f in model._meta.concrete_fields
                if f.column not in named and not f.null and not f.primary_key
            ]
            defaults = tuple(f.get_prep_value(f.get_default()) for f in rest)
            columns = [model._meta.get_field(n).column for n in names] + [f.column for f in rest]
            table = connection.ops.quote_name(model._meta.db_table)
            quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
            # The binary format: the values are sent as the columns' types (no text to
            # format here and to parse on the server).
            sql = f"COPY {table} ({quoted}) FROM STDIN (FORMAT BINARY)"
            with connection.cursor() as cursor:
                types = self._column_types(cursor, model, columns)
                with cursor.cursor.copy(sql) as copy:
                    copy.set_types(types)
                    write = copy.write_row
                    for row in rows:
                        write(row + defaults)
            return
        attnames = [model._meta.get_field(n).attname for n in names]
        objects = [model(**dict(zip(attnames, row, strict=True))) for row in rows]
        model.objects.bulk_create(objects, batch_size=500)

    def _column_types(self, cursor, model, columns) -> list[int]:
        """The type (oid) of each column, read once per table."""
        if model not in self.types:
            cursor.execute(
                "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass"
                " AND attnum > 0 AND NOT attisdropped",
                [model._meta.db_table],
            )
            self.types[model] = dict(cursor.fetchall())
        return [self.types[model][column] for column in columns]

    def reset_sequences(self) -> None:
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.fields))
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


FIELDS = {
    Organization: [
        "id",
        "code",
        "name",
        "kind",
        "sector",
        "parent",
        "path",
        "depth",
        "valid_from",
        "valid_to",
        "merged_into",
        "search_key",
        "sort_key",
        "created_at",
        "updated_at",
    ],
    Person: [
        "id",
        *(f for f in PERSON_FIELDS if f not in ("youth_union_joined_on", "phone")),
        "search_key",
        "sort_key",
        "created_at",
        "updated_at",
    ],
    Member: ["id", "person", *MEMBER_FIELDS, "committee_role", "admitted_in"],
    MemberExit: [
        "id",
        "member",
        "organization",
        "reason",
        "on",
        "document_number",
        "document_date",
        "note",
        "recorded_by",
    ],
    MemberTransfer: [
        "id",
        "member",
        "from_organization",
        "to_organization",
        "state",
        "requested_on",
        "document_number",
        "note",
        "requested_by",
        "confirmed_on",
        "confirmed_by",
    ],
    AwarenessClass: [
        "id",
        "name",
        "organization",
        "issuing_body",
        "target_group",
        "starts_on",
        "ends_on",
        "place",
        "created_at",
    ],
    Enrolment: [
        "id",
        "awareness_class",
        "person",
        "organization",
        "result",
        "certificate_number",
        "certificate_date",
        "certificate_expires_on",
        "enrolled_by",
        "created_at",
        "person_is_member",
        "person_admitted_on",
    ],
    Candidate: [
        "id",
        "person",
        "organization",
        "source",
        "status",
        "listed_on",
        "disadvantaged_area",
        "is_readmission",
        "left_party_on",
        "left_party_reason",
        "conviction_expunged_on",
        "closed_reason",
        "created_at",
    ],
    Dossier: [
        "id",
        "candidate",
        "organization",
        "state",
        "state_changed_on",
        "nominated_on",
        "certificate_number",
        "certificate_date",
        "certificate_issuer",
        "helper_assigned_on",
        "letter_date",
        "history_date",
        "stamped_on",
        "verification_sent_on",
        "cell_committee_comment_on",
        "history_certified_on",
        "introducer_1",
        "introducer_1_since",
        "introducer_2",
        "introducer_2_since",
        "youth_union_resolution",
        "introduced_on",
        "cell_resolution_date",
        "cell_resolution_number",
        "over60_consent_number",
        "over60_consent_date",
        "grassroots_resolution_date",
        "submitted_on",
        "extension_working_days",
        "decision_number",
        "decision_date",
        "decision_received_on",
        "decided_by",
        "ceremony_date",
        "ceremony_late_consent",
        "probation_end",
        "member",
        "new_member_course_date",
        "recognition_resolution_date",
        "failed_recognition_votes",
        "escalated_on",
        "recognition_decision_number",
        "recognition_decision_date",
        "official_from",
        "closed_on",
        "closed_reason",
    ],
    MentorAssignment: ["id", "candidate", "member", "assigned_on", "ended_on"],
    VerificationRequest: [
        "id",
        "dossier",
        "relation",
        "full_name",
        "is_party_member",
        "declared_fully",
        "sent_to",
        "sent_on",
        "answered_on",
        "result",
    ],
    DossierTransition: [
        "id",
        "dossier",
        "from_state",
        "to_state",
        "action",
        "at",
        "actor",
        "actor_body",
        "meeting_date",
        "official_members",
        "votes_for",
        "votes_against",
        "document_number",
        "document_date",
        "deadline_breached",
        "note",
    ],
    Target: [
        "id",
        "organization",
        "kind",
        "measure",
        "period_start",
        "period_end",
        "min_value",
        "max_value",
        "document",
        "note",
        "created_at",
        "updated_at",
    ],
    User: [
        "id",
        "password",
        "last_login",
        "is_superuser",
        "username",
        "first_name",
        "last_name",
        "email",
        "is_staff",
        "is_active",
        "date_joined",
        "full_name",
        "organization",
        "role",
    ],
}
# The dossier row is built as a dict, then ordered like this.
DOSSIER_FIELDS = FIELDS[Dossier]
dossier_values = itemgetter(*DOSSIER_FIELDS)


BUILT_WITHOUT_INDEXES = (
    Person,
    Member,
    MemberExit,
    MemberTransfer,
    Enrolment,
    Candidate,
    Dossier,
    MentorAssignment,
    VerificationRequest,
    DossierTransition,
)

# Built province by province, each in its own block of ids.
PROVINCE_MODELS = (*BUILT_WITHOUT_INDEXES, AwarenessClass)


def drop_secondary_indexes(models) -> list[str]:
    """On PostgreSQL, drop the indexes of the models' tables that back no constraint and
    return their definitions (`CREATE INDEX …`) to build them again; elsewhere, and inside a
    transaction (whose deferred key checks would forbid building them again), nothing."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return []
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)"
            " FROM pg_index i WHERE i.indrelid = ANY(%s::text[]::regclass[])"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
            " ORDER BY 1",
            [tables],
        )
        found = cursor.fetchall()
        for name, _definition in found:
            cursor.execute(f"DROP INDEX {name}")
    return [definition for _name, definition in found]


def without_statement_timeout(operation):
    """`operation()` on PostgreSQL without the pages' statement timeout (a national load's
    statements run for minutes)."""
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute("SET statement_timeout = 0")
        try:
            return operation()
        finally:
            if postgres:
                cursor.execute("RESET statement_timeout")


def analyze() -> None:
    """ANALYZE every table (on PostgreSQL without the pages' statement timeout)."""

    def run():
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    without_statement_timeout(run)


def refresh_deadlines_in_bulk(ids: tuple[int, int], batch_size: int = 20_000) -> int:
    """The stored deadline of every open dossier whose id is in `ids` (from, up to), as the
    services compute it (`compute_due`), written in bulk on PostgreSQL: one COPY into a
    temporary table and one UPDATE per batch (the services' maintenance command updates row
    by row)."""
    count, last = 0, ids[0] - 1
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS generated_due"
            " (id bigint PRIMARY KEY, due_on date, due_rule varchar(8))"
        )
        while True:
            batch = list(
                Dossier.objects.exclude(state__in=CLOSED_STATES)
                .filter(pk__gt=last, pk__lt=ids[1])
                .order_by("pk")[:batch_size]
            )
            if not batch:
                break
            # Computed before the COPY: a deadline may read the dossier's verification
            # requests, and no other statement may run on the connection during a COPY.
            rows = [(dossier.pk, *(compute_due(dossier) or (None, ""))) for dossier in batch]
            cursor.execute("TRUNCATE generated_due")
            with cursor.cursor.copy("COPY generated_due (id, due_on, due_rule) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                "UPDATE recruitment_dossier d SET due_on = g.due_on, due_rule = g.due_rule"
                " FROM generated_due g WHERE d.id = g.id"
            )
            count += len(batch)
            last = batch[-1].pk
        cursor.execute("DROP TABLE generated_due")
    return count
