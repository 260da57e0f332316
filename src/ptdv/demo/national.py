"""A national tree filled to a chosen number of members, for measuring at national size.

`generate(members=N, seed=S)` builds into the configured (empty) database the post-2025 tree
(34 provinces, 3.321 communes from `vietnam-provinces`, grassroots organisations and cells
under them in proportion to N), the dissolved historic units (old provinces, ~700 district
committees, ~3 old communes per new commune, each merged into its successor), N member rows
and everything around them: admissions from 2016 at about 3 % a year, exits, transfers,
candidates, awareness classes and enrolments, dossiers in every state, targets of every
province and commune (each year and the 2025–2030 term) and users.

Every row has the shape the services give it: a person sits in the cell that follows them,
an admitted member has the candidate, the class certificate, the dossier (with the dates of
every step, in the order and spacing the rules allow), the helper, the verification and the
introducers the procedure needs; the member carries the dossier's dates. What the services
also write and this does not: the audit trail (the generation is not a user's action) and
the transitions before a dossier's last step (one transition row per dossier).

Rows are produced in Python from one seeded random generator (same seed and same `today`,
same database) and written in bulk: COPY on PostgreSQL, `bulk_create` elsewhere.
"""

import math
import random
import time
from bisect import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from itertools import islice
from operator import itemgetter

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction

from ptdv.accounts.models import Role, User
from ptdv.core.calendar import add_months
from ptdv.core.errors import DomainError
from ptdv.core.formatting import format_number
from ptdv.core.reference import ETHNIC_GROUPS, GeneralEducation, ProfessionalLevel, Religion
from ptdv.core.text import fold, sort_key
from ptdv.demo.national_parallel import (
    Workers,
    build_province,
    check_references,
    create_index,
    parallel_possible,
    skips_reference_checks,
)
from ptdv.demo.organizations import (
    DISSOLVED,
    OLD_PROVINCES,
    REFORM,
    SECTOR_BY_DIVISION,
    UNCHANGED_PROVINCES,
    _commune_name,
    _province_name,
)
from ptdv.demo.users import DEMO_PASSWORD
from ptdv.organizations.models import Organization, OrganizationKind, Sector
from ptdv.people.admitted_in import rebuild_admitted_in
from ptdv.people.counters import rebuild_counts
from ptdv.people.models import (
    CommitteeRole,
    ExitReason,
    Member,
    MemberExit,
    MemberStatus,
    MemberTransfer,
    Person,
    Sex,
    TransferState,
)
from ptdv.people.services.common import MEMBER_FIELDS, PERSON_FIELDS
from ptdv.recruitment.models import (
    CLOSED_STATES,
    Candidate,
    CandidateStatus,
    Dossier,
    DossierState,
    DossierTransition,
    MentorAssignment,
    Relation,
    SourceOrganization,
    VerificationRequest,
)
from ptdv.recruitment.services import compute_due, dossier_refresh_deadlines
from ptdv.targets.models import Target, TargetKind, TargetMeasure
from ptdv.training.models import AwarenessClass, Enrolment, EnrolmentResult, certificate_expiry

S = DossierState
FIRST_RECENT_YEAR = 2016
ADMISSION_RATE = 0.03  # admissions a year, as a share of the members
MEMBERS_PER_CELL = 22
OPEN_DOSSIER_SHARE = 0.05  # open dossiers, as a share of the members
CLOSED_DOSSIER_SHARE = 0.01  # rejected, dropped, expired certificates
EXITED_SHARE = 0.06
TERM = (date(2025, 7, 1), date(2030, 6, 30))
FLUSH_ROWS = 50_000

# Days from the admission decision (D) back to each step of the procedure. The spacing keeps
# every deadline of the rules: decision within 60 working days of the cell resolution (R26),
# ceremony within 30 working days of the decision (R27), certificate valid (R8).
STEPS = [
    # state reached, days before D
    (S.ASSIGNED_HELPER, 80),
    (S.DOSSIER_OPEN, 70),
    (S.VERIFYING, 65),
    (S.VERIFIED, 40),
    (S.INTRODUCED, 35),
    (S.CELL_PROPOSED, 30),
    (S.GRASSROOTS_PROPOSED, 20),
    (S.AWAITING_DECISION, 18),
    (S.ADMISSION_DECIDED, 0),
]
# Open dossiers: days from today to the planned decision for each step to be the current one
# (assigned helper … awaiting decision, from STEPS); the rest are further off (on the list).
OPEN_WINDOWS = [(80, 90), (70, 80), (65, 70), (40, 65), (35, 40), (30, 35), (20, 30), (18, 20)]
OPEN_WINDOWS.append((0, 18))
CERTIFIED_BEFORE_DECISION = 90  # at least; the class is the last one ending before that
CEREMONY_AFTER = 10
RECEIVED_AFTER = 2


def _words(text: str) -> list[str]:
    return text.split()


