"""The demo population: persons and party members, one by one, from which the reports
reproduce every figure that the seed articles state about their units.

Each cohort fixes its exact counts (how many are Youth Union members, women, religious…)
and spreads the admission dates inside a window with a seeded random generator, so the demo is
the same on every run and every database. Older members, admitted before 2017, give each unit
the total membership the articles mention; none of them falls inside a reported window.
tests/reports/test_seed_figures.py lists each figure with the sentence it comes from.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q

from ptdv.core.reference import GeneralEducation, ProfessionalLevel, Religion
from ptdv.core.text import fold
from ptdv.organizations import services
from ptdv.organizations.models import Organization, OrganizationKind, Sector
from ptdv.organizations.scope import subtree_prefixes
from ptdv.people import services as people_services
from ptdv.people.models import CommitteeRole, Member, MemberStatus, Sex
from ptdv.training.demo import enrol_admitted

SEED = 20250701
TODAY = date(2025, 11, 1)  # the demo's "now": every seeded admission is well before it
OLD_FROM, OLD_TO = date(1975, 1, 1), date(2016, 12, 31)

# New cells under the seed units (key, parent key, name, kind, sector); their cells follow
# as (name, sector).
EXTRA_UNITS = [
    (
        "TL-THANH-HA",
        "THANH-LIEM",
        "Đảng bộ xã Thanh Hà",
        "rural_residential",
        [
            ("Chi bộ thôn Đồng Ao", "rural_residential"),
            ("Chi bộ thôn Phú Hòa", "rural_residential"),
            ("Chi bộ thôn Bút Sơn", "rural_residential"),
        ],
    ),
    (
        "TL-THANH-NGHI",
        "THANH-LIEM",
        "Đảng bộ xã Thanh Nghị",
        "rural_residential",
        [
            ("Chi bộ thôn Thanh Khê", "rural_residential"),
            ("Chi bộ thôn Đoan Vĩ", "rural_residential"),
        ],
    ),
    (
        "TL-KHOI",
        "THANH-LIEM",
        "Đảng bộ Khối cơ quan huyện Thanh Liêm",
        "administrative",
        [
            ("Chi bộ Văn phòng Huyện ủy", "party_mass"),
            ("Chi bộ Trung tâm Y tế huyện", "public_service"),
            ("Chi bộ Công an huyện", "armed_forces"),
            ("Chi bộ Trường THPT Thanh Liêm A", "school"),
            ("Chi bộ Công ty Xi măng Thanh Liêm", "state_enterprise"),
        ],
    ),
    (
        "DG-THI-TRAN",
        "DAK-GLEI",
        "Đảng bộ thị trấn Đăk Glei",
        "urban_residential",
        [
            ("Chi bộ tổ dân phố 1", "urban_residential"),
            ("Chi bộ tổ dân phố 2", "urban_residential"),
        ],
    ),
    (
        "DG-KHOI",
        "DAK-GLEI",
        "Đảng bộ Khối cơ quan huyện Đăk Glei",
        "administrative",
        [
            ("Chi bộ Ủy ban nhân dân huyện", "administrative"),
            ("Chi bộ Trường THPT Lương Thế Vinh", "school"),
            ("Chi bộ Ban Chỉ huy Quân sự huyện", "armed_forces"),
        ],
    ),
    (
        "VQ-THI-TRAN",
        "VAN-QUAN",
        "Đảng bộ thị trấn Văn Quan",
        "urban_residential",
        [
            ("Chi bộ khối 1", "urban_residential"),
            ("Chi bộ khối 2", "urban_residential"),
            ("Chi bộ Trường THPT Văn Quan", "school"),
        ],
    ),
    (
        "VQ-TRI-LE",
        "VAN-QUAN",
        "Đảng bộ xã Tri Lễ",
        "rural_residential",
        [
            ("Chi bộ thôn Bản Làn", "rural_residential"),
            ("Chi bộ thôn Còn Nưa", "rural_residential"),
        ],
    ),
    (
        "BT-PHAN-THIET",
        "TC60",
        "Đảng bộ phường Phú Thủy",
        "urban_residential",
        [("Chi bộ khu phố 1", "urban_residential"), ("Chi bộ khu phố 2", "urban_residential")],
    ),
    (
        "BT-HAM-THUAN",
        "TC60",
        "Đảng bộ xã Hàm Hiệp",
        "rural_residential",
        [
            ("Chi bộ thôn Phú Thọ", "rural_residential"),
            ("Chi bộ thôn Phú Điền", "rural_residential"),
        ],
    ),
    (
        "BT-KHOI",
        "TC60",
        "Đảng bộ Khối doanh nghiệp tỉnh Bình Thuận",
        "state_enterprise",
        [
            ("Chi bộ Công ty Điện lực Bình Thuận", "state_enterprise"),
            ("Chi bộ Công ty May Phan Thiết", "private_enterprise"),
            ("Chi bộ Trường Cao đẳng Cộng đồng", "school"),
        ],
    ),
]

# Văn Quan: "Đảng bộ huyện Văn Quan hiện có 37 tổ chức cơ sở đảng" (seed 004). With Tràng Các,
# An Sơn, the town and Tri Lễ above: 13 more communes (two cells each), the police and the
# military committees, and 18 grassroots cells of the district's agencies, schools and
# enterprises — 37 in all. The names are those of the district's communes and offices; which
# cells each commune has is illustrative.
VAN_QUAN_COMMUNES = [
    "Bình Phúc", "Điềm He", "Đồng Giáp", "Hòa Bình", "Hữu Lễ", "Khánh Khê", "Liên Hội",
    "Lương Năng", "Tân Đoàn", "Tràng Phái", "Tràng Sơn", "Tú Xuyên", "Yên Phúc",
]  # fmt: skip
VAN_QUAN_COMMITTEES = [
    ("VQ-CONG-AN", "Đảng bộ Công an huyện Văn Quan", "armed_forces",
     [("Chi bộ Đội Cảnh sát hình sự", "armed_forces"), ("Chi bộ Đội Tổng hợp", "armed_forces")]),
    ("VQ-QUAN-SU", "Đảng bộ Quân sự huyện Văn Quan", "armed_forces",
     [("Chi bộ Chỉ huy", "armed_forces"), ("Chi bộ Kho - Hậu cần", "armed_forces")]),
]  # fmt: skip
VAN_QUAN_GRASSROOTS_CELLS = [
    ("Chi bộ Cơ quan Huyện ủy Văn Quan", "party_mass"),
    ("Chi bộ Văn phòng HĐND và UBND huyện", "administrative"),
    ("Chi bộ Mặt trận Tổ quốc và các đoàn thể huyện", "party_mass"),
    ("Chi bộ Trường THPT Lương Văn Tri", "school"),
    ("Chi bộ Trường Phổ thông Dân tộc nội trú huyện", "school"),
    ("Chi bộ Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên", "school"),
    ("Chi bộ Trung tâm Y tế huyện Văn Quan", "public_service"),
    ("Chi bộ Viện Kiểm sát nhân dân huyện", "administrative"),
    ("Chi bộ Tòa án nhân dân huyện", "administrative"),
    ("Chi bộ Chi cục Thi hành án dân sự", "administrative"),
    ("Chi bộ Chi cục Thuế khu vực", "administrative"),
    ("Chi bộ Kho bạc Nhà nước Văn Quan", "administrative"),
    ("Chi bộ Ngân hàng Nông nghiệp và Phát triển nông thôn Văn Quan", "state_enterprise"),
    ("Chi bộ Phòng giao dịch Ngân hàng Chính sách xã hội", "public_service"),
    ("Chi bộ Điện lực Văn Quan", "state_enterprise"),
    ("Chi bộ Bưu điện huyện Văn Quan", "state_enterprise"),
    ("Chi bộ Hạt Kiểm lâm Văn Quan", "administrative"),
    ("Chi bộ Trung tâm Văn hóa, Thể thao và Truyền thông", "public_service"),
]
VAN_QUAN_GRASSROOTS = 37

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương"]
FAMILY_NORTH_HIGHLAND = ["Hoàng", "Nông", "Lương", "Lành", "Hà", "Vi", "Lăng", "Hứa"]
MIDDLE = {Sex.MALE: ["Văn", "Đức", "Minh", "Quang", "Hữu"], Sex.FEMALE: ["Thị", "Thu", "Ngọc"]}
GIVEN = {
    Sex.MALE: ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Sơn", "Tú"],
    Sex.FEMALE: ["Anh", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hoa", "Lan", "Mai", "Nga", "Yến"],
}
GIVEN_HIGHLAND = {
    Sex.MALE: ["A Tiểng", "A Lâm", "A Khoa", "A Nhân", "A Thuận"],
    Sex.FEMALE: ["Y Hoa", "Y Liên", "Y Nga", "Y Bích", "Y Duyên"],
}
OCCUPATIONS = {
    "rural_residential": ["Nông dân", "Kinh doanh tự do", "Công nhân"],
    "urban_residential": ["Kinh doanh tự do", "Công nhân", "Lao động tự do"],
    "school": ["Giáo viên", "Học sinh, sinh viên"],
    "state_enterprise": ["Công nhân", "Nhân viên doanh nghiệp"],
    "private_enterprise": ["Công nhân", "Nhân viên doanh nghiệp"],
    "administrative": ["Cán bộ, công chức"],
    "party_mass": ["Cán bộ, công chức"],
    "public_service": ["Viên chức"],
    "armed_forces": ["Lực lượng vũ trang"],
}
PROFESSIONAL = [
    (ProfessionalLevel.NONE, 30),
    (ProfessionalLevel.ELEMENTARY, 10),
    (ProfessionalLevel.INTERMEDIATE, 20),
    (ProfessionalLevel.COLLEGE, 12),
    (ProfessionalLevel.UNIVERSITY, 25),
    (ProfessionalLevel.MASTER, 3),
]


@dataclass
class Cohort:
    """`count` admissions into `cells` (round robin) between `start` and `end`, with exact
    trait counts. Unset counts are drawn at random rates (they match no seed figure)."""

    cells: list
    count: int
    start: date
    end: date
    youth: int | None = None
    women: int | None = None
    religious: int | None = None
    minority: int | None = None
    upper: int | None = None
    religion: str = Religion.CATHOLICISM
    minorities: tuple = ("Tày", "Nùng")
    highland: bool = False
    ended: int = 0  # how many left the list (ended_on inside `ended_between`)
    ended_between: tuple = ()
    names: list = field(default_factory=list)  # fixed names for the first persons
    roles: list = field(default_factory=list)  # committee roles of the first persons


class Builder:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.pairs: list[tuple[dict, Member]] = []

    def _flags(self, count: int, exact: int | None, rate: float) -> list[bool]:
        if exact is None:
            return [self.rng.random() < rate for _ in range(count)]
        if exact > count:
            raise ValueError("more people with a trait than in the cohort")
        flags = [True] * exact + [False] * (count - exact)
        self.rng.shuffle(flags)
        return flags

    def _day(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    def _name(self, sex: str, highland: bool, northern: bool) -> str:
        if highland:
            return self.rng.choice(GIVEN_HIGHLAND[sex])
        family = self.rng.choice(FAMILY_NORTH_HIGHLAND if northern else FAMILY)
        middle = self.rng.choice(MIDDLE[sex])
        return f"{family} {middle} {self.rng.choice(GIVEN[sex])}"

    def add(self, cohort: Cohort) -> None:
        n = cohort.count
        youth = self._flags(n, cohort.youth, 0.45)
        women = self._flags(n, cohort.women, 0.4)
        religious = self._flags(n, cohort.religious, 0.03)
        minority = self._flags(n, cohort.minority, 0.0)
        upper = self._flags(n, cohort.upper, 0.9)
        ended = self._flags(n, cohort.ended, 0.0)
        northern = cohort.minorities[0] in ("Tày", "Nùng")
        for i in range(n):
            cell = cohort.cells[i % len(cohort.cells)]
            admitted = self._day(cohort.start, cohort.end)
            age = self.rng.randint(18, 30) if youth[i] else self.rng.randint(31, 58)
            if not youth[i] and self.rng.random() < 0.3:
                age = self.rng.randint(24, 30)  # young, but not in the Youth Union
            birth = admitted - timedelta(days=age * 365 + self.rng.randint(5, 300))
            sex = Sex.FEMALE if women[i] else Sex.MALE
            sector = cell.sector.code if cell.sector else "rural_residential"
            if upper[i]:
                education = GeneralEducation.UPPER_SECONDARY
            else:
                education = (
                    GeneralEducation.PRIMARY
                    if self.rng.random() < 0.15
                    else GeneralEducation.LOWER_SECONDARY
                )
            levels, weights = zip(*PROFESSIONAL, strict=True)
            name = (
                cohort.names[i]
                if i < len(cohort.names)
                else self._name(sex, cohort.highland and minority[i], northern)
            )
            person = dict(
                organization=cell,
                full_name=name,
                birth_date=birth,
                sex=sex,
                ethnicity=self.rng.choice(cohort.minorities) if minority[i] else "Kinh",
                religion=cohort.religion if religious[i] else Religion.NONE,
                general_education=education,
                professional_level=(
                    self.rng.choices(levels, weights)[0] if upper[i] else ProfessionalLevel.NONE
                ),
                occupation=self.rng.choice(OCCUPATIONS.get(sector, ["Lao động tự do"])),
                youth_union_member=youth[i],
                women_union_member=women[i] and self.rng.random() < 0.6,
            )
            official = admitted.replace(year=admitted.year + 1, day=min(admitted.day, 28))
            ended_on = self._day(*cohort.ended_between) if ended[i] else None
            member = Member(
                organization=cell,
                status=MemberStatus.OFFICIAL if official <= TODAY else MemberStatus.PROBATIONARY,
                admission_decided_on=admitted,
                official_from=official if official <= TODAY else None,
                ended_on=ended_on,
                committee_role=cohort.roles[i] if i < len(cohort.roles) else "",
            )
            self.pairs.append((person, member))

    def old_members(self, cells, count, *, minorities=("Tày", "Nùng"), minority_rate=0.0, **kw):
        self.add(
            Cohort(
                cells=cells,
                count=count,
                start=OLD_FROM,
                end=OLD_TO,
                minority=round(count * minority_rate),
                minorities=minorities,
                **kw,
            )
        )

    def appoint_secretaries(self, cells, *, religious: int) -> None:
        """One secretary per cell among its members admitted before 2017 and still on the
        list: a believer in the first `religious` cells, a non-believer in the others."""
        for index, cell in enumerate(cells):
            believer = index < religious
            for person, member in self.pairs:
                if (
                    member.organization == cell
                    and member.admission_decided_on <= OLD_TO
                    and member.ended_on is None
                    and (person["religion"] != Religion.NONE) == believer
                ):
                    member.committee_role = CommitteeRole.SECRETARY
                    break
            else:
                raise ValueError(f"no member to appoint secretary of {cell}")

    def save(self) -> int:
        persons = people_services.person_bulk_create(rows=[p for p, _ in self.pairs])
        members = []
        for person, (_, member) in zip(persons, self.pairs, strict=True):
            member.person = person
            members.append(member)
        Member.objects.bulk_create(members, batch_size=2000)
        return len(members)


def _cells_under(unit: Organization) -> list[Organization]:
    return list(
        Organization.objects.filter(path__under=unit.path, kind__is_cell=True)
        .select_related("sector")
        .order_by("path")
    )


def _van_quan_units() -> list:
    """Văn Quan's other grassroots organisations, in the shape of EXTRA_UNITS."""
    communes = [
        (
            f"VQ-{fold(name).upper().replace(' ', '-')}",
            "VAN-QUAN",
            f"Đảng bộ xã {name}",
            "rural_residential",
            [("Chi bộ thôn 1", "rural_residential"), ("Chi bộ thôn 2", "rural_residential")],
        )
        for name in VAN_QUAN_COMMUNES
    ]
    committees = [(key, "VAN-QUAN", name, sector, cells) for key, name, sector, cells in
                  VAN_QUAN_COMMITTEES]  # fmt: skip
    return communes + committees


