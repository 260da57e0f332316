"""The 12-digit citizen identity number (số căn cước công dân, CCCD).

Structure (Thông tư 07/2016/TT-BCA, then Thông tư 59/2021/TT-BCA, Điều 7):
digits 1–3 the province code of the place of birth registration, digit 4 the century of
birth and the sex, digits 5–6 the last two digits of the year of birth, digits 7–12 random.
"""

from datetime import date

from ptdv.core.errors import DomainError

# The 63 province codes used in CCCD numbers before the 2025 mergers (Phụ lục Thông tư
# 07/2016/TT-BCA). Numbers issued before 2025 keep their code after the mergers.
PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "Thành phố Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}

MALE = "male"
FEMALE = "female"
FIRST_CENTURY = 1900  # digit 0/1: 1900–1999, 2/3: 2000–2099, … 8/9: 2300–2399
RULE = "(Thông tư 59/2021/TT-BCA, Điều 7)"


def century_sex_digit(birth_year: int, sex: str) -> int:
    """The 4th digit for a person born in `birth_year` of `sex` ("male" or "female")."""
    century = (birth_year - FIRST_CENTURY) // 100
    return century * 2 + (1 if sex == FEMALE else 0)


def validate_citizen_id(number: str, *, birth_date: date | None, sex: str) -> str:
    """Return the number if it is well formed and agrees with the birth date and sex;
    raise DomainError (field "citizen_id") with the reason otherwise."""
    number = (number or "").strip().replace(" ", "")
    if len(number) != 12 or not number.isdigit():
        raise DomainError(f"Số CCCD phải gồm đúng 12 chữ số {RULE}.", field="citizen_id")
    province = number[:3]
    if province not in PROVINCE_CODES:
        raise DomainError(
            f"Mã tỉnh «{province}» ở ba chữ số đầu của số CCCD không tồn tại {RULE}.",
            field="citizen_id",
        )
    if birth_date is None:
        raise DomainError("Phải có ngày sinh để kiểm tra số CCCD.", field="birth_date")
    if birth_date.year < FIRST_CENTURY or birth_date.year >= FIRST_CENTURY + 500:
        raise DomainError("Năm sinh nằm ngoài phạm vi mã hóa của số CCCD.", field="birth_date")
    expected = century_sex_digit(birth_date.year, sex)
    if int(number[3]) != expected:
        sex_name = "nữ" if sex == FEMALE else "nam"
        raise DomainError(
            f"Chữ số thứ tư của số CCCD là «{number[3]}», nhưng người {sex_name} sinh năm "
            f"{birth_date.year} phải có chữ số «{expected}» (mã thế kỷ và giới tính) {RULE}.",
            field="citizen_id",
        )
    if number[4:6] != f"{birth_date.year % 100:02d}":
        raise DomainError(
            f"Chữ số thứ năm và thứ sáu của số CCCD là «{number[4:6]}», không khớp với năm sinh "
            f"{birth_date.year} (phải là «{birth_date.year % 100:02d}») {RULE}.",
            field="citizen_id",
        )
    return number
