from datetime import date

import pytest

from ptdv.people import services


@pytest.fixture
def make_person(tree):
    def _make(unit=None, name="Nguyễn Thị Lan", **extra):
        extra.setdefault("sex", "female")
        extra.setdefault("birth_date", date(1995, 3, 8))
        return services.person_create(
            acting_user=None, organization=unit or tree.a, full_name=name, **extra
        )

    return _make


@pytest.fixture
def make_member(tree, make_person):
    def _make(unit=None, name="Phạm Văn Hùng", admitted=date(2020, 5, 19), **extra):
        unit = unit or tree.a
        person = make_person(unit, name, sex="male", birth_date=date(1980, 1, 2))
        extra.setdefault("status", "official")
        extra.setdefault("official_from", date(2021, 5, 19))
        return services.member_create(
            acting_user=None,
            person=person,
            organization=unit,
            admission_decided_on=admitted,
            **extra,
        )

    return _make