def _create_units(units: dict[str, Organization]) -> None:
    kinds = {k.code: k for k in OrganizationKind.objects.all()}
    sectors = {s.code: s for s in Sector.objects.all()}
    if "VAN-QUAN" in units:
        for index, (name, sector) in enumerate(VAN_QUAN_GRASSROOTS_CELLS, start=1):
            key = f"VQ-CB/{index}"
            if key not in units:
                units[key] = services.organization_create(
                    acting_user=None,
                    parent=units["VAN-QUAN"],
                    code=f"S.VQ-CB.{index:02d}",
                    name=name,
                    kind=kinds["grassroots_cell"],
                    sector=sectors[sector],
                )
    for key, parent_key, name, sector, cells in EXTRA_UNITS + _van_quan_units():
        if key in units or parent_key not in units:
            continue
        units[key] = services.organization_create(
            acting_user=None,
            parent=units[parent_key],
            code=f"S.{key}",
            name=name,
            kind=kinds["grassroots_committee"],
            sector=sectors[sector],
        )
        for index, (cell_name, cell_sector) in enumerate(cells, start=1):
            units[f"{key}/{index}"] = services.organization_create(
                acting_user=None,
                parent=units[key],
                code=f"S.{key}.{index:02d}",
                name=cell_name,
                kind=kinds["cell"],
                sector=sectors[cell_sector],
            )


