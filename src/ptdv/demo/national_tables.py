"""The national generator's constants (shares, rates, the spacing of a dossier's steps), its
name and population tables and small helpers (weighted choice, search keys, day spans)."""

import math
import random
from bisect import bisect
from datetime import date, timedelta
from functools import lru_cache
from itertools import islice

from ptdv.core.reference import ETHNIC_GROUPS, GeneralEducation, ProfessionalLevel, Religion
from ptdv.core.text import fold, sort_key
from ptdv.people.models import (
    ExitReason,
    Sex,
)
from ptdv.recruitment.models import (
    DossierState,
    SourceOrganization,
)

S = DossierState
FIRST_RECENT_YEAR = 2016
ADMISSION_RATE = 0.03  # admissions a year, as a share of the members
MEMBERS_PER_CELL = 22
OPEN_DOSSIER_SHARE = 0.05  # open dossiers, as a share of the members
CLOSED_DOSSIER_SHARE = 0.01  # rejected, dropped, expired certificates
EXITED_SHARE = 0.06
TERM = (date(2025, 7, 1), date(2030, 6, 30))
FLUSH_ROWS = 50_000

# Days from the admission decision (D) back to each step of the procedure. The spacing keeps
# every deadline of the rules: decision within 60 working days of the cell resolution (R26),
# ceremony within 30 working days of the decision (R27), certificate valid (R8).
STEPS = [
    # state reached, days before D
    (S.ASSIGNED_HELPER, 80),
    (S.DOSSIER_OPEN, 70),
    (S.VERIFYING, 65),
    (S.VERIFIED, 40),
    (S.INTRODUCED, 35),
    (S.CELL_PROPOSED, 30),
    (S.GRASSROOTS_PROPOSED, 20),
    (S.AWAITING_DECISION, 18),
    (S.ADMISSION_DECIDED, 0),
]
# Open dossiers: days from today to the planned decision for each step to be the current one
# (assigned helper … awaiting decision, from STEPS); the rest are further off (on the list).
OPEN_WINDOWS = [(80, 90), (70, 80), (65, 70), (40, 65), (35, 40), (30, 35), (20, 30), (18, 20)]
OPEN_WINDOWS.append((0, 18))
CERTIFIED_BEFORE_DECISION = 90  # at least; the class is the last one ending before that
CEREMONY_AFTER = 10
RECEIVED_AFTER = 2


def _words(text: str) -> list[str]:
    return text.split()


