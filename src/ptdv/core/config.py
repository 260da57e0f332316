"""Every configurable value of PTĐV in one registry, read through one accessor.

`setting(key)` gives the value in force: the deployment's override, or the default here.
Each value belongs to one settings dictionary (`group`): a deployment overrides it there,
e.g. `PTDV_RECRUITMENT_RULES = {"VOTE_NUMERATOR": 3}`. Legal values carry their basis and
whether it is confirmed ([U] in the domain notes when not). `docs/configuration.md` is the
table that `markdown_table()` writes (`ptdv config_table`); a test keeps the two equal.

The apps' own readers (`recruitment.rules.rule`, `targets.config.conf`,
`imports.conf.limit`, `training.constants`, `reports.config`) read this registry.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings

GROUPS = {
    "recruitment": "PTDV_RECRUITMENT_RULES",
    "training": "PTDV_TRAINING",
    "targets": "PTDV_TARGETS",
    "reports": "PTDV_REPORTS",
    "imports": "PTDV_IMPORTS",
}


@dataclass(frozen=True)
class Setting:
    key: str
    group: str
    default: object
    meaning: str
    basis: str = ""
    confirmed: bool = True

    @property
    def value(self):
        """The default (kept for the readers that knew `RuleValue.value`)."""
        return self.default


def _r(key, default, basis, confirmed, meaning=""):
    return Setting(key, "recruitment", default, meaning, basis, confirmed)


REGISTRY: tuple[Setting, ...] = (
    # ---- admission rules (legal values with their basis) --------------------------------
    _r("AGE_MIN_MONTHS", 18 * 12, "R2 — Quy định 294-QĐ/TW điểm 1.1", True,
       "Youngest age at the admission decision, in months"),
    _r("AGE_MAX_MONTHS", 60 * 12, "R2 — Quy định 294-QĐ/TW điểm 1.1", True,
       "Oldest age at the admission decision, in months"),
    _r("AGE_MAX_INCLUSIVE", True, "R2 — ranh giới «đủ 60 tuổi» chưa xác nhận", False,
       "The 60th birthday itself is still admissible"),
    _r("CERTIFICATE_VALID_MONTHS", 60, "R8 — Hướng dẫn 06-HD/TW điểm 5.4", True,
       "Validity of the party-awareness class certificate, in months"),
    _r("CERTIFICATE_WARNING_DAYS", 120, "R8 — cảnh báo sớm, tùy chọn", False,
       "Pages and the worklist warn when a certificate runs out within this many days"),
    _r("DOCUMENT_VALID_MONTHS",
       {"letter": None, "history": None, "introduction": None, "verification": None},
       "R9 — Hướng dẫn 06-HD/TW điểm 5.4 (giá trị chưa xác nhận)", False,
       "Validity of the other dossier documents by type, in months (None: not checked)"),
    _r("VERIFICATION_SLA_WORKING_DAYS", 30, "R16 — thời hạn trả lời thẩm tra chưa xác nhận",
       False, "Working days to answer a verification request"),
    _r("INTRODUCER_MIN_MONTHS", 12, "R17 — Điều lệ Đảng Điều 4", True,
       "Months an introducer must have been an official member"),
    _r("YOUTH_AGE_MIN", 18, "R19 — độ tuổi đoàn viên chưa xác nhận", False,
       "Youngest age counted as youth"),
    _r("YOUTH_AGE_MAX", 30, "R19 — độ tuổi đoàn viên chưa xác nhận", False,
       "Oldest age counted as youth"),
    _r("VOTE_NUMERATOR", 2, "R22, R24 — Điều lệ Đảng Điều 4 khoản 3 (2/3)", False,
       "Required share of votes: numerator"),
    _r("VOTE_DENOMINATOR", 3, "R22, R24 — Điều lệ Đảng Điều 4 khoản 3 (2/3)", False,
       "Required share of votes: denominator"),
    _r("CELL_MIN_OFFICIAL_MEMBERS", 3, "R48 — Điều lệ Đảng Điều 21, 24", False,
       "Official members a cell needs to vote on an admission"),
    _r("ADMISSION_DECISION_WORKING_DAYS", 60, "R26 — Quy định 232-QĐ/TW điểm 4.3.1", True,
       "Working days for the competent committee to decide an admission"),
    _r("RECOGNITION_DECISION_WORKING_DAYS", 30, "R26 — Quy định 232-QĐ/TW điểm 4.3.1", True,
       "Working days to decide a recognition as official member"),
    _r("DECISION_EXTENSION_MAX_WORKING_DAYS", 30, "R26 — Quy định 232-QĐ/TW", True,
       "Longest extension of a decision deadline, in working days"),
    _r("CEREMONY_WORKING_DAYS", 30, "R27 — Quy định 294-QĐ/TW điểm 4.1", True,
       "Working days from the decision to the admission ceremony"),
    _r("PROBATION_MONTHS", 12, "R29 — Điều lệ Đảng Điều 5", True, "Probation, in months"),
    _r("RECOGNITION_VOTE_WORKING_DAYS", 30, "R32 — Quy định 294-QĐ/TW điểm 4.2", True,
       "Working days after the probation for the cell's recognition vote"),
    _r("FAILED_VOTES_BEFORE_ESCALATION", 3, "R34 — Quy định 24-QĐ/TW điểm 4.2.3", True,
       "Failed cell votes before the committee above decides"),
    _r("READMISSION_MIN_MONTHS", 36, "R37 — Quy định 232-QĐ/TW điểm 3.5.1", True,
       "Months after leaving the Party before a re-admission"),
    _r("READMISSION_AFTER_EXPUNGED_MONTHS", 60, "R37 — Quy định 232-QĐ/TW điểm 3.5.1", True,
       "Months after a conviction is expunged before a re-admission"),
    _r("READMISSION_MAX_TIMES", 1, "R39 — Quy định 294-QĐ/TW điểm 3.5.1", False,
       "How many times a person may be re-admitted"),
    _r("WORKLIST_LOOKAHEAD_WORKING_DAYS", 30, "Danh sách việc cần làm, tùy chọn", False,
       "The worklist shows what falls due within this many working days"),
    # ---- training ------------------------------------------------------------------------
    Setting("DEFAULT_ISSUING_BODY", "training", "Trung tâm Chính trị",
            "Usual issuing body of the class certificate (each class names its own)",
            "Hướng dẫn 01-HD/TW điểm 3.1", False),
    # ---- targets (local practice, no regulation) -------------------------------------
    Setting("WATCH_YEARS", "targets", 2, "Units to watch: a cell with no admission for this "
            "many years"),
    Setting("FORECAST_WINDOW_DAYS", "targets", 90, "Forecast: the admissions of the last N "
            "days give the recent pace"),
    Setting("CONVERSION_MONTHS", "targets", 12, "Forecast from the pipeline: the unit's "
            "conversion rates are measured over the last N months"),
    Setting("DEFAULT_DOSSIER_RATE", "targets", 1, "Conversion rate of a dossier past the cell "
            "resolution when the unit has no history"),
    Setting("DEFAULT_TRAINED_RATE", "targets", 0, "Conversion rate of a trained candidate "
            "when the unit has no history"),
    Setting("BEHIND_PACE_RATIO", "targets", 0.9, "Behind pace when (share achieved) / (share "
            "of the period elapsed) is below this"),
    Setting("EMULATION_CRITERIA", "targets",
            [("achievement", 0.7), ("cell_coverage", 0.2), ("rate", 0.1)],
            "Emulation ranking: (criterion, weight)"),
    Setting("EMULATION_SCORE_CAP", "targets", 150, "Scores of a criterion are capped at this "
            "percentage"),
    Setting("NQ21_RATE_FLOOR", "targets", 3, "Admissions each year as a % of the members",
            "R45 — Nghị quyết 21-NQ/TW (3–4%)"),
    # ---- reports -------------------------------------------------------------------------
    Setting("TERM_START", "reports", date(2020, 7, 1),
            "Start of the current term: the default start of a report period"),
    Setting("MAJORITY_ETHNICITY", "reports", "Kinh",
            "The majority ethnic group; every other group counts as an ethnic minority"),
    Setting("AGE_BANDS", "reports", [
        ("age_18_30", "Từ 18 đến 30 tuổi", 18, 30),
        ("age_31_40", "Từ 31 đến 40 tuổi", 31, 40),
        ("age_41_50", "Từ 41 đến 50 tuổi", 41, 50),
        ("age_51_60", "Từ 51 đến 60 tuổi", 51, 60),
        ("age_over_60", "Trên 60 tuổi", 61, None),
    ], "Age bands at the admission date: key, label, lowest age, highest age"),
    Setting("FORM_SECTIONS", "reports", [
        ("Tổng số đảng viên mới kết nạp", ["admitted"]),
        ("Trong đó", ["women", "ethnic_minority", "religious", "youth"]),
        ("Độ tuổi khi kết nạp", "age"),
        ("Trình độ giáo dục phổ thông", "edu"),
        ("Trình độ chuyên môn", "prof"),
        ("Nghề nghiệp, nơi làm việc", "work"),
    ], "Sections of the statistical form on newly admitted members, in printing order"),
    Setting("CELL_TYPES", "reports", [
        ("cell_residential", "Chi bộ khu dân cư", None),
        ("cell_school", "Chi bộ trường học", ["school"]),
        ("cell_enterprise", "Chi bộ doanh nghiệp", ["state_enterprise", "private_enterprise"]),
        ("cell_agency", "Chi bộ cơ quan, đơn vị sự nghiệp",
         ["administrative", "public_service", "party_mass"]),
        ("cell_armed_forces", "Chi bộ lực lượng vũ trang", ["armed_forces"]),
    ], "Types of cell by sector: key, label, sector codes (None: the residential sectors)"),
    # ---- imports -------------------------------------------------------------------------
    Setting("MAX_BYTES", "imports", 25 * 1024 * 1024, "A bigger file is refused before it is "
            "read (bytes)"),
    Setting("MAX_ROWS", "imports", 100_000, "Data rows (empty rows not counted) in one file"),
    Setting("HEADER_SEARCH_ROWS", "imports", 30, "The header row is looked for in the first "
            "rows of each sheet"),
    Setting("BACKGROUND_ROWS", "imports", 2_000, "Files with more data rows are meant for the "
            "background task"),
    Setting("PREVIEW_ROWS", "imports", 200, "Rows shown in the preview page"),
    Setting("PROGRESS_EVERY", "imports", 500, "How often (in rows) a job writes its progress"),
    Setting("MAX_EXPANDED_BYTES", "imports", 200 * 1024 * 1024, "A workbook's parts once "
            "expanded, checked before it is read (bytes)"),
    Setting("MAX_SHEET_ROWS", "imports", 1_048_576, "Extent of a sheet: rows"),
    Setting("MAX_COLUMNS", "imports", 200, "Extent of a sheet: columns"),
    Setting("MAX_CELLS", "imports", 20_000_000, "Extent of a sheet: cells"),
    Setting("CHILD_MEMORY_MB", "imports", 1024, "Address space of the child process that reads "
            "a file, added to the worker's (MB)"),
    Setting("CHILD_SECONDS", "imports", 120, "CPU seconds of the child process that reads a "
            "file"),
    Setting("LEASE_SECONDS", "imports", 120, "A running job's lease; a job whose lease ran out "
            "this long ago is marked failed"),
    Setting("KEEP_FILES_DAYS", "imports", 30, "Stored files of finished jobs are deleted after "
            "this many days (`ptdv imports_cleanup`)"),
)  # fmt: skip

BY_KEY: dict[str, Setting] = {item.key: item for item in REGISTRY}
assert len(BY_KEY) == len(REGISTRY), "a key is registered twice"


def setting(key: str):
    """The value in force: the override in the group's settings dictionary, or the default."""
    item = BY_KEY[key]
    overrides = getattr(settings, GROUPS[item.group], None) or {}
    return overrides.get(key, item.default)