def build_seed_population(units: dict[str, Organization], *, log=lambda *a: None) -> int:
    """Create the persons and members of the seed units; returns how many members."""
    _create_units(units)
    builder = Builder(random.Random(SEED))
    _thanh_liem(builder, units)
    _dak_glei(builder, units)
    _van_quan(builder, units)
    _binh_thuan(builder, units)
    _huong_khe(builder, units)
    total = builder.save()
    log(f"  {total} đảng viên mẫu (kết nạp theo số liệu các bài báo)")
    if "THANH-LIEM" in units:
        trained = enrol_admitted(units, _admitted_in(builder, units["THANH-LIEM"], TL_TERM))
        log(f"  {trained} đảng viên mới của Thanh Liêm đã học lớp bồi dưỡng 2020–2022")
    return total


def _admitted_in(b: Builder, unit: Organization, window: tuple[date, date]) -> list[Member]:
    """The seed members admitted in `window` in `unit`'s subtree (saved, with their keys)."""
    cells = {c.pk for c in _cells_under(unit)}
    start, end = window
    return [
        member
        for _, member in b.pairs
        if member.organization_id in cells and start <= member.admission_decided_on <= end
    ]


def _existing(unit: Organization, start: date, end: date) -> dict:
    """What the other demo builders (members, dossiers) already put in `unit`'s subtree, by
    the reports' rule (each member under their cell on the day, `people.cell_on`): the
    admissions in [start, end] with their traits, by the cell on the admission day, and the
    members on `end`, by the cell that day (two queries). The seed cohorts below top these
    up to the articles' figures instead of adding to them."""
    prefixes = subtree_prefixes(unit)
    religious = ~Q(person__religion=Religion.NONE)
    admitted = (
        Member.objects.filter(admission_decided_on__gte=start, admission_decided_on__lte=end)
        .cell_under_on(prefixes, "admission_decided_on")
        .aggregate(
            n=Count("pk"),
            youth=Count("pk", filter=Q(person__youth_union_member=True)),
            women=Count("pk", filter=Q(person__sex=Sex.FEMALE)),
            religious=Count("pk", filter=religious),
            upper=Count("pk", filter=Q(person__general_education=GeneralEducation.UPPER_SECONDARY)),
        )
    )
    on_end = Member.objects.under_on(prefixes, end).aggregate(
        at_end=Count("pk"), religious_at_end=Count("pk", filter=religious)
    )
    return admitted | on_end


