"""Persons and party members."""

from django.db import models

from ptdv.core.fields import recorded_by
from ptdv.core.reference import (
    ETHNICITY_CHOICES,
    GeneralEducation,
    ProfessionalLevel,
    Religion,
    WorkplaceType,
)
from ptdv.organizations.models import Organization
from ptdv.organizations.paths import PathField, descendant_filter
from ptdv.organizations.querysets import ScopedQuerySet


class Sex(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"


class PersonQuerySet(ScopedQuerySet):
    pass


class Person(models.Model):
    """One record per person, whatever roles they hold over time."""

    full_name = models.CharField("họ và tên", max_length=150)
    birth_date = models.DateField("ngày sinh", null=True, blank=True)
    sex = models.CharField("giới tính", max_length=10, choices=Sex.choices)
    ethnicity = models.CharField(
        "dân tộc", max_length=40, choices=ETHNICITY_CHOICES, default="Kinh"
    )
    religion = models.CharField(
        "tôn giáo", max_length=20, choices=Religion.choices, default=Religion.NONE
    )
    general_education = models.CharField(
        "trình độ giáo dục phổ thông",
        max_length=20,
        choices=GeneralEducation.choices,
        blank=True,
    )
    professional_level = models.CharField(
        "trình độ chuyên môn",
        max_length=20,
        choices=ProfessionalLevel.choices,
        default=ProfessionalLevel.NONE,
    )
    occupation = models.CharField("nghề nghiệp", max_length=120, blank=True)
    workplace_type = models.CharField(
        "nơi làm việc", max_length=30, choices=WorkplaceType.choices, blank=True, default=""
    )
    citizen_id = models.CharField(
        "số CCCD",
        max_length=12,
        blank=True,
        # Found through `person_citizen_id_unique` (every lookup names a CCCD, never "").
        help_text="12 chữ số; hiển thị có kiểm soát và được ghi nhật ký.",
    )
    youth_union_member = models.BooleanField("đoàn viên Đoàn TNCS Hồ Chí Minh", default=False)
    youth_union_joined_on = models.DateField("ngày vào Đoàn", null=True, blank=True)
    women_union_member = models.BooleanField("hội viên Hội Liên hiệp Phụ nữ", default=False)
    other_mass_organizations = models.CharField(
        "tổ chức chính trị - xã hội khác",
        max_length=255,
        blank=True,
        help_text="Hội Nông dân, Hội Cựu chiến binh, Công đoàn, dân quân…",
    )
    home_town = models.CharField("quê quán", max_length=255, blank=True)
    residence = models.CharField("nơi cư trú", max_length=255, blank=True)
    phone = models.CharField("số điện thoại", max_length=15, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="persons",
        null=True,
        blank=True,
        verbose_name="chi bộ theo dõi",
        help_text="Chi bộ đang theo dõi người này (chi bộ sinh hoạt, với đảng viên).",
    )
    # Searched by word (LIKE '%…%', no index helps) and matched with the birth date
    # (`person_name_birth_idx`); ordered by the sort key (`person_sort_key_idx`). No
    # pattern-matching index: no query matches them by prefix.
    search_key = models.CharField(max_length=150, editable=False, default="")
    sort_key = models.CharField(max_length=255, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["sort_key"]
        verbose_name = "người"
        verbose_name_plural = "người"
        indexes = [
            # A person already in the system: the same name key and birth date (the import's
            # duplicate lookup for a whole file, the forms' warning).
            models.Index(fields=["search_key", "birth_date"], name="person_name_birth_idx"),
            models.Index(fields=["sort_key"], name="person_sort_key_idx"),
        ]
        constraints = [
            # Two officers entering the same person at once: the database keeps one.
            models.UniqueConstraint(
                fields=["citizen_id"],
                condition=~models.Q(citizen_id=""),
                name="person_citizen_id_unique",
            )
        ]

    def __str__(self) -> str:
        return self.full_name


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", "Dự bị"
    OFFICIAL = "official", "Chính thức"


def member_on(day, prefix: str = "") -> models.Q:
    """The one definition of "a member on `day`": admitted on or before it (a record without
    the admission date counts, as the statistics have always counted it) and not yet gone
    (leaving on `day` means no longer a member that day). `prefix` reaches the member
    through a relation ("person__membership__")."""
    Q = models.Q
    admitted = Q(**{f"{prefix}admission_decided_on__isnull": True}) | Q(
        **{f"{prefix}admission_decided_on__lte": day}
    )
    staying = Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": day})
    return admitted & staying


# The current path of the cell of the admission day: what every admissions figure groups by.
ADMITTED_IN_PATH = "admitted_in__path"


class MemberQuerySet(ScopedQuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)

    def on(self, day):
        """Members on `day` (see `member_on`)."""
        return self.filter(member_on(day))

    at = on  # the earlier name

    def with_cell_on(self, day, probed: bool = False):
        """Annotate `cell_on`: the member's cell on `day` (a date, or an expression such as
        `F("admission_decided_on")` for each row's own date; see `cell_on`)."""
        from ptdv.people.cell_on import cell_on

        return self.annotate(cell_on=cell_on(day, probed=probed))

    def with_cell_path_on(self, day):
        """Annotate `cell_on` and `cell_path`: the current path of the member's cell on `day`
        (today's structure; the structure as recorded is a choice of prefixes, see
        `under_on`)."""
        return self.with_cell_on(day).with_cell_path(day)

    def with_cell_path(self, day):
        """Annotate `cell_path`, the current path of the `cell_on` annotated for `day`: the
        current cell's, read by the join, for every member not moved since."""
        from ptdv.people.cell_on import moved_members

        path = Organization.objects.filter(pk=models.OuterRef("cell_on")).values("path")[:1]
        return self.annotate(
            cell_path=models.Case(
                models.When(pk__in=moved_members(day), then=models.Subquery(path)),
                default=models.F("organization__path"),
                output_field=PathField(),
            )
        )

    def in_cell_on(self, cell, day):
        """Members whose cell on `day` was `cell`."""
        return self.on(day).with_cell_on(day).filter(cell_on=cell.pk)

    def under_on(self, prefixes, day):
        """Members on `day` whose cell that day lies under one of the path `prefixes` (the
        cells' current paths: today's structure; pass
        `organizations.history.recorded_prefixes` for the structure as recorded)."""
        return self.on(day).cell_under_on(prefixes, day)

    def cell_under_on(self, prefixes, day):
        """The rows whose cell on `day` (a date, or a date field for each row's own day) lies
        under one of the path `prefixes`, annotated with `cell_on` (unless the prefixes cover
        the whole tree, where every row is kept as it is). Under a part of the tree,
        the rows are first narrowed to the members now in its cells or who left one of them
        by a transfer (the only ones whose cell on any day can be there), read first as two
        lists of ids (one query) so that the member indexes serve them."""
        from ptdv.people.cell_on import cells_and_leavers

        cells = Organization.objects.filter(descendant_filter("path", prefixes)).values("pk")
        rows = self
        if Organization.objects.cover_everything(prefixes):
            # Every cell lies under the prefixes (the country's figures): no row needs its
            # cell worked out to be kept.
            return rows
        if not any(prefix.count("/") <= 2 for prefix in prefixes):  # not the whole tree
            cell_ids, left = cells_and_leavers(cells)
            # The ids as one array each (`core.lookups`): a province's lists are thousands.
            rows = rows.filter(models.Q(organization__any_of=cell_ids) | models.Q(pk__any_of=left))
            # For each row's own day, every member ever moved could matter: the few rows kept
            # look their transfers up, rather than hashing all the country's (93.000 at 5,6 M
            # members, most of a commune's exits statement).
            probed = isinstance(day, str)
            return rows.with_cell_on(day, probed=probed).filter(cell_on__any_of=cell_ids)
        return rows.with_cell_on(day).filter(cell_on__in=cells)

    def admitted_under(self, prefixes):
        """The rows whose cell on the admission day (`Member.admitted_in`, see
        `people.admitted_in`) lies under one of the path `prefixes` (current paths: today's
        structure; `organizations.history.recorded_prefixes` for the structure as recorded).
        Filter the admission dates as well: the index (`admitted_in`, `admission_decided_on`)
        serves both. Prefixes covering every unit test nothing but the admission."""
        if Organization.objects.cover_everything(prefixes):
            return self.filter(admitted_in__isnull=False)
        return self.filter(descendant_filter(ADMITTED_IN_PATH, prefixes))

    def official_on(self, day):
        """Official on `day` (R31: a probationary member does not vote or introduce): official
        from that day at the latest, and recognised by then where the decision is recorded."""
        return self.filter(official_from__lte=day).filter(
            models.Q(recognized_on__isnull=True) | models.Q(recognized_on__lte=day)
        )


class CommitteeRole(models.TextChoices):
    """The member's place in the committee of their cell (chi ủy) or grassroots committee."""

    NONE = "", "Không"
    SECRETARY = "secretary", "Bí thư"
    DEPUTY_SECRETARY = "deputy_secretary", "Phó Bí thư"
    COMMITTEE_MEMBER = "committee_member", "Chi ủy viên / Đảng ủy viên"


class Member(models.Model):
    """A party member (đảng viên), probationary or official, in a cell."""

    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, related_name="membership", verbose_name="người"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="members", verbose_name="chi bộ"
    )
    status = models.CharField(
        "trạng thái", max_length=20, choices=MemberStatus.choices, default=MemberStatus.OFFICIAL
    )
    admission_decided_on = models.DateField(
        "ngày quyết định kết nạp",
        null=True,
        blank=True,
        help_text="Ngày ký quyết định kết nạp: tuổi đảng tính từ ngày này.",
    )
    # The cell on the admission day (`cell_on("admission_decided_on")`: the cell the first
    # transfer confirmed after that day left, else the current cell), kept by database
    # triggers on the member and transfer tables (`people.admitted_in`) whatever the write
    # path; empty without an admission date. Every admissions figure counts by it.
    admitted_in = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        db_index=False,  # led by `member_admitted_in_idx`
        verbose_name="chi bộ khi kết nạp",
    )
    ceremony_on = models.DateField("ngày tổ chức lễ kết nạp", null=True, blank=True)
    probation_ends_on = models.DateField("ngày hết thời gian dự bị", null=True, blank=True)
    recognized_on = models.DateField("ngày quyết định công nhận chính thức", null=True, blank=True)
    official_from = models.DateField("ngày chính thức", null=True, blank=True)
    party_card_number = models.CharField("số thẻ đảng viên", max_length=20, blank=True)
    ended_on = models.DateField("ngày ra khỏi danh sách", null=True, blank=True)
    first_admission_decided_on = models.DateField(
        "ngày quyết định kết nạp lần đầu",
        null=True,
        blank=True,
        help_text="Người được kết nạp lại: giữ ngày kết nạp lần đầu (R35, R39).",
    )
    committee_role = models.CharField(
        "chức vụ trong cấp ủy",
        max_length=20,
        choices=CommitteeRole.choices,
        default=CommitteeRole.NONE,
        blank=True,
    )

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = "đảng viên"
        verbose_name_plural = "đảng viên"
        indexes = [
            models.Index(fields=["organization", "ended_on"], name="member_org_idx"),
            # Admissions in a period (national figures, trends) and per cell in a period.
            models.Index(fields=["admission_decided_on"], name="member_admission_idx"),
            models.Index(
                fields=["organization", "admission_decided_on"], name="member_org_admission_idx"
            ),
            # The admissions of a period by the cell of the admission day, per cell.
            models.Index(
                fields=["admitted_in", "admission_decided_on"], name="member_admitted_in_idx"
            ),
            # The changes after a day that members on that day are read from (`counters`), and
            # the exits of a period: their ids from the index alone (the country's exits are
            # read without the member rows, then joined to their exit records).
            models.Index(
                fields=["ended_on"],
                include=["id"],
                condition=models.Q(ended_on__isnull=False),
                name="member_ended_idx",
            ),
            models.Index(fields=["official_from"], name="member_official_from_idx"),
            # A party card number already used (each new member's, a whole import's at once).
            models.Index(
                fields=["party_card_number"],
                condition=~models.Q(party_card_number=""),
                name="member_card_idx",
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)

    def party_age_months(self, on) -> int:
        """R35, R39: from the admission decision, adding the earlier periods of a re-admitted
        member and leaving out the time outside the Party."""
        from ptdv.core.calendar import months_between

        months = sum(
            months_between(p.admission_decided_on, p.ended_on)
            for p in self.earlier_periods.all()
            if p.admission_decided_on and p.ended_on
        )
        if self.admission_decided_on and self.admission_decided_on <= on:
            end = min(on, self.ended_on) if self.ended_on else on
            months += months_between(self.admission_decided_on, end)
        return months


class MembershipPeriod(models.Model):
    """An earlier period of membership of a re-admitted member (R39): kept, not overwritten."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="earlier_periods", verbose_name="đảng viên"
    )
    admission_decided_on = models.DateField("ngày quyết định kết nạp", null=True, blank=True)
    official_from = models.DateField("ngày chính thức", null=True, blank=True)
    ended_on = models.DateField("ngày ra khỏi Đảng", null=True, blank=True)
    readmitted_on = models.DateField("ngày quyết định kết nạp lại")

    class Meta:
        ordering = ["admission_decided_on", "id"]
        verbose_name = "thời gian sinh hoạt đảng trước khi kết nạp lại"
        verbose_name_plural = "thời gian sinh hoạt đảng trước khi kết nạp lại"

    def __str__(self) -> str:
        return f"{self.member}: {self.admission_decided_on} – {self.ended_on}"


class CommitteeSeat(models.Model):
    """A member of a party committee (cấp ủy) for a term: the denominator of the committee's
    votes on a date comes from these rows (R24)."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="committee_seats",
        verbose_name="cấp ủy",
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="committee_seats", verbose_name="cấp ủy viên"
    )
    term = models.CharField("nhiệm kỳ", max_length=20, help_text="Ví dụ: 2025–2030.")
    started_on = models.DateField("từ ngày")
    ended_on = models.DateField("đến ngày", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["organization", "term", "id"]
        verbose_name = "cấp ủy viên theo nhiệm kỳ"
        verbose_name_plural = "cấp ủy viên theo nhiệm kỳ"

    def __str__(self) -> str:
        return f"{self.member} — {self.organization} ({self.term})"


class TransferState(models.TextChoices):
    PENDING = "pending", "Chờ bên nhận xác nhận"
    CONFIRMED = "confirmed", "Đã tiếp nhận"
    CANCELLED = "cancelled", "Đã hủy"


class MemberTransferQuerySet(models.QuerySet):
    def for_user(self, user):
        """Both sides see a transfer: the sending cell's and the receiving cell's users."""
        from ptdv.organizations.scope import scope_prefixes

        prefixes = scope_prefixes(user)
        return self.filter(
            descendant_filter("from_organization__path", prefixes)
            | descendant_filter("to_organization__path", prefixes)
        )


class MemberTransfer(models.Model):
    """A transfer of party activity (chuyển sinh hoạt đảng) between two cells of the system.
    The member stays in the sending cell until the receiving side confirms."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="transfers", verbose_name="đảng viên"
    )
    from_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name="chi bộ chuyển đi"
    )
    to_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="incoming_transfers",
        verbose_name="chi bộ tiếp nhận",
    )
    state = models.CharField(
        "trạng thái", max_length=20, choices=TransferState.choices, default=TransferState.PENDING
    )
    requested_on = models.DateField("ngày đề nghị")
    document_number = models.CharField("số giấy giới thiệu", max_length=40, blank=True)
    note = models.CharField("ghi chú", max_length=255, blank=True)
    requested_by = recorded_by("người đề nghị")
    confirmed_on = models.DateField("ngày tiếp nhận", null=True, blank=True)
    confirmed_by = recorded_by("người xác nhận")

    objects = MemberTransferQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_on", "-id"]
        verbose_name = "chuyển sinh hoạt đảng"
        verbose_name_plural = "chuyển sinh hoạt đảng"
        indexes = [models.Index(fields=["confirmed_on"], name="transfer_confirmed_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(state="pending"),
                name="one_pending_transfer_per_member",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.from_organization} → {self.to_organization}"


class ExitReason(models.TextChoices):
    STRUCK_OFF = "struck_off", "Xóa tên"
    EXPELLED = "expelled", "Khai trừ"
    DISMISSED = "dismissed", "Cho ra khỏi Đảng"
    DECEASED = "deceased", "Từ trần"
    TRANSFERRED_OUT = "transferred_out", "Chuyển sinh hoạt đi"


class MemberExitQuerySet(ScopedQuerySet):
    pass


class MemberExit(models.Model):
    """A member leaving the list, with the reason and the document; `organization` is the
    cell they left, so figures by unit stay right after later changes."""

    member = models.OneToOneField(
        Member, on_delete=models.PROTECT, related_name="exit", verbose_name="đảng viên"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name="chi bộ"
    )
    reason = models.CharField("lý do", max_length=20, choices=ExitReason.choices)
    on = models.DateField("ngày", db_index=True)
    document_number = models.CharField("số văn bản", max_length=40, blank=True)
    document_date = models.DateField("ngày văn bản", null=True, blank=True)
    note = models.CharField("ghi chú", max_length=255, blank=True)
    recorded_by = recorded_by("người ghi")

    objects = MemberExitQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = "đảng viên ra khỏi danh sách"
        verbose_name_plural = "đảng viên ra khỏi danh sách"

    def __str__(self) -> str:
        return f"{self.member} — {self.get_reason_display()} ({self.on:%d/%m/%Y})"


class CellCount(models.Model):
    """The current members of a cell (not yet left), how many of them are official (dated or
    recorded so) and how many hold a religion: kept by the database in the writing
    transaction (triggers, `people.counters`), read with the changes after a day to give the
    members on that day (`people.counters.members_on_by_cell`)."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    members = models.IntegerField(default=0)
    official = models.IntegerField(default=0)
    religious = models.IntegerField(default=0)

    class Meta:
        verbose_name = "số đảng viên của chi bộ"
        verbose_name_plural = "số đảng viên của chi bộ"

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.members}"


