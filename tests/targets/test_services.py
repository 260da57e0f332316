"""Creating and changing targets: every bad input refused in Vietnamese, nothing saved."""

from datetime import date

import pytest

from ptdv.accounts.models import AuditEvent
from ptdv.core.errors import DomainError
from ptdv.targets import services
from ptdv.targets.models import Target, TargetKind, TargetMeasure

pytestmark = pytest.mark.django_db


def create(user, unit, **overrides):
    values = {
        "acting_user": user,
        "organization": unit,
        "kind": TargetKind.ASSIGNED,
        "period_start": date(2024, 1, 1),
        "period_end": date(2024, 12, 31),
        "min_value": 13,
        "document": "Công văn 99-CV/TU ngày 01/3/2021",
    }
    return services.target_create(**(values | overrides))


def refused(call, *args, **kwargs) -> str:
    before = (Target.objects.count(), AuditEvent.objects.count())
    with pytest.raises(DomainError) as error:
        call(*args, **kwargs)
    assert (Target.objects.count(), AuditEvent.objects.count()) == before
    return error.value.message


def test_an_office_assigns_a_target_to_its_cell_with_an_audit_row(tree):
    target = create(tree.office_c1, tree.a)

    assert target.value_text == "13" and target.period_text == "năm 2024"
    event = AuditEvent.objects.get(event="target_created", object_id=str(target.pk))
    assert event.actor == tree.office_c1 and event.organization == tree.a
    assert event.new["min_value"] == "13.00"


def test_a_range_with_min_above_max_is_refused(tree):
    message = refused(create, tree.office_c1, tree.c1, min_value=200, max_value=170)
    assert message == "Khoảng chỉ tiêu không hợp lệ: mức dưới (200) lớn hơn mức trên (170)."


def test_a_period_ending_before_it_starts_is_refused(tree):
    message = refused(
        create,
        tree.office_c1,
        tree.c1,
        period_start=date(2025, 6, 30),
        period_end=date(2023, 11, 1),
    )
    assert message == "Kỳ chỉ tiêu kết thúc (01/11/2023) trước khi bắt đầu (30/06/2025)."


def test_a_unit_outside_the_users_scope_is_refused(tree):
    message = refused(create, tree.office_c1, tree.d)
    assert message == "Đơn vị này nằm ngoài phạm vi quản lý của bạn."


def test_a_second_target_of_the_same_kind_unit_and_period_is_refused(tree):
    create(tree.office_c1, tree.a)
    message = refused(create, tree.office_c1, tree.a, min_value=15)
    assert message == (
        "«Chi bộ thôn An Phú» đã có chỉ tiêu «Cấp trên giao» (số đảng viên kết nạp) cho kỳ "
        "năm 2024. Hãy sửa chỉ tiêu đó thay vì tạo thêm."
    )


def test_the_same_period_with_another_kind_or_measure_is_accepted(tree):
    create(tree.office_c1, tree.a)
    create(tree.office_c1, tree.a, kind=TargetKind.REGISTERED, min_value=11)
    create(tree.office_c1, tree.a, measure=TargetMeasure.RATE, min_value=3, max_value=4)
    assert Target.objects.filter(organization=tree.a).count() == 3


def test_a_cell_secretary_may_not_set_targets(tree):
    message = refused(create, tree.secretary_a, tree.a)
    assert message == "Vai trò của bạn không được giao hoặc đăng ký chỉ tiêu."


def test_a_count_must_be_whole_and_a_rate_at_most_100(tree):
    assert refused(create, tree.office_c1, tree.a, min_value="12.5") == (
        "Chỉ tiêu số lượng phải là số nguyên."
    )
    assert refused(
        create, tree.office_c1, tree.a, measure=TargetMeasure.COVERAGE, min_value=120
    ) == ("Chỉ tiêu tỷ lệ không được quá 100%.")


def test_an_update_is_audited_with_old_and_new_values(tree):
    target = create(tree.office_c1, tree.a)

    services.target_update(
        acting_user=tree.office_c1,
        target=target,
        kind=TargetKind.ASSIGNED,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        min_value=170,
        max_value=200,
    )

    target.refresh_from_db()
    assert target.value_text == "170–200"
    event = AuditEvent.objects.get(event="target_updated")
    assert event.old == {
        "min_value": "13.00",
        "max_value": None,
        "document": "Công văn 99-CV/TU ngày 01/3/2021",
    }
    assert event.new == {"min_value": "170.00", "max_value": "200.00", "document": ""}


def test_an_update_into_a_taken_slot_is_refused(tree):
    create(tree.office_c1, tree.a)
    other = create(tree.office_c1, tree.a, kind=TargetKind.REGISTERED)
    message = refused(
        services.target_update,
        acting_user=tree.office_c1,
        target=other,
        kind=TargetKind.ASSIGNED,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        min_value=11,
    )
    assert "đã có chỉ tiêu «Cấp trên giao»" in message
    other.refresh_from_db()
    assert other.kind == TargetKind.REGISTERED