TL_TERM = (date(2020, 7, 1), date(2023, 10, 31))
# "Số bí thư chi bộ theo đạo Công giáo là 50%" (Kiện Khê, seed 001): half its cells.
KIEN_KHE_CATHOLIC_SECRETARIES_SHARE = 0.5


def _thanh_liem(b: Builder, units) -> None:
    kien_khe = _cells_under(units["KIEN-KHE"])
    others = [c for c in _cells_under(units["THANH-LIEM"]) if c not in kien_khe]
    term_start, term_end = TL_TERM
    tl = _existing(units["THANH-LIEM"], term_start, term_end)
    kk = _existing(units["KIEN-KHE"], term_start, term_end)
    kk_2023 = _existing(units["KIEN-KHE"], date(2023, 1, 1), date(2023, 12, 31))["n"]
    # Kiện Khê: 36 since the start of the term, 9 religious, 12 of them in 2023 (the dossiers
    # of the recruitment demo are some of these 12).
    new_2023 = 12 - kk_2023
    new_before = 36 - kk["n"] - new_2023
    religious_left = 9 - kk["religious"]
    religious_before = min(new_before, religious_left)
    kk_new = [
        Cohort(
            kien_khe,
            new_before,
            date(2020, 7, 1),
            date(2022, 12, 31),
            youth=round(new_before * 0.46),
            women=round(new_before * 0.7),
            religious=religious_before,
            upper=new_before,
        ),
        Cohort(
            kien_khe,
            new_2023,
            date(2023, 1, 1),
            date(2023, 10, 31),
            youth=round(new_2023 * 0.5),
            women=round(new_2023 * 0.75),
            religious=religious_left - religious_before,
            upper=new_2023,
        ),
    ]
    for cohort in kk_new:
        b.add(cohort)
    added = sum(c.count for c in kk_new)
    # The rest of the district, so that 539 in all with 249 youth (46,2%), 390 women (72,4%),
    # 24 religious (4,5%), 518 upper secondary (96,1%).
    b.add(
        Cohort(
            others,
            539 - tl["n"] - added,
            term_start,
            term_end,
            youth=249 - tl["youth"] - sum(c.youth for c in kk_new),
            women=390 - tl["women"] - sum(c.women for c in kk_new),
            religious=24 - tl["religious"] - religious_left,
            upper=518 - tl["upper"] - sum(c.upper for c in kk_new),
            religion=Religion.BUDDHISM,
        )
    )
    # Members before the term: 7.025 on 31/10/2023, 40 others having left in 2021–2022.
    # About a quarter of Kiện Khê's members are Catholic: 80 of its 326 (24,5%).
    kk_old = 326 - kk["at_end"] - added
    b.old_members(kien_khe, kk_old, religious=80 - kk["religious_at_end"] - religious_left)
    b.appoint_secretaries(
        kien_khe, religious=round(len(kien_khe) * KIEN_KHE_CATHOLIC_SECRETARIES_SHARE)
    )
    others_old = 7025 - tl["at_end"] - (539 - tl["n"]) - kk_old
    b.old_members(
        others,
        others_old + 40,
        religious=60,
        ended=40,
        ended_between=(date(2021, 1, 1), date(2022, 12, 31)),
    )


