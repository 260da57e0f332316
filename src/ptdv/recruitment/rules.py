"""The configurable values of the admission rules, in one place, with their legal basis.

Values tagged [U] (unconfirmed) in DOMAIN.md are here so that an administrator can change
them in `settings.PTDV_RECRUITMENT_RULES` ({"KEY": value}) without touching the code.
docs/rules.md lists them.
"""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class RuleValue:
    value: object
    basis: str
    confirmed: bool


DEFAULTS: dict[str, RuleValue] = {
    "AGE_MIN_MONTHS": RuleValue(18 * 12, "R2 — Quy định 294-QĐ/TW điểm 1.1", True),
    "AGE_MAX_MONTHS": RuleValue(60 * 12, "R2 — Quy định 294-QĐ/TW điểm 1.1", True),
    # "đủ 60 tuổi": True admits on the day of the 60th birthday; the boundary is [U].
    "AGE_MAX_INCLUSIVE": RuleValue(True, "R2 — ranh giới «đủ 60 tuổi» chưa xác nhận", False),
    "CERTIFICATE_VALID_MONTHS": RuleValue(60, "R8 — Hướng dẫn 06-HD/TW điểm 5.4", True),
    # Other documents' validity per type, in months; None = not checked (values [U]).
    "DOCUMENT_VALID_MONTHS": RuleValue(
        {"letter": None, "history": None, "introduction": None, "verification": None},
        "R9 — Hướng dẫn 06-HD/TW điểm 5.4 (giá trị chưa xác nhận)",
        False,
    ),
    "VERIFICATION_SLA_WORKING_DAYS": RuleValue(
        30, "R16 — thời hạn trả lời thẩm tra chưa xác nhận", False
    ),
    "INTRODUCER_MIN_MONTHS": RuleValue(12, "R17 — Điều lệ Đảng Điều 4", True),
    "YOUTH_AGE_MIN": RuleValue(18, "R19 — độ tuổi đoàn viên chưa xác nhận", False),
    "YOUTH_AGE_MAX": RuleValue(30, "R19 — độ tuổi đoàn viên chưa xác nhận", False),
    "VOTE_NUMERATOR": RuleValue(2, "R22, R24 — Điều lệ Đảng Điều 4 khoản 3 (2/3)", False),
    "VOTE_DENOMINATOR": RuleValue(3, "R22, R24 — Điều lệ Đảng Điều 4 khoản 3 (2/3)", False),
    "CELL_MIN_OFFICIAL_MEMBERS": RuleValue(3, "R48 — Điều lệ Đảng Điều 21, 24", False),
    "ADMISSION_DECISION_WORKING_DAYS": RuleValue(60, "R26 — Quy định 232-QĐ/TW điểm 4.3.1", True),
    "RECOGNITION_DECISION_WORKING_DAYS": RuleValue(30, "R26 — Quy định 232-QĐ/TW điểm 4.3.1", True),
    "DECISION_EXTENSION_MAX_WORKING_DAYS": RuleValue(30, "R26 — Quy định 232-QĐ/TW", True),
    "CEREMONY_WORKING_DAYS": RuleValue(30, "R27 — Quy định 294-QĐ/TW điểm 4.1", True),
    "PROBATION_MONTHS": RuleValue(12, "R29 — Điều lệ Đảng Điều 5", True),
    "RECOGNITION_VOTE_WORKING_DAYS": RuleValue(30, "R32 — Quy định 294-QĐ/TW điểm 4.2", True),
    "FAILED_VOTES_BEFORE_ESCALATION": RuleValue(3, "R34 — Quy định 24-QĐ/TW điểm 4.2.3", True),
    "READMISSION_MIN_MONTHS": RuleValue(36, "R37 — Quy định 232-QĐ/TW điểm 3.5.1", True),
    "READMISSION_AFTER_EXPUNGED_MONTHS": RuleValue(60, "R37 — Quy định 232-QĐ/TW điểm 3.5.1", True),
    # R39: how many times a person may be re-admitted ("chỉ kết nạp lại một lần").
    "READMISSION_MAX_TIMES": RuleValue(1, "R39 — Quy định 294-QĐ/TW điểm 3.5.1", False),
    # Worklist: warn when the certificate runs out within this many days (a dossier takes
    # about this long from the letter to the cell meeting).
    "CERTIFICATE_WARNING_DAYS": RuleValue(120, "R8 — cảnh báo sớm, tùy chọn", False),
    "WORKLIST_LOOKAHEAD_WORKING_DAYS": RuleValue(30, "Danh sách việc cần làm, tùy chọn", False),
}


def rule(key: str):
    """The value in force: the settings override, or the default."""
    overrides = getattr(settings, "PTDV_RECRUITMENT_RULES", {}) or {}
    if key in overrides:
        return overrides[key]
    return DEFAULTS[key].value


def basis(key: str) -> str:
    """The legal basis of a value, without its rule code: "Quy định 294-QĐ/TW điểm 1.1"."""
    return DEFAULTS[key].basis.split(" — ", 1)[-1]


def vote_share() -> str:
    """The required share of votes as written in the messages: "2/3"."""
    return f"{rule('VOTE_NUMERATOR')}/{rule('VOTE_DENOMINATOR')}"


def years(months: int) -> str:
    """A limit in months as the rules say it: 216 → "18 tuổi"; 30 → "30 tháng"."""
    return f"{months // 12} tuổi" if months % 12 == 0 else f"{months} tháng tuổi"


def two_thirds_reached(votes_for: int, total: int) -> bool:
    """votes_for ≥ 2/3 of total, in integers (no rounding surprise): 4 of 6 passes, 3 of 6 not."""
    return votes_for * rule("VOTE_DENOMINATOR") >= total * rule("VOTE_NUMERATOR")
