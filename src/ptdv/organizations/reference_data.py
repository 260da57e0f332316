"""Reference data of the tree: kinds of party organisation, sectors, the authority table.

Plain data and one installer that takes the model classes, so that the data migration (with
historical models) and the test suite (after a transactional test flushed the tables) install
exactly the same rows. Values marked [U] in the domain notes are configuration that an
administrator can change without a release.
"""

from datetime import date

KINDS = [
    # code, name, rank, is_cell, is_grassroots
    ("central", "Trung ương", 10, False, False),
    ("province", "Đảng bộ tỉnh, thành phố", 20, False, False),
    ("district", "Đảng bộ huyện, thị xã, thành phố thuộc tỉnh", 30, False, False),
    ("bloc", "Đảng bộ cấp trên cơ sở (khối, cơ quan)", 30, False, False),
    ("commune", "Đảng bộ xã, phường, đặc khu", 40, False, False),
    ("grassroots_committee", "Đảng bộ cơ sở", 50, False, True),
    ("grassroots_cell", "Chi bộ cơ sở", 60, True, True),
    ("partial_committee", "Đảng bộ bộ phận", 70, False, False),
    ("cell", "Chi bộ trực thuộc", 90, True, False),
]

SECTORS = [
    ("rural_residential", "Khu dân cư nông thôn", True),
    ("urban_residential", "Khu dân cư đô thị", True),
    ("school", "Trường học", False),
    ("state_enterprise", "Doanh nghiệp nhà nước", False),
    ("private_enterprise", "Doanh nghiệp ngoài nhà nước", False),
    ("administrative", "Cơ quan hành chính", False),
    ("public_service", "Đơn vị sự nghiệp", False),
    ("party_mass", "Cơ quan Đảng, Mặt trận, đoàn thể", False),
    ("armed_forces", "Lực lượng vũ trang", False),
    ("other", "Loại hình khác", False),
]

REFORM = date(2025, 7, 1)
AUTHORITY = [
    # decision, body, legal basis, valid_from, valid_to
    (
        "admission",
        "direct_superior",
        "Quy định 29, 24, 232-QĐ/TW điểm 4.3.2 (b): Ban Thường vụ huyện ủy và tương đương",
        None,
        date(2025, 6, 30),
    ),
    (
        "admission",
        "direct_superior",
        "Quy định 294-QĐ/TW (từ 01/07/2025): Ban Thường vụ cấp ủy "
        "cấp trên trực tiếp của tổ chức cơ sở đảng (đảng ủy xã, phường, khối)",
        REFORM,
        None,
    ),
    ("recognition", "direct_superior", "Quy định 232-QĐ/TW điểm 4.3.2", None, date(2025, 6, 30)),
    ("recognition", "direct_superior", "Quy định 294-QĐ/TW (từ 01/07/2025)", REFORM, None),
    ("strike_off", "direct_superior", "Quy định 294-QĐ/TW điểm 4.2", None, None),
    (
        "over_60_consent",
        "province",
        "Quy định 294-QĐ/TW điểm 1.1 (b); Hướng dẫn 06-HD/TW "
        "điểm 1.1: Ban Thường vụ cấp ủy trực thuộc Trung ương đồng ý bằng văn bản",
        None,
        None,
    ),
    (
        "class_certificate",
        "political_centre",
        "Hướng dẫn 01-HD/TW điểm 3.1: trung tâm chính trị cấp huyện",
        None,
        date(2025, 6, 30),
    ),
    (
        "class_certificate",
        "political_centre",
        "Sau 07/2025 chưa xác định (DOMAIN R7 [U]): "
        "trung tâm chính trị hoặc cấp ủy có thẩm quyền kết nạp",
        REFORM,
        None,
    ),
]


def install(Kind, Sector, Rule) -> None:
    """Create the rows that are missing; existing rows keep any local changes."""
    for code, name, rank, is_cell, is_grassroots in KINDS:
        Kind.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "rank": rank,
                "is_cell": is_cell,
                "is_grassroots": is_grassroots,
            },
        )
    for code, name, residential in SECTORS:
        Sector.objects.get_or_create(
            code=code, defaults={"name": name, "is_residential": residential}
        )
    for decision, body, basis, start, end in AUTHORITY:
        Rule.objects.get_or_create(
            decision=decision, body=body, legal_basis=basis, valid_from=start, valid_to=end
        )


def ensure_installed() -> None:
    from ptdv.organizations.models import AuthorityRule, OrganizationKind, Sector

    if not OrganizationKind.objects.exists() or not AuthorityRule.objects.exists():
        install(OrganizationKind, Sector, AuthorityRule)
