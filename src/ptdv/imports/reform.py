"""A reorganisation from a file: one row per old unit saying where it goes.

- "Hợp nhất vào": the unit is merged into the receiving unit (its units and members move
  there; it is dissolved the day before the effective date). The receiving unit may be new:
  give its name and its parent's code, it is created from the effective date.
- "Chuyển về": the unit (with everything under it) moves under the receiving unit.

The whole file is checked before anything is written (unknown codes, units outside the
user's scope, a unit sent to two places, a cycle, a receiving unit itself merged away); then
every operation runs in one transaction through `organizations.reorganisation`, so a refusal
of any of them leaves the tree as it was.
"""

from django.db import transaction

from ptdv.accounts.permissions import Action, user_can
from ptdv.core.errors import DomainError
from ptdv.imports.engine import CREATE, UPDATE, Plan, Problem, RowPlan, RowRefused, parse_rows
from ptdv.imports.reading import Table
from ptdv.imports.spec import CHOICE, CODE, DATE, Column, Kind
from ptdv.organizations import reorganisation
from ptdv.organizations.models import Organization
from ptdv.organizations.scope import in_scope
from ptdv.organizations.services import organization_create

MERGE, MOVE = "merge", "move"

REFORM_COLUMNS: tuple[Column, ...] = (
    Column(
        "unit_code",
        "Mã đơn vị cũ",
        CODE,
        required=True,
        headers=("Mã đơn vị", "Mã tổ chức cũ"),
        note="đơn vị được sắp xếp",
        width=14,
    ),
    Column(
        "operation",
        "Cách sắp xếp",
        CHOICE,
        required=True,
        choices=((MERGE, "Hợp nhất vào"), (MOVE, "Chuyển về")),
        aliases={"Hợp nhất": MERGE, "Sáp nhập": MERGE, "Sáp nhập vào": MERGE, "Chuyển": MOVE},
        width=16,
    ),
    Column(
        "target_code",
        "Mã đơn vị tiếp nhận",
        CODE,
        required=True,
        headers=("Mã đơn vị mới", "Mã đơn vị nhận"),
        width=16,
    ),
    Column(
        "target_name",
        "Tên đơn vị tiếp nhận (khi lập mới)",
        headers=("Tên đơn vị mới",),
        note="chỉ ghi khi đơn vị tiếp nhận chưa có",
        width=30,
    ),
    Column(
        "target_parent_code",
        "Mã cấp trên của đơn vị mới",
        CODE,
        headers=("Mã cấp trên",),
        note="chỉ ghi khi lập mới",
        width=16,
    ),
    Column("decision_number", "Số quyết định", required=True, width=16),
    Column("decision_date", "Ngày quyết định", DATE, required=True, default=None, width=14),
    Column("issuing_body", "Cơ quan ban hành", required=True, width=24),
    Column("effective_on", "Ngày có hiệu lực", DATE, required=True, default=None, width=14),
)

REFORM_KIND = Kind("reform", "Sắp xếp tổ chức đảng theo tệp", "Sắp xếp", REFORM_COLUMNS)
KINDS = (REFORM_KIND,)


def _known(codes: set[str]) -> dict[str, Organization]:
    return {
        unit.code: unit
        for unit in Organization.objects.filter(code__in=codes).select_related("kind")
    }


