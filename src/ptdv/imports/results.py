"""Awareness-class results from a file: each row names a student of the chosen class (by CCCD,
or by name and birth date) and gives the result and the certificate."""

from datetime import date

from django.utils import timezone

from ptdv.accounts.permissions import Action, user_can
from ptdv.core.text import fold
from ptdv.imports.engine import (
    SKIP,
    UPDATE,
    Plan,
    Problem,
    RowPlan,
    apply_rows,
    parse_rows,
    row_problems,
)
from ptdv.imports.reading import Table
from ptdv.imports.spec import CHOICE, CITIZEN_ID, CODE, DATE, Column, Kind
from ptdv.training import services as training_services
from ptdv.training.models import AwarenessClass, Enrolment, EnrolmentResult

CLASS_RESULT_COLUMNS: tuple[Column, ...] = (
    Column(
        "full_name", "Họ và tên", required=True, headers=("Họ tên", "Họ và tên học viên"), width=28
    ),
    Column(
        "birth_date",
        "Ngày sinh",
        DATE,
        headers=("Ngày, tháng, năm sinh", "Ngày tháng năm sinh"),
        note="dd/mm/yyyy",
        default=None,
        width=13,
    ),
    Column(
        "citizen_id",
        "Số CCCD",
        CITIZEN_ID,
        headers=("CCCD", "Số căn cước công dân", "Số căn cước", "Số định danh"),
        width=15,
    ),
    Column(
        "result",
        "Kết quả",
        CHOICE,
        required=True,
        choices=((EnrolmentResult.PASSED, "Đạt"), (EnrolmentResult.FAILED, "Không đạt")),
        aliases={"Hoàn thành": EnrolmentResult.PASSED, "Không hoàn thành": EnrolmentResult.FAILED},
        headers=("Kết quả học tập", "Xếp loại"),
        width=12,
    ),
    Column(
        "certificate_number",
        "Số giấy chứng nhận",
        CODE,
        headers=("Số GCN", "Số chứng nhận"),
        note="bắt buộc khi Đạt",
        width=16,
    ),
    Column(
        "certificate_date",
        "Ngày cấp giấy chứng nhận",
        DATE,
        headers=("Ngày cấp", "Ngày cấp GCN"),
        note="bắt buộc khi Đạt",
        default=None,
        width=14,
    ),
)

KINDS = (
    Kind(
        "class_results",
        "Kết quả lớp bồi dưỡng nhận thức về Đảng",
        "Kết quả lớp",
        CLASS_RESULT_COLUMNS,
        per_class=True,
    ),
)


def plan_results(kind: Kind, table: Table, user, awareness_class: AwarenessClass) -> Plan:
    plan = Plan()
    if not (user_can(user, Action.IMPORT_DATA) and user_can(user, Action.MANAGE_TRAINING)):
        plan.problems.append(Problem(0, "", "Vai trò của bạn không được ghi kết quả lớp."))
        return plan
    parsed = parse_rows(kind, table, plan)
    header = {c.name: c.header for c in kind.columns}
    enrolments = list(
        Enrolment.objects.filter(awareness_class=awareness_class).select_related("person")
    )
    by_id = {e.person.citizen_id: e for e in enrolments if e.person.citizen_id}
    by_name = {(e.person.search_key, e.person.birth_date): e for e in enrolments}
    by_name_only: dict[str, list[Enrolment]] = {}
    for enrolment in enrolments:
        by_name_only.setdefault(enrolment.person.search_key, []).append(enrolment)
    today = timezone.localdate()
    seen: dict[int, int] = {}
    numbers: dict[str, int] = {}
    for number, values in parsed:
        problems, problem = row_problems(header, number)

        name_key = fold(values.get("full_name"))
        enrolment = by_id.get(values.get("citizen_id") or "")
        if enrolment is None and values.get("birth_date"):
            enrolment = by_name.get((name_key, values["birth_date"]))
        if enrolment is None and not values.get("birth_date"):
            same = by_name_only.get(name_key, [])
            enrolment = same[0] if len(same) == 1 else None
        if enrolment is None and "_bad" not in values:
            problem(
                "full_name",
                f"«{values.get('full_name')}» không có trong danh sách lớp "
                f"«{awareness_class.name}» (so theo số CCCD, hoặc họ tên và ngày sinh).",
            )
        elif enrolment is not None:
            first = seen.setdefault(enrolment.pk, number)
            if first != number:
                problem("full_name", f"Học viên này đã có ở dòng {first} của tệp.")
        if values.get("result") == EnrolmentResult.PASSED:
            certificate = values.get("certificate_number")
            issued = values.get("certificate_date")
            if not certificate:
                problem("certificate_number", "Học viên đạt phải có số giấy chứng nhận.")
            else:
                first = numbers.setdefault(certificate, number)
                if first != number:
                    problem(
                        "certificate_number",
                        f"Số giấy chứng nhận {certificate} trùng với dòng {first} của tệp.",
                    )
            if issued is None:
                problem("certificate_date", "Học viên đạt phải có ngày cấp giấy chứng nhận.")
            elif issued < awareness_class.starts_on:
                problem(
                    "certificate_date",
                    "Ngày cấp giấy chứng nhận không thể trước ngày khai giảng "
                    f"({awareness_class.starts_on:%d/%m/%Y}).",
                )
            elif issued > today:
                problem("certificate_date", "Ngày cấp không được sau ngày hôm nay.")
        if problems or "_bad" in values:
            plan.problems.extend(problems)
            continue
        row = RowPlan(number, UPDATE, "Ghi kết quả", values, person_id=enrolment.person_id)
        row.unit_id = enrolment.pk  # the enrolment this row writes
        same = (
            enrolment.result == values["result"]
            and enrolment.certificate_number == (values.get("certificate_number") or "")
            and enrolment.certificate_date == _passed_date(values)
        )
        if same:
            row.action, row.reason = SKIP, "Đã có kết quả này"
        plan.rows.append(row)
    plan.problems.sort(key=lambda p: p.row)
    return plan


def _passed_date(values) -> date | None:
    return values.get("certificate_date") if values["result"] == EnrolmentResult.PASSED else None


def apply_results(plan: Plan, user) -> dict[str, int]:
    enrolments = Enrolment.objects.in_bulk({row.unit_id for row in plan.rows})

    def write(row: RowPlan) -> None:
        training_services.enrolment_record_result(
            acting_user=user,
            enrolment=enrolments[row.unit_id],
            result=row.values["result"],
            certificate_number=row.values.get("certificate_number") or "",
            certificate_date=_passed_date(row.values),
        )

    return apply_rows(plan, write)


# The kind's interface (kinds.py) ---------------------------------------------------------


def plan(kind: Kind, table: Table, user, *, job, progress=None) -> Plan:
    return plan_results(kind, table, user, job.awareness_class)


def apply(plan: Plan, user, *, kind: Kind, progress=None) -> dict[str, int]:
    return apply_results(plan, user)
