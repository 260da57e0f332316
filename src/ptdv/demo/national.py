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
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db import connection, transaction

from ptdv.core.errors import DomainError
from ptdv.core.formatting import format_number
from ptdv.demo.national_bulk import (
    BUILT_WITHOUT_INDEXES,
    FIELDS,
    PROVINCE_MODELS,
    BulkWriter,
    analyze,
    drop_secondary_indexes,
    refresh_deadlines_in_bulk,
    without_statement_timeout,
)
from ptdv.demo.national_parallel import (
    Workers,
    build_province,
    check_references,
    create_index,
    parallel_possible,
    skips_reference_checks,
)
from ptdv.demo.national_people import PeopleMixin
from ptdv.demo.national_recruitment import RecruitmentMixin
from ptdv.demo.national_tables import (
    CLOSED_DOSSIER_SHARE,
    EDUCATION,
    EXIT_REASONS,
    FAMILY,
    FIRST_RECENT_YEAR,
    FLUSH_ROWS,
    MINORITY_WEIGHTS,
    OPEN_DOSSIER_SHARE,
    PROFESSION,
    RELIGIONS,
    RESIDENTIAL_WORK,
    SOURCES,
    WORK_SECTORS,
    _chooser,
)
from ptdv.demo.national_targets import TargetsMixin
from ptdv.demo.national_tree import (
    CommunePlan,
    TreeMixin,
)
from ptdv.organizations.models import Organization, OrganizationKind, Sector
from ptdv.people.admission_counts import rebuild_admission_counts
from ptdv.people.admitted_in import rebuild_admitted_in
from ptdv.people.counters import rebuild_counts
from ptdv.people.last_admission import rebuild_last_admissions
from ptdv.recruitment.models import Dossier
from ptdv.recruitment.services import dossier_refresh_deadlines
from ptdv.training.membership import rebuild_pool_marks
from ptdv.training.models import AwarenessClass


@dataclass
class Report:
    counts: dict
    seconds: float
    mended_admitted_in: int = 0  # members whose written cell of admission the check changed
    mended_pool_marks: int = 0  # enrolments whose written membership mark the check changed


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


class Generator(TreeMixin, PeopleMixin, RecruitmentMixin, TargetsMixin):
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
        # The cell of the admission day (people.admitted_in) is written with each member;
        # one statement checks it against the transfers and mends any row (none: rewriting
        # every member took 17 of the 45 minutes at 5,6 M).
        written = without_statement_timeout(rebuild_admitted_in)
        self.say(f"chi bộ khi kết nạp đã kiểm tra, {format_number(written)} đảng viên ghi lại")
        # And the monthly admission counters of the country and the provinces
        # (people.admission_counts), from that stored cell.
        rows = without_statement_timeout(rebuild_admission_counts)
        self.say(f"{format_number(rows)} dòng số kết nạp theo tháng đã đếm")
        # And each cell's latest admission (people.last_admission).
        cells = without_statement_timeout(rebuild_last_admissions)
        self.say(f"lần kết nạp gần nhất của {format_number(cells)} chi bộ đã ghi")
        # Whether each enrolment's person is a member (training.membership) is written with
        # the enrolment; one statement checks it and mends any row (none: writing the marks
        # of 2,1 M enrolments here took 613 s of the 29 minutes at 5,6 M).
        marked = without_statement_timeout(rebuild_pool_marks)
        self.say(f"dấu đảng viên của lượt học viên đã kiểm tra, {format_number(marked)} ghi lại")
        counts = {model._meta.model_name: n for model, n in self.out.written.items()}
        return Report(
            counts=counts,
            seconds=self.elapsed(),
            mended_admitted_in=written,
            mended_pool_marks=marked,
        )


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