def plan_reform(kind: Kind, table: Table, user) -> Plan:
    plan = Plan()
    if not (user_can(user, Action.IMPORT_DATA) and user_can(user, Action.MANAGE_ORGANIZATIONS)):
        plan.problems.append(
            Problem(0, "", "Vai trò của bạn không được sắp xếp tổ chức đảng theo tệp.")
        )
        return plan
    parsed = parse_rows(kind, table, plan)
    header = {c.name: c.header for c in kind.columns}
    codes = {
        v.get(name)
        for _, v in parsed
        for name in ("unit_code", "target_code", "target_parent_code")
        if v.get(name)
    }
    units = _known(codes)
    sent: dict[str, int] = {}  # unit code -> the row sending it
    edges: dict[str, str] = {}  # unit code -> receiving code
    new_units: dict[str, tuple] = {}  # new code -> (name, parent code, row)
    merged: dict[str, int] = {}
    rows: list[tuple[int, dict]] = []
    for number, values in parsed:
        problems: list[Problem] = []

        def problem(name, message, number=number, problems=problems):
            problems.append(Problem(number, header.get(name, ""), message))

        code, target = values.get("unit_code"), values.get("target_code")
        unit = units.get(code or "")
        if code and unit is None:
            problem("unit_code", f"Không có tổ chức đảng nào mang mã «{code}».")
        elif unit is not None and not in_scope(user, unit.path):
            problem("unit_code", f"Mã «{code}» là đơn vị nằm ngoài phạm vi quản lý của bạn.")
        elif unit is not None and unit.valid_to is not None:
            problem("unit_code", f"«{unit.name}» đã giải thể, không thể sắp xếp lại.")
        receiving = units.get(target or "")
        if target and receiving is None:
            name, parent_code = values.get("target_name"), values.get("target_parent_code")
            if values.get("operation") != MERGE or not name or not parent_code:
                problem(
                    "target_code",
                    f"Không có tổ chức đảng nào mang mã «{target}»; để lập đơn vị mới, hãy chọn "
                    "«Hợp nhất vào» và ghi tên đơn vị mới cùng mã cấp trên.",
                )
            elif units.get(parent_code) is None:
                problem("target_parent_code", f"Không có tổ chức đảng nào mang mã «{parent_code}».")
            elif not in_scope(user, units[parent_code].path):
                problem(
                    "target_parent_code",
                    f"Mã «{parent_code}» là đơn vị nằm ngoài phạm vi quản lý của bạn.",
                )
            else:
                earlier = new_units.setdefault(target, (name, parent_code, number))
                if earlier[:2] != (name, parent_code):
                    problem(
                        "target_name",
                        f"Đơn vị mới «{target}» được ghi khác với dòng {earlier[2]} của tệp.",
                    )
        elif receiving is not None and not in_scope(user, receiving.path):
            problem("target_code", f"Mã «{target}» là đơn vị nằm ngoài phạm vi quản lý của bạn.")
        elif receiving is not None and receiving.valid_to is not None:
            problem("target_code", f"«{receiving.name}» đã giải thể, không thể tiếp nhận.")
        elif unit is not None and receiving is not None and receiving.path.startswith(unit.path):
            problem(
                "target_code",
                f"Vòng lặp: «{receiving.name}» thuộc «{unit.name}», không thể tiếp nhận nó.",
            )
        if code and code in sent:
            problem(
                "unit_code",
                f"«{code}» được chuyển đến hai nơi: dòng {sent[code]} và dòng {number} của tệp.",
            )
        if problems or "_bad" in values:
            plan.problems.extend(problems)
            continue
        sent[code] = number
        edges[code] = target
        if values["operation"] == MERGE:
            merged[code] = number
        rows.append((number, values))
    # Across rows: cycles (A → B → A) and receiving units merged away by another row.
    for number, values in rows:
        code, target = values["unit_code"], values["target_code"]
        seen, node = [code], target
        while node in edges and node not in seen:
            seen.append(node)
            node = edges[node]
        if node == code:
            loop = " → ".join(f"«{c}»" for c in [*seen, code])
            plan.problems.append(
                Problem(number, header["target_code"], f"Vòng lặp trong tệp: {loop}.")
            )
        elif target in merged:
            plan.problems.append(
                Problem(
                    number,
                    header["target_code"],
                    f"Đơn vị tiếp nhận «{target}» cũng bị hợp nhất ở dòng {merged[target]}.",
                )
            )
    if plan.problems:
        plan.problems.sort(key=lambda p: p.row)
        return plan
    for number, values in rows:
        unit = units[values["unit_code"]]
        target = units.get(values["target_code"])
        verb = "Hợp nhất vào" if values["operation"] == MERGE else "Chuyển về"
        where = target.name if target else f"{values['target_name']} (lập mới)"
        plan.rows.append(
            RowPlan(
                number,
                UPDATE if target else CREATE,
                f"{unit.name}: {verb} {where}",
                values,
                unit_id=unit.pk,
            )
        )
    return plan


def _decision(values) -> reorganisation.Decision:
    return reorganisation.Decision(
        number=values["decision_number"],
        date=values["decision_date"],
        issuing_body=values["issuing_body"],
        effective_on=values["effective_on"],
    )


def apply_reform(plan: Plan, user) -> dict[str, int]:
    """Every operation of the file in one transaction: new receiving units first, then the
    merges (one per receiving unit and decision), then the moves."""
    counts = plan.counts()
    codes = {row.values[name] for row in plan.rows for name in ("unit_code", "target_code")}
    codes |= {row.values["target_parent_code"] for row in plan.rows if row.action == CREATE}
    with transaction.atomic():
        units = _known({c for c in codes if c})
        merges: dict[tuple, list] = {}
        for row in plan.rows:
            key = (row.values["target_code"], _decision(row.values))
            if row.values["operation"] == MERGE:
                merges.setdefault(key, []).append(row)
        current = plan.rows[0].row if plan.rows else 0
        try:
            for (target_code, decision), rows in merges.items():
                first = rows[0]
                current = first.row
                into = units.get(target_code)
                new = None
                if into is None:
                    source = units[first.values["unit_code"]]
                    new = {
                        "parent": units[first.values["target_parent_code"]],
                        "code": target_code,
                        "name": first.values["target_name"],
                        "kind": source.kind,
                        "sector": source.sector,
                    }
                sources = [units[row.values["unit_code"]] for row in rows]
                if new is not None and len(sources) == 1:
                    # One old unit becoming a new one: create it, then merge into it.
                    into = organization_create(
                        acting_user=user, valid_from=decision.effective_on, **new
                    )
                    new = None
                units[target_code] = reorganisation.merge(
                    acting_user=user, sources=sources, decision=decision, into=into, new=new
                )
            for row in plan.rows:
                if row.values["operation"] == MOVE:
                    current = row.row
                    reorganisation.move(
                        acting_user=user,
                        unit=units[row.values["unit_code"]],
                        parent=units[row.values["target_code"]],
                        decision=_decision(row.values),
                    )
        except DomainError as error:
            raise RowRefused(current, error.message) from error
    return counts


# The kind's interface (kinds.py) ---------------------------------------------------------


def plan(kind: Kind, table: Table, user, *, job=None, progress=None) -> Plan:
    return plan_reform(kind, table, user)


def apply(plan: Plan, user, *, kind: Kind, progress=None) -> dict[str, int]:
    return apply_reform(plan, user)
