"""Candidates (quần chúng ưu tú), their helpers and reviews, and the admission dossier with
the state machine of DOMAIN.md §3. States move only through `services`."""

from django.conf import settings
from django.db import models

from ptdv.core.fields import optional_link
from ptdv.organizations.models import Organization
from ptdv.organizations.querysets import ScopedQuerySet
from ptdv.people.models import Member, Person


class SourceOrganization(models.TextChoices):
    YOUTH_UNION = "youth_union", "Đoàn Thanh niên"
    WOMEN_UNION = "women_union", "Hội Phụ nữ"
    MILITIA = "militia", "Dân quân"
    SCHOOL = "school", "Trường học"
    ENTERPRISE = "enterprise", "Doanh nghiệp"
    RELIGIOUS = "religious", "Cộng đồng tôn giáo"
    OTHER = "other", "Khác"


class CandidateStatus(models.TextChoices):
    ACTIVE = "active", "Đang theo dõi"
    ADMITTED = "admitted", "Đã kết nạp"
    NOT_ADMITTED = "not_admitted", "Không được kết nạp"
    DROPPED = "dropped", "Đưa ra khỏi danh sách"


class LeftPartyReason(models.TextChoices):
    """Why a re-admission applicant left the Party (R37, R38)."""

    STRUCK_OFF = "struck_off", "Bị xóa tên"
    OTHER = "other", "Lý do khác"
    SELF_QUIT = "self_quit", "Tự bỏ sinh hoạt đảng"
    APPLIED_TO_LEAVE = "applied_to_leave", "Xin ra khỏi Đảng"
    DISUNITY = "disunity", "Gây mất đoàn kết nội bộ nghiêm trọng"
    CORRUPTION = "corruption", "Bị kết án về tội tham nhũng"
    SERIOUS_CRIME = "serious_crime", "Bị kết án về tội nghiêm trọng trở lên"


NEVER_READMITTED = {
    LeftPartyReason.SELF_QUIT,
    LeftPartyReason.APPLIED_TO_LEAVE,
    LeftPartyReason.DISUNITY,
    LeftPartyReason.CORRUPTION,
    LeftPartyReason.SERIOUS_CRIME,
}


class Candidate(models.Model):
    """A person on a cell's list of outstanding candidates (quần chúng ưu tú)."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="candidacies", verbose_name="người"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="candidates", verbose_name="chi bộ"
    )
    source = models.CharField("nguồn giới thiệu", max_length=20, choices=SourceOrganization.choices)
    status = models.CharField(
        "trạng thái", max_length=20, choices=CandidateStatus.choices, default=CandidateStatus.ACTIVE
    )
    listed_on = models.DateField("ngày đưa vào danh sách")
    disadvantaged_area = models.BooleanField(
        "vùng đặc biệt khó khăn, miền núi, biên giới, hải đảo, dân tộc thiểu số, ngư dân",
        default=False,
        help_text="R5: chỉ cần hoàn thành chương trình tiểu học.",
    )
    is_readmission = models.BooleanField("kết nạp lại", default=False)
    left_party_on = models.DateField("ngày ra khỏi Đảng", null=True, blank=True)
    left_party_reason = models.CharField(
        "lý do ra khỏi Đảng", max_length=20, choices=LeftPartyReason.choices, blank=True
    )
    conviction_expunged_on = models.DateField(
        "ngày được xóa án tích (tội ít nghiêm trọng)", null=True, blank=True
    )
    closed_reason = models.TextField("lý do không kết nạp, đưa ra khỏi danh sách", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["person__sort_key"]
        verbose_name = "quần chúng ưu tú"
        verbose_name_plural = "quần chúng ưu tú"
        indexes = [models.Index(fields=["organization", "status"], name="candidate_org_idx")]

    def __str__(self) -> str:
        return str(self.person)


class MentorAssignment(models.Model):
    """An official member of the same cell assigned to help a candidate; history is kept."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="mentors", verbose_name="quần chúng"
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="+", verbose_name="đảng viên giúp đỡ"
    )
    assigned_on = models.DateField("ngày phân công")
    ended_on = models.DateField("ngày thôi phân công", null=True, blank=True)

    class Meta:
        ordering = ["-assigned_on", "-id"]
        verbose_name = "phân công giúp đỡ"
        verbose_name_plural = "phân công giúp đỡ"

    def __str__(self) -> str:
        return f"{self.member} giúp đỡ {self.candidate}"


