"""The transitions as data: for each, its service, the states it starts from, who may do it
and the fields it takes. The pages build their forms and the API its serializers from here,
so both ask for the same things and call the same service."""

from dataclasses import dataclass

from django import forms
from rest_framework import serializers

from ptdv.core.forms import VietnameseDateField
from ptdv.organizations.models import Organization
from ptdv.people.models import Member, MemberStatus
from ptdv.recruitment import moves, services
from ptdv.recruitment.models import DossierState, Relation

S = DossierState
EXPECTED = "expected_state"


@dataclass(frozen=True)
class F:
    name: str
    kind: str  # date, int, str, text, member, members, unit, relation, bool
    label: str
    required: bool = True


@dataclass(frozen=True)
class Spec:
    """A transition's form: its label, service and fields. Who may make it and from which
    states is the service's declaration (`services.GATES`), asked through `allowed`."""

    name: str
    label: str
    service: object
    fields: tuple
    target: str = "dossier"  # "dossier", or "request" for a verification answer

    @property
    def gate(self) -> services.Gate:
        return services.GATES[self.name]

    def allowed(self, dossier, user) -> bool:
        return services.may_act(user, self.name, dossier)


MEETING = F("meeting_date", "date", "Ngày họp")
DOC = F("document_number", "str", "Số văn bản", False)
RESOLUTION = F("document_number", "str", "Số nghị quyết")
REASON = F("reason", "text", "Lý do")
ON = F("on", "date", "Ngày")
DECISION = (
    F("decision_number", "str", "Số quyết định"),
    F("decision_date", "date", "Ngày quyết định"),
)
BREACH = F("breach_reason", "text", "Lý do quá hạn (nếu có)", False)
FOR_AGAINST = (
    F("votes_for", "int", "Số tán thành"),
    F("votes_against", "int", "Số không tán thành"),
)
VOTES = (
    F(
        "excluded_members",
        "members",
        "Không tính: đảng viên chuyển sinh hoạt tạm thời, miễn sinh hoạt vắng mặt (R22)",
        False,
    ),
    F(
        "official_members",
        "int",
        "Tổng số đảng viên chính thức (để trống: tính từ danh sách đảng viên ngày họp)",
        False,
    ),
    *FOR_AGAINST,
)
COMMITTEE = (
    F(
        "committee_members",
        "int",
        "Tổng số cấp ủy viên (để trống: tính từ danh sách cấp ủy nhiệm kỳ)",
        False,
    ),
    *FOR_AGAINST,
)

