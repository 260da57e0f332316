"""Scoped reads for the list exports: each returns the sheets of one workbook as
(sheet name, headers, rows), the rows holding plain values (text, numbers, dates).

Every query starts from the model's `for_user(user)` and keeps to the unit's subtree, so a
file never holds more than the pages show the same user."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from ptdv.organizations.models import Organization
from ptdv.organizations.paths import descendant_filter
from ptdv.organizations.scope import subtree_filter, subtree_prefixes
from ptdv.recruitment.models import Dossier
from ptdv.recruitment.selectors import next_deadline
from ptdv.targets import achievement as calc
from ptdv.targets.models import Target
from ptdv.training.models import Enrolment
from ptdv.training.selectors import classes_for_unit


@dataclass
class Sheet:
    name: str
    headers: tuple[str, ...]
    rows: list[list]


def classes(user, unit: Organization) -> list[Sheet]:
    """The awareness classes of the unit's subtree (organised there or attended by people
    its cells sent) and, on a second sheet, their learners with the results."""
    class_list = list(classes_for_unit(user, unit))
    class_rows = [
        [
            item.name,
            item.organization.name,
            item.get_target_group_display(),
            item.starts_on,
            item.ends_on,
            item.place,
            item.issuing_body,
            item.enrolled,
            item.passed,
        ]
        for item in class_list
    ]
    prefixes = subtree_prefixes(unit)
    enrolments = (
        Enrolment.objects.for_user(user)
        .filter(awareness_class__in=[item.pk for item in class_list])
        .filter(
            descendant_filter("organization__path", prefixes)
            | descendant_filter("awareness_class__organization__path", prefixes)
        )
        .select_related("awareness_class", "person", "organization")
        .order_by("-awareness_class__starts_on", "awareness_class_id", "person__sort_key", "pk")
    )
    learner_rows = [
        [
            row.awareness_class.name,
            row.person.full_name,
            row.person.birth_date,
            row.organization.name,
            row.get_result_display(),
            row.certificate_number,
            row.certificate_date,
            row.certificate_expires_on,
        ]
        for row in enrolments
    ]
    return [
        Sheet(
            "Lớp",
            (
                "Tên lớp",
                "Cấp ủy tổ chức lớp",
                "Đối tượng",
                "Ngày khai giảng",
                "Ngày bế giảng",
                "Địa điểm",
                "Cơ quan cấp giấy chứng nhận",
                "Số học viên",
                "Số đạt",
            ),
            class_rows,
        ),
        Sheet(
            "Học viên",
            (
                "Lớp",
                "Họ và tên",
                "Ngày sinh",
                "Chi bộ cử đi học",
                "Kết quả",
                "Số giấy chứng nhận",
                "Ngày cấp",
                "Hết hạn",
            ),
            learner_rows,
        ),
    ]


def dossiers(user, unit: Organization, today: date) -> list[Sheet]:
    """The admission dossiers of the unit's subtree with their step and the next deadline
    (computed from the stored dates, as on the worklist)."""
    rows = []
    query = (
        Dossier.objects.for_user(user)
        .filter(subtree_filter(unit))
        .select_related("candidate__person", "organization")
        .order_by("organization__sort_key", "candidate__person__sort_key", "pk")
    )
    for dossier in query:
        deadline = next_deadline(dossier, today)
        person = dossier.candidate.person
        rows.append(
            [
                person.full_name,
                person.birth_date,
                dossier.organization.name,
                dossier.get_state_display(),
                dossier.state_changed_on,
                deadline.due if deadline else None,
                deadline.action if deadline else "",
                deadline.rule if deadline else "",
                ("Quá hạn" if deadline.due < today else "") if deadline else "",
            ]
        )
    headers = (
        "Họ và tên",
        "Ngày sinh",
        "Chi bộ",
        "Bước hiện tại",
        "Ngày chuyển bước",
        "Hạn tiếp theo",
        "Việc phải làm",
        "Quy tắc",
        "Quá hạn",
    )
    return [Sheet("Hồ sơ kết nạp", headers, rows)]


def targets(user, unit: Organization, today: date) -> list[Sheet]:
    """The targets of the unit's subtree with their achievement as of `today`."""
    found = list(
        Target.objects.for_user(user)
        .filter(organization__path__under=unit.path)
        .select_related("organization")
        .order_by("organization__path", "kind", "-period_start", "pk")
    )
    rows = [
        [
            item.target.organization.name,
            item.target.get_kind_display(),
            item.target.get_measure_display(),
            item.target.period_start,
            item.target.period_end,
            item.target.value_text,
            item.measured_text,
            item.percent_text,
            item.status,
            item.target.document,
        ]
        for item in calc.achievements(found, as_of=today)
    ]
    headers = (
        "Đơn vị",
        "Loại chỉ tiêu",
        "Cách đo",
        "Từ ngày",
        "Đến ngày",
        "Chỉ tiêu",
        "Đã đạt",
        "Tỉ lệ đạt",
        "Tình trạng",
        "Văn bản giao",
    )
    return [Sheet("Chỉ tiêu", headers, rows)]


def tree(user, unit: Organization) -> list[Sheet]:
    """The organisation tree under the unit, in tree order, names indented by level, with
    the current members of each cell (one query)."""
    units = (
        Organization.objects.for_user(user)
        .under(unit)
        .select_related("kind", "sector", "parent")
        .annotate(member_count=Count("members", filter=Q(members__ended_on__isnull=True)))
    )
    units = list(units)
    keys = {item.pk: item.sort_key for item in units}

    def tree_order(item) -> tuple:
        # Siblings in Vietnamese order under their parent: the sort keys along the path.
        ids = [int(part) for part in item.path.strip("/").split("/")]
        return tuple(keys[pk] for pk in ids if pk in keys)

    units.sort(key=tree_order)
    rows = [
        [
            item.code,
            "    " * (item.depth - unit.depth) + item.name,
            item.kind.name,
            item.sector.name if item.sector else "",
            item.parent.code if item.parent and item.pk != unit.pk else "",
            item.valid_from,
            item.valid_to,
            item.member_count if item.kind.is_cell else None,
        ]
        for item in units
    ]
    headers = (
        "Mã tổ chức",
        "Tên tổ chức",
        "Loại",
        "Loại hình",
        "Mã cấp trên",
        "Ngày thành lập",
        "Ngày giải thể",
        "Số đảng viên (chi bộ)",
    )
    return [Sheet("Tổ chức đảng", headers, rows)]