def group(name: str) -> dict[str, Setting]:
    """The settings of one group, by key (e.g. the admission rules)."""
    return {item.key: item for item in REGISTRY if item.group == name}


def _shown(value) -> str:
    if isinstance(value, date):
        text = value.strftime("%d/%m/%Y")
    elif isinstance(value, bool):
        text = "có" if value else "không"
    else:
        text = repr(value)
    return text.replace("|", "\\|")


def markdown_table() -> str:
    """docs/configuration.md: every value, its settings dictionary, default and basis."""
    lines = [
        "# Configuration",
        "",
        "Every configurable value, generated from `ptdv/core/config.py`: `ptdv config_table`",
        "writes this file and a test keeps it equal to the code. A deployment overrides a value",
        "in the settings dictionary of its group, e.g.",
        '`PTDV_RECRUITMENT_RULES = {"VOTE_NUMERATOR": 3}`. [U]: a value that no confirmed rule',
        "fixes.",
        "",
        "| key | settings | default | meaning | basis |",
        "|---|---|---|---|---|",
    ]
    for item in REGISTRY:
        basis = item.basis + ("" if item.confirmed or not item.basis else " [U]")
        lines.append(
            f"| `{item.key}` | `{GROUPS[item.group]}` | `{_shown(item.default)}` | "
            f"{item.meaning} | {basis} |"
        )
    return "\n".join(lines) + "\n"