def _dak_glei(b: Builder, units) -> None:
    cells = _cells_under(units["DAK-GLEI"])
    residential = [c for c in cells if c.sector and c.sector.is_residential]
    other = [c for c in cells if c not in residential]
    highland = ("Giẻ Triêng", "Xơ Đăng")
    # 107 from the start of the term, 61 in residential cells; Y Tới of thôn Măng Rao,
    # admitted in 09/2021, opens the list.
    b.add(
        Cohort(
            [units["DAK-PEK/1"]],
            1,
            date(2021, 9, 10),
            date(2021, 9, 10),
            youth=1,
            women=1,
            minority=1,
            minorities=("Giẻ Triêng",),
            names=["Y Tới"],
        )
    )
    b.add(
        Cohort(
            residential,
            60,
            date(2020, 7, 1),
            date(2022, 12, 31),
            minority=52,
            minorities=highland,
            highland=True,
        )
    )
    b.add(
        Cohort(
            other,
            46,
            date(2020, 7, 1),
            date(2022, 12, 31),
            minority=20,
            minorities=highland,
            highland=True,
        )
    )
    # About 2.700 members at the end of 2022, counting those the other demo builders made.
    old = 2586 - _existing(units["DAK-GLEI"], date(2020, 7, 1), date(2022, 12, 31))["at_end"]
    b.old_members(cells, old, minorities=highland, minority_rate=0.6, highland=True)


