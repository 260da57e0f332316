from datetime import date

import pytest

from tests.factories import RecordedMemberFactory, RecordedPersonFactory


@pytest.fixture
def make_person(tree):
    """make_person(unit, name, **profile): `RecordedPersonFactory` in cell A by default."""

    def _make(unit=None, name="Nguyễn Thị Lan", **extra):
        return RecordedPersonFactory(organization=unit or tree.a, full_name=name, **extra)

    return _make


@pytest.fixture
def make_member(tree):
    """make_member(unit, name, admitted, **fields): `RecordedMemberFactory` in cell A."""

    def _make(unit=None, name="Phạm Văn Hùng", admitted=None, **extra):
        unit = unit or tree.a
        if admitted is not None:
            extra["admission_decided_on"] = admitted
        person = RecordedPersonFactory(
            organization=unit, full_name=name, sex="male", birth_date=date(1980, 1, 2)
        )
        return RecordedMemberFactory(organization=unit, person=person, **extra)

    return _make