SPECS = [
    Spec(
        "nominate",
        "Cử đi học lớp bồi dưỡng nhận thức về Đảng",
        services.dossier_nominate,
        (MEETING, DOC),
    ),
    Spec(
        "record_certificate",
        "Ghi giấy chứng nhận lớp bồi dưỡng (R7, R8)",
        services.dossier_record_certificate,
        (
            F("enrolment", "enrolment", "Kết quả «Đạt» của lớp bồi dưỡng trong hệ thống", False),
            F("certificate_number", "str", "Hoặc, nếu nơi khác cấp: số giấy chứng nhận", False),
            F("certificate_date", "date", "Ngày cấp", False),
            F("certificate_issuer", "str", "Nơi cấp", False),
        ),
    ),
    Spec(
        "assign_helper",
        "Phân công đảng viên giúp đỡ",
        services.dossier_assign_helper,
        (F("helper", "member", "Đảng viên chính thức giúp đỡ"), MEETING),
    ),
    Spec(
        "open",
        "Nhận đơn và lý lịch (R10)",
        services.dossier_open,
        (
            F("letter_date", "date", "Ngày viết đơn (Mẫu 1-KNĐ)"),
            F("history_date", "date", "Ngày khai lý lịch (Mẫu 2-KNĐ)"),
        ),
    ),
    Spec(
        "add_verification",
        "Thêm người cần thẩm tra lý lịch (R12, R14)",
        services.verification_add,
        (
            F("relation", "relation", "Quan hệ"),
            F("full_name", "str", "Họ và tên"),
            F("is_party_member", "bool", "Là đảng viên", False),
            F("declared_fully", "bool", "Người vào Đảng đã khai đầy đủ, trung thực", False),
            F("sent_to", "str", "Nơi gửi thẩm tra", False),
        ),
    ),
    Spec(
        "start_verification",
        "Đóng dấu giáp lai, gửi thẩm tra (R15)",
        services.dossier_start_verification,
        (
            F("stamped_on", "date", "Ngày đóng dấu giáp lai"),
            F("sent_on", "date", "Ngày gửi thẩm tra"),
        ),
    ),
    Spec(
        "answer_verification",
        "Ghi kết quả thẩm tra",
        services.verification_answer,
        (
            F("request", "request", "Người được thẩm tra"),
            F("answered_on", "date", "Ngày trả lời"),
            F("result", "text", "Kết quả"),
        ),
        target="request",
    ),
    Spec(
        "complete_verification",
        "Chi ủy nhận xét, cấp ủy cơ sở chứng nhận lý lịch (R15)",
        services.dossier_complete_verification,
        (
            F("comment_on", "date", "Ngày chi ủy nhận xét"),
            F("certified_on", "date", "Ngày cấp ủy cơ sở chứng nhận"),
        ),
    ),
    Spec(
        "introduce",
        "Ghi người giới thiệu (R17–R19)",
        services.dossier_introduce,
        (
            F("introduced_on", "date", "Ngày giới thiệu"),
            F("introducer_1", "member", "Đảng viên giới thiệu thứ nhất"),
            F("introducer_1_since", "date", "Cùng công tác từ ngày"),
            F("introducer_2", "member", "Đảng viên giới thiệu thứ hai", False),
            F("introducer_2_since", "date", "Cùng công tác từ ngày", False),
            F(
                "youth_union_resolution",
                "str",
                "Hoặc: số nghị quyết giới thiệu của BCH Đoàn cơ sở",
                False,
            ),
        ),
    ),
    Spec(
        "cell_resolve",
        "Chi bộ biểu quyết đề nghị kết nạp (R2–R9, R22)",
        services.dossier_cell_resolve,
        (
            MEETING,
            *VOTES,
            RESOLUTION,
            F(
                "over60_consent_number",
                "str",
                "Văn bản đồng ý của BTV tỉnh ủy (quá tuổi, R3; có thể ghi khi quyết định)",
                False,
            ),
            F("over60_consent_date", "date", "Ngày văn bản đồng ý", False),
        ),
    ),
    Spec(
        "grassroots_resolve",
        "Cấp ủy cơ sở biểu quyết (R24)",
        services.dossier_grassroots_resolve,
        (MEETING, *COMMITTEE, RESOLUTION),
    ),
    Spec(
        "submit",
        "Trình cấp có thẩm quyền",
        services.dossier_submit,
        (F("submitted_on", "date", "Ngày trình"), DOC),
    ),
    Spec(
        "extend_deadline",
        "Gia hạn thời hạn quyết định (R26)",
        services.dossier_extend_deadline,
        (
            F("working_days", "int", "Số ngày làm việc gia hạn"),
            F("document_number", "str", "Số văn bản"),
            REASON,
        ),
    ),
    Spec(
        "decide_admission",
        "Quyết định kết nạp (R25, R26)",
        services.dossier_decide_admission,
        (
            *DECISION,
            F("received_on", "date", "Ngày chi bộ nhận quyết định"),
            F(
                "committee_members",
                "int",
                "Tổng số cấp ủy viên (nếu cấp ủy cơ sở quyết định)",
                False,
            ),
            F("votes_for", "int", "Số tán thành", False),
            BREACH,
            F(
                "over60_consent_number",
                "str",
                "Văn bản đồng ý của BTV tỉnh ủy (người quá tuổi, R3)",
                False,
            ),
            F("over60_consent_date", "date", "Ngày văn bản đồng ý (người quá tuổi)", False),
            F(
                "readmission_consent_number",
                "str",
                "Văn bản đồng ý kết nạp lại của BTV tỉnh ủy (R39)",
                False,
            ),
            F("readmission_consent_date", "date", "Ngày văn bản đồng ý kết nạp lại", False),
        ),
    ),
    Spec(
        "reject",
        "Không kết nạp",
        services.dossier_reject,
        (ON, REASON, DOC),
    ),
    Spec(
        "hold_ceremony",
        "Tổ chức lễ kết nạp (R27)",
        services.dossier_hold_ceremony,
        (
            F("ceremony_date", "date", "Ngày lễ kết nạp"),
            F("late_consent_number", "str", "Văn bản đồng ý tổ chức muộn của cấp trên", False),
        ),
    ),
    Spec(
        "recognition_vote",
        "Chi bộ xét công nhận chính thức (R32, R34)",
        services.dossier_recognition_vote,
        (
            MEETING,
            *VOTES,
            DOC,
            F(
                "new_member_course_date",
                "date",
                "Ngày cấp chứng nhận bồi dưỡng đảng viên mới",
                False,
            ),
        ),
    ),
    Spec(
        "recognize",
        "Quyết định công nhận đảng viên chính thức (R33)",
        services.dossier_recognize,
        (
            *DECISION,
            *COMMITTEE,
            BREACH,
        ),
    ),
    Spec(
        "strike_off",
        "Xóa tên khỏi danh sách đảng viên dự bị (R36)",
        services.dossier_strike_off,
        (
            *DECISION,
            REASON,
        ),
    ),
    Spec(
        "drop",
        "Đưa ra khỏi danh sách quần chúng ưu tú",
        services.dossier_drop,
        (ON, REASON),
    ),
    Spec(
        "transfer",
        "Chuyển hồ sơ sang chi bộ khác (chi bộ mới xét và biểu quyết)",
        moves.dossier_transfer,
        (F("to_organization", "unit", "Chi bộ tiếp nhận"), F("on", "date", "Ngày chuyển"), DOC),
    ),
]
BY_NAME = {spec.name: spec for spec in SPECS}