def _van_quan(b: Builder, units) -> None:
    cells = _cells_under(units["VAN-QUAN"])
    na_khan = units["TRANG-CAC/1"]
    an_son = _cells_under(units["AN-SON"])
    admitting = [c for c in cells if c != na_khan]
    rest = [c for c in admitting if c not in an_son]
    tay_nung = {"minorities": ("Tày", "Nùng")}
    # More than 150 a year from 2021.
    b.add(Cohort(admitting, 156, date(2021, 1, 1), date(2021, 12, 31), minority=140, **tay_nung))
    b.add(Cohort(admitting, 153, date(2022, 1, 1), date(2022, 12, 31), minority=138, **tay_nung))
    # 2023 to early August: 86, 74 of them from May; An Sơn 12 in the first 7 months.
    b.add(Cohort(an_son, 5, date(2023, 1, 1), date(2023, 4, 30), minority=5, **tay_nung))
    b.add(Cohort(rest, 7, date(2023, 1, 1), date(2023, 4, 30), minority=6, **tay_nung))
    b.add(Cohort(an_son, 7, date(2023, 5, 1), date(2023, 7, 31), minority=7, **tay_nung))
    b.add(Cohort(rest, 67, date(2023, 5, 1), date(2023, 8, 7), minority=60, **tay_nung))
    # Nà Khàn admitted nobody after 2016; 4.500 older members in all → 4.895 in 08/2023.
    # "Ông Hoàng Văn Toại, Bí thư Chi bộ, Trưởng thôn Nà Khàn" (seed 004).
    b.add(
        Cohort(
            [na_khan],
            1,
            date(1995, 1, 1),
            date(2005, 12, 31),
            youth=0,
            women=0,
            minority=1,
            religious=0,
            minorities=("Tày",),
            names=["Hoàng Văn Toại"],
            roles=[CommitteeRole.SECRETARY],
        )
    )
    b.old_members([na_khan], 31, minority_rate=0.95)
    b.old_members(admitting, 4468, minority_rate=0.9)


