"""Demo persons and members for the seed units: a few members per cell, with the dates
that matter, and some transfers and exits. Deterministic (fixed random seed)."""

import itertools
import random
from datetime import date, timedelta

from ptdv.core.citizen_id import century_sex_digit
from ptdv.organizations.models import Organization
from ptdv.people import services
from ptdv.people.models import Member, MemberStatus, Person

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Đặng", "Bùi", "Ngô", "Đinh"]
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Quang", "Xuân", "Hữu"]
MIDDLE_FEMALE = ["Thị", "Thu", "Ngọc", "Thanh", "Phương"]
GIVEN_MALE = ["Hùng", "Dũng", "Nam", "Tuấn", "Hải", "Long", "Thắng", "Sơn", "Bình", "Khánh"]
GIVEN_FEMALE = ["Lan", "Hoa", "Mai", "Hương", "Hằng", "Nga", "Thảo", "Yến", "Trang", "Linh"]
# The old province code of each seed committee's area, for citizen ids (CCCD).
PROVINCE_BY_COMMITTEE = {
    "KIEN-KHE": "035",
    "THANH-LIEM": "035",
    "HUONG-LIEN": "042",
    "HUONG-LAM": "042",
    "DAK-PEK": "062",
    "TRANG-CAC": "020",
    "AN-SON": "020",
}
ETHNICITIES = {
    "DAK-PEK": ["Giẻ Triêng", "Xơ Đăng"],
    "TRANG-CAC": ["Tày", "Nùng"],
    "AN-SON": ["Tày", "Nùng"],
}
MEMBERS_PER_CELL = 8
_serials = itertools.count(100001)


def random_person_data(rng: random.Random, committee: str, birth_year: int) -> dict:
    """A plausible profile: name, birth date, sex and a CCCD that agrees with them."""
    sex = rng.choice(["male", "female"])
    if sex == "male":
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"
    else:
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"
    birth = date(birth_year, 1, 1) + timedelta(days=rng.randrange(365))
    province = PROVINCE_BY_COMMITTEE.get(committee, "001")
    citizen_id = f"{province}{century_sex_digit(birth.year, sex)}{birth.year % 100:02d}"
    citizen_id += f"{next(_serials):06d}"
    ethnicity = rng.choice(ETHNICITIES.get(committee, ["Kinh"]))
    religion = "catholicism" if committee == "KIEN-KHE" and rng.random() < 0.25 else "none"
    return {
        "full_name": name,
        "sex": sex,
        "birth_date": birth,
        "citizen_id": citizen_id,
        "ethnicity": ethnicity,
        "religion": religion,
        "general_education": "upper_secondary",
        "confirm_duplicate": True,  # random namesakes are different people
    }


def build_demo_people(units: dict[str, Organization], log=print) -> dict[str, list[Member]]:
    """Members for every seed cell ("KIEN-KHE/1" …), one transfer waiting for the receiving
    cell and two exits. Returns the members by cell key."""
    rng = random.Random(4)
    result: dict[str, list[Member]] = {}
    cell_keys = sorted(k for k in units if "/" in k and units[k].kind.is_cell)
    for key in cell_keys:
        committee = key.split("/")[0]
        cell = units[key]
        members = []
        for _ in range(MEMBERS_PER_CELL):
            # Long-standing members, admitted before 2017: the admissions that the seed
            # articles count come from the seed population (demo/seeds.py) and the dossiers.
            data = random_person_data(rng, committee, rng.randrange(1955, 1996))
            person = services.person_create(acting_user=None, organization=cell, **data)
            admitted = date(rng.randrange(1985, 2017), rng.randrange(1, 13), rng.randrange(1, 28))
            admitted = max(admitted, person.birth_date + timedelta(days=19 * 366))
            admitted = min(admitted, date(2016, 12, 31))
            members.append(
                services.member_create(
                    acting_user=None,
                    person=person,
                    organization=cell,
                    admission_decided_on=admitted,
                    ceremony_on=admitted + timedelta(days=14),
                    probation_ends_on=admitted + timedelta(days=14 + 365),
                    status=MemberStatus.OFFICIAL,
                    official_from=admitted + timedelta(days=379),
                    party_card_number=f"{next(_serials):08d}",
                )
            )
        result[key] = members
    if "KIEN-KHE/1" in result and "KIEN-KHE/2" in result:
        services.member_transfer_request(
            acting_user=None,
            member=result["KIEN-KHE/1"][1],
            to_organization=units["KIEN-KHE/2"],
            requested_on=date(2025, 5, 5),
            document_number="21-GGT/ĐU",
        )
        services.member_exit(
            acting_user=None,
            member=result["KIEN-KHE/1"][2],
            reason="deceased",
            on=date(2024, 11, 2),
        )
        services.member_exit(
            acting_user=None,
            member=result["KIEN-KHE/3"][3],
            reason="struck_off",
            on=date(2024, 8, 15),
            document_number="105-QĐ/ĐU",
            document_date=date(2024, 8, 15),
            note="Bỏ sinh hoạt đảng không có lý do chính đáng.",
        )
    log(
        f"  {Person.objects.count()} người, "
        f"{Member.objects.current().count()} đảng viên đang sinh hoạt"
    )
    return result