FAMILY = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 4),
    ("Phan", 4),
    ("Vũ", 4),
    ("Võ", 3),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 1),
    ("Lý", 1),
    ("Đinh", 1),
    ("Lò", 1),
    ("Hà", 1),
]
MIDDLE = {
    Sex.MALE: ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thành", "Xuân", "Đình", "Ngọc"],
    Sex.FEMALE: ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Kim", "Bích"],
}
GIVEN = {
    Sex.MALE: _words(
        "An Bình Cường Dũng Đạt Đông Giang Hải Hiếu Hòa Hùng Huy Khải Khánh Khoa Kiên Lâm Long "
        "Lộc Mạnh Nam Nghĩa Phong Phúc Quân Quang Sơn Tài Tâm Thắng Thành Thịnh Toàn Trung Tú "
        "Tuấn Tùng Việt Vinh Vũ"
    ),
    Sex.FEMALE: _words(
        "Anh Ánh Chi Dung Giang Hà Hạnh Hằng Hiền Hoa Hồng Huệ Hương Lan Liên Linh Loan Mai My "
        "Nga Ngân Ngọc Nhung Oanh Phương Quyên Thảo Thơm Thu Thủy Trang Trinh Tuyết Uyên Vân Yến"
    ),
}
MINORITY_WEIGHTS = [(name, 1.0 / (rank + 2)) for rank, name in enumerate(ETHNIC_GROUPS[1:])]
RELIGIONS = [
    (Religion.NONE, 930),
    (Religion.BUDDHISM, 30),
    (Religion.CATHOLICISM, 25),
    (Religion.PROTESTANTISM, 5),
    (Religion.CAO_DAI, 4),
    (Religion.HOA_HAO, 3),
    (Religion.OTHER, 3),
]
EDUCATION = [
    (GeneralEducation.UPPER_SECONDARY, 86),
    (GeneralEducation.LOWER_SECONDARY, 11),
    (GeneralEducation.PRIMARY, 3),
]
PROFESSION = [
    (ProfessionalLevel.UNIVERSITY, 38),
    (ProfessionalLevel.NONE, 22),
    (ProfessionalLevel.INTERMEDIATE, 14),
    (ProfessionalLevel.COLLEGE, 10),
    (ProfessionalLevel.ELEMENTARY, 8),
    (ProfessionalLevel.MASTER, 7),
    (ProfessionalLevel.DOCTOR, 1),
]
# Cell sectors apart from the residential one of the commune, with a workplace and occupation.
WORK_SECTORS = [
    ("school", "school", "Giáo viên", 25),
    ("administrative", "state_agency", "Công chức", 20),
    ("public_service", "public_service", "Viên chức", 15),
    ("private_enterprise", "private_enterprise", "Công nhân", 15),
    ("state_enterprise", "state_enterprise", "Kỹ sư", 8),
    ("armed_forces", "armed_forces", "Quân nhân", 10),
    ("party_mass", "state_agency", "Cán bộ", 7),
]
RESIDENTIAL_WORK = [
    ("agriculture", "Nông dân", 45),
    ("self_employed", "Kinh doanh", 20),
    ("", "Hưu trí", 20),
    ("other", "Lao động tự do", 15),
]
EXIT_REASONS = [
    (ExitReason.DECEASED, 55),
    (ExitReason.TRANSFERRED_OUT, 15),
    (ExitReason.STRUCK_OFF, 20),
    (ExitReason.DISMISSED, 6),
    (ExitReason.EXPELLED, 4),
]
SOURCES = [
    (SourceOrganization.YOUTH_UNION, 50),
    (SourceOrganization.WOMEN_UNION, 12),
    (SourceOrganization.SCHOOL, 10),
    (SourceOrganization.ENTERPRISE, 10),
    (SourceOrganization.MILITIA, 10),
    (SourceOrganization.RELIGIOUS, 3),
    (SourceOrganization.OTHER, 5),
]


def _chooser(rng: random.Random, pairs):
    values = [v for v, _ in pairs]
    cum, total = [], 0.0
    for _, w in pairs:
        total += w
        cum.append(total)
    # What `rng.choices(values, cum_weights=cum)[0]` draws (the same number from the same
    # generator), without building a list per call.
    draw, last = rng.random, len(values) - 1
    return lambda: values[bisect(cum, draw() * total, 0, last)]


@lru_cache(maxsize=200_000)
def _keys(full_name: str) -> tuple[str, str]:
    return fold(full_name), sort_key(full_name, given_name_first=True)


def _org_keys(name: str) -> tuple[str, str]:
    return fold(name), sort_key(name)


_DAY_SPANS = tuple(timedelta(days=n) for n in range(40_000))


def _days(n: int) -> timedelta:
    """timedelta(days=n), read from a table for the spans the generator uses (millions of
    calls)."""
    return _DAY_SPANS[n] if 0 <= n < 40_000 else timedelta(days=n)


def _introducers(officials, decided: date) -> list:
    """The first two official members admitted at least 400 days before `decided` (the
    list stops at the second)."""
    since = decided - _days(400)
    return list(islice((m for m in officials if m[1] <= since), 2))


def _share(rng: random.Random, expected: float) -> int:
    """An integer with the given expectation (the fraction drawn at random)."""
    whole = math.floor(expected)
    return whole + (1 if rng.random() < expected - whole else 0)