class ProvinceCount(models.Model):
    """The current members under each unit of depth 1 of the tree (the provinces and the
    central committee's own bodies), with the same three counts as `CellCount`: kept by the
    same triggers in the same transaction (`people.counters`), so that the country's figures
    by province read 34 units' rows, not the counters of its 254.000 cells joined to their
    paths. Each writing session adds to its own `stripe` (its server process, on PostgreSQL),
    so that writers in one province never wait for each other's commit on one row; a reader
    sums the stripes."""

    unit = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    stripe = models.SmallIntegerField(default=0)
    members = models.IntegerField(default=0)
    official = models.IntegerField(default=0)
    religious = models.IntegerField(default=0)

    class Meta:
        verbose_name = "số đảng viên của tỉnh"
        verbose_name_plural = "số đảng viên của tỉnh"
        constraints = [
            models.UniqueConstraint(fields=["unit", "stripe"], name="provincecount_unit_stripe")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.stripe}: {self.members}"


class LastAdmission(models.Model):
    """The day of the latest admission counted for a cell (`Member.admitted_in`; None: none
    any more): kept by the database in the writing transaction (triggers,
    `people.last_admission`), read by the quiet cells of the watch list instead of one probe
    of the members per cell of the subtree."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, primary_key=True, related_name="latest_admission"
    )
    admitted_on = models.DateField(null=True)

    class Meta:
        verbose_name = "lần kết nạp gần nhất của chi bộ"
        verbose_name_plural = "lần kết nạp gần nhất của chi bộ"

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.admitted_on}"


class AdmissionCount(models.Model):
    """The admissions of a month under a unit of the top levels (the country and the
    provinces), by one make-up dimension and its value (sex, ethnicity, age at admission…),
    by the cell of the admission day (`Member.admitted_in`) and today's tree: kept by the
    database in the writing transaction (triggers, `people.admission_counts`), read by the
    national and province reports instead of their hundreds of thousands of rows."""

    # Indexed by the key (unit, month, …), which serves a unit's months; an index of the
    # unit alone would lead the planner to read all of a unit's months and filter them.
    unit = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    month = models.DateField()  # the first day of the month
    dimension = models.CharField(max_length=12)
    value = models.CharField(max_length=120, blank=True)
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = "số kết nạp theo tháng"
        verbose_name_plural = "số kết nạp theo tháng"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month", "dimension", "value"], name="admissioncount_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%m/%Y} {self.dimension}={self.value}: {self.count}"
