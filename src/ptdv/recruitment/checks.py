"""The rule checks of the admission procedure. Each raises DomainError in Vietnamese citing the
rule, or returns quietly. Pure reads: no writes here."""

from datetime import date

from ptdv.core.calendar import add_months, months_between
from ptdv.core.errors import DomainError
from ptdv.core.reference import GeneralEducation
from ptdv.people.models import Member, MemberStatus
from ptdv.recruitment.models import NEVER_READMITTED, Candidate, Dossier, Relation
from ptdv.recruitment.rules import rule, two_thirds_reached


def d(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def check_age(candidate: Candidate, on: date, *, consent_number: str = "", consent_date=None):
    """R2: 18 to 60 years by months on the cell meeting date; R3: over 60 needs the written
    consent of the provincial standing committee."""
    birth = candidate.person.birth_date
    if birth is None:
        raise DomainError("Chưa có ngày sinh của người vào Đảng, không tính được tuổi (R2).")
    months = months_between(birth, on)
    if months < rule("AGE_MIN_MONTHS"):
        raise DomainError(
            f"Ngày {d(on)} người vào Đảng mới {months // 12} tuổi {months % 12} tháng, "
            "chưa đủ 18 tuổi tính theo tháng (R2, Quy định 294-QĐ/TW điểm 1.1).",
            rule="R2",
        )
    limit = rule("AGE_MAX_MONTHS")
    over = months > limit or (months == limit and not rule("AGE_MAX_INCLUSIVE"))
    if over and not (consent_number and consent_date):
        raise DomainError(
            f"Ngày {d(on)} người vào Đảng đã quá 60 tuổi: cần văn bản đồng ý của Ban Thường vụ "
            "cấp ủy trực thuộc Trung ương trước khi xét (R3, Quy định 294-QĐ/TW điểm 1.1 b).",
            rule="R3",
        )
    if over and consent_date > on:
        raise DomainError(
            "Văn bản đồng ý kết nạp người trên 60 tuổi phải có trước ngày chi bộ xét (R3).",
            rule="R3",
        )


def check_education(candidate: Candidate):
    """R4: lower-secondary or higher; R5: primary in disadvantaged areas."""
    level = candidate.person.general_education
    if level in (GeneralEducation.LOWER_SECONDARY, GeneralEducation.UPPER_SECONDARY):
        return
    if level == GeneralEducation.PRIMARY and candidate.disadvantaged_area:
        return
    if level == GeneralEducation.PRIMARY:
        raise DomainError(
            "Người vào Đảng chỉ hoàn thành chương trình tiểu học: chỉ được xét nếu ở vùng "
            "miền núi, biên giới, hải đảo, dân tộc thiểu số, đặc biệt khó khăn hoặc là ngư dân "
            "thường xuyên đi biển (R5, Hướng dẫn 01-HD/TW điểm 1.2 a).",
            rule="R5",
        )
    raise DomainError(
        "Người vào Đảng phải có bằng tốt nghiệp trung học cơ sở trở lên; chưa ghi trình độ "
        "giáo dục phổ thông (R4, Quy định 232-QĐ/TW điểm 1.2).",
        rule="R4",
    )


def certificate_expiry(dossier: Dossier) -> date | None:
    if dossier.certificate_date is None:
        return None
    return add_months(dossier.certificate_date, rule("CERTIFICATE_VALID_MONTHS"))


def check_certificate(dossier: Dossier, on: date):
    """R8: the class certificate is valid 60 months on the cell meeting date."""
    if dossier.certificate_date is None:
        raise DomainError("Chưa có giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng (R7).")
    expiry = certificate_expiry(dossier)
    if on > expiry:
        raise DomainError(
            f"Giấy chứng nhận lớp bồi dưỡng cấp ngày {d(dossier.certificate_date)} đã hết hạn "
            f"ngày {d(expiry)} (60 tháng): phải cử đi học lại trước khi chi bộ xét "
            "(R8, Hướng dẫn 06-HD/TW điểm 5.4).",
            rule="R8",
        )


DOCUMENT_DATES = {
    "letter": ("đơn xin vào Đảng", "letter_date"),
    "history": ("lý lịch người xin vào Đảng", "history_date"),
    "introduction": ("giấy giới thiệu", "introduced_on"),
    "verification": ("kết quả thẩm tra lý lịch", "history_certified_on"),
}


def check_documents(dossier: Dossier, on: date):
    """R9: other documents within their validity, where a value is configured."""
    for key, months in (rule("DOCUMENT_VALID_MONTHS") or {}).items():
        if not months or key not in DOCUMENT_DATES:
            continue
        label, field = DOCUMENT_DATES[key]
        issued = getattr(dossier, field)
        if issued and on > add_months(issued, months):
            raise DomainError(
                f"{label.capitalize()} ngày {d(issued)} đã quá thời hạn sử dụng {months} tháng "
                f"vào ngày {d(on)} (R9, Hướng dẫn 06-HD/TW điểm 5.4).",
                rule="R9",
            )


def check_readmission(candidate: Candidate, on: date):
    """R37 and R38."""
    if not candidate.is_readmission:
        return
    if candidate.left_party_reason in NEVER_READMITTED:
        raise DomainError(
            f"Người ra khỏi Đảng vì «{candidate.get_left_party_reason_display().lower()}» "
            "không được xem xét kết nạp lại (R38, Quy định 232-QĐ/TW điểm 3.5).",
            rule="R38",
        )
    if candidate.left_party_on is None:
        raise DomainError("Chưa ghi ngày ra khỏi Đảng của người xin kết nạp lại (R37).")
    need = rule("READMISSION_MIN_MONTHS")
    if months_between(candidate.left_party_on, on) < need:
        raise DomainError(
            f"Ra khỏi Đảng ngày {d(candidate.left_party_on)}: chưa đủ {need} tháng đến ngày "
            f"{d(on)} để xem xét kết nạp lại (R37, Quy định 232-QĐ/TW điểm 3.5.1).",
            rule="R37",
        )
    expunged = candidate.conviction_expunged_on
    need = rule("READMISSION_AFTER_EXPUNGED_MONTHS")
    if expunged and months_between(expunged, on) < need:
        raise DomainError(
            f"Được xóa án tích ngày {d(expunged)}: chưa đủ {need} tháng đến ngày {d(on)} "
            "(R37, Quy định 232-QĐ/TW điểm 3.5.1).",
            rule="R37",
        )


def check_vote(*, total: int, votes_for: int, votes_against: int, who: str, rule_code: str):
    """R22/R24: at least 2/3 of the total (not of those present)."""
    if total <= 0:
        raise DomainError(f"Số {who} phải lớn hơn 0.")
    if votes_for + votes_against > total:
        raise DomainError(
            f"Số phiếu tán thành ({votes_for}) và không tán thành ({votes_against}) vượt quá "
            f"tổng số {who} ({total})."
        )
    if not two_thirds_reached(votes_for, total):
        raise DomainError(
            f"Chỉ {votes_for}/{total} {who} tán thành, chưa đạt ít nhất 2/3 tổng số {who} "
            f"({rule_code}, Điều lệ Đảng Điều 4 khoản 3).",
            rule=rule_code,
        )


def official_members_of(cell) -> int:
    return Member.objects.current().filter(organization=cell, status=MemberStatus.OFFICIAL).count()


def check_cell_meeting(cell, official_members: int):
    """R22 denominator and R48: the number stated cannot exceed the cell's official members;
    a cell below 3 official members cannot pass resolutions."""
    minimum = rule("CELL_MIN_OFFICIAL_MEMBERS")
    actual = official_members_of(cell)
    if actual < minimum:
        raise DomainError(
            f"«{cell.name}» chỉ có {actual} đảng viên chính thức, dưới {minimum}: nghị quyết "
            "của chi bộ không có giá trị cho đến khi được bổ sung hoặc hợp nhất (R48).",
            rule="R48",
        )
    if official_members > actual:
        raise DomainError(
            f"Số đảng viên chính thức ghi ({official_members}) lớn hơn số đảng viên chính thức "
            f"đang sinh hoạt ở «{cell.name}» ({actual}) (R22).",
            rule="R22",
        )


def check_introducer(member: Member | None, since: date | None, dossier: Dossier, on: date):
    """R17: an official member, current, of the same grassroots organisation, who has worked
    with the applicant at least 12 months."""
    from ptdv.organizations.authority import grassroots_of

    if member is None:
        raise DomainError("Phải chọn đảng viên giới thiệu (R17).")
    if member.person_id == dossier.candidate.person_id:
        raise DomainError("Người vào Đảng không thể tự giới thiệu mình (R17).")
    if member.status != MemberStatus.OFFICIAL or member.ended_on is not None:
        raise DomainError(
            f"{member} không phải đảng viên chính thức đang sinh hoạt: đảng viên dự bị không "
            "được giới thiệu người vào Đảng (R17, Điều lệ Đảng Điều 4).",
            rule="R17",
        )
    if grassroots_of(member.organization).pk != grassroots_of(dossier.organization).pk:
        raise DomainError(
            f"{member} sinh hoạt ở «{member.organization}», không cùng tổ chức cơ sở đảng với "
            "người vào Đảng (R17, Quy định 294-QĐ/TW).",
            rule="R17",
        )
    need = rule("INTRODUCER_MIN_MONTHS")
    if since is None or months_between(since, on) < need:
        raise DomainError(
            f"{member} cùng công tác với người vào Đảng từ {d(since)}: chưa đủ {need} tháng "
            f"đến ngày giới thiệu {d(on)} (R17, Điều lệ Đảng Điều 4 khoản 2).",
            rule="R17",
        )


def check_youth_union(dossier: Dossier, on: date):
    """R19: the Youth Union executive committee introduces a Youth Union member of youth age."""
    person = dossier.candidate.person
    if not person.youth_union_member:
        raise DomainError(
            "Chỉ đoàn viên mới được Ban Chấp hành Đoàn cơ sở giới thiệu "
            "(R19, Điều lệ Đảng Điều 4).",
            rule="R19",
        )
    years = months_between(person.birth_date, on) // 12 if person.birth_date else None
    low, high = rule("YOUTH_AGE_MIN"), rule("YOUTH_AGE_MAX")
    if years is None or not low <= years <= high:
        raise DomainError(
            f"Người vào Đảng {years if years is not None else '?'} tuổi, ngoài độ tuổi đoàn viên "
            f"({low}–{high}): phải có hai đảng viên chính thức giới thiệu (R19).",
            rule="R19",
        )


def pending_verifications(dossier: Dossier) -> list:
    return [v for v in dossier.verifications.all() if not v.exempt and v.answered_on is None]


def check_verifications(dossier: Dossier):
    """R12–R15: the applicant is verified, and every non-exempt relative answered."""
    requests = list(dossier.verifications.all())
    if not any(v.relation == Relation.SELF for v in requests):
        raise DomainError("Chưa thẩm tra lý lịch của chính người vào Đảng (R12).", rule="R12")
    pending = pending_verifications(dossier)
    if pending:
        names = ", ".join(f"{v.get_relation_display().lower()} {v.full_name}" for v in pending)
        raise DomainError(
            f"Còn chờ kết quả thẩm tra của: {names}. Chỉ khi tổng hợp đủ kết quả, chi ủy mới "
            "nhận xét và cấp ủy cơ sở mới chứng nhận lý lịch (R15, Hướng dẫn 06-HD/TW điểm 3.4).",
            rule="R15",
        )
