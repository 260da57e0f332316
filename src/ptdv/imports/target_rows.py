"""Targets from a file: one row per unit, kind, measure and period. A row whose key already
has a target updates it (or is skipped when nothing differs); writes go through
targets.services, in one transaction."""

from ptdv.accounts.permissions import Action, user_can
from ptdv.imports.engine import (
    CREATE,
    SKIP,
    UPDATE,
    Plan,
    Problem,
    RowPlan,
    apply_rows,
    check_unit,
    parse_rows,
    row_problems,
    units_by_code,
)
from ptdv.imports.reading import Table
from ptdv.imports.spec import CHOICE, CODE, DATE, NUMBER, Column, Kind
from ptdv.organizations.models import Organization
from ptdv.organizations.scope import in_scope
from ptdv.targets import services as target_services
from ptdv.targets.models import Target, TargetKind, TargetMeasure

TARGET_COLUMNS: tuple[Column, ...] = (
    Column(
        "unit_code",
        "Mã đơn vị",
        CODE,
        required=True,
        headers=("Mã tổ chức", "Mã chi bộ", "Mã đảng bộ"),
        note="xem trang «Danh mục chi bộ» hoặc trang đơn vị",
        width=12,
    ),
    Column(
        "kind",
        "Loại chỉ tiêu",
        CHOICE,
        required=True,
        choices=tuple(TargetKind.choices),
        aliases={"Nghị quyết": TargetKind.RESOLUTION, "Giao": TargetKind.ASSIGNED},
        width=20,
    ),
    Column(
        "measure",
        "Cách đo",
        CHOICE,
        choices=tuple(TargetMeasure.choices),
        aliases={"Số lượng": TargetMeasure.COUNT, "Số đảng viên": TargetMeasure.COUNT},
        default=TargetMeasure.COUNT,
        note="để trống: số đảng viên kết nạp",
        width=24,
    ),
    Column("period_start", "Từ ngày", DATE, required=True, default=None, width=12),
    Column("period_end", "Đến ngày", DATE, required=True, default=None, width=12),
    Column(
        "min_value",
        "Chỉ tiêu",
        NUMBER,
        required=True,
        headers=("Chỉ tiêu (mức dưới)", "Mức dưới", "Số lượng"),
        default=None,
        width=10,
    ),
    Column("max_value", "Mức trên", NUMBER, headers=("Chỉ tiêu (mức trên)",), default=None),
    Column("document", "Văn bản", headers=("Căn cứ", "Số văn bản"), width=24),
    Column("note", "Ghi chú", width=24),
)

KINDS = (Kind("targets", "Chỉ tiêu kết nạp đảng viên", "Chỉ tiêu", TARGET_COLUMNS),)


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
    units, existing_codes = units_by_code({v["unit_code"] for _, v in parsed if v.get("unit_code")})
    in_file = [u.pk for u in units.values() if in_scope(user, u.path)]
    existing = {
        (t.organization_id, t.kind, t.measure, t.period_start, t.period_end): t
        for t in Target.objects.filter(organization_id__in=in_file)
    }
    seen: dict[tuple, int] = {}
    for number, values in parsed:
        problems, problem = row_problems(header, number)
        code = values.get("unit_code")
        unit = check_unit(code, units, existing_codes, user, problem, cell=False)
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
    units = Organization.objects.in_bulk({row.unit_id for row in plan.rows})

    def write(row: RowPlan) -> None:
        values = row.values
        fields = {name: values[name] for name in (*KEY, "min_value", "max_value")}
        fields.update(document=values["document"], note=values["note"])
        if row.action == CREATE:
            target_services.target_create(
                acting_user=user, organization=units[row.unit_id], **fields
            )
        else:
            target_services.target_update(
                acting_user=user, target=Target(pk=row.person_id), **fields
            )

    return apply_rows(plan, write)


# The kind's interface (kinds.py) ---------------------------------------------------------


def plan(kind: Kind, table: Table, user, *, job=None, progress=None) -> Plan:
    return plan_targets(kind, table, user)


def apply(plan: Plan, user, *, kind: Kind, progress=None) -> dict[str, int]:
    return apply_targets(plan, user)