def available(dossier, user) -> list[Spec]:
    """The steps `user` may take on `dossier` now: exactly those the service accepts."""
    return [spec for spec in SPECS if spec.allowed(dossier, user)]


def cell_members(dossier, user):
    """The official members of the dossier's cell the user sees (helpers, introducers)."""
    return (
        Member.objects.for_user(user)
        .current()
        .filter(organization=dossier.organization, status=MemberStatus.OFFICIAL)
        .select_related("person")
        .order_by("person__sort_key")
    )


def passed_enrolments(dossier, user):
    """The person's passed enrolments that the user may see, newest certificate first."""
    from ptdv.training.models import Enrolment, EnrolmentResult

    return (
        Enrolment.objects.for_user(user)
        .filter(person_id=dossier.candidate.person_id, result=EnrolmentResult.PASSED)
        .exclude(certificate_date__isnull=True)
        .select_related("awareness_class")
        .order_by("-certificate_date", "-pk")
    )


def form_for(spec: Spec, dossier, user, data=None) -> forms.Form:
    fields = {}
    for f in spec.fields:
        if f.kind == "date":
            field = VietnameseDateField(label=f.label, required=f.required)
        elif f.kind == "int":
            field = forms.IntegerField(label=f.label, required=f.required, min_value=0)
        elif f.kind == "text":
            field = forms.CharField(
                label=f.label, required=f.required, widget=forms.Textarea(attrs={"rows": 2})
            )
        elif f.kind == "bool":
            field = forms.BooleanField(label=f.label, required=False)
        elif f.kind == "member":
            field = forms.ModelChoiceField(
                cell_members(dossier, user), label=f.label, required=f.required
            )
        elif f.kind == "members":
            field = forms.ModelMultipleChoiceField(
                cell_members(dossier, user), label=f.label, required=f.required
            )
        elif f.kind == "unit":
            field = forms.ModelChoiceField(
                Organization.objects.filter(kind__is_cell=True, valid_to__isnull=True),
                label=f.label,
                required=f.required,
            )
        elif f.kind == "relation":
            field = forms.ChoiceField(choices=Relation.choices, label=f.label)
        elif f.kind == "enrolment":
            field = forms.ModelChoiceField(
                passed_enrolments(dossier, user), label=f.label, required=f.required
            )
        elif f.kind == "request":
            field = forms.ModelChoiceField(
                dossier.verifications.filter(answered_on__isnull=True), label=f.label
            )
        else:
            field = forms.CharField(label=f.label, required=f.required, max_length=255)
        fields[f.name] = field
    # The step the officer saw: a dossier moved since is refused (stale page).
    fields[EXPECTED] = forms.ChoiceField(
        label="Bước hồ sơ đang thấy",
        choices=DossierState.choices,
        widget=forms.HiddenInput,
        initial=dossier.state,
    )
    form_class = type(f"{spec.name}Form", (forms.Form,), fields)
    return form_class(data, prefix=spec.name)


