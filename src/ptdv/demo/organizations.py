"""The demo tree: the real post-2025 structure and the historic units of the seed articles.

Provinces and communes come from `vietnam-provinces` (34 provinces, 3.321 communes after
01/07/2025). The dissolved provinces, districts and communes of the seed articles stay in the
tree with their dates; which new commune absorbed which old one was read once from
`vietnamadminunits` and is written here, so the demo never needs that package.
"""

from datetime import date

from vietnam_provinces import Province, Ward

from ptdv.organizations import services
from ptdv.organizations.models import Organization, OrganizationKind, Sector

REFORM = date(2025, 7, 1)
DISSOLVED = date(2025, 6, 30)
TERM_START = date(2020, 7, 1)

# The 11 provincial units that were not merged on 01/07/2025.
UNCHANGED_PROVINCES = {1, 4, 11, 12, 14, 20, 22, 38, 40, 42, 46}
# Provinces of the seed articles: Lạng Sơn, Ninh Bình (Hà Nam), Hà Tĩnh, Quảng Ngãi (Kon Tum),
# Lâm Đồng (Bình Thuận).
SEED_PROVINCES = {20, 37, 42, 51, 68}

# Old provinces merged away, with their pre-2025 codes: (code, name, merged into).
OLD_PROVINCES = [
    ("35", "Đảng bộ tỉnh Hà Nam", 37),
    ("62", "Đảng bộ tỉnh Kon Tum", 51),
    ("60", "Đảng bộ tỉnh Bình Thuận", 68),
]

# District committees of the seeds (dissolved 30/06/2025): key, name, old province.
# The key is the province code of the old province or of the unchanged one.
DISTRICTS = [
    ("HUONG-KHE", "Đảng bộ huyện Hương Khê", "T42"),
    ("THANH-LIEM", "Đảng bộ huyện Thanh Liêm", "TC35"),
    ("DAK-GLEI", "Đảng bộ huyện Đăk Glei", "TC62"),
    ("VAN-QUAN", "Đảng bộ huyện Văn Quan", "T20"),
]

# Old grassroots committees of the seeds: key, name, district, sector, new commune code.
OLD_COMMUNES = [
    ("HUONG-LIEN", "Đảng bộ xã Hương Liên", "HUONG-KHE", "rural_residential", "X18547"),
    ("HUONG-LAM", "Đảng bộ xã Hương Lâm", "HUONG-KHE", "rural_residential", "X18544"),
    ("KIEN-KHE", "Đảng bộ thị trấn Kiện Khê", "THANH-LIEM", "urban_residential", "X13285"),
    ("DAK-PEK", "Đảng bộ xã Đăk Pék", "DAK-GLEI", "rural_residential", "X23341"),
    ("TRANG-CAC", "Đảng bộ xã Tràng Các", "VAN-QUAN", "rural_residential", "X06286"),
    ("AN-SON", "Đảng bộ xã An Sơn", "VAN-QUAN", "rural_residential", "X06298"),
]

# Cells under the old grassroots committees (named in the seeds, plus a few neighbours so
# that lists and rankings have something to compare).
CELLS = {
    "HUONG-LIEN": [
        "Chi bộ thôn 5",
        "Chi bộ thôn 1",
        "Chi bộ thôn 3",
        "Chi bộ Trường Tiểu học Hương Liên",
    ],
    "HUONG-LAM": ["Chi bộ thôn 2", "Chi bộ thôn 4", "Chi bộ thôn 7"],
    "KIEN-KHE": [
        "Chi bộ tổ dân phố 1",
        "Chi bộ tổ dân phố 2",
        "Chi bộ tổ dân phố 3",
        "Chi bộ Trường THCS Kiện Khê",
        "Chi bộ Công ty may Kiện Khê",
        "Chi bộ tổ dân phố 4",  # six cells: half of their secretaries are Catholic (seed)
    ],
    "DAK-PEK": ["Chi bộ thôn Măng Rao", "Chi bộ thôn Đăk Ung", "Chi bộ thôn Pêng Blong"],
    "TRANG-CAC": ["Chi bộ thôn Nà Khàn", "Chi bộ thôn Bản Châu", "Chi bộ thôn Khòn Pát"],
    "AN-SON": ["Chi bộ thôn Nà Súng", "Chi bộ thôn Khòn Khẻ", "Chi bộ thôn Bản Quyền"],
}

SECTOR_BY_DIVISION = {"xã": "rural_residential", "phường": "urban_residential", "đặc khu": "other"}


def _province_name(province: Province) -> str:
    name = province.name
    if name.startswith("Thành phố "):
        return "Đảng bộ thành phố " + name.removeprefix("Thành phố ")
    return "Đảng bộ tỉnh " + name


