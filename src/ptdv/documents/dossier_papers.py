"""The papers of an admission dossier (Mẫu 1–16-KNĐ), each built from the dossier's data
as a `layout.PartyDocument`."""

from ptdv.documents.dossier_context import (
    Context,
    cell_signature,
    committee_signature,
    dd,
    decision_signature,
    grassroots_label,
    person_fields,
    personal_header,
    resolves,
    vote_text,
)
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
    place_of,
    upper,
)
from ptdv.recruitment.models import DossierState

S = DossierState


def application(ctx: Context) -> PartyDocument:
    d = ctx.dossier
    return PartyDocument(
        key="01-don-xin-vao-dang",
        form="Mẫu 1-KNĐ",
        kind="ĐƠN XIN VÀO ĐẢNG",
        subject="",
        header=personal_header(ctx, d.letter_date),
        blocks=[
            Paragraph(f"Kính gửi: Chi ủy {ctx.cell.name}; {grassroots_label(ctx)}.", indent=False),
            *person_fields(ctx),
            Paragraph(
                "Qua học tập, nghiên cứu Điều lệ Đảng, Cương lĩnh chính trị và lớp bồi dưỡng "
                f"nhận thức về Đảng (giấy chứng nhận số {d.certificate_number or '…'}, cấp ngày "
                f"{dd(d.certificate_date) or '…'}), tôi nhận thức được mục đích, lý tưởng của "
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
            dd(v.answered_on) or ("Miễn (R14)" if v.exempt else "Chờ trả lời"),
        ]
        for v in d.verifications.all()
    ]
    return PartyDocument(
        key="02-ly-lich",
        form="Mẫu 2-KNĐ",
        kind="LÝ LỊCH CỦA NGƯỜI XIN VÀO ĐẢNG",
        subject="",
        header=personal_header(ctx, d.history_date),
        blocks=[
            Heading("1. Bản thân"),
            *person_fields(ctx),
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
                f"Đóng dấu giáp lai ngày {dd(d.stamped_on) or '…'}; chi ủy nhận xét ngày "
                f"{dd(d.cell_committee_comment_on) or '…'}; cấp ủy cơ sở chứng nhận ngày "
                f"{dd(d.history_certified_on) or '…'}."
            ),
        ],
        signature=Signature("", "NGƯỜI KHAI LÝ LỊCH", person.full_name),
        second_signature=committee_signature(ctx, ctx.grassroots),
    )