def serializer_for(spec: Spec) -> type[serializers.Serializer]:
    """The request body of the API action, for the schema and for validation."""
    fields = {}
    for f in spec.fields:
        opts = {"required": f.required, "help_text": f.label}
        if not f.required and f.kind not in ("bool",):
            opts["allow_null"] = True
        if f.kind == "date":
            field = serializers.DateField(**opts)
        elif f.kind == "int":
            field = serializers.IntegerField(min_value=0, **opts)
        elif f.kind == "bool":
            field = serializers.BooleanField(required=False, default=False, help_text=f.label)
        elif f.kind == "member":
            field = serializers.PrimaryKeyRelatedField(queryset=Member.objects.none(), **opts)
        elif f.kind == "members":
            field = serializers.PrimaryKeyRelatedField(
                queryset=Member.objects.none(), many=True, required=False, help_text=f.label
            )
        elif f.kind == "unit":
            field = serializers.PrimaryKeyRelatedField(
                queryset=Organization.objects.filter(kind__is_cell=True), **opts
            )
        elif f.kind == "request":
            from ptdv.recruitment.models import VerificationRequest

            field = serializers.PrimaryKeyRelatedField(
                queryset=VerificationRequest.objects.none(), **opts
            )
        elif f.kind == "relation":
            field = serializers.ChoiceField(choices=Relation.choices, **opts)
        elif f.kind == "enrolment":
            from ptdv.training.models import Enrolment

            field = serializers.PrimaryKeyRelatedField(queryset=Enrolment.objects.none(), **opts)
        else:
            # A required text sent as "" (or only invisible characters) is a Vietnamese 400,
            # not a call of the service without its argument.
            missing = f"Vui lòng nhập «{f.label}»."
            field = serializers.CharField(
                allow_blank=not f.required,
                error_messages={"blank": missing, "required": missing},
                **opts,
            )
        fields[f.name] = field
    fields[EXPECTED] = serializers.ChoiceField(
        choices=DossierState.choices,
        help_text="Bước của hồ sơ mà người dùng đang thấy; hồ sơ đã chuyển bước thì trả 409.",
    )
    name = "".join(part.title() for part in spec.name.split("_")) + "Request"
    return type(name, (serializers.Serializer,), fields)


def run(spec: Spec, dossier, user, cleaned: dict):
    """Call the service with the cleaned values (blank optional values dropped), if the
    dossier is still at the step the officer saw."""
    values = {k: v for k, v in cleaned.items() if v not in (None, "")}
    expected = values.pop(EXPECTED, None)
    if getattr(spec.service, "transition", None):  # the service checks it in its transaction
        return spec.service(acting_user=user, dossier=dossier, expected_state=expected, **values)
    services.check_expected(dossier, expected)
    if spec.target == "request":
        request = values.pop("request")
        return spec.service(acting_user=user, request=request, **values)
    return spec.service(acting_user=user, dossier=dossier, **values)
