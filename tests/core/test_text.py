import pytest

from ptdv.core.formatting import format_date, format_number, format_percent
from ptdv.core.text import fold, normalize, sort_key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Hương Khê", "huong khe"),
        ("Đăk Pék", "dak pek"),
        ("  THỊ   trấn Kiện Khê ", "thi tran kien khe"),
        ("Nà Khàn", "na khan"),
        # The same letter in NFD (as some keyboards and spreadsheets write it).
        ("Hu\u031bo\u031b\u0300ng Khe\u0302", "huong khe"),
    ],
)
def test_fold_gives_the_accent_free_key(text, key):
    assert fold(text) == key


def test_normalize_makes_one_spelling_of_nfd_and_nfc():
    assert normalize("Hu\u031bo\u031bng") == "Hương"


def test_names_sort_in_vietnamese_order_by_given_name():
    names = [
        "Nguyễn Văn Bình",
        "Trần Thị An",
        "Lê Văn Đức",
        "Phạm Văn Dũng",
        "Vũ Thị Ân",
        "Đỗ Văn Anh",
        "Bùi Văn Ă",
    ]
    ordered = sorted(names, key=lambda n: sort_key(n, given_name_first=True))
    assert ordered == [
        "Trần Thị An",
        "Đỗ Văn Anh",
        "Bùi Văn Ă",
        "Vũ Thị Ân",
        "Nguyễn Văn Bình",
        "Phạm Văn Dũng",
        "Lê Văn Đức",
    ]


def test_letters_with_marks_follow_their_base_letter_and_tones_break_ties():
    words = ["Đông", "Dương", "Ơ", "O", "Ô", "Hạ", "Hà", "Há", "Hả", "Hã", "Ha"]
    assert sorted(words, key=sort_key) == [
        "Dương",
        "Đông",
        "Ha",
        "Hà",
        "Hả",
        "Hã",
        "Há",
        "Hạ",
        "O",
        "Ô",
        "Ơ",
    ]


def test_numbers_in_names_sort_by_value():
    cells = ["Chi bộ thôn 10", "Chi bộ thôn 2", "Chi bộ thôn 5"]
    assert sorted(cells, key=sort_key) == ["Chi bộ thôn 2", "Chi bộ thôn 5", "Chi bộ thôn 10"]


def test_sort_keys_are_digits_so_every_database_orders_them_alike():
    assert sort_key("Đảng bộ xã Hương Liên").isdigit()


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (2030, 0, "2.030"),
        (7025, 0, "7.025"),
        (1234.5, 1, "1.234,5"),
        (0, 0, "0"),
        (-1500, 0, "-1.500"),
        (1234567, 0, "1.234.567"),
    ],
)
def test_numbers_are_written_the_vietnamese_way(value, decimals, text):
    assert format_number(value, decimals) == text


def test_percentages_and_dates():
    assert format_percent(101.5) == "101,5%"
    assert format_percent(89.83333) == "89,8%"
    from datetime import date

    assert format_date(date(2021, 3, 1)) == "01/03/2021"
