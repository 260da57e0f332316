"""The papers of an admission dossier, each built from the dossier's data as a
`layout.PartyDocument`. `FORMS` lists them in the order of the dossier; a paper is available
once the step that produces it is recorded. Form numbers are those of H12-HD/BTCTW's annex
as far as they were confirmed (docs/forms.md says which are not)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from ptdv.core.formatting import format_date, format_percent
from ptdv.documents.layout import (
    Field,
    Header,
    Heading,
    Paragraph,
    PartyDocument,
    Signature,
    Table,
    committee,
    header_for,
    on_behalf_of,
    place_of,
    upper,
)
from ptdv.organizations.authority import grassroots_of
from ptdv.people.models import CommitteeRole, CommitteeSeat, Member, Sex
from ptdv.recruitment.models import Dossier, DossierState, DossierTransition

S = DossierState


@dataclass
class Context:
    """What every paper of one dossier reads, fetched once."""

    dossier: Dossier
    cell: object
    grassroots: object
    steps: dict  # to_state → the last transition into it
    secretaries: dict  # unit id → secretary's name
    helper: str

    @property
    def person(self):
        return self.dossier.candidate.person

    def step(self, state) -> DossierTransition | None:
        return self.steps.get(state)

    def secretary(self, unit) -> str:
        return self.secretaries.get(unit.pk, "") if unit else ""


def context_for(dossier: Dossier) -> Context:
    cell = dossier.organization
    grassroots = grassroots_of(cell)
    steps = {t.to_state: t for t in dossier.transitions.select_related("actor_body")}
    units = {cell.pk, grassroots.pk}
    if dossier.decided_by_id:
        units.add(dossier.decided_by_id)
    decided = steps.get(S.OFFICIAL)
    if decided and decided.actor_body_id:
        units.add(decided.actor_body_id)
    # A committee's secretary: a member of that unit itself, or a member of one of its cells
    # who holds a seat on its committee (R24's seats).
    seated = CommitteeSeat.objects.filter(
        organization_id__in=units,
        ended_on__isnull=True,
        member__ended_on__isnull=True,
        member__committee_role=CommitteeRole.SECRETARY,
    ).values_list("organization_id", "member__person__full_name")
    direct = Member.objects.filter(
        organization_id__in=units, committee_role=CommitteeRole.SECRETARY, ended_on__isnull=True
    ).values_list("organization_id", "person__full_name")
    secretaries = {**dict(seated), **dict(direct)}
    mentor = (
        dossier.candidate.mentors.select_related("member__person").order_by("assigned_on").first()
    )
    return Context(
        dossier=dossier,
        cell=cell,
        grassroots=grassroots,
        steps=steps,
        secretaries=secretaries,
        helper=mentor.member.person.full_name if mentor else "",
    )


def _d(day: date | None) -> str:
    return format_date(day) if day else ""


def _personal_header(ctx: Context, day: date | None) -> Header:
    return Header(place=place_of(ctx.cell), day=day)


def _person_fields(ctx: Context) -> list[Field]:
    person = ctx.person
    return [
        Field("Họ và tên", person.full_name),
        Field("Giới tính", Sex(person.sex).label if person.sex in Sex.values else ""),
        Field("Ngày sinh", _d(person.birth_date)),
        Field("Quê quán", person.home_town),
        Field("Dân tộc", person.ethnicity),
        Field("Tôn giáo", person.get_religion_display()),
        Field("Nơi cư trú", person.residence),
        Field("Nghề nghiệp", person.occupation),
        Field("Trình độ giáo dục phổ thông", person.get_general_education_display()),
        Field("Trình độ chuyên môn", person.get_professional_level_display()),
    ]


def _vote_text(step: DossierTransition | None, who: str) -> str:
    """The vote as the resolution writes it, computed against the total (R22, R24)."""
    if step is None or step.votes_for is None or not step.official_members:
        return f"Tổng số {who}: {'…'}; số tán thành: {'…'} (yêu cầu ít nhất 2/3)."
    share = step.votes_for * 100 / step.official_members
    passed = step.votes_for * 3 >= step.official_members * 2
    return (
        f"Tổng số {who}: {step.official_members} đồng chí. Số đồng chí tán thành kết quả: "
        f"{step.votes_for}, đạt {format_percent(share)} so với tổng số {who}; không tán thành: "
        f"{step.votes_against or 0} đồng chí. Kết quả {'đạt' if passed else 'không đạt'} "
        "ít nhất hai phần ba (2/3) theo quy định."
    )


def _cell_signature(ctx: Context) -> Signature:
    return Signature("T/M CHI BỘ", "BÍ THƯ", ctx.secretary(ctx.cell), note="")


def _committee_signature(ctx: Context, unit) -> Signature:
    return Signature(on_behalf_of(unit, standing=False), "BÍ THƯ", ctx.secretary(unit), note="")


def _decision_signature(ctx: Context, body) -> Signature:
    """A decision is signed for the standing committee of the superior body, or for the whole
    grassroots committee when it is authorised to decide itself (R25)."""
    standing = body.pk != ctx.grassroots.pk
    return Signature(on_behalf_of(body, standing=standing), "BÍ THƯ", ctx.secretary(body), note="")


def _grassroots_label(ctx: Context) -> str:
    """The committee above the cell's own decision: the grassroots committee, or for a cell
    that is its own grassroots organisation, the committee it sits under."""
    unit = ctx.grassroots
    if unit.pk == ctx.cell.pk and ctx.cell.parent is not None:
        unit = ctx.cell.parent
    return committee(unit)[0]


def _resolves(unit) -> str:
    """ "Đảng ủy quyết nghị", or "Chi bộ quyết nghị" for a grassroots cell (chi bộ cơ sở)."""
    return "Chi bộ quyết nghị" if committee(unit)[1] == "CB" else "Đảng ủy quyết nghị"


# --- the papers ----------------------------------------------------------------------------


def application(ctx: Context) -> PartyDocument:
    d = ctx.dossier
    return PartyDocument(
        key="01-don-xin-vao-dang",
        form="Mẫu 1-KNĐ",
        kind="ĐƠN XIN VÀO ĐẢNG",
        subject="",
        header=_personal_header(ctx, d.letter_date),
        blocks=[
            Paragraph(f"Kính gửi: Chi ủy {ctx.cell.name}; {_grassroots_label(ctx)}.", indent=False),
            *_person_fields(ctx),
            Paragraph(
                "Qua học tập, nghiên cứu Điều lệ Đảng, Cương lĩnh chính trị và lớp bồi dưỡng "
                f"nhận thức về Đảng (giấy chứng nhận số {d.certificate_number or '…'}, cấp ngày "
                f"{_d(d.certificate_date) or '…'}), tôi nhận thức được mục đích, lý tưởng của "
                "Đảng. Tôi tự nguyện làm đơn này xin được đứng vào hàng ngũ Đảng Cộng sản Việt "
                "Nam, nguyện phấn đấu thực hiện đầy đủ nhiệm vụ của người đảng viên."
            ),
            Paragraph(
                "(Người xin vào Đảng tự viết tay đơn này; bản in sẵn thông tin để đối chiếu.)",
                italic=True,
                indent=False,
            ),
        ],
        signature=Signature("", "NGƯỜI LÀM ĐƠN", ctx.person.full_name),
    )


def personal_history(ctx: Context) -> PartyDocument:
    d, person = ctx.dossier, ctx.person
    relatives = [
        [
            v.get_relation_display(),
            v.full_name,
            "Có" if v.is_party_member else "Không",
            _d(v.answered_on) or ("Miễn (R14)" if v.exempt else "Chờ trả lời"),
        ]
        for v in d.verifications.all()
    ]
    return PartyDocument(
        key="02-ly-lich",
        form="Mẫu 2-KNĐ",
        kind="LÝ LỊCH CỦA NGƯỜI XIN VÀO ĐẢNG",
        subject="",
        header=_personal_header(ctx, d.history_date),
        blocks=[
            Heading("1. Bản thân"),
            *_person_fields(ctx),
            Field(
                "Đoàn viên Đoàn TNCS Hồ Chí Minh", "Có" if person.youth_union_member else "Không"
            ),
            Field("Hội viên Hội Liên hiệp Phụ nữ", "Có" if person.women_union_member else "Không"),
            Field("Tổ chức chính trị - xã hội khác", person.other_mass_organizations),
            Field("Lớp bồi dưỡng nhận thức về Đảng", d.certificate_number),
            Heading("2. Người thân được thẩm tra (R12)"),
            Table(
                ["Quan hệ", "Họ và tên", "Đảng viên", "Kết quả thẩm tra"],
                relatives or [["", "", "", ""]],
                widths=[3, 5, 2, 3],
            ),
            Paragraph(
                "Tôi cam đoan đã khai đầy đủ, rõ ràng, trung thực và chịu trách nhiệm trước "
                "Đảng về những lời khai trên. Không tẩy xóa, sửa chữa, bỏ trống (R11)."
            ),
            Heading("Chứng nhận của cấp ủy cơ sở"),
            Paragraph(
                f"Đóng dấu giáp lai ngày {_d(d.stamped_on) or '…'}; chi ủy nhận xét ngày "
                f"{_d(d.cell_committee_comment_on) or '…'}; cấp ủy cơ sở chứng nhận ngày "
                f"{_d(d.history_certified_on) or '…'}."
            ),
        ],
        signature=Signature("", "NGƯỜI KHAI LÝ LỊCH", person.full_name),
        second_signature=_committee_signature(ctx, ctx.grassroots),
    )


def _introduction(ctx: Context, member, since, index: int) -> PartyDocument:
    d = ctx.dossier
    name = member.person.full_name if member else ""
    return PartyDocument(
        key=f"03-giay-gioi-thieu-{index}",
        form="Mẫu 3-KNĐ",
        kind="GIẤY GIỚI THIỆU NGƯỜI VÀO ĐẢNG",
        subject="",
        header=_personal_header(ctx, d.introduced_on),
        blocks=[
            Paragraph(f"Kính gửi: Chi bộ {ctx.cell.name.removeprefix('Chi bộ ')}.", indent=False),
            Field("Tôi là", name),
            Field("Đảng viên chính thức, sinh hoạt tại", ctx.cell.name),
            Field("Ngày vào Đảng", _d(member.admission_decided_on) if member else ""),
            Field("Ngày chính thức", _d(member.official_from) if member else ""),
            Field("Giới thiệu", ctx.person.full_name),
            Field("Cùng công tác, sinh hoạt từ ngày", _d(since)),
            Paragraph(
                "Tôi đã cùng công tác với người vào Đảng ít nhất 12 tháng (R17), báo cáo với chi "
                "bộ về lý lịch, phẩm chất, năng lực của người vào Đảng và chịu trách nhiệm về "
                "sự giới thiệu của mình."
            ),
        ],
        signature=Signature("", "NGƯỜI GIỚI THIỆU", name),
    )


def introduction_1(ctx: Context) -> PartyDocument:
    d = ctx.dossier
    return _introduction(ctx, d.introducer_1, d.introducer_1_since, 1)


def introduction_2(ctx: Context) -> PartyDocument:
    d = ctx.dossier
    return _introduction(ctx, d.introducer_2, d.introducer_2_since, 2)


def _locality(unit) -> str:
    return unit.name.removeprefix("Đảng bộ ").removeprefix("Chi bộ ")


def youth_union(ctx: Context) -> PartyDocument:
    d = ctx.dossier
    header = Header(
        superior="",
        issuer=f"BCH ĐOÀN {upper(_locality(ctx.grassroots))}",
        number=f"Số {d.youth_union_resolution or '…'}-NQ/ĐTN"
        if "-" not in d.youth_union_resolution
        else f"Số {d.youth_union_resolution}",
        place=place_of(ctx.cell),
        day=d.introduced_on,
        heading="ĐOÀN TNCS HỒ CHÍ MINH",
    )
    return PartyDocument(
        key="04-nghi-quyet-doan-gioi-thieu",
        form="Mẫu 4-KNĐ",
        kind="NGHỊ QUYẾT",
        subject="giới thiệu đoàn viên ưu tú vào Đảng",
        header=header,
        blocks=[
            Paragraph(
                f"Ban Chấp hành Đoàn cơ sở đã họp xét và thống nhất giới thiệu đoàn viên "
                f"{ctx.person.full_name}, sinh ngày {_d(ctx.person.birth_date)}, để "
                f"{ctx.cell.name} xem xét, đề nghị kết nạp vào Đảng (R19)."
            ),
            *_person_fields(ctx)[:4],
        ],
        signature=Signature("T/M BAN CHẤP HÀNH", "BÍ THƯ", "", note=""),
        recipients=[ctx.cell.name, "Lưu Đoàn cơ sở"],
    )


def comments_summary(ctx: Context) -> PartyDocument:
    d, person = ctx.dossier, ctx.person
    groups = []
    if person.youth_union_member:
        groups.append("Đoàn Thanh niên Cộng sản Hồ Chí Minh")
    if person.women_union_member:
        groups.append("Hội Liên hiệp Phụ nữ")
    if person.other_mass_organizations:
        groups.append(person.other_mass_organizations)
    rows = [[str(i), g, "Đồng ý"] for i, g in enumerate(groups, start=1)]
    rows.append([str(len(rows) + 1), f"Chi ủy nơi cư trú ({person.residence or '…'})", "Đồng ý"])
    return PartyDocument(
        key="05-tong-hop-y-kien",
        form="Mẫu 5-KNĐ",
        kind="TỔNG HỢP Ý KIẾN NHẬN XÉT",
        subject="của tổ chức đoàn thể chính trị - xã hội và chi ủy nơi cư trú đối với "
        "người vào Đảng",
        header=header_for(ctx.cell, kind_symbol="BC", day=d.introduced_on),
        blocks=[
            Field("Người vào Đảng", person.full_name),
            Table(["STT", "Tổ chức nhận xét", "Ý kiến"], rows, widths=[1, 7, 3]),
            Paragraph(
                "Chi ủy tổng hợp các ý kiến nhận xét (kèm theo phiếu nhận xét của từng tổ chức) "
                "để chi bộ xem xét (R21)."
            ),
        ],
        signature=Signature("T/M CHI ỦY", "BÍ THƯ", ctx.secretary(ctx.cell), note=""),
        recipients=["Chi bộ", "Lưu hồ sơ"],
    )


def cell_resolution(ctx: Context) -> PartyDocument:
    d = ctx.dossier
    step = ctx.step(S.CELL_PROPOSED)
    return PartyDocument(
        key="06-nghi-quyet-chi-bo",
        form="Mẫu 6-KNĐ",
        kind="NGHỊ QUYẾT",
        subject="đề nghị kết nạp đảng viên",
        header=header_for(
            ctx.cell, kind_symbol="NQ", code=d.cell_resolution_number, day=d.cell_resolution_date
        ),
        blocks=[
            Paragraph(
                f"Ngày {_d(d.cell_resolution_date)}, {ctx.cell.name} họp xét đơn xin vào Đảng và "
                f"hồ sơ của quần chúng {ctx.person.full_name}, sinh ngày "
                f"{_d(ctx.person.birth_date)}."
            ),
            Paragraph(_vote_text(step, "đảng viên chính thức của chi bộ")),
            Heading("Chi bộ quyết nghị"),
            Paragraph(
                f"Đề nghị {_grassroots_label(ctx)} xem xét, đề nghị cấp có thẩm quyền kết nạp "
                f"quần chúng {ctx.person.full_name} vào Đảng Cộng sản Việt Nam."
            ),
        ],
        signature=_cell_signature(ctx),
        recipients=[_grassroots_label(ctx), "Lưu chi bộ"],
    )


def grassroots_resolution(ctx: Context) -> PartyDocument:
    d = ctx.dossier
    step = ctx.step(S.GRASSROOTS_PROPOSED)
    decider = d.decided_by or ctx.grassroots.parent
    return PartyDocument(
        key="08-nghi-quyet-dang-uy",
        form="Mẫu 8-KNĐ",
        kind="NGHỊ QUYẾT",
        subject="đề nghị kết nạp đảng viên",
        header=header_for(
            ctx.grassroots,
            kind_symbol="NQ",
            code=step.document_number if step else "",
            day=d.grassroots_resolution_date,
        ),
        blocks=[
            Paragraph(
                f"Căn cứ Nghị quyết số {d.cell_resolution_number or '…'} ngày "
                f"{_d(d.cell_resolution_date)} của {ctx.cell.name} đề nghị kết nạp quần chúng "
                f"{ctx.person.full_name} vào Đảng."
            ),
            Paragraph(_vote_text(step, "cấp ủy viên")),
            Heading(_resolves(ctx.grassroots)),
            Paragraph(
                f"Đề nghị {committee(decider)[0] if decider else 'cấp ủy cấp trên'} xem xét, "
                f"quyết định kết nạp quần chúng {ctx.person.full_name} vào Đảng."
            ),
        ],
        signature=_committee_signature(ctx, ctx.grassroots),
        recipients=[committee(decider)[0] if decider else "Cấp ủy cấp trên", "Lưu Văn phòng"],
    )


def admission_decision(ctx: Context) -> PartyDocument:
    d = ctx.dossier
    body = d.decided_by or ctx.grassroots
    return PartyDocument(
        key="09-quyet-dinh-ket-nap",
        form="Mẫu 9-KNĐ",
        kind="QUYẾT ĐỊNH",
        subject="kết nạp đảng viên",
        header=header_for(body, kind_symbol="QĐ", code=d.decision_number, day=d.decision_date),
        blocks=[
            Paragraph("- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;", indent=False),
            Paragraph(
                f"- Xét Nghị quyết số {d.cell_resolution_number or '…'} ngày "
                f"{_d(d.cell_resolution_date)} của {ctx.cell.name} và Nghị quyết ngày "
                f"{_d(d.grassroots_resolution_date)} của {_grassroots_label(ctx)},",
                indent=False,
            ),
            Paragraph("QUYẾT ĐỊNH", bold=True, align="center", indent=False),
            Paragraph(
                f"Điều 1. Kết nạp quần chúng {ctx.person.full_name}, sinh ngày "
                f"{_d(ctx.person.birth_date)}, quê quán {ctx.person.home_town or '…'}, vào Đảng "
                "Cộng sản Việt Nam. Thời gian dự bị 12 tháng, kể từ ngày chi bộ tổ chức lễ kết "
                "nạp (R29)."
            ),
            Paragraph(
                f"Điều 2. {ctx.cell.name}, {_grassroots_label(ctx)} và đồng chí có tên trên thi "
                "hành Quyết định này."
            ),
        ],
        signature=_decision_signature(ctx, body),
        recipients=["Như Điều 2", "Lưu hồ sơ đảng viên"],
    )


def self_review(ctx: Context) -> PartyDocument:
    d = ctx.dossier
    return PartyDocument(
        key="10-tu-kiem-diem",
        form="Mẫu 10-KNĐ",
        kind="BẢN TỰ KIỂM ĐIỂM",
        subject="của đảng viên dự bị",
        header=_personal_header(ctx, d.probation_end),
        blocks=[
            Paragraph(f"Kính gửi: Chi bộ {ctx.cell.name.removeprefix('Chi bộ ')}.", indent=False),
            Field("Họ và tên", ctx.person.full_name),
            Field("Ngày vào Đảng (lễ kết nạp)", _d(d.ceremony_date)),
            Field("Quyết định kết nạp", f"số {d.decision_number}, ngày {_d(d.decision_date)}"),
            Field("Hết thời gian dự bị", _d(d.probation_end)),
            Field("Học lớp bồi dưỡng đảng viên mới", _d(d.new_member_course_date)),
            Heading("Ưu điểm"),
            Paragraph("……………………………………………………………………………………", indent=False),
            Heading("Khuyết điểm và hướng khắc phục"),
            Paragraph("……………………………………………………………………………………", indent=False),
            Paragraph(
                "Tự nhận thấy đủ tư cách, đề nghị chi bộ xét công nhận đảng viên chính thức."
            ),
        ],
        signature=Signature("", "NGƯỜI TỰ KIỂM ĐIỂM", ctx.person.full_name),
    )


def helper_assessment(ctx: Context) -> PartyDocument:
    d = ctx.dossier
    return PartyDocument(
        key="11-nhan-xet-giup-do",
        form="Mẫu 11-KNĐ",
        kind="BẢN NHẬN XÉT",
        subject="của đảng viên chính thức được phân công giúp đỡ đảng viên dự bị",
        header=_personal_header(ctx, d.probation_end),
        blocks=[
            Paragraph(f"Kính gửi: Chi bộ {ctx.cell.name.removeprefix('Chi bộ ')}.", indent=False),
            Field("Đảng viên giúp đỡ", ctx.helper),
            Field("Đảng viên dự bị", ctx.person.full_name),
            Field("Thời gian dự bị", f"từ {_d(d.ceremony_date)} đến {_d(d.probation_end)}"),
            Heading("Nhận xét về phẩm chất chính trị, đạo đức, lối sống, năng lực công tác"),
            Paragraph("……………………………………………………………………………………", indent=False),
            Paragraph("Đề nghị chi bộ xét, công nhận đảng viên chính thức."),
        ],
        signature=Signature("", "ĐẢNG VIÊN GIÚP ĐỠ", ctx.helper),
    )


def recognition_cell(ctx: Context) -> PartyDocument:
    d = ctx.dossier
    step = ctx.step(S.RECOGNITION_PROPOSED)
    return PartyDocument(
        key="13-nghi-quyet-chi-bo-cong-nhan",
        form="Mẫu 13-KNĐ",
        kind="NGHỊ QUYẾT",
        subject="đề nghị công nhận đảng viên chính thức",
        header=header_for(
            ctx.cell,
            kind_symbol="NQ",
            code=step.document_number if step else "",
            day=d.recognition_resolution_date,
        ),
        blocks=[
            Paragraph(
                f"Ngày {_d(d.recognition_resolution_date)}, {ctx.cell.name} họp xét công nhận "
                f"đảng viên chính thức đối với đồng chí {ctx.person.full_name}, kết nạp ngày "
                f"{_d(d.ceremony_date)}, hết thời gian dự bị ngày {_d(d.probation_end)}."
            ),
            Paragraph(_vote_text(step, "đảng viên chính thức của chi bộ")),
            Heading("Chi bộ quyết nghị"),
            Paragraph(
                f"Đề nghị {_grassroots_label(ctx)} xem xét, đề nghị cấp có thẩm quyền công nhận "
                f"đồng chí {ctx.person.full_name} là đảng viên chính thức, kể từ ngày "
                f"{_d(d.probation_end)} (R33)."
            ),
        ],
        signature=_cell_signature(ctx),
        recipients=[_grassroots_label(ctx), "Lưu chi bộ"],
    )


def recognition_grassroots(ctx: Context) -> PartyDocument:
    d = ctx.dossier
    step = ctx.step(S.OFFICIAL)
    return PartyDocument(
        key="15-nghi-quyet-dang-uy-cong-nhan",
        form="Mẫu 15-KNĐ",
        kind="NGHỊ QUYẾT",
        subject="đề nghị công nhận đảng viên chính thức",
        header=header_for(ctx.grassroots, kind_symbol="NQ", day=d.recognition_decision_date),
        blocks=[
            Paragraph(
                f"Căn cứ Nghị quyết ngày {_d(d.recognition_resolution_date)} của "
                f"{ctx.cell.name} đề nghị công nhận đảng viên chính thức đối với đồng chí "
                f"{ctx.person.full_name}."
            ),
            Paragraph(_vote_text(step, "cấp ủy viên")),
            Heading(_resolves(ctx.grassroots)),
            Paragraph(
                f"Đề nghị cấp có thẩm quyền công nhận đồng chí {ctx.person.full_name} là đảng "
                f"viên chính thức kể từ ngày {_d(d.probation_end)}."
            ),
        ],
        signature=_committee_signature(ctx, ctx.grassroots),
        recipients=["Cấp ủy cấp trên", "Lưu Văn phòng"],
    )


def recognition_decision(ctx: Context) -> PartyDocument:
    d = ctx.dossier
    step = ctx.step(S.OFFICIAL)
    body = (step.actor_body if step and step.actor_body_id else None) or d.decided_by
    body = body or ctx.grassroots
    return PartyDocument(
        key="16-quyet-dinh-cong-nhan",
        form="Mẫu 16-KNĐ",
        kind="QUYẾT ĐỊNH",
        subject="công nhận đảng viên chính thức",
        header=header_for(
            body,
            kind_symbol="QĐ",
            code=d.recognition_decision_number,
            day=d.recognition_decision_date,
        ),
        blocks=[
            Paragraph("- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;", indent=False),
            Paragraph(
                f"- Xét đề nghị của {ctx.cell.name} và {_grassroots_label(ctx)},", indent=False
            ),
            Paragraph("QUYẾT ĐỊNH", bold=True, align="center", indent=False),
            Paragraph(
                f"Điều 1. Công nhận đồng chí {ctx.person.full_name}, sinh ngày "
                f"{_d(ctx.person.birth_date)}, là đảng viên chính thức kể từ ngày "
                f"{_d(d.official_from or d.probation_end)} (R33). Tuổi đảng tính từ ngày "
                f"{_d(d.decision_date)} (R35)."
            ),
            Paragraph(
                f"Điều 2. {ctx.cell.name}, {_grassroots_label(ctx)} và đồng chí có tên trên thi "
                "hành Quyết định này."
            ),
        ],
        signature=_decision_signature(ctx, body),
        recipients=["Như Điều 2", "Lưu hồ sơ đảng viên"],
    )


@dataclass(frozen=True)
class FormSpec:
    key: str
    form: str
    label: str
    ready: Callable[[Dossier], object]  # truthy once the step that makes the paper is recorded
    build: Callable[[Context], PartyDocument]
    needed: Callable[[Dossier], bool] = lambda d: True


def _youth_needed(d: Dossier) -> bool:
    """R19: the Youth Union's resolution replaces the second introducer of a Youth Union
    member; once two members introduced the person, it is not needed."""
    return d.candidate.person.youth_union_member and not d.introducer_2_id


FORMS: list[FormSpec] = [
    FormSpec(
        "01-don-xin-vao-dang", "Mẫu 1-KNĐ", "Đơn xin vào Đảng", lambda d: d.letter_date, application
    ),
    FormSpec(
        "02-ly-lich",
        "Mẫu 2-KNĐ",
        "Lý lịch của người xin vào Đảng",
        lambda d: d.history_date,
        personal_history,
    ),
    FormSpec(
        "03-giay-gioi-thieu-1",
        "Mẫu 3-KNĐ",
        "Giấy giới thiệu người vào Đảng (người thứ nhất)",
        lambda d: d.introducer_1_id,
        introduction_1,
    ),
    FormSpec(
        "03-giay-gioi-thieu-2",
        "Mẫu 3-KNĐ",
        "Giấy giới thiệu người vào Đảng (người thứ hai)",
        lambda d: d.introducer_2_id,
        introduction_2,
        needed=lambda d: not d.youth_union_resolution,
    ),
    FormSpec(
        "04-nghi-quyet-doan-gioi-thieu",
        "Mẫu 4-KNĐ",
        "Nghị quyết giới thiệu đoàn viên ưu tú vào Đảng",
        lambda d: d.introduced_on and d.youth_union_resolution,
        youth_union,
        needed=_youth_needed,
    ),
    FormSpec(
        "05-tong-hop-y-kien",
        "Mẫu 5-KNĐ",
        "Tổng hợp ý kiến nhận xét",
        lambda d: d.introduced_on,
        comments_summary,
    ),
    FormSpec(
        "06-nghi-quyet-chi-bo",
        "Mẫu 6-KNĐ",
        "Nghị quyết chi bộ đề nghị kết nạp",
        lambda d: d.cell_resolution_date,
        cell_resolution,
    ),
    FormSpec(
        "08-nghi-quyet-dang-uy",
        "Mẫu 8-KNĐ",
        "Nghị quyết đảng ủy cơ sở đề nghị kết nạp",
        lambda d: d.grassroots_resolution_date,
        grassroots_resolution,
    ),
    FormSpec(
        "09-quyet-dinh-ket-nap",
        "Mẫu 9-KNĐ",
        "Quyết định kết nạp đảng viên",
        lambda d: d.decision_date,
        admission_decision,
    ),
    FormSpec(
        "10-tu-kiem-diem",
        "Mẫu 10-KNĐ",
        "Bản tự kiểm điểm của đảng viên dự bị",
        lambda d: d.ceremony_date,
        self_review,
    ),
    FormSpec(
        "11-nhan-xet-giup-do",
        "Mẫu 11-KNĐ",
        "Bản nhận xét của đảng viên giúp đỡ",
        lambda d: d.ceremony_date,
        helper_assessment,
    ),
    FormSpec(
        "13-nghi-quyet-chi-bo-cong-nhan",
        "Mẫu 13-KNĐ",
        "Nghị quyết chi bộ đề nghị công nhận đảng viên chính thức",
        lambda d: d.recognition_resolution_date,
        recognition_cell,
    ),
    FormSpec(
        "15-nghi-quyet-dang-uy-cong-nhan",
        "Mẫu 15-KNĐ",
        "Nghị quyết đảng ủy cơ sở đề nghị công nhận đảng viên chính thức",
        lambda d: d.recognition_decision_date,
        recognition_grassroots,
    ),
    FormSpec(
        "16-quyet-dinh-cong-nhan",
        "Mẫu 16-KNĐ",
        "Quyết định công nhận đảng viên chính thức",
        lambda d: d.recognition_decision_date,
        recognition_decision,
    ),
]
FORMS_BY_KEY = {spec.key: spec for spec in FORMS}
COVER_KEY = "00-bia-ho-so"


def available(dossier: Dossier) -> list[FormSpec]:
    return [spec for spec in FORMS if spec.needed(dossier) and spec.ready(dossier)]


def cover(ctx: Context, attachments) -> PartyDocument:
    """The cover page: what the dossier holds and what it still lacks, with the scans."""
    d = ctx.dossier
    rows = []
    for number, spec in enumerate((s for s in FORMS if s.needed(d)), start=1):
        rows.append([str(number), spec.form, spec.label, "Đã có" if spec.ready(d) else "Còn thiếu"])
    scans = [
        [str(i), a.get_step_display(), a.title, f"{a.size // 1024 or 1} KB"]
        for i, a in enumerate(attachments, start=1)
    ]
    person = ctx.person
    blocks = [
        Field("Họ và tên người vào Đảng", person.full_name),
        Field("Ngày sinh", _d(person.birth_date)),
        Field("Chi bộ", ctx.cell.name),
        Field("Đảng bộ cơ sở", ctx.grassroots.name),
        Field("Bước hiện tại", d.get_state_display()),
        Field("Giấy chứng nhận lớp bồi dưỡng", f"{d.certificate_number} {_d(d.certificate_date)}"),
        Heading("Thành phần hồ sơ"),
        Table(["STT", "Mẫu", "Tài liệu", "Tình trạng"], rows, widths=[1, 2.8, 8, 2]),
        Heading("Bản quét đính kèm"),
        Table(
            ["STT", "Bước", "Tài liệu", "Dung lượng"],
            scans or [["", "", "Chưa có", ""]],
            widths=[1, 4, 6, 2],
        ),
    ]
    return PartyDocument(
        key=COVER_KEY,
        form="",
        kind="HỒ SƠ KẾT NẠP ĐẢNG VIÊN",
        subject=person.full_name,
        header=header_for(ctx.cell, kind_symbol="HS", day=timezone.localdate()),
        blocks=blocks,
    )


def build(dossier: Dossier, key: str, attachments=()) -> PartyDocument | None:
    """The paper `key` of the dossier, or None when its step is not recorded yet."""
    ctx = context_for(dossier)
    if key == COVER_KEY:
        return cover(ctx, attachments)
    spec = FORMS_BY_KEY.get(key)
    if spec is None or not spec.needed(dossier) or not spec.ready(dossier):
        return None
    return spec.build(ctx)


def build_all(dossier: Dossier, attachments=()) -> list[PartyDocument]:
    ctx = context_for(dossier)
    return [cover(ctx, attachments), *[spec.build(ctx) for spec in available(dossier)]]