FAMILY = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 4),
    ("Phan", 4),
    ("Vũ", 4),
    ("Võ", 3),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 1),
    ("Lý", 1),
    ("Đinh", 1),
    ("Lò", 1),
    ("Hà", 1),
]
MIDDLE = {
    Sex.MALE: ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thành", "Xuân", "Đình", "Ngọc"],
    Sex.FEMALE: ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Kim", "Bích"],
}
GIVEN = {
    Sex.MALE: _words(
        "An Bình Cường Dũng Đạt Đông Giang Hải Hiếu Hòa Hùng Huy Khải Khánh Khoa Kiên Lâm Long "
        "Lộc Mạnh Nam Nghĩa Phong Phúc Quân Quang Sơn Tài Tâm Thắng Thành Thịnh Toàn Trung Tú "
        "Tuấn Tùng Việt Vinh Vũ"
    ),
    Sex.FEMALE: _words(
        "Anh Ánh Chi Dung Giang Hà Hạnh Hằng Hiền Hoa Hồng Huệ Hương Lan Liên Linh Loan Mai My "
        "Nga Ngân Ngọc Nhung Oanh Phương Quyên Thảo Thơm Thu Thủy Trang Trinh Tuyết Uyên Vân Yến"
    ),
}
MINORITY_WEIGHTS = [(name, 1.0 / (rank + 2)) for rank, name in enumerate(ETHNIC_GROUPS[1:])]
RELIGIONS = [
    (Religion.NONE, 930),
    (Religion.BUDDHISM, 30),
    (Religion.CATHOLICISM, 25),
    (Religion.PROTESTANTISM, 5),
    (Religion.CAO_DAI, 4),
    (Religion.HOA_HAO, 3),
    (Religion.OTHER, 3),
]
EDUCATION = [
    (GeneralEducation.UPPER_SECONDARY, 86),
    (GeneralEducation.LOWER_SECONDARY, 11),
    (GeneralEducation.PRIMARY, 3),
]
PROFESSION = [
    (ProfessionalLevel.UNIVERSITY, 38),
    (ProfessionalLevel.NONE, 22),
    (ProfessionalLevel.INTERMEDIATE, 14),
    (ProfessionalLevel.COLLEGE, 10),
    (ProfessionalLevel.ELEMENTARY, 8),
    (ProfessionalLevel.MASTER, 7),
    (ProfessionalLevel.DOCTOR, 1),
]
# Cell sectors apart from the residential one of the commune, with a workplace and occupation.
WORK_SECTORS = [
    ("school", "school", "Giáo viên", 25),
    ("administrative", "state_agency", "Công chức", 20),
    ("public_service", "public_service", "Viên chức", 15),
    ("private_enterprise", "private_enterprise", "Công nhân", 15),
    ("state_enterprise", "state_enterprise", "Kỹ sư", 8),
    ("armed_forces", "armed_forces", "Quân nhân", 10),
    ("party_mass", "state_agency", "Cán bộ", 7),
]
RESIDENTIAL_WORK = [
    ("agriculture", "Nông dân", 45),
    ("self_employed", "Kinh doanh", 20),
    ("", "Hưu trí", 20),
    ("other", "Lao động tự do", 15),
]
EXIT_REASONS = [
    (ExitReason.DECEASED, 55),
    (ExitReason.TRANSFERRED_OUT, 15),
    (ExitReason.STRUCK_OFF, 20),
    (ExitReason.DISMISSED, 6),
    (ExitReason.EXPELLED, 4),
]
SOURCES = [
    (SourceOrganization.YOUTH_UNION, 50),
    (SourceOrganization.WOMEN_UNION, 12),
    (SourceOrganization.SCHOOL, 10),
    (SourceOrganization.ENTERPRISE, 10),
    (SourceOrganization.MILITIA, 10),
    (SourceOrganization.RELIGIOUS, 3),
    (SourceOrganization.OTHER, 5),
]


def _chooser(rng: random.Random, pairs):
    values = [v for v, _ in pairs]
    cum, total = [], 0.0
    for _, w in pairs:
        total += w
        cum.append(total)
    # What `rng.choices(values, cum_weights=cum)[0]` draws (the same number from the same
    # generator), without building a list per call.
    draw, last = rng.random, len(values) - 1
    return lambda: values[bisect(cum, draw() * total, 0, last)]


@lru_cache(maxsize=200_000)
def _keys(full_name: str) -> tuple[str, str]:
    return fold(full_name), sort_key(full_name, given_name_first=True)


def _org_keys(name: str) -> tuple[str, str]:
    return fold(name), sort_key(name)


_DAY_SPANS = tuple(timedelta(days=n) for n in range(40_000))


def _days(n: int) -> timedelta:
    """timedelta(days=n), read from a table for the spans the generator uses (millions of
    calls)."""
    return _DAY_SPANS[n] if 0 <= n < 40_000 else timedelta(days=n)


# --- writing in bulk -----------------------------------------------------------------------


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
    Member: ["id", "person", *MEMBER_FIELDS, "committee_role"],
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


# --- the plan ------------------------------------------------------------------------------


@dataclass
class Unit:
    id: int
    path: str
    depth: int


@dataclass
class CommunePlan:
    unit: Unit
    province_code: int
    name: str
    residential_sector: str
    members: int
    cells: list = field(default_factory=list)  # (Unit, sector code, workplace, occupation)
    old_cells: list = field(default_factory=list)
    classes: list = field(default_factory=list)  # (id, starts_on, ends_on), by ends_on


@dataclass
class Report:
    counts: dict
    seconds: float


@dataclass
class ProvincePlan:
    """A province's communes and the block of ids of each member-side table allotted to it
    (from `first_ids` up to, not including, `end_ids`): provinces are built apart (in any
    order, in several processes) and their rows never collide."""

    code: int
    communes: list
    first_ids: dict
    end_ids: dict


@dataclass
class ProvinceResult:
    code: int
    counters: dict
    written: dict
    admitted_by_commune_year: dict
    members_by_commune: dict


