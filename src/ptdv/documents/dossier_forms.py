"""The papers of an admission dossier, each built from the dossier's data as a
`layout.PartyDocument`. `FORMS` lists them in the order of the dossier; a paper is available
once the step that produces it is recorded. Form numbers are those of H12-HD/BTCTW's annex
as far as they were confirmed (docs/forms.md says which are not)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from ptdv.documents import dossier_papers as papers
from ptdv.documents.dossier_context import Context, context_for, dd
from ptdv.documents.layout import (
    Field,
    Heading,
    PartyDocument,
    Table,
    header_for,
)
from ptdv.recruitment.models import Dossier


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
        "01-don-xin-vao-dang",
        "Mẫu 1-KNĐ",
        "Đơn xin vào Đảng",
        lambda d: d.letter_date,
        papers.application,
    ),
    FormSpec(
        "02-ly-lich",
        "Mẫu 2-KNĐ",
        "Lý lịch của người xin vào Đảng",
        lambda d: d.history_date,
        papers.personal_history,
    ),
    FormSpec(
        "03-giay-gioi-thieu-1",
        "Mẫu 3-KNĐ",
        "Giấy giới thiệu người vào Đảng (người thứ nhất)",
        lambda d: d.introducer_1_id,
        papers.introduction_1,
    ),
    FormSpec(
        "03-giay-gioi-thieu-2",
        "Mẫu 3-KNĐ",
        "Giấy giới thiệu người vào Đảng (người thứ hai)",
        lambda d: d.introducer_2_id,
        papers.introduction_2,
        needed=lambda d: not d.youth_union_resolution,
    ),
    FormSpec(
        "04-nghi-quyet-doan-gioi-thieu",
        "Mẫu 4-KNĐ",
        "Nghị quyết giới thiệu đoàn viên ưu tú vào Đảng",
        lambda d: d.introduced_on and d.youth_union_resolution,
        papers.youth_union,
        needed=_youth_needed,
    ),
    FormSpec(
        "05-tong-hop-y-kien",
        "Mẫu 5-KNĐ",
        "Tổng hợp ý kiến nhận xét",
        lambda d: d.introduced_on,
        papers.comments_summary,
    ),
    FormSpec(
        "06-nghi-quyet-chi-bo",
        "Mẫu 6-KNĐ",
        "Nghị quyết chi bộ đề nghị kết nạp",
        lambda d: d.cell_resolution_date,
        papers.cell_resolution,
    ),
    FormSpec(
        "08-nghi-quyet-dang-uy",
        "Mẫu 8-KNĐ",
        "Nghị quyết đảng ủy cơ sở đề nghị kết nạp",
        lambda d: d.grassroots_resolution_date,
        papers.grassroots_resolution,
    ),
    FormSpec(
        "09-quyet-dinh-ket-nap",
        "Mẫu 9-KNĐ",
        "Quyết định kết nạp đảng viên",
        lambda d: d.decision_date,
        papers.admission_decision,
    ),
    FormSpec(
        "10-tu-kiem-diem",
        "Mẫu 10-KNĐ",
        "Bản tự kiểm điểm của đảng viên dự bị",
        lambda d: d.ceremony_date,
        papers.self_review,
    ),
    FormSpec(
        "11-nhan-xet-giup-do",
        "Mẫu 11-KNĐ",
        "Bản nhận xét của đảng viên giúp đỡ",
        lambda d: d.ceremony_date,
        papers.helper_assessment,
    ),
    FormSpec(
        "13-nghi-quyet-chi-bo-cong-nhan",
        "Mẫu 13-KNĐ",
        "Nghị quyết chi bộ đề nghị công nhận đảng viên chính thức",
        lambda d: d.recognition_resolution_date,
        papers.recognition_cell,
    ),
    FormSpec(
        "15-nghi-quyet-dang-uy-cong-nhan",
        "Mẫu 15-KNĐ",
        "Nghị quyết đảng ủy cơ sở đề nghị công nhận đảng viên chính thức",
        lambda d: d.recognition_decision_date,
        papers.recognition_grassroots,
    ),
    FormSpec(
        "16-quyet-dinh-cong-nhan",
        "Mẫu 16-KNĐ",
        "Quyết định công nhận đảng viên chính thức",
        lambda d: d.recognition_decision_date,
        papers.recognition_decision,
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
        Field("Ngày sinh", dd(person.birth_date)),
        Field("Chi bộ", ctx.cell.name),
        Field("Đảng bộ cơ sở", ctx.grassroots.name),
        Field("Bước hiện tại", d.get_state_display()),
        Field("Giấy chứng nhận lớp bồi dưỡng", f"{d.certificate_number} {dd(d.certificate_date)}"),
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