def _binh_thuan(b: Builder, units) -> None:
    cells = _cells_under(units["TC60"])
    # 2.030 admitted in 2021 against 2.000 (101,5%).
    b.add(Cohort(cells, 2030, date(2021, 1, 1), date(2021, 12, 31), minorities=("Chăm",)))
    b.old_members(cells, 500, minorities=("Chăm",), minority_rate=0.05)


# Hương Khê: "Cuối năm 2021 … đạt 130% kế hoạch, và chỉ tính 6 tháng đầu năm 2022 đã đạt gần
# 70% chỉ tiêu của cả năm" (seed 000), against the demo targets (targets/demo.py): 299 of the
# 230 planned for 2021, 174 of the 250 of 2022 by 30/06/2022.
HUONG_KHE_2021, HUONG_KHE_2022_H1 = 299, 174


def _huong_khe(b: Builder, units) -> None:
    cells = _cells_under(units["HUONG-KHE"])
    thon_5 = units["HUONG-LIEN/1"]
    others = [c for c in cells if c != thon_5]
    made_2021 = _existing(units["HUONG-KHE"], date(2021, 1, 1), date(2021, 12, 31))["n"]
    made_2022 = _existing(units["HUONG-KHE"], date(2022, 1, 1), date(2022, 6, 30))["n"]
    # Thôn 5: none in 2017–2020, 3 by the end of 2021.
    b.add(Cohort([thon_5], 3, date(2021, 3, 1), date(2021, 12, 20)))
    b.add(Cohort(others, 48, date(2017, 1, 1), date(2020, 12, 31)))
    b.add(Cohort(others, HUONG_KHE_2021 - 3 - made_2021, date(2021, 1, 1), date(2021, 12, 31)))
    b.add(Cohort(others, HUONG_KHE_2022_H1 - made_2022, date(2022, 1, 1), date(2022, 6, 30)))
    b.old_members([thon_5], 28)
    b.old_members(others, 372)