def _introduction(ctx: Context, member, since, index: int) -> PartyDocument:
    d = ctx.dossier
    name = member.person.full_name if member else ""
    return PartyDocument(
        key=f"03-giay-gioi-thieu-{index}",
        form="Mẫu 3-KNĐ",
        kind="GIẤY GIỚI THIỆU NGƯỜI VÀO ĐẢNG",
        subject="",
        header=personal_header(ctx, d.introduced_on),
        blocks=[
            Paragraph(f"Kính gửi: Chi bộ {ctx.cell.name.removeprefix('Chi bộ ')}.", indent=False),
            Field("Tôi là", name),
            Field("Đảng viên chính thức, sinh hoạt tại", ctx.cell.name),
            Field("Ngày vào Đảng", dd(member.admission_decided_on) if member else ""),
            Field("Ngày chính thức", dd(member.official_from) if member else ""),
            Field("Giới thiệu", ctx.person.full_name),
            Field("Cùng công tác, sinh hoạt từ ngày", dd(since)),
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
                f"{ctx.person.full_name}, sinh ngày {dd(ctx.person.birth_date)}, để "
                f"{ctx.cell.name} xem xét, đề nghị kết nạp vào Đảng (R19)."
            ),
            *person_fields(ctx)[:4],
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


def _document_number(step) -> str:
    return step.document_number if step else ""


def _resolution(ctx: Context, state, unit, *, voters, heading, signature, recipients, **text):
    """A resolution of the cell or of the grassroots committee (Mẫu 6, 8, 13, 15-KNĐ): the
    meeting, the vote, the proposal (`code` None: the number recorded with the step)."""
    step = ctx.step(state)
    code = _document_number(step) if text["code"] is None else text["code"]
    return PartyDocument(
        key=text["key"],
        form=text["form"],
        kind="NGHỊ QUYẾT",
        subject=text["subject"],
        header=header_for(unit, kind_symbol="NQ", code=code, day=text["day"]),
        blocks=[
            Paragraph(text["opening"]),
            Paragraph(vote_text(step, voters)),
            Heading(heading),
            Paragraph(text["proposal"]),
        ],
        signature=signature,
        recipients=recipients,
    )


def _cell_resolution(ctx: Context, state, **text) -> PartyDocument:
    return _resolution(
        ctx,
        state,
        ctx.cell,
        voters="đảng viên chính thức của chi bộ",
        heading="Chi bộ quyết nghị",
        signature=cell_signature(ctx),
        recipients=[grassroots_label(ctx), "Lưu chi bộ"],
        **text,
    )


def _grassroots_resolution(ctx: Context, state, *, recipient: str, **text) -> PartyDocument:
    return _resolution(
        ctx,
        state,
        ctx.grassroots,
        voters="cấp ủy viên",
        heading=resolves(ctx.grassroots),
        signature=committee_signature(ctx, ctx.grassroots),
        recipients=[recipient, "Lưu Văn phòng"],
        **text,
    )


def _decision(ctx: Context, body, *, key, form, subject, code, day, considered, article_1):
    """A decision of the competent committee (Mẫu 9 and 16-KNĐ)."""
    return PartyDocument(
        key=key,
        form=form,
        kind="QUYẾT ĐỊNH",
        subject=subject,
        header=header_for(body, kind_symbol="QĐ", code=code, day=day),
        blocks=[
            Paragraph("- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;", indent=False),
            Paragraph(considered, indent=False),
            Paragraph("QUYẾT ĐỊNH", bold=True, align="center", indent=False),
            Paragraph(article_1),
            Paragraph(
                f"Điều 2. {ctx.cell.name}, {grassroots_label(ctx)} và đồng chí có tên trên thi "
                "hành Quyết định này."
            ),
        ],
        signature=decision_signature(ctx, body),
        recipients=["Như Điều 2", "Lưu hồ sơ đảng viên"],
    )


def cell_resolution(ctx: Context) -> PartyDocument:
    d = ctx.dossier
    return _cell_resolution(
        ctx,
        S.CELL_PROPOSED,
        key="06-nghi-quyet-chi-bo",
        form="Mẫu 6-KNĐ",
        subject="đề nghị kết nạp đảng viên",
        code=d.cell_resolution_number,
        day=d.cell_resolution_date,
        opening=f"Ngày {dd(d.cell_resolution_date)}, {ctx.cell.name} họp xét đơn xin vào Đảng và "
        f"hồ sơ của quần chúng {ctx.person.full_name}, sinh ngày "
        f"{dd(ctx.person.birth_date)}.",
        proposal=f"Đề nghị {grassroots_label(ctx)} xem xét, đề nghị cấp có thẩm quyền kết nạp "
        f"quần chúng {ctx.person.full_name} vào Đảng Cộng sản Việt Nam.",
    )


def grassroots_resolution(ctx: Context) -> PartyDocument:
    d = ctx.dossier
    decider = d.decided_by or ctx.grassroots.parent
    return _grassroots_resolution(
        ctx,
        S.GRASSROOTS_PROPOSED,
        key="08-nghi-quyet-dang-uy",
        form="Mẫu 8-KNĐ",
        subject="đề nghị kết nạp đảng viên",
        code=None,
        day=d.grassroots_resolution_date,
        opening=f"Căn cứ Nghị quyết số {d.cell_resolution_number or '…'} ngày "
        f"{dd(d.cell_resolution_date)} của {ctx.cell.name} đề nghị kết nạp quần chúng "
        f"{ctx.person.full_name} vào Đảng.",
        proposal=f"Đề nghị {committee(decider)[0] if decider else 'cấp ủy cấp trên'} xem xét, "
        f"quyết định kết nạp quần chúng {ctx.person.full_name} vào Đảng.",
        recipient=committee(decider)[0] if decider else "Cấp ủy cấp trên",
    )


def admission_decision(ctx: Context) -> PartyDocument:
    d = ctx.dossier
    return _decision(
        ctx,
        d.decided_by or ctx.grassroots,
        key="09-quyet-dinh-ket-nap",
        form="Mẫu 9-KNĐ",
        subject="kết nạp đảng viên",
        code=d.decision_number,
        day=d.decision_date,
        considered=f"- Xét Nghị quyết số {d.cell_resolution_number or '…'} ngày "
        f"{dd(d.cell_resolution_date)} của {ctx.cell.name} và Nghị quyết ngày "
        f"{dd(d.grassroots_resolution_date)} của {grassroots_label(ctx)},",
        article_1=f"Điều 1. Kết nạp quần chúng {ctx.person.full_name}, sinh ngày "
        f"{dd(ctx.person.birth_date)}, quê quán {ctx.person.home_town or '…'}, vào Đảng "
        "Cộng sản Việt Nam. Thời gian dự bị 12 tháng, kể từ ngày chi bộ tổ chức lễ kết "
        "nạp (R29).",
    )


def self_review(ctx: Context) -> PartyDocument:
    d = ctx.dossier
    return PartyDocument(
        key="10-tu-kiem-diem",
        form="Mẫu 10-KNĐ",
        kind="BẢN TỰ KIỂM ĐIỂM",
        subject="của đảng viên dự bị",
        header=personal_header(ctx, d.probation_end),
        blocks=[
            Paragraph(f"Kính gửi: Chi bộ {ctx.cell.name.removeprefix('Chi bộ ')}.", indent=False),
            Field("Họ và tên", ctx.person.full_name),
            Field("Ngày vào Đảng (lễ kết nạp)", dd(d.ceremony_date)),
            Field("Quyết định kết nạp", f"số {d.decision_number}, ngày {dd(d.decision_date)}"),
            Field("Hết thời gian dự bị", dd(d.probation_end)),
            Field("Học lớp bồi dưỡng đảng viên mới", dd(d.new_member_course_date)),
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
        header=personal_header(ctx, d.probation_end),
        blocks=[
            Paragraph(f"Kính gửi: Chi bộ {ctx.cell.name.removeprefix('Chi bộ ')}.", indent=False),
            Field("Đảng viên giúp đỡ", ctx.helper),
            Field("Đảng viên dự bị", ctx.person.full_name),
            Field("Thời gian dự bị", f"từ {dd(d.ceremony_date)} đến {dd(d.probation_end)}"),
            Heading("Nhận xét về phẩm chất chính trị, đạo đức, lối sống, năng lực công tác"),
            Paragraph("……………………………………………………………………………………", indent=False),
            Paragraph("Đề nghị chi bộ xét, công nhận đảng viên chính thức."),
        ],
        signature=Signature("", "ĐẢNG VIÊN GIÚP ĐỠ", ctx.helper),
    )


def recognition_cell(ctx: Context) -> PartyDocument:
    d = ctx.dossier
    return _cell_resolution(
        ctx,
        S.RECOGNITION_PROPOSED,
        key="13-nghi-quyet-chi-bo-cong-nhan",
        form="Mẫu 13-KNĐ",
        subject="đề nghị công nhận đảng viên chính thức",
        code=None,
        day=d.recognition_resolution_date,
        opening=f"Ngày {dd(d.recognition_resolution_date)}, {ctx.cell.name} họp xét công nhận "
        f"đảng viên chính thức đối với đồng chí {ctx.person.full_name}, kết nạp ngày "
        f"{dd(d.ceremony_date)}, hết thời gian dự bị ngày {dd(d.probation_end)}.",
        proposal=f"Đề nghị {grassroots_label(ctx)} xem xét, đề nghị cấp có thẩm quyền công nhận "
        f"đồng chí {ctx.person.full_name} là đảng viên chính thức, kể từ ngày "
        f"{dd(d.probation_end)} (R33).",
    )


def recognition_grassroots(ctx: Context) -> PartyDocument:
    d = ctx.dossier
    return _grassroots_resolution(
        ctx,
        S.OFFICIAL,
        key="15-nghi-quyet-dang-uy-cong-nhan",
        form="Mẫu 15-KNĐ",
        subject="đề nghị công nhận đảng viên chính thức",
        code="",
        day=d.recognition_decision_date,
        opening=f"Căn cứ Nghị quyết ngày {dd(d.recognition_resolution_date)} của "
        f"{ctx.cell.name} đề nghị công nhận đảng viên chính thức đối với đồng chí "
        f"{ctx.person.full_name}.",
        proposal=f"Đề nghị cấp có thẩm quyền công nhận đồng chí {ctx.person.full_name} là đảng "
        f"viên chính thức kể từ ngày {dd(d.probation_end)}.",
        recipient="Cấp ủy cấp trên",
    )


def recognition_decision(ctx: Context) -> PartyDocument:
    d = ctx.dossier
    step = ctx.step(S.OFFICIAL)
    body = (step.actor_body if step and step.actor_body_id else None) or d.decided_by
    return _decision(
        ctx,
        body or ctx.grassroots,
        key="16-quyet-dinh-cong-nhan",
        form="Mẫu 16-KNĐ",
        subject="công nhận đảng viên chính thức",
        code=d.recognition_decision_number,
        day=d.recognition_decision_date,
        considered=f"- Xét đề nghị của {ctx.cell.name} và {grassroots_label(ctx)},",
        article_1=f"Điều 1. Công nhận đồng chí {ctx.person.full_name}, sinh ngày "
        f"{dd(ctx.person.birth_date)}, là đảng viên chính thức kể từ ngày "
        f"{dd(d.official_from or d.probation_end)} (R33). Tuổi đảng tính từ ngày "
        f"{dd(d.decision_date)} (R35).",
    )
