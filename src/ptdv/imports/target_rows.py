"""Targets from a file: one row per unit, kind, measure and period. A row whose key already
has a target updates it (or is skipped when nothing differs); writes go through
targets.services, in one transaction."""

from django.db import transaction

from ptdv.accounts.permissions import Action, user_can
from ptdv.core.errors import DomainError
from ptdv.imports.engine import (
    CREATE,
    SKIP,
    UPDATE,
    Plan,
    Problem,
    RowPlan,
    RowRefused,
    _units,
    parse_rows,
)
from ptdv.imports.reading import Table
from ptdv.imports.spec import Kind
from ptdv.organizations.scope import in_scope
from ptdv.targets import services as target_services
from ptdv.targets.models import Target, TargetMeasure

KEY = ("kind", "measure", "period_start", "period_end")


def _key(unit_id, values) -> tuple:
    return (unit_id, *(values[name] for name in KEY))


def plan_targets(kind: Kind, table: Table, user) -> Plan:
    plan = Plan()
    if not (user_can(user, Action.IMPORT_DATA) and user_can(user, Action.MANAGE_TARGETS)):
        plan.problems.append(Problem(0, "", "Vai trò của bạn không được nhập chỉ tiêu."))
        return plan
    parsed = parse_rows(kind, table, plan)
    header = {c.name: c.header for c in kind.columns}
    units, existing_codes = _units(user, {v["unit_code"] for _, v in parsed if v.get("unit_code")})
    in_file = [u.pk for u in units.values() if in_scope(user, u.path)]
    existing = {
        (t.organization_id, t.kind, t.measure, t.period_start, t.period_end): t
        for t in Target.objects.filter(organization_id__in=in_file)
    }
    seen: dict[tuple, int] = {}
    for number, values in parsed:
        problems: list[Problem] = []

        def problem(name, message, number=number, problems=problems):
            problems.append(Problem(number, header.get(name, ""), message))

        unit = units.get(values.get("unit_code") or "")
        code = values.get("unit_code")
        if code and code not in existing_codes:
            problem("unit_code", f"Không có tổ chức đảng nào mang mã «{code}».")
        elif unit is not None and not in_scope(user, unit.path):
            problem("unit_code", f"Mã «{code}» là đơn vị nằm ngoài phạm vi quản lý của bạn.")
        start, end = values.get("period_start"), values.get("period_end")
        if start and end and end < start:
            problem("period_end", "Kỳ chỉ tiêu kết thúc trước khi bắt đầu.")
        low, high = values.get("min_value"), values.get("max_value")
        if low is not None and high is not None and high < low:
            problem("max_value", "Mức trên nhỏ hơn mức dưới.")
        if values.get("measure") == TargetMeasure.COUNT and low is not None and low % 1:
            problem("min_value", "Chỉ tiêu số lượng phải là số nguyên.")
        if problems or "_bad" in values:
            plan.problems.extend(problems)
            continue
        key = _key(unit.pk, values)
        first = seen.setdefault(key, number)
        if first != number:
            plan.problems.append(
                Problem(number, header["kind"], f"Trùng chỉ tiêu với dòng {first} của tệp.")
            )
            continue
        row = RowPlan(number, CREATE, "Chỉ tiêu mới", values, unit_id=unit.pk)
        target = existing.get(key)
        if target is not None:
            row.person_id = target.pk  # the target this row updates
            same = (
                target.min_value == low
                and target.max_value == high
                and target.document == values["document"]
                and target.note == values["note"]
            )
            row.action, row.reason = (
                (SKIP, "Đã có, không thay đổi") if same else (UPDATE, "Đã có, sửa mức chỉ tiêu")
            )
        plan.rows.append(row)
    plan.problems.sort(key=lambda p: p.row)
    return plan


def apply_targets(plan: Plan, user) -> dict[str, int]:
    from ptdv.organizations.models import Organization

    counts = plan.counts()
    units = Organization.objects.in_bulk({row.unit_id for row in plan.rows})
    with transaction.atomic():
        for row in plan.rows:
            if row.action == SKIP:
                continue
            values = row.values
            fields = {name: values[name] for name in (*KEY, "min_value", "max_value")}
            fields.update(document=values["document"], note=values["note"])
            try:
                if row.action == CREATE:
                    target_services.target_create(
                        acting_user=user, organization=units[row.unit_id], **fields
                    )
                else:
                    target_services.target_update(
                        acting_user=user, target=Target(pk=row.person_id), **fields
                    )
            except DomainError as error:
                raise RowRefused(row.row, error.message) from error
    return counts
