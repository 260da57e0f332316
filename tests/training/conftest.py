from datetime import date

import pytest

from ptdv.training import services
from tests.factories import RecordedPersonFactory


@pytest.fixture
def make_class(tree):
    def _make(unit=None, name="Lớp nhận thức về Đảng khóa I/2025", **extra):
        extra.setdefault("issuing_body", "Trung tâm Chính trị huyện")
        extra.setdefault("target_group", "youth")
        extra.setdefault("starts_on", date(2025, 3, 3))
        extra.setdefault("ends_on", date(2025, 3, 7))
        return services.awareness_class_create(
            acting_user=None, organization=unit or tree.c1, name=name, **extra
        )

    return _make


@pytest.fixture
def make_person(tree):
    """make_person(unit, name, born): `RecordedPersonFactory`, in cell A by default."""

    def _make(unit=None, name="Hoàng Thị Mai", born=date(2000, 2, 2)):
        return RecordedPersonFactory(organization=unit or tree.a, full_name=name, birth_date=born)

    return _make


@pytest.fixture
def passed(tree):
    """passed(enrolment, on, number) records a pass with a certificate dated `on`."""

    def _pass(enrolment, on=date(2025, 3, 7), number=None):
        return services.enrolment_record_result(
            acting_user=None,
            enrolment=enrolment,
            result="passed",
            certificate_number=number or f"GCN-{enrolment.pk}",
            certificate_date=on,
        )

    return _pass