def _commune_name(ward: Ward) -> str:
    prefix = ward.division_type.value  # "xã", "phường", "đặc khu"
    rest = ward.name[len(prefix) :].strip() if ward.name.lower().startswith(prefix) else ward.name
    return f"Đảng bộ {prefix} {rest}"


def build_tree(*, quick: bool, log) -> dict[str, Organization]:
    kinds = {k.code: k for k in OrganizationKind.objects.all()}
    sectors = {s.code: s for s in Sector.objects.all()}
    units: dict[str, Organization] = {}

    def create(key, parent, code, name, kind, sector=None, valid_from=None):
        units[key] = services.organization_create(
            acting_user=None,
            parent=parent,
            code=code,
            name=name,
            kind=kinds[kind],
            sector=sectors.get(sector),
            valid_from=valid_from,
        )
        return units[key]

    root = create("TW", None, "TW", "Ban Chấp hành Trung ương Đảng", "central")
    provinces = [p for p in Province.iter_all() if not quick or int(p.code) in SEED_PROVINCES]
    for province in sorted(provinces, key=lambda p: int(p.code)):
        code = int(province.code)
        create(
            f"T{code:02d}",
            root,
            f"T{code:02d}",
            _province_name(province),
            "province",
            valid_from=None if code in UNCHANGED_PROVINCES else REFORM,
        )
        wards = sorted(Ward.iter_by_province(province.code), key=lambda w: int(w.code))
        created = services.organization_bulk_create(
            acting_user=None,
            parent=units[f"T{code:02d}"],
            rows=[
                {
                    "code": f"X{int(w.code):05d}",
                    "name": _commune_name(w),
                    "kind": kinds["commune"],
                    "sector": sectors[SECTOR_BY_DIVISION.get(w.division_type.value, "other")],
                    "valid_from": REFORM,
                }
                for w in wards
            ],
        )
        for unit in created:
            units[unit.code] = unit
    log(
        f"  {len(provinces)} đảng bộ tỉnh, thành phố; "
        f"{sum(1 for k in units if k.startswith('X'))} đảng bộ xã, phường, đặc khu"
    )

    for old_code, name, new_code in OLD_PROVINCES:
        unit = create(f"TC{old_code}", root, f"TC{old_code}", name, "province")
        if f"T{new_code:02d}" in units:
            services.organization_dissolve(
                acting_user=None,
                organization=unit,
                on=DISSOLVED,
                merged_into=units[f"T{new_code:02d}"],
            )
    for key, name, province_key in DISTRICTS:
        create(key, units[province_key], f"H.{key}", name, "district")
    for key, name, district_key, sector, _ in OLD_COMMUNES:
        create(key, units[district_key], f"C.{key}", name, "grassroots_committee", sector)
        for index, cell_name in enumerate(CELLS[key], start=1):
            cell_sector = sector
            if "Trường" in cell_name:
                cell_sector = "school"
            elif "Công ty" in cell_name:
                cell_sector = "private_enterprise"
            create(
                f"{key}/{index}", units[key], f"C.{key}.{index:02d}", cell_name, "cell", cell_sector
            )
    # The reform: communes merged into the new communes, districts abolished.
    for key, _, _, _, new_code in OLD_COMMUNES:
        services.organization_dissolve(
            acting_user=None, organization=units[key], on=DISSOLVED, merged_into=units[new_code]
        )
    for key, _, province_key in DISTRICTS:
        target = units[province_key].merged_into or units[province_key]
        services.organization_dissolve(
            acting_user=None, organization=units[key], on=DISSOLVED, merged_into=target
        )
    for key in units:
        units[key].refresh_from_db()
    return units


def carry_out_2025_reform(units: dict, *, log=lambda *a: None) -> int:
    """The 2025 reform through the reorganisation operations: the old communes and districts
    were recorded as merged (above), their cells still under them; each cell now moves under
    the new commune from 01/07/2025, its earlier place kept in the parent history. Run after
    the population, whose cohorts are dated in the old structure."""
    from ptdv.organizations.reorganisation import Decision, complete_mergers_under

    decision = Decision(
        number="Đề án sắp xếp 2025",
        date=DISSOLVED,
        issuing_body="Ban Thường vụ tỉnh ủy, thành ủy",
        effective_on=REFORM,
    )
    moved = complete_mergers_under(acting_user=None, root=units["TW"], decision=decision)
    log(f"  sắp xếp 2025: {moved} chi bộ chuyển về đảng bộ xã mới")
    fresh = Organization.objects.in_bulk([unit.pk for unit in units.values()])
    for key, unit in units.items():  # the moved units' paths changed
        units[key] = fresh[unit.pk]
    return moved
