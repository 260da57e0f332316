"""The rule checks of the admission procedure. Each raises DomainError in Vietnamese citing the
rule, or returns quietly. Pure reads: no writes here."""

from datetime import date

from ptdv.core.calendar import add_months, months_between
from ptdv.core.errors import DomainError
from ptdv.core.reference import GeneralEducation
from ptdv.people.models import Member, MemberStatus
from ptdv.recruitment.models import NEVER_READMITTED, Candidate, Dossier, Relation
from ptdv.recruitment.rules import basis, rule, two_thirds_reached, vote_share, years


def d(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def is_over_age(candidate: Candidate, on: date) -> bool:
    """Past the upper age of R2 on `on` (the boundary "đủ 60 tuổi" is configurable)."""
    birth = candidate.person.birth_date
    if birth is None:
        return False
    months, limit = months_between(birth, on), rule("AGE_MAX_MONTHS")
    return months > limit or (months == limit and not rule("AGE_MAX_INCLUSIVE"))


def check_age(candidate: Candidate, on: date):
    """R2: at least the minimum age by months on the cell meeting date. Over the maximum the
    case goes on: the provincial consent (R3) is checked before the decision."""
    birth = candidate.person.birth_date
    if birth is None:
        raise DomainError("Chưa có ngày sinh của người vào Đảng, không tính được tuổi (R2).")
    months = months_between(birth, on)
    if months < rule("AGE_MIN_MONTHS"):
        raise DomainError(
            f"Ngày {d(on)} người vào Đảng mới {months // 12} tuổi {months % 12} tháng, "
            f"chưa đủ {years(rule('AGE_MIN_MONTHS'))} tính theo tháng "
            f"(R2, {basis('AGE_MIN_MONTHS')}).",
            rule="R2",
        )


def check_over_age_consent(dossier: Dossier, decision_date: date, number: str, consent_date):
    """R3: over the maximum age on the cell meeting date, the standing committee of the body
    the authority table names (the provincial committee) agrees in writing before the
    decision. A consent dated after the cell meeting is legal."""
    from ptdv.organizations.authority import competent_body
    from ptdv.organizations.models import AuthorityDecision

    if not is_over_age(dossier.candidate, dossier.cell_resolution_date or decision_date):
        return
    body = competent_body(dossier.organization, AuthorityDecision.OVER_60_CONSENT, decision_date)
    who = f"Ban Thường vụ «{body}»" if body else "Ban Thường vụ cấp ủy trực thuộc Trung ương"
    limit = years(rule("AGE_MAX_MONTHS"))
    if not ((number or "").strip() and consent_date):
        raise DomainError(
            f"Người vào Đảng đã quá {limit} (ngày chi bộ xét {d(dossier.cell_resolution_date)}): "
            f"cần văn bản đồng ý (số, ngày) của {who} trước khi ra quyết định kết nạp "
            f"(R3, {basis('AGE_MAX_MONTHS')} b; Hướng dẫn 06-HD/TW điểm 1.1).",
            field="over60_consent_number",
            rule="R3",
        )
    if consent_date > decision_date:
        raise DomainError(
            f"Văn bản đồng ý kết nạp người trên {limit} ngày {d(consent_date)} phải có trước "
            f"quyết định kết nạp ngày {d(decision_date)} (R3, Hướng dẫn 06-HD/TW điểm 1.1).",
            field="over60_consent_date",
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
            f"ngày {d(expiry)} ({rule('CERTIFICATE_VALID_MONTHS')} tháng): phải cử đi học lại "
            f"trước khi chi bộ xét (R8, {basis('CERTIFICATE_VALID_MONTHS')}).",
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
            f"{d(on)} để xem xét kết nạp lại (R37, {basis('READMISSION_MIN_MONTHS')}).",
            rule="R37",
        )
    expunged = candidate.conviction_expunged_on
    need = rule("READMISSION_AFTER_EXPUNGED_MONTHS")
    if expunged and months_between(expunged, on) < need:
        raise DomainError(
            f"Được xóa án tích ngày {d(expunged)}: chưa đủ {need} tháng đến ngày {d(on)} "
            f"(R37, {basis('READMISSION_AFTER_EXPUNGED_MONTHS')}).",
            rule="R37",
        )


def check_readmission_decision(dossier: Dossier, decision_date: date, number: str, on):
    """R39: (a) the provincial standing committee's written agreement (number, date) before
    the decision; (b) re-admitted only once."""
    from ptdv.people.models import MembershipPeriod

    candidate = dossier.candidate
    if not candidate.is_readmission:
        return
    limit = rule("READMISSION_MAX_TIMES")
    earlier = MembershipPeriod.objects.filter(member__person_id=candidate.person_id).count()
    if earlier >= limit:
        raise DomainError(
            f"{candidate.person} đã được kết nạp lại {earlier} lần: mỗi người chỉ được kết nạp "
            f"lại {limit} lần (R39, {basis('READMISSION_MAX_TIMES')}).",
            rule="R39",
        )
    if not ((number or "").strip() and on):
        raise DomainError(
            "Kết nạp lại cần văn bản đồng ý (số, ngày) của Ban Thường vụ cấp ủy trực thuộc "
            "Trung ương trước khi cấp có thẩm quyền quyết định (R39, Quy định 294-QĐ/TW "
            "điểm 3.5.1).",
            field="readmission_consent_number",
            rule="R39",
        )
    if on > decision_date:
        raise DomainError(
            f"Văn bản đồng ý kết nạp lại ngày {d(on)} phải có trước quyết định ngày "
            f"{d(decision_date)} (R39, Quy định 294-QĐ/TW điểm 3.5.1).",
            field="readmission_consent_date",
            rule="R39",
        )


def check_vote(*, total: int, votes_for: int, votes_against: int, who: str, rule_code: str):
    """R22/R24: at least the configured share (2/3) of the total, not of those present."""
    if total <= 0:
        raise DomainError(f"Số {who} phải lớn hơn 0.")
    if votes_for + votes_against > total:
        raise DomainError(
            f"Số phiếu tán thành ({votes_for}) và không tán thành ({votes_against}) vượt quá "
            f"tổng số {who} ({total})."
        )
    if not two_thirds_reached(votes_for, total):
        raise DomainError(
            f"Chỉ {votes_for}/{total} {who} tán thành, chưa đạt ít nhất {vote_share()} tổng số "
            f"{who} ({rule_code}, Điều lệ Đảng Điều 4 khoản 3).",
            rule=rule_code,
        )


def official_members_on(cell, day: date):
    """The cell's official members on `day`, from the member records (R22)."""
    return Member.objects.in_cell_on(cell, day).official_on(day)


def official_members_of(cell) -> int:
    return Member.objects.current().filter(organization=cell, status=MemberStatus.OFFICIAL).count()


def cell_denominator(cell, day: date, *, excluded=(), stated: int | None = None) -> int:
    """R22: the cell's official members on the meeting date, from the records, minus those
    the officer names as excluded (temporarily transferred away; exempted and absent).
    R48: a cell below the minimum of official members passes no resolution. A number typed
    by the officer must equal the computed one."""
    members = official_members_on(cell, day)
    ids = set(members.values_list("pk", flat=True))
    minimum = rule("CELL_MIN_OFFICIAL_MEMBERS")
    if len(ids) < minimum:
        raise DomainError(
            f"Ngày {d(day)} «{cell.name}» chỉ có {len(ids)} đảng viên chính thức, dưới "
            f"{minimum}: nghị quyết của chi bộ không có giá trị cho đến khi được bổ sung hoặc "
            f"hợp nhất (R48, {basis('CELL_MIN_OFFICIAL_MEMBERS')}).",
            rule="R48",
        )
    excluded = list(excluded or [])
    strangers = [str(m) for m in excluded if m.pk not in ids]
    if strangers:
        raise DomainError(
            f"{', '.join(strangers)} không phải đảng viên chính thức của «{cell.name}» ngày "
            f"{d(day)}: chỉ trừ người chuyển sinh hoạt tạm thời và người miễn sinh hoạt vắng mặt "
            "(R22, Quy định 294-QĐ/TW điểm 9.3.2).",
            field="excluded_members",
            rule="R22",
        )
    total = len(ids) - len({m.pk for m in excluded})
    if stated is not None and stated != total:
        raise DomainError(
            f"Ngày {d(day)} «{cell.name}» có {len(ids)} đảng viên chính thức theo danh sách"
            + (f", trừ {len(excluded)} người không tính" if excluded else "")
            + f" là {total}; số ghi ({stated}) không khớp (R22, Quy định 294-QĐ/TW điểm 9.3.2).",
            field="official_members",
            rule="R22",
        )
    return total


def committee_denominator(body, day: date, stated: int | None) -> tuple[int, bool]:
    """R24: the committee's members on `day` from its seats per term. Returns the number and
    whether it came from the records; without recorded seats the typed number is used."""
    from ptdv.people.models import CommitteeSeat

    seats = (
        CommitteeSeat.objects.filter(organization=body, started_on__lte=day)
        .exclude(ended_on__lte=day)
        .count()
    )
    if seats == 0:
        if not stated:
            raise DomainError(
                f"Chưa có danh sách cấp ủy viên của «{body}» ngày {d(day)}: hãy ghi tổng số cấp "
                "ủy viên (R24).",
                field="committee_members",
                rule="R24",
            )
        return stated, False
    if stated is not None and stated != seats:
        raise DomainError(
            f"Ngày {d(day)} cấp ủy «{body}» có {seats} cấp ủy viên theo danh sách nhiệm kỳ; số "
            f"ghi ({stated}) không khớp (R24).",
            field="committee_members",
            rule="R24",
        )
    return seats, True


def _official_on(member: Member, day: date) -> bool:
    return Member.objects.filter(pk=member.pk).at(day).official_on(day).exists()


def check_introducer(member: Member | None, since: date | None, dossier: Dossier, on: date):
    """R17, as of the introduction date `on`: an official member (official by then, not
    merely today) of the same grassroots organisation, who has worked with the applicant at
    least 12 months."""
    from ptdv.organizations.authority import grassroots_of

    if member is None:
        raise DomainError("Phải chọn đảng viên giới thiệu (R17).")
    if member.person_id == dossier.candidate.person_id:
        raise DomainError("Người vào Đảng không thể tự giới thiệu mình (R17).")
    if not _official_on(member, on):
        became = f" (chính thức từ {d(member.official_from)})" if member.official_from else ""
        raise DomainError(
            f"Ngày giới thiệu {d(on)}, {member} chưa là đảng viên chính thức{became}: đảng viên "
            "dự bị không được giới thiệu người vào Đảng (R17, Điều lệ Đảng Điều 4).",
            rule="R17",
        )
    unit = _cell_on(member, on)
    if grassroots_of(unit, on).pk != grassroots_of(dossier.organization, on).pk:
        raise DomainError(
            f"Ngày giới thiệu {d(on)}, {member} sinh hoạt ở «{unit}», "
            "không cùng tổ chức cơ sở đảng với người vào Đảng (R17, Quy định 294-QĐ/TW).",
            rule="R17",
        )
    need = rule("INTRODUCER_MIN_MONTHS")
    if since is None or months_between(since, on) < need:
        raise DomainError(
            f"{member} cùng công tác với người vào Đảng từ {d(since)}: chưa đủ {need} tháng "
            f"đến ngày giới thiệu {d(on)} (R17, {basis('INTRODUCER_MIN_MONTHS')} khoản 2).",
            rule="R17",
        )


def _cell_on(member: Member, day: date):
    """The cell a member belonged to on `day`, from the transfers."""
    from ptdv.people.models import MemberTransfer, TransferState

    later = (
        MemberTransfer.objects.filter(
            member=member, state=TransferState.CONFIRMED, confirmed_on__gt=day
        )
        .select_related("from_organization__kind")
        .order_by("confirmed_on", "id")
        .first()
    )
    return later.from_organization if later else member.organization


def check_introducers_at_meeting(dossier: Dossier, meeting_date: date):
    """R17: the introducers are still members, of the applicant's grassroots organisation,
    on the day the cell meets."""
    from ptdv.organizations.authority import grassroots_of

    home = grassroots_of(dossier.organization, meeting_date).pk
    for member in (dossier.introducer_1, dossier.introducer_2):
        if member is None:
            continue
        gone = member.ended_on is not None and member.ended_on <= meeting_date
        unit = None if gone else _cell_on(member, meeting_date)
        if unit is None or grassroots_of(unit, meeting_date).pk != home:
            raise DomainError(
                f"Ngày chi bộ họp {d(meeting_date)}, người giới thiệu {member} không còn sinh "
                "hoạt trong tổ chức cơ sở đảng của người vào Đảng: phải có người giới thiệu "
                "khác (R17, Điều lệ Đảng Điều 4 khoản 2).",
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