class ReviewNote(models.Model):
    """A note from the cell's monthly review of a candidate."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="reviews", verbose_name="quần chúng"
    )
    month = models.DateField("tháng sinh hoạt")
    text = models.TextField("nhận xét")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-month", "-id"]
        verbose_name = "nhận xét hằng tháng"
        verbose_name_plural = "nhận xét hằng tháng"

    def __str__(self) -> str:
        return f"{self.candidate} {self.month:%m/%Y}"


class DossierState(models.TextChoices):
    """DOMAIN.md §3.1, in the order of the procedure."""

    SOURCE = "source", "Quần chúng ưu tú (nguồn)"
    NOMINATED_FOR_CLASS = "nominated_for_class", "Được cử đi học lớp bồi dưỡng"
    CLASS_CERTIFIED = "class_certified", "Đã có giấy chứng nhận"
    ASSIGNED_HELPER = "assigned_helper", "Đã phân công đảng viên giúp đỡ"
    DOSSIER_OPEN = "dossier_open", "Đã có đơn và lý lịch"
    VERIFYING = "verifying", "Đang thẩm tra lý lịch"
    VERIFIED = "verified", "Đã thẩm tra, chứng nhận lý lịch"
    INTRODUCED = "introduced", "Đã có người giới thiệu"
    CELL_PROPOSED = "cell_proposed", "Chi bộ đã đề nghị kết nạp"
    GRASSROOTS_PROPOSED = "grassroots_proposed", "Cấp ủy cơ sở đã đề nghị"
    AWAITING_DECISION = "awaiting_decision", "Chờ quyết định kết nạp"
    ADMISSION_DECIDED = "admission_decided", "Đã có quyết định kết nạp"
    PROBATIONARY = "probationary", "Đảng viên dự bị"
    RECOGNITION_PROPOSED = "recognition_proposed", "Chi bộ đề nghị công nhận chính thức"
    OFFICIAL = "official", "Đảng viên chính thức"
    REJECTED = "rejected", "Không được kết nạp"
    DROPPED = "dropped", "Đưa ra khỏi danh sách"
    STRUCK_OFF = "struck_off", "Bị xóa tên"
    CERT_EXPIRED = "cert_expired", "Giấy chứng nhận hết hạn"


PRE_DECISION_STATES = [
    DossierState.SOURCE,
    DossierState.NOMINATED_FOR_CLASS,
    DossierState.CLASS_CERTIFIED,
    DossierState.ASSIGNED_HELPER,
    DossierState.DOSSIER_OPEN,
    DossierState.VERIFYING,
    DossierState.VERIFIED,
    DossierState.INTRODUCED,
    DossierState.CELL_PROPOSED,
    DossierState.GRASSROOTS_PROPOSED,
    DossierState.AWAITING_DECISION,
    DossierState.CERT_EXPIRED,
]
CERTIFIED_STATES = [
    DossierState.CLASS_CERTIFIED,
    DossierState.ASSIGNED_HELPER,
    DossierState.DOSSIER_OPEN,
    DossierState.VERIFYING,
    DossierState.VERIFIED,
    DossierState.INTRODUCED,
]
CLOSED_STATES = [
    DossierState.OFFICIAL,
    DossierState.REJECTED,
    DossierState.DROPPED,
    DossierState.STRUCK_OFF,
]


class Dossier(models.Model):
    """One admission procedure of a candidate, from the candidate list to official member.
    Dates are stored; deadlines are computed from them (see `deadlines`)."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="dossiers", verbose_name="quần chúng"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="dossiers", verbose_name="chi bộ"
    )
    state = models.CharField(
        "bước", max_length=30, choices=DossierState.choices, default=DossierState.SOURCE
    )
    state_changed_on = models.DateField("ngày chuyển bước", null=True, blank=True)
    # S2–S3: the awareness class (R7, R8).
    nominated_on = models.DateField("ngày cử đi học", null=True, blank=True)
    certificate_number = models.CharField("số giấy chứng nhận", max_length=40, blank=True)
    certificate_date = models.DateField("ngày cấp giấy chứng nhận", null=True, blank=True)
    certificate_issuer = models.CharField("nơi cấp", max_length=255, blank=True)
    certificate_enrolment = models.ForeignKey(
        "training.Enrolment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="kết quả lớp bồi dưỡng",
        help_text="Trống khi giấy chứng nhận do nơi khác cấp (ghi nơi cấp).",
    )
    # S4–S7: letter, history, verification (R10–R16).
    helper_assigned_on = models.DateField("ngày phân công giúp đỡ", null=True, blank=True)
    letter_date = models.DateField("ngày viết đơn", null=True, blank=True)
    history_date = models.DateField("ngày khai lý lịch", null=True, blank=True)
    stamped_on = models.DateField("ngày đóng dấu giáp lai", null=True, blank=True)
    verification_sent_on = models.DateField("ngày gửi thẩm tra", null=True, blank=True)
    cell_committee_comment_on = models.DateField("ngày chi ủy nhận xét", null=True, blank=True)
    history_certified_on = models.DateField("ngày cấp ủy chứng nhận lý lịch", null=True, blank=True)
    # S8: introducers (R17–R19).
    introducer_1 = optional_link(Member, "người giới thiệu thứ nhất")
    introducer_1_since = models.DateField("cùng công tác từ", null=True, blank=True)
    introducer_2 = optional_link(Member, "người giới thiệu thứ hai")
    introducer_2_since = models.DateField("cùng công tác từ", null=True, blank=True)
    youth_union_resolution = models.CharField(
        "số nghị quyết giới thiệu của BCH Đoàn cơ sở", max_length=40, blank=True
    )
    introduced_on = models.DateField("ngày giới thiệu", null=True, blank=True)
    # S9–S12: resolutions and the decision (R22–R26, R3).
    cell_resolution_date = models.DateField("ngày nghị quyết chi bộ", null=True, blank=True)
    cell_resolution_number = models.CharField("số nghị quyết chi bộ", max_length=40, blank=True)
    over60_consent_number = models.CharField(
        "số văn bản đồng ý của BTV tỉnh ủy (trên 60 tuổi)", max_length=40, blank=True
    )
    over60_consent_date = models.DateField("ngày văn bản đồng ý", null=True, blank=True)
    readmission_consent_number = models.CharField(
        "số văn bản đồng ý kết nạp lại của BTV tỉnh ủy", max_length=40, blank=True
    )
    readmission_consent_date = models.DateField(
        "ngày văn bản đồng ý kết nạp lại", null=True, blank=True
    )
    grassroots_resolution_date = models.DateField(
        "ngày nghị quyết cấp ủy cơ sở", null=True, blank=True
    )
    submitted_on = models.DateField("ngày trình cấp có thẩm quyền", null=True, blank=True)
    extension_working_days = models.PositiveSmallIntegerField("gia hạn (ngày làm việc)", default=0)
    decision_number = models.CharField("số quyết định kết nạp", max_length=40, blank=True)
    decision_date = models.DateField("ngày quyết định kết nạp", null=True, blank=True)
    decision_received_on = models.DateField("ngày chi bộ nhận quyết định", null=True, blank=True)
    decided_by = optional_link(Organization, "cấp quyết định")
    # S13–S15: ceremony, probation, recognition (R27–R36).
    ceremony_date = models.DateField("ngày lễ kết nạp", null=True, blank=True)
    ceremony_late_consent = models.CharField(
        "văn bản đồng ý tổ chức lễ muộn của cấp ủy cấp trên", max_length=40, blank=True
    )
    probation_end = models.DateField("ngày hết dự bị", null=True, blank=True)
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name="đảng viên",
    )
    new_member_course_date = models.DateField(
        "ngày cấp chứng nhận bồi dưỡng đảng viên mới", null=True, blank=True
    )
    recognition_resolution_date = models.DateField(
        "ngày nghị quyết chi bộ đề nghị công nhận", null=True, blank=True
    )
    failed_recognition_votes = models.PositiveSmallIntegerField(
        "số lần biểu quyết không đạt", default=0
    )
    escalated_on = models.DateField("ngày báo cáo cấp trên (R34)", null=True, blank=True)
    recognition_decision_number = models.CharField(
        "số quyết định công nhận", max_length=40, blank=True
    )
    recognition_decision_date = models.DateField("ngày quyết định công nhận", null=True, blank=True)
    official_from = models.DateField("chính thức từ ngày", null=True, blank=True)
    closed_on = models.DateField("ngày kết thúc", null=True, blank=True)
    closed_reason = models.TextField("lý do", blank=True)
    # The deadline of the current step, kept by the services whenever the dossier moves
    # (`services.compute_due`): the worklist numbers a subtree's rows by it in SQL, never a loop.
    due_on = models.DateField("hạn của bước hiện tại", null=True, blank=True)
    due_rule = models.CharField("căn cứ của hạn", max_length=8, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "hồ sơ kết nạp"
        verbose_name_plural = "hồ sơ kết nạp"
        indexes = [
            models.Index(fields=["organization", "state"], name="dossier_org_state_idx"),
            models.Index(fields=["due_on", "organization"], name="dossier_due_idx"),
            # The worklist's open dossiers by deadline, with every column it numbers them by:
            # read from the index alone (the country's 70.000 due by the horizon are 15.000
            # heap pages otherwise).
            models.Index(
                fields=["due_on"],
                include=["id", "due_rule", "state", "state_changed_on", "organization"],
                condition=~models.Q(state__in=CLOSED_STATES),
                name="dossier_open_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Hồ sơ kết nạp {self.candidate}"


class Relation(models.TextChoices):
    """Whose history is verified (R12)."""

    SELF = "self", "Người vào Đảng"
    FATHER = "father", "Cha đẻ"
    MOTHER = "mother", "Mẹ đẻ"
    FATHER_IN_LAW = "father_in_law", "Cha vợ (chồng)"
    MOTHER_IN_LAW = "mother_in_law", "Mẹ vợ (chồng)"
    RAISER = "raiser", "Người trực tiếp nuôi dưỡng"
    SPOUSE = "spouse", "Vợ (chồng)"
    CHILD = "child", "Con đẻ có năng lực hành vi dân sự đầy đủ"


# R14: a natural parent or child who is a party member and fully declared is not verified.
EXEMPTABLE_RELATIONS = {Relation.FATHER, Relation.MOTHER, Relation.CHILD}


class VerificationRequest(models.Model):
    """One verification of personal history (R12–R16): who, where it was sent, the answer."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="verifications", verbose_name="hồ sơ"
    )
    relation = models.CharField("quan hệ", max_length=20, choices=Relation.choices)
    full_name = models.CharField("họ và tên", max_length=150)
    is_party_member = models.BooleanField("là đảng viên", default=False)
    declared_fully = models.BooleanField("đã khai đầy đủ, trung thực", default=True)
    sent_to = models.CharField("nơi gửi", max_length=255, blank=True)
    sent_on = models.DateField("ngày gửi", null=True, blank=True)
    answered_on = models.DateField("ngày trả lời", null=True, blank=True)
    result = models.TextField("kết quả", blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "thẩm tra lý lịch"
        verbose_name_plural = "thẩm tra lý lịch"

    def __str__(self) -> str:
        return f"{self.get_relation_display()}: {self.full_name}"

    @property
    def exempt(self) -> bool:
        """R14: no verification needed."""
        return (
            self.relation in EXEMPTABLE_RELATIONS and self.is_party_member and self.declared_fully
        )


class DossierTransition(models.Model):
    """The record of one step: who, which meeting, the vote, the document (DOMAIN §3.2)."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="transitions", verbose_name="hồ sơ"
    )
    from_state = models.CharField("từ bước", max_length=30, choices=DossierState.choices)
    to_state = models.CharField("sang bước", max_length=30, choices=DossierState.choices)
    action = models.CharField("thao tác", max_length=40)
    at = models.DateTimeField("thời điểm", auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="người ghi",
    )
    actor_body = optional_link(Organization, "cấp thực hiện")
    from_organization = optional_link(Organization, "chuyển từ chi bộ")
    meeting_date = models.DateField("ngày họp", null=True, blank=True)
    official_members = models.PositiveSmallIntegerField("số thành viên", null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField("tán thành", null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField("không tán thành", null=True, blank=True)
    document_number = models.CharField("số văn bản", max_length=40, blank=True)
    document_date = models.DateField("ngày văn bản", null=True, blank=True)
    deadline_breached = models.BooleanField("quá hạn", default=False)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "bước hồ sơ"
        verbose_name_plural = "các bước hồ sơ"

    def __str__(self) -> str:
        return f"{self.dossier}: {self.from_state} → {self.to_state}"
