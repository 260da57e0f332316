from datetime import date

import pytest

from ptdv.people.models import Sex
from ptdv.reports.figures import Period, statistics
from ptdv.reports.narrative import narrative
from tests.reports.factories import admit

pytestmark = pytest.mark.django_db
P = Period(date(2023, 1, 1), date(2023, 12, 31))


def test_a_unit_without_admissions_says_so_and_gives_no_shares(tree):
    admit(tree.a, date(2010, 1, 1), official_from=date(2011, 1, 1))
    text = narrative(statistics(tree.a, P))
    assert text == (
        "Từ 01/01/2023 đến 31/12/2023, Chi bộ thôn An Phú chưa kết nạp được đảng viên mới nào. "
        "Đến 31/12/2023, tổng số đảng viên là 1 đồng chí."
    )


def test_zero_shares_are_left_out_and_numbers_are_vietnamese(tree):
    for _ in range(2):
        admit(tree.a, date(2023, 2, 1), sex=Sex.FEMALE, birth_date=date(1960, 1, 1))
    admit(tree.a, date(2023, 2, 1), birth_date=date(1960, 1, 1))
    text = narrative(statistics(tree.a, P))
    assert "đã kết nạp 3 đảng viên mới; trong đó nữ chiếm 66,7%." in text
    assert "đoàn viên" not in text and "tôn giáo" not in text and "0%" not in text
    assert "(" not in text  # all probationary: no "0 đảng viên chính thức"
    assert "3 đảng viên được kết nạp ở các chi bộ khu dân cư" in text


def test_exits_give_the_net_change(tree):
    admit(tree.a, date(2023, 2, 1))
    admit(tree.a, date(2000, 1, 1), official_from=date(2001, 1, 1), ended_on=date(2023, 5, 5))
    admit(tree.a, date(2000, 1, 1), official_from=date(2001, 1, 1), ended_on=date(2023, 6, 5))
    text = narrative(statistics(tree.a, P))
    assert text.endswith("Trong kỳ có 2 đảng viên ra khỏi danh sách; số đảng viên giảm 1 đồng chí.")
