"""Report settings that an administrator may want to change ([U] in the domain notes):
the age bands, the majority ethnic group, how sectors group into types of cell, the start
of the current term. Plain data, read by `figures.py`; no literal is repeated elsewhere."""

from datetime import date

# The start of the 2020–2025 term: the default start of a report period.
TERM_START = date(2020, 7, 1)

# The majority ethnic group; every other group counts as an ethnic minority.
MAJORITY_ETHNICITY = "Kinh"

# Age bands at the admission date: key, label, lowest age, highest age (None: no limit).
AGE_BANDS = [
    ("age_18_30", "Từ 18 đến 30 tuổi", 18, 30),
    ("age_31_40", "Từ 31 đến 40 tuổi", 31, 40),
    ("age_41_50", "Từ 41 đến 50 tuổi", 41, 50),
    ("age_51_60", "Từ 51 đến 60 tuổi", 51, 60),
    ("age_over_60", "Trên 60 tuổi", 61, None),
]

# The statistical report on newly admitted members (biểu thống kê đảng viên mới kết nạp), in
# the order organisation boards print it: a section title, then figure keys of `figures.py`
# (the education, professional and workplace sections list every level of their choices).
FORM_SECTIONS = [
    ("Tổng số đảng viên mới kết nạp", ["admitted"]),
    ("Trong đó", ["women", "ethnic_minority", "religious", "youth"]),
    ("Độ tuổi khi kết nạp", "age"),
    ("Trình độ giáo dục phổ thông", "edu"),
    ("Trình độ chuyên môn", "prof"),
    ("Nghề nghiệp, nơi làm việc", "work"),
]

# Types of cell by the sector of the member's cell: key, label, sector codes (None: the
# residential sectors, read from Sector.is_residential).
CELL_TYPES = [
    ("cell_residential", "Chi bộ khu dân cư", None),
    ("cell_school", "Chi bộ trường học", ["school"]),
    ("cell_enterprise", "Chi bộ doanh nghiệp", ["state_enterprise", "private_enterprise"]),
    (
        "cell_agency",
        "Chi bộ cơ quan, đơn vị sự nghiệp",
        ["administrative", "public_service", "party_mass"],
    ),
    ("cell_armed_forces", "Chi bộ lực lượng vũ trang", ["armed_forces"]),
]
