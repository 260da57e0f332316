from datetime import date

import pytest

from ptdv.core.citizen_id import PROVINCE_CODES, century_sex_digit, validate_citizen_id
from ptdv.core.errors import DomainError


def test_there_are_63_province_codes_from_ha_noi_to_ca_mau():
    assert len(PROVINCE_CODES) == 63
    assert PROVINCE_CODES["001"] == "Hà Nội"
    assert PROVINCE_CODES["035"] == "Hà Nam"
    assert PROVINCE_CODES["096"] == "Cà Mau"


@pytest.mark.parametrize(
    ("year", "sex", "digit"),
    [
        (1950, "male", 0),
        (1999, "female", 1),
        (2000, "male", 2),
        (2099, "female", 3),
        (2100, "male", 4),
        (2150, "female", 5),
    ],
)
def test_the_century_and_sex_digit(year, sex, digit):
    assert century_sex_digit(year, sex) == digit


def test_it_accepts_a_man_born_in_1990_in_ha_nam():
    number = validate_citizen_id("035090123456", birth_date=date(1990, 5, 1), sex="male")
    assert number == "035090123456"


def test_it_accepts_a_woman_born_in_2003_and_ignores_spaces():
    number = validate_citizen_id(" 001 303 000111", birth_date=date(2003, 1, 9), sex="female")
    assert number == "001303000111"


@pytest.mark.parametrize("number", ["03509012345", "0350901234567", "03509012345a", ""])
def test_it_refuses_a_number_that_is_not_12_digits(number):
    with pytest.raises(DomainError, match="đúng 12 chữ số") as error:
        validate_citizen_id(number, birth_date=date(1990, 5, 1), sex="male")
    assert error.value.field == "citizen_id"


def test_it_refuses_an_unknown_province_code():
    with pytest.raises(DomainError, match="Mã tỉnh «003»"):
        validate_citizen_id("003090123456", birth_date=date(1990, 5, 1), sex="male")


def test_it_refuses_a_female_digit_for_a_man():
    with pytest.raises(DomainError, match="người nam sinh năm 1990 phải có chữ số «0»"):
        validate_citizen_id("035190123456", birth_date=date(1990, 5, 1), sex="male")


def test_it_refuses_a_20th_century_digit_for_someone_born_in_2001():
    with pytest.raises(DomainError, match="người nữ sinh năm 2001 phải có chữ số «3»"):
        validate_citizen_id("035101123456", birth_date=date(2001, 5, 1), sex="female")


def test_it_refuses_year_digits_that_do_not_match_the_birth_year():
    with pytest.raises(DomainError, match="không khớp với năm sinh 1990"):
        validate_citizen_id("035091123456", birth_date=date(1990, 5, 1), sex="male")


def test_it_needs_the_birth_date_to_check_the_number():
    with pytest.raises(DomainError, match="Phải có ngày sinh") as error:
        validate_citizen_id("035090123456", birth_date=None, sex="male")
    assert error.value.field == "birth_date"