class Generator:
    def __init__(self, *, members: int, seed: int, today: date, log, provinces=None, jobs=1):
        self.only_provinces = set(provinces) if provinces else None
        if members < 1:
            raise DomainError("Số đảng viên phải lớn hơn 0.")
        if jobs < 1:
            raise DomainError("Số tiến trình phải lớn hơn 0.")
        self.total = members
        self.seed = seed
        self.jobs = jobs
        self.today = today
        self.log = log
        self.started = time.monotonic()
        self.now = datetime.combine(today, datetime.min.time(), tzinfo=UTC)
        self.kinds = {k.code: k.pk for k in OrganizationKind.objects.all()}
        self.sectors = {s.code: s.pk for s in Sector.objects.all()}
        self.out = BulkWriter(FIELDS)
        self.person_serial = 0
        self.use_rng(random.Random(seed))
        self.admitted_by_commune_year = defaultdict(int)
        self.members_by_commune = defaultdict(int)

    def use_rng(self, rng: random.Random) -> None:
        """Draw from `rng` from now on (the tree and the targets from the seed's generator,
        each province from its own)."""
        self.rng = rng
        self.pick_family = _chooser(rng, FAMILY)
        self.pick_minority = _chooser(rng, MINORITY_WEIGHTS)
        self.pick_religion = _chooser(rng, RELIGIONS)
        self.pick_education = _chooser(rng, EDUCATION)
        self.pick_profession = _chooser(rng, PROFESSION)
        self.pick_work = _chooser(rng, [(w[:3], w[3]) for w in WORK_SECTORS])
        self.pick_residential = _chooser(rng, [(w[:2], w[2]) for w in RESIDENTIAL_WORK])
        self.pick_exit = _chooser(rng, EXIT_REASONS)
        self.pick_source = _chooser(rng, SOURCES)

    # --- progress ---

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def say(self, text: str) -> None:
        self.log(f"[{self.elapsed():7.1f} s] {text}")

    def maybe_flush(self) -> None:
        if self.out.pending() >= FLUSH_ROWS:
            self.out.flush()

    # --- the tree ---

    def org(
        self,
        *,
        parent: Unit | None,
        code,
        name,
        kind,
        sector=None,
        valid_from=None,
        valid_to=None,
        merged_into=None,
    ) -> Unit:
        pk = self.out.new_id(Organization)
        path = f"{parent.path if parent else '/'}{pk}/"
        depth = parent.depth + 1 if parent else 0
        search, order = _org_keys(name)
        self.out.add(
            Organization,
            (
                pk,
                code,
                name,
                self.kinds[kind],
                self.sectors.get(sector),
                parent.id if parent else None,
                path,
                depth,
                valid_from,
                valid_to,
                merged_into.id if merged_into else None,
                search,
                order,
                self.now,
                self.now,
            ),
        )
        return Unit(pk, path, depth)

    def build_tree(self) -> tuple[Unit, dict[int, Unit], list[CommunePlan]]:
        from vietnam_provinces import Province, Ward

        rng = self.rng
        root = self.org(
            parent=None, code="TW", name="Ban Chấp hành Trung ương Đảng", kind="central"
        )
        provinces: dict[int, Unit] = {}
        communes: list[CommunePlan] = []
        wards_by_province = {}
        for province in sorted(Province.iter_all(), key=lambda p: int(p.code)):
            code = int(province.code)
            if self.only_provinces and code not in self.only_provinces:
                continue
            provinces[code] = self.org(
                parent=root,
                code=f"T{code:02d}",
                name=_province_name(province),
                kind="province",
                valid_from=None if code in UNCHANGED_PROVINCES else REFORM,
            )
            wards = sorted(Ward.iter_by_province(province.code), key=lambda w: int(w.code))
            wards_by_province[code] = wards
            for ward in wards:
                division = ward.division_type.value
                sector = SECTOR_BY_DIVISION.get(division, "other")
                name = _commune_name(ward)
                unit = self.org(
                    parent=provinces[code],
                    code=f"X{int(ward.code):05d}",
                    name=name,
                    kind="commune",
                    sector=sector,
                    valid_from=REFORM,
                )
                weight = rng.lognormvariate(0, 0.5) * (1.5 if division == "phường" else 1.0)
                communes.append(CommunePlan(unit, code, name, sector, members=0))
                communes[-1].weight = weight
        # Members per commune in proportion to the weights (remainders to the largest).
        total_weight = sum(c.weight for c in communes)
        for commune in communes:
            commune.members = int(self.total * commune.weight / total_weight)
        rest = self.total - sum(c.members for c in communes)
        for commune in sorted(communes, key=lambda c: -c.weight)[:rest]:
            commune.members += 1
        self.say(f"{len(provinces)} tỉnh, thành phố; {len(communes)} xã, phường, đặc khu")

        # Historic units: the old provinces merged away, the district committees and the old
        # communes (about three per new commune), dissolved on 30/06/2025 into their successors.
        for old_code, name, new_code in OLD_PROVINCES:
            if new_code not in provinces:
                continue
            self.org(
                parent=root,
                code=f"TC{old_code}",
                name=name,
                kind="province",
                valid_to=DISSOLVED,
                merged_into=provinces[new_code],
            )
        by_province = defaultdict(list)
        for commune in communes:
            by_province[commune.province_code].append(commune)
        districts = old_communes = 0
        for code, items in by_province.items():
            for start in range(0, len(items), 5):
                group = items[start : start + 5]
                districts += 1
                district = self.org(
                    parent=provinces[code],
                    code=f"H{code:02d}.{start // 5 + 1:03d}",
                    name=f"Đảng bộ huyện {group[0].name.split(' ', 3)[-1]} (cũ)",
                    kind="district",
                    valid_to=DISSOLVED,
                    merged_into=provinces[code],
                )
                for commune in group:
                    for k in range(1, 4):
                        old_communes += 1
                        old = self.org(
                            parent=district,
                            code=f"C{commune.unit.id}.{k}",
                            name=f"Đảng bộ {commune.name.split(' ', 2)[-1]} {k} (cũ)",
                            kind="grassroots_committee",
                            sector=commune.residential_sector,
                            valid_to=DISSOLVED,
                            merged_into=commune.unit,
                        )
                        cell_name = f"Chi bộ thôn {k} (cũ)"
                        cell = self.org(
                            parent=old,
                            code=f"C{commune.unit.id}.{k}.1",
                            name=cell_name,
                            kind="cell",
                            sector=commune.residential_sector,
                            valid_to=DISSOLVED,
                        )
                        commune.old_cells.append(cell)
        self.say(f"{districts} đảng bộ huyện và {old_communes} đảng bộ xã cũ đã giải thể")

        # Today's cells: residential cells under the commune, grassroots committees of
        # schools, agencies and enterprises with their cells, grassroots cells.
        cells = grassroots = 0
        for commune in communes:
            count = max(1, round(commune.members / MEMBERS_PER_CELL))
            residential = max(1, round(count * 0.55))
            unit = commune.unit
            village = "tổ dân phố" if "urban" in commune.residential_sector else "thôn"
            for i in range(1, residential + 1):
                cell = self.org(
                    parent=unit,
                    code=f"{unit.id}.{i}",
                    name=f"Chi bộ {village} {i}",
                    kind="cell",
                    sector=commune.residential_sector,
                    valid_from=REFORM,
                )
                commune.cells.append((cell, None))
            left, serial = count - residential, residential
            while left > 0:
                work = self.pick_work()
                size = min(left, rng.choice((1, 1, 2, 3, 4, 6)))
                serial += 1
                label = {
                    "school": "Trường",
                    "state_agency": "Cơ quan",
                    "public_service": "Trung tâm",
                    "private_enterprise": "Công ty",
                    "state_enterprise": "Công ty",
                    "armed_forces": "Ban Chỉ huy Quân sự",
                }.get(work[1], "Cơ quan")
                grassroots += 1
                if size == 1:
                    cell = self.org(
                        parent=unit,
                        code=f"{unit.id}.{serial}",
                        name=f"Chi bộ {label} số {serial}",
                        kind="grassroots_cell",
                        sector=work[0],
                        valid_from=REFORM,
                    )
                    commune.cells.append((cell, work))
                else:
                    committee = self.org(
                        parent=unit,
                        code=f"{unit.id}.{serial}",
                        name=f"Đảng bộ {label} số {serial}",
                        kind="grassroots_committee",
                        sector=work[0],
                        valid_from=REFORM,
                    )
                    for j in range(1, size + 1):
                        cell = self.org(
                            parent=committee,
                            code=f"{unit.id}.{serial}.{j}",
                            name=f"Chi bộ {j}",
                            kind="cell",
                            sector=work[0],
                            valid_from=REFORM,
                        )
                        commune.cells.append((cell, work))
                left -= size
            cells += len(commune.cells)
            self.maybe_flush()
        self.out.flush()
        self.say(f"{grassroots} tổ chức cơ sở đảng, {cells} chi bộ")
        return root, provinces, communes

    # --- classes ---

    def build_classes(self, commune: CommunePlan) -> None:
        """One class a year organised by the commune (two where it admits more than about ten
        a year), from 2014 to a year from now."""
        rng = self.rng
        halves = (0, 1) if commune.members * ADMISSION_RATE > 10 else (0,)
        for year in range(FIRST_RECENT_YEAR - 2, self.today.year + 2):
            for half in halves:
                starts = date(year, 1 + 6 * half, 1) + _days(
                    rng.randrange(0, 150 if len(halves) == 2 else 330)
                )
                ends = starts + _days(rng.randrange(4, 10))
                pk = self.out.new_id(AwarenessClass)
                self.out.add(
                    AwarenessClass,
                    (
                        pk,
                        f"Lớp bồi dưỡng nhận thức về Đảng {half + 1}/{year}",
                        commune.unit.id,
                        "Trung tâm Chính trị" if year < 2025 else f"Ban Thường vụ {commune.name}",
                        "other",
                        starts,
                        ends,
                        commune.name.removeprefix("Đảng bộ "),
                        self.now,
                    ),
                )
                commune.classes.append((pk, starts, ends))
        commune.classes.sort(key=lambda c: c[2])

    def class_before(self, commune: CommunePlan, day: date):
        """The last class of the commune that ended on or before `day`."""
        chosen = None
        for item in commune.classes:
            if item[2] <= day:
                chosen = item
            else:
                break
        return chosen

    # --- persons ---

    def person(self, *, cell_id, commune: CommunePlan, birth: date, sex, work, young: bool):
        rng = self.rng
        self.person_serial += 1
        full_name = f"{self.pick_family()} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"
        search, order = _keys(full_name)
        minority = rng.random() < 0.14
        _sector_code, workplace, occupation = work
        # CCCD: place code, century and sex, year of birth, serial (unique below a million).
        century_sex = (0 if sex == Sex.MALE else 1) + (2 if birth.year >= 2000 else 0)
        citizen = (
            f"{commune.province_code:03d}{century_sex}"
            f"{birth.year % 100:02d}{self.person_serial % 1_000_000:06d}"
        )
        pk = self.out.new_id(Person)
        self.out.add(
            Person,
            (
                pk,
                full_name,
                birth,
                sex,
                self.pick_minority() if minority else "Kinh",
                self.pick_religion(),
                self.pick_education(),
                self.pick_profession() if workplace not in ("", "agriculture") else "none",
                occupation,
                workplace,
                citizen if self.person_serial < 1_000_000 else "",
                young and rng.random() < 0.7,
                sex == Sex.FEMALE and rng.random() < 0.5,
                "",
                commune.name.removeprefix("Đảng bộ "),
                commune.name.removeprefix("Đảng bộ "),
                cell_id,
                search,
                order,
                self.now,
                self.now,
            ),
        )
        return pk

    # --- members, candidates, dossiers ---

    def build_commune(self, commune: CommunePlan, counters) -> None:
        rng, today = self.rng, self.today
        self.build_classes(commune)
        n = commune.members
        cells = commune.cells
        weights = [rng.random() + 0.5 for _ in cells]
        cum = []
        total = 0.0
        for w in weights:
            total += w
            cum.append(total)
        recent_share = ADMISSION_RATE * ((today - date(FIRST_RECENT_YEAR, 1, 1)).days / 365.25)
        officials_by_cell = defaultdict(list)
        recent = []  # (member id, person id, cell, D, ended, reason)
        first_of_cell = {}
        span_recent = (today - date(FIRST_RECENT_YEAR, 1, 1)).days
        last_cell = len(cells) - 1
        for _ in range(n):
            index = bisect(cum, rng.random() * total, 0, last_cell)  # rng.choices' draw
            cell, work = cells[index]
            sex = Sex.FEMALE if rng.random() < 0.36 else Sex.MALE
            is_recent = rng.random() < recent_share
            if is_recent:
                decided = date(FIRST_RECENT_YEAR, 1, 1) + _days(rng.randrange(span_recent))
                chance = rng.random()
                if chance < 0.01:  # decided, the ceremony still to come
                    decided = today - _days(rng.randrange(CEREMONY_AFTER))
                elif chance < 0.02:  # probation over, the recognition under way
                    decided = add_months(today - _days(rng.randrange(7, 21)), -12) - _days(
                        CEREMONY_AFTER
                    )
                age = 18 + int(rng.expovariate(1 / 9))
                age = min(age, 59)
            else:
                decided = date(1955, 1, 1) + _days(
                    int((1 - rng.random() ** 1.6) * (date(2015, 12, 31) - date(1955, 1, 1)).days)
                )
                age = 19 + int(rng.expovariate(1 / 8))
                age = min(age, 55)
            birth = decided - _days(age * 365 + rng.randrange(365))
            ended_on = reason = None
            if rng.random() < EXITED_SHARE:
                first = max(decided + _days(30), date(FIRST_RECENT_YEAR, 1, 1))
                if first < today:
                    ended_on = first + _days(rng.randrange(max((today - first).days, 1)))
                    reason = self.pick_exit()
                    if reason == ExitReason.STRUCK_OFF and is_recent and rng.random() < 0.5:
                        ended_on = min(first + _days(rng.randrange(300)), today)
                    if ended_on < DISSOLVED and commune.old_cells and rng.random() < 0.5:
                        cell = rng.choice(commune.old_cells)  # left before the reform
            person_work = work or ("", *self.pick_residential())
            person_id = self.person(
                cell_id=cell.id,
                commune=commune,
                birth=birth,
                sex=sex,
                work=person_work,
                young=is_recent and age <= 30,
            )
            ceremony = decided + _days(CEREMONY_AFTER)
            probation_end = add_months(ceremony, 12)
            recognized = probation_end + _days(21)
            official = recognized <= (ended_on or today)
            if ceremony > today:
                ceremony = probation_end = recognized = None
            member_id = self.out.new_id(Member)
            role = ""
            if ended_on is None and official and cell.id not in first_of_cell:
                first_of_cell[cell.id] = member_id
                role = CommitteeRole.SECRETARY
            self.out.add(
                Member,
                (
                    member_id,
                    person_id,
                    cell.id,
                    MemberStatus.OFFICIAL if official else MemberStatus.PROBATIONARY,
                    decided,
                    ceremony,
                    probation_end,
                    recognized if official else None,
                    probation_end if official else None,
                    f"{member_id:09d}",
                    ended_on,
                    role,
                ),
            )
            if ended_on is None and official:
                officials_by_cell[cell.id].append((member_id, decided))
            if ended_on is not None:
                counters["exited"] += 1
                self.exit(member_id, cell.id, reason, ended_on)
            elif rng.random() < 0.02:
                self.transfer(member_id, cell.id, cells, decided, confirmed=rng.random() < 0.9)
            if decided >= date(FIRST_RECENT_YEAR, 1, 1):
                self.admitted_by_commune_year[(commune.unit.id, decided.year)] += 1
                recent.append((member_id, person_id, cell, decided, ended_on, reason, birth))
            if ended_on is None:
                self.members_by_commune[commune.unit.id] += 1
            self.maybe_flush()
        counters["members"] += n
        # The longest-standing members of the commune, for cells with too few of their own.
        everyone = sorted(
            (m for ms in officials_by_cell.values() for m in ms), key=lambda m: (m[1], m[0])
        )[:5]
        for member_id, person_id, cell, decided, ended_on, reason, _birth in recent:
            state = self.admitted_state(decided, ended_on, reason)
            officials = officials_by_cell[cell.id]
            if len(_introducers(officials, decided)) < 2:
                officials = officials + everyone  # introducers from the commune
            self.dossier(
                commune,
                cell,
                officials,
                person_id=person_id,
                decided=decided,
                state=state,
                member_id=member_id,
                closed_on=ended_on if state == S.STRUCK_OFF else None,
            )
            counters["dossiers"] += 1
        # Open and closed dossiers of persons not (yet) members.
        for _ in range(_share(rng, n * OPEN_DOSSIER_SHARE)):
            self.candidate_dossier(commune, officials_by_cell, counters, closed=False)
        for _ in range(_share(rng, n * CLOSED_DOSSIER_SHARE)):
            self.candidate_dossier(commune, officials_by_cell, counters, closed=True)
        self.maybe_flush()

    def admitted_state(self, decided, ended_on, reason):
        today = self.today
        if ended_on is not None and reason == ExitReason.STRUCK_OFF:
            probation_end = add_months(decided + _days(CEREMONY_AFTER), 12)
            if ended_on <= probation_end + _days(21):
                return S.STRUCK_OFF
        if decided + _days(CEREMONY_AFTER) > today:
            return S.ADMISSION_DECIDED
        probation_end = add_months(decided + _days(CEREMONY_AFTER), 12)
        if probation_end + _days(21) <= today:
            return S.OFFICIAL
        if probation_end + _days(7) <= today:
            return S.RECOGNITION_PROPOSED
        return S.PROBATIONARY

    def exit(self, member_id, cell_id, reason, on):
        document = "" if reason == ExitReason.DECEASED else f"{member_id}-QĐ"
        self.out.add(
            MemberExit,
            (
                self.out.new_id(MemberExit),
                member_id,
                cell_id,
                reason,
                on,
                document,
                on if document else None,
                "",
                None,
            ),
        )

    def transfer(self, member_id, cell_id, cells, decided, *, confirmed: bool):
        """A transfer from another cell of the commune (confirmed: the member sits in the
        receiving cell) or one waiting for the receiving side (the member stays)."""
        other = self.rng.choice(cells)[0].id
        first = max(decided + _days(30), self.today - _days(900))
        if other == cell_id or first >= self.today - _days(10):
            return
        day = first + _days(self.rng.randrange((self.today - first).days - 10))
        from_id, to_id = (other, cell_id) if confirmed else (cell_id, other)
        self.out.add(
            MemberTransfer,
            (
                self.out.new_id(MemberTransfer),
                member_id,
                from_id,
                to_id,
                TransferState.CONFIRMED if confirmed else TransferState.PENDING,
                day,
                f"{member_id}-GGT",
                "",
                None,
                day + _days(10) if confirmed else None,
                None,
            ),
        )

    def candidate_dossier(self, commune, officials_by_cell, counters, *, closed: bool):
        rng, today = self.rng, self.today
        cell, work = rng.choice(commune.cells)
        sex = Sex.FEMALE if rng.random() < 0.45 else Sex.MALE
        age = 18 + int(rng.expovariate(1 / 7))
        klass = nominated = state = None
        serial = counters["candidates_open" if not closed else "candidates_closed"]
        if closed:
            state = (S.REJECTED, S.DROPPED, S.CERT_EXPIRED)[serial % 3]
            # The decision it never reached (long ago for a certificate to expire).
            decided = today - _days(
                1900 + rng.randrange(300) if state == S.CERT_EXPIRED else rng.randrange(200, 1800)
            )
        elif serial % 3 == 0:  # on the list, the class still to come
            decided = today + _days(91 + rng.randrange(450))
            upcoming = [c for c in commune.classes if c[1] > today]
            if serial % 2 and upcoming:  # already nominated for the next class
                klass = upcoming[0]
                decided = klass[2] + _days(CERTIFIED_BEFORE_DECISION)
                nominated = today - _days(rng.randrange(20))
        else:
            low, high = OPEN_WINDOWS[(serial // 3) % len(OPEN_WINDOWS)]
            decided = today + _days(low + 1 + rng.randrange(high - low))
        birth = decided - _days(min(age, 58) * 365 + rng.randrange(365))
        person_id = self.person(
            cell_id=cell.id,
            commune=commune,
            birth=birth,
            sex=sex,
            work=work or ("", *self.pick_residential()),
            young=age <= 30,
        )
        self.dossier(
            commune,
            cell,
            officials_by_cell[cell.id],
            person_id=person_id,
            decided=decided,
            state=state,
            member_id=None,
            closed_on=None,
            klass=klass,
            nominated=nominated,
        )
        counters["dossiers"] += 1
        counters["candidates_open" if not closed else "candidates_closed"] += 1

    def dossier(
        self,
        commune,
        cell,
        officials,
        *,
        person_id,
        decided,
        state,
        member_id,
        closed_on,
        klass=None,
        nominated=None,
    ):
        """One candidate, their enrolment and dossier, with the dates of every step reached
        by `today` (or up to the decision for admitted ones). `decided`: the (planned)
        admission decision date from which the steps are spaced."""
        rng, today = self.rng, self.today
        klass = klass or self.class_before(commune, decided - _days(CERTIFIED_BEFORE_DECISION))
        if klass is None:
            klass = commune.classes[0]
        class_id, class_starts, class_ends = klass
        nominated = nominated or class_starts - _days(15)
        listed = nominated - _days(30 + rng.randrange(60))
        if listed > today:  # on the list already, the class later
            listed = today - _days(rng.randrange(1, 60))
        certificate = class_ends
        if state in (S.REJECTED, S.DROPPED):
            final = state
            horizon = decided - _days(25)  # refused at the cell resolution
        elif state == S.CERT_EXPIRED:
            final = state
            horizon = decided - _days(60)
        else:
            horizon = min(decided, today) if member_id is None else decided
            final = state
        if state == S.CERT_EXPIRED and certificate_expiry(certificate) >= today:
            final, state = None, None  # not stalled long enough for the certificate to expire
        row = dict.fromkeys(DOSSIER_FIELDS)
        row.update(
            id=self.out.new_id(Dossier),
            organization=cell.id,
            extension_working_days=0,
            failed_recognition_votes=0,
            certificate_number="",
            certificate_issuer="",
            youth_union_resolution="",
            cell_resolution_number="",
            over60_consent_number="",
            decision_number="",
            ceremony_late_consent="",
            recognition_decision_number="",
            closed_reason="",
        )
        reached, reached_on = S.SOURCE, listed
        trail = [S.SOURCE]
        if nominated <= horizon:
            row["nominated_on"] = nominated
            reached, reached_on = S.NOMINATED_FOR_CLASS, nominated
            trail.append(reached)
        enrolment_result = EnrolmentResult.PENDING
        if certificate <= horizon:
            enrolment_result = EnrolmentResult.PASSED
            row.update(
                certificate_number=f"{class_id}-{row['id']}",
                certificate_date=certificate,
                certificate_issuer="Trung tâm Chính trị",
            )
            reached, reached_on = S.CLASS_CERTIFIED, certificate
            trail.append(reached)
        helper = officials[0][0] if officials else None
        introducers = _introducers(officials, decided)
        for step, before in STEPS:
            day = decided - _days(before)
            if day > horizon or day < certificate:
                break
            if step == S.ASSIGNED_HELPER:
                if helper is None:
                    break
                row["helper_assigned_on"] = day
            elif step == S.DOSSIER_OPEN:
                row.update(letter_date=day, history_date=day + _days(2))
            elif step == S.VERIFYING:
                row.update(stamped_on=day, verification_sent_on=day + _days(1))
            elif step == S.VERIFIED:
                row.update(cell_committee_comment_on=day - _days(2), history_certified_on=day)
            elif step == S.INTRODUCED:
                if len(introducers) < 2:
                    break
                row.update(
                    introduced_on=day,
                    introducer_1=introducers[0][0],
                    introducer_1_since=introducers[0][1] + _days(30),
                    introducer_2=introducers[1][0],
                    introducer_2_since=introducers[1][1] + _days(30),
                )
            elif step == S.CELL_PROPOSED:
                row.update(cell_resolution_date=day, cell_resolution_number=f"{row['id']}-NQ/CB")
            elif step == S.GRASSROOTS_PROPOSED:
                row["grassroots_resolution_date"] = day
            elif step == S.AWAITING_DECISION:
                row["submitted_on"] = day
            elif step == S.ADMISSION_DECIDED:
                if member_id is None:
                    break
                row.update(
                    decision_number=f"{row['id']}-QĐ/ĐU",
                    decision_date=day,
                    decision_received_on=day + _days(RECEIVED_AFTER),
                    decided_by=commune.unit.id,
                    member=member_id,
                )
            reached, reached_on = step, day
            trail.append(reached)
        if member_id is not None and state in (
            S.PROBATIONARY,
            S.RECOGNITION_PROPOSED,
            S.OFFICIAL,
            S.STRUCK_OFF,
        ):
            ceremony = decided + _days(CEREMONY_AFTER)
            probation_end = add_months(ceremony, 12)
            row.update(ceremony_date=ceremony, probation_end=probation_end)
            reached, reached_on = S.PROBATIONARY, ceremony
            trail.append(reached)
            if state in (S.RECOGNITION_PROPOSED, S.OFFICIAL):
                vote = probation_end + _days(7)
                row.update(
                    recognition_resolution_date=vote, new_member_course_date=ceremony + _days(90)
                )
                reached, reached_on = S.RECOGNITION_PROPOSED, vote
                trail.append(reached)
            if state == S.OFFICIAL:
                decision = probation_end + _days(21)
                row.update(
                    recognition_decision_number=f"{row['id']}-QĐCT/ĐU",
                    recognition_decision_date=decision,
                    official_from=probation_end,
                )
                reached, reached_on = S.OFFICIAL, decision
                trail.append(reached)
            if state == S.STRUCK_OFF:
                reached, reached_on = S.STRUCK_OFF, closed_on
                trail.append(reached)
                row.update(closed_on=closed_on, closed_reason="Xóa tên đảng viên dự bị")
        if final in (S.REJECTED, S.DROPPED, S.CERT_EXPIRED):
            close_day = max(reached_on, horizon)
            if final == S.CERT_EXPIRED:
                close_day = certificate_expiry(certificate) + _days(1)
            reached, reached_on = final, close_day
            trail.append(reached)
            if final != S.CERT_EXPIRED:
                row.update(closed_on=close_day, closed_reason="Chi bộ không đề nghị kết nạp")
        row.update(state=reached, state_changed_on=reached_on)
        candidate_status = {
            S.REJECTED: CandidateStatus.NOT_ADMITTED,
            S.DROPPED: CandidateStatus.DROPPED,
        }.get(reached, CandidateStatus.ADMITTED if member_id else CandidateStatus.ACTIVE)
        candidate_id = self.out.new_id(Candidate)
        row["candidate"] = candidate_id
        self.out.add(
            Candidate,
            (
                candidate_id,
                person_id,
                cell.id,
                self.pick_source(),
                candidate_status,
                listed,
                False,
                False,
                None,
                "",
                None,
                row["closed_reason"],
                self.now,
            ),
        )
        if row["nominated_on"]:
            passed = enrolment_result == EnrolmentResult.PASSED
            self.out.add(
                Enrolment,
                (
                    self.out.new_id(Enrolment),
                    class_id,
                    person_id,
                    cell.id,
                    enrolment_result,
                    row["certificate_number"] if passed else "",
                    certificate if passed else None,
                    certificate_expiry(certificate) if passed else None,
                    None,
                    self.now,
                ),
            )
        if row["helper_assigned_on"]:
            self.out.add(
                MentorAssignment,
                (
                    self.out.new_id(MentorAssignment),
                    candidate_id,
                    helper,
                    row["helper_assigned_on"],
                    None,
                ),
            )
        self.out.add(Dossier, dossier_values(row))
        if row["verification_sent_on"]:
            answered = row["history_certified_on"]
            self.out.add(
                VerificationRequest,
                (
                    self.out.new_id(VerificationRequest),
                    row["id"],
                    Relation.FATHER,
                    "Cha của người vào Đảng",
                    False,
                    True,
                    "Đảng ủy nơi cư trú",
                    row["verification_sent_on"],
                    answered - _days(5) if answered else None,
                    "Chấp hành tốt chủ trương, chính sách." if answered else "",
                ),
            )
        if reached != S.SOURCE:
            self.out.add(
                DossierTransition,
                (
                    self.out.new_id(DossierTransition),
                    row["id"],
                    trail[-2],
                    reached,
                    "generated",
                    datetime.combine(reached_on, datetime.min.time(), tzinfo=UTC),
                    None,
                    cell.id,
                    reached_on,
                    None,
                    None,
                    None,
                    "",
                    None,
                    False,
                    "",
                ),
            )

    # --- targets and users ---

    def build_targets(self, provinces: dict[int, Unit], communes: list[CommunePlan]) -> int:
        rng = self.rng
        count = 0
        province_year = defaultdict(int)
        province_members = defaultdict(int)
        for commune in communes:
            province_members[commune.province_code] += self.members_by_commune[commune.unit.id]
            for year in range(FIRST_RECENT_YEAR, self.today.year + 1):
                province_year[(commune.province_code, year)] += self.admitted_by_commune_year[
                    (commune.unit.id, year)
                ]

        def add(unit_id, kind, start, end, value, document, measure=TargetMeasure.COUNT):
            nonlocal count
            count += 1
            self.out.add(
                Target,
                (
                    self.out.new_id(Target),
                    unit_id,
                    kind,
                    measure,
                    start,
                    end,
                    value,
                    None,
                    document,
                    "",
                    self.now,
                    self.now,
                ),
            )

        def yearly(unit_id, done, year, members):
            expected = done if year < self.today.year else round(members * ADMISSION_RATE)
            value = max(1, round(expected * rng.uniform(0.85, 1.15)))
            add(
                unit_id,
                TargetKind.ASSIGNED,
                date(year, 1, 1),
                date(year, 12, 31),
                value,
                "Cấp trên giao",
            )

        for code, unit in provinces.items():
            for year in range(FIRST_RECENT_YEAR, self.today.year + 1):
                yearly(unit.id, province_year[(code, year)], year, province_members[code])
            members = province_members[code]
            add(
                unit.id,
                TargetKind.RESOLUTION,
                *TERM,
                max(1, round(members * 0.15)),
                "Nghị quyết Đại hội nhiệm kỳ 2025–2030",
            )
            add(
                unit.id,
                TargetKind.RESOLUTION,
                *TERM,
                3,
                "Nghị quyết Đại hội nhiệm kỳ 2025–2030",
                TargetMeasure.RATE,
            )
            add(
                unit.id,
                TargetKind.RESOLUTION,
                *TERM,
                80,
                "Nghị quyết Đại hội nhiệm kỳ 2025–2030",
                TargetMeasure.COVERAGE,
            )
        for commune in communes:
            members = self.members_by_commune[commune.unit.id]
            for year in range(FIRST_RECENT_YEAR, self.today.year + 1):
                done = self.admitted_by_commune_year[(commune.unit.id, year)]
                yearly(commune.unit.id, done, year, members)
            add(
                commune.unit.id,
                TargetKind.RESOLUTION,
                *TERM,
                max(1, round(members * 0.15)),
                "Nghị quyết Đại hội nhiệm kỳ 2025–2030",
            )
            self.maybe_flush()
        self.out.flush()
        return count

    def build_users(self, root: Unit, provinces, communes) -> int:
        password = make_password(DEMO_PASSWORD)
        rows = [("quantri.quocgia", "Quản trị hệ thống", root.id, Role.ADMINISTRATOR)]
        rows += [
            (f"btc.t{code:02d}", f"Ban Tổ chức T{code:02d}", unit.id, Role.BOARD_OFFICER)
            for code, unit in provinces.items()
        ]
        rows += [
            (f"vp.{c.unit.id}", f"Văn phòng {c.name}", c.unit.id, Role.GRASSROOTS_OFFICE)
            for c in communes
        ]
        for username, name, unit_id, role in rows:
            self.out.add(
                User,
                (
                    self.out.new_id(User),
                    password,
                    None,
                    False,
                    username,
                    "",
                    "",
                    "",
                    False,
                    True,
                    self.now,
                    name,
                    unit_id,
                    role,
                ),
            )
        self.out.flush()
        return len(rows)

    # --- provinces, apart ---

    def plan_provinces(self, communes: list[CommunePlan]) -> list[ProvincePlan]:
        """The provinces in code order, each with its block of ids: as many as its rows can
        need at most (a member or candidate has at most one row of each member-side table)."""
        by_province = defaultdict(list)
        for commune in communes:
            by_province[commune.province_code].append(commune)
        next_ids = {model: self.out.next_ids[model] for model in PROVINCE_MODELS}
        years = self.today.year + 2 - (FIRST_RECENT_YEAR - 2)
        plans = []
        for code, items in sorted(by_province.items()):
            members = sum(c.members for c in items)
            people = (
                members
                + math.ceil(members * (OPEN_DOSSIER_SHARE + CLOSED_DOSSIER_SHARE))
                + 2 * len(items)
            )
            sizes = {model: people for model in PROVINCE_MODELS}
            sizes[AwarenessClass] = 2 * years * len(items)
            end_ids = {model: next_ids[model] + sizes[model] for model in PROVINCE_MODELS}
            plans.append(ProvincePlan(code, items, next_ids, end_ids))
            next_ids = end_ids
        self.out.next_ids.update(next_ids)
        return plans

    def build_province(self, plan: ProvincePlan) -> ProvinceResult:
        """Build one province's members and everything around them from the province's own
        random generator (seeded from the seed and the province code) into its block of ids:
        the same rows whatever the other provinces and the order they are built in."""
        saved = (
            self.rng,
            self.out,
            self.person_serial,
            self.admitted_by_commune_year,
            self.members_by_commune,
        )
        self.use_rng(random.Random(f"{self.seed}/{plan.code}"))
        self.out = BulkWriter(
            {model: FIELDS[model] for model in FIELDS if model in PROVINCE_MODELS},
            plan.first_ids,
        )
        self.person_serial = 0
        self.admitted_by_commune_year = defaultdict(int)
        self.members_by_commune = defaultdict(int)
        counters = defaultdict(int)
        try:
            for commune in plan.communes:
                self.build_commune(commune, counters)
            self.out.flush()
            over = [m.__name__ for m in PROVINCE_MODELS if self.out.next_ids[m] > plan.end_ids[m]]
            if over:
                raise DomainError(f"Tỉnh T{plan.code:02d} vượt khối mã được cấp: {over}.")
            return ProvinceResult(
                plan.code,
                dict(counters),
                dict(self.out.written),
                dict(self.admitted_by_commune_year),
                dict(self.members_by_commune),
            )
        finally:
            self.use_rng(saved[0])
            (
                self.out,
                self.person_serial,
                self.admitted_by_commune_year,
                self.members_by_commune,
            ) = saved[1:]

    def build_provinces(self, workers: Workers) -> dict:
        """Every province, the largest first (the processes end together), merged here."""
        counters = defaultdict(int)
        order = sorted(
            range(len(self.plans)),
            key=lambda i: (-sum(c.members for c in self.plans[i].communes), self.plans[i].code),
        )
        for done, result in enumerate(workers.map(build_province, order), start=1):
            for name, count in result.counters.items():
                counters[name] += count
            for model, count in result.written.items():
                self.out.written[model] += count
            self.admitted_by_commune_year.update(result.admitted_by_commune_year)
            self.members_by_commune.update(result.members_by_commune)
            self.say(
                f"tỉnh {done}/{len(self.plans)} (T{result.code:02d}): "
                f"{format_number(counters['members'])} đảng viên, "
                f"{format_number(counters['dossiers'])} hồ sơ"
            )
        return counters

    def run(self) -> Report:
        if Organization.objects.exists():
            raise DomainError(
                "Cơ sở dữ liệu đã có cây tổ chức: hãy sinh dữ liệu vào một cơ sở dữ liệu trống."
            )
        root, provinces, communes = self.build_tree()
        self.plans = self.plan_provinces(communes)
        jobs = self.jobs if parallel_possible() else 1
        if jobs != self.jobs:
            self.say("một tiến trình (nhiều tiến trình cần PostgreSQL, ngoài giao dịch)")
        skip_checks = skips_reference_checks()
        # The member-side tables are filled without their secondary indexes, which are built
        # once afterwards from the whole table (cheaper than keeping them up to date row by
        # row); the indexes that back a constraint (keys, unique fields) stay.
        dropped = drop_secondary_indexes(BUILT_WITHOUT_INDEXES)
        with Workers(self, jobs, skip_checks=skip_checks) as workers:
            try:
                self.build_provinces(workers)
            finally:
                for _definition in workers.map(create_index, dropped):
                    pass
            if dropped:
                self.say(f"{len(dropped)} chỉ mục đã dựng lại")
            targets = self.build_targets(provinces, communes)
            users = self.build_users(root, provinces, communes)
            self.out.reset_sequences()
            self.say(f"{targets} chỉ tiêu, {users} tài khoản")
            # The planner's statistics (SQLite has none until asked; its plans depend on
            # them), before the deadlines read the verification requests of a dossier.
            analyze()
            self.say("ANALYZE xong")
            # The worklist reads each open dossier's stored deadline, which the services keep.
            if connection.vendor == "postgresql":
                ranges = [(p.first_ids[Dossier], p.end_ids[Dossier]) for p in self.plans]
                due = sum(workers.map(refresh_deadlines_in_bulk, ranges))
            else:
                due = dossier_refresh_deadlines()
            self.say(f"hạn xử lý của {format_number(due)} hồ sơ đang mở")
            if skip_checks:
                tables = [model._meta.db_table for model in FIELDS]
                keys = check_references(workers, tables)
                self.say(f"{keys} khóa ngoại đã kiểm tra trên toàn bảng")
        # The per-cell member counters (people.counters) are kept by triggers, which the
        # loading sessions skip (the replica role that also skips the per-row foreign keys):
        # counted once from the rows, without the pages' statement timeout.
        cells = without_statement_timeout(rebuild_counts)
        self.say(f"số đảng viên hiện có của {format_number(cells)} chi bộ đã đếm")
        # So is the cell of the admission day (people.admitted_in): one statement.
        written = without_statement_timeout(rebuild_admitted_in)
        self.say(f"chi bộ khi kết nạp của {format_number(written)} đảng viên đã ghi")
        counts = {model._meta.model_name: n for model, n in self.out.written.items()}
        return Report(counts=counts, seconds=self.elapsed())


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


def _introducers(officials, decided: date) -> list:
    """The first two official members admitted at least 400 days before `decided` (the
    list stops at the second)."""
    since = decided - _days(400)
    return list(islice((m for m in officials if m[1] <= since), 2))


def _share(rng: random.Random, expected: float) -> int:
    """An integer with the given expectation (the fraction drawn at random)."""
    whole = math.floor(expected)
    return whole + (1 if rng.random() < expected - whole else 0)


def generate(
    *, members: int, seed: int = 1, today: date | None = None, provinces=None, jobs=1, log=print
) -> Report:
    """Build the national dataset into the configured, empty database (see the module).
    `provinces`: only these province codes (a smaller tree, for tests)."""
    from django.utils import timezone

    generator = Generator(
        members=members,
        seed=seed,
        today=today or timezone.localdate(),
        log=log,
        provinces=provinces,
        jobs=jobs,
    )
    if connection.vendor == "postgresql":
        # COPY per table and flush, each committed: one transaction of millions of rows would
        # hold every deferred foreign-key check in memory until the end.
        return generator.run()
    with transaction.atomic():
        return generator.run()
