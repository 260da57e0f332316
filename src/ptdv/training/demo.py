"""Demo awareness classes, consistent with the seed article on Thanh Liêm (Hà Nam, 2023):
the district opened six classes in 2023 (youth, women, enterprise workers, students…), one of
them for 36 outstanding upper-secondary students; Kiện Khê sent 16 people to classes in 2023.
Every certificate is dated in 2023, so valid until 2028 (R8)."""

import random
from datetime import date

from ptdv.organizations import services as organization_services
from ptdv.organizations.models import Organization, OrganizationKind, Sector
from ptdv.people import services as people_services
from ptdv.people.demo import random_person_data
from ptdv.training import services
from ptdv.training.models import AwarenessClass

ISSUING_BODY = "Trung tâm Chính trị huyện Thanh Liêm"
# Kiện Khê's 16 (seed): 10 young people of the residential cells to the youth class, 6 workers
# of the garment company to the workers' class.
KIEN_KHE_SENT = [
    ("KIEN-KHE/1", 4, "youth"),
    ("KIEN-KHE/2", 3, "youth"),
    ("KIEN-KHE/3", 3, "youth"),
    ("KIEN-KHE/5", 6, "workers"),
]
STUDENT_CLASS_SIZE = 36
STUDENT_CELL_KEY = "THANH-LIEM/THPT"


def _student_cell(units: dict[str, Organization]) -> Organization:
    """The upper-secondary school cell the 36 students came from: a grassroots cell directly
    under the district committee. Created here unless the tree already has it."""
    if STUDENT_CELL_KEY not in units:
        units[STUDENT_CELL_KEY] = organization_services.organization_create(
            acting_user=None,
            parent=units["THANH-LIEM"],
            code="C.THANH-LIEM.THPT",
            name="Chi bộ Trường THPT Thanh Liêm B",
            kind=OrganizationKind.objects.get(code="cell"),
            sector=Sector.objects.filter(code="school").first(),
        )
    return units[STUDENT_CELL_KEY]


def _class(units, name, target_group, starts_on, ends_on):
    return services.awareness_class_create(
        acting_user=None,
        organization=units["THANH-LIEM"],
        name=name,
        issuing_body=ISSUING_BODY,
        target_group=target_group,
        starts_on=starts_on,
        ends_on=ends_on,
        place="Hội trường Huyện ủy Thanh Liêm",
    )


def _enrol(rng, awareness_class, cell, committee, count, birth_years):
    enrolments = []
    for _ in range(count):
        data = random_person_data(rng, committee, rng.choice(birth_years))
        data["youth_union_member"] = True
        person = people_services.person_create(acting_user=None, organization=cell, **data)
        enrolments.append(
            services.enrolment_create(
                acting_user=None, awareness_class=awareness_class, person=person, organization=cell
            )
        )
    return enrolments


def _pass_all(enrolments):
    """Results once every student is enrolled: the class closes its list at the results."""
    numbers: dict[int, int] = {}
    for enrolment in enrolments:
        awareness_class = enrolment.awareness_class
        numbers[awareness_class.pk] = numbers.get(awareness_class.pk, 0) + 1
        services.enrolment_record_result(
            acting_user=None,
            enrolment=enrolment,
            result="passed",
            certificate_number=f"{numbers[awareness_class.pk]}-GCN/TTCT",
            certificate_date=awareness_class.ends_on,
        )


def build_demo_training(units: dict[str, Organization], log=print) -> list[AwarenessClass]:
    rng = random.Random(8)
    youth = _class(
        units,
        "Lớp bồi dưỡng nhận thức về Đảng cho đoàn viên thanh niên năm 2023",
        "youth",
        date(2023, 4, 10),
        date(2023, 4, 15),
    )
    women = _class(
        units,
        "Lớp bồi dưỡng nhận thức về Đảng cho hội viên phụ nữ năm 2023",
        "women",
        date(2023, 6, 5),
        date(2023, 6, 10),
    )
    workers = _class(
        units,
        "Lớp bồi dưỡng nhận thức về Đảng cho công nhân doanh nghiệp năm 2023",
        "workers",
        date(2023, 8, 7),
        date(2023, 8, 12),
    )
    students = _class(
        units,
        "Lớp bồi dưỡng nhận thức về Đảng cho học sinh THPT năm 2023",
        "students",
        date(2023, 9, 18),
        date(2023, 9, 23),
    )
    classes = {"youth": youth, "workers": workers}
    enrolments = []
    for key, count, group in KIEN_KHE_SENT:
        enrolments += _enrol(rng, classes[group], units[key], "KIEN-KHE", count, range(1992, 2004))
    student_cell = _student_cell(units)
    enrolments += _enrol(
        rng, students, student_cell, "THANH-LIEM", STUDENT_CLASS_SIZE, [2005, 2006]
    )
    _pass_all(enrolments)
    log("  4 lớp bồi dưỡng nhận thức về Đảng (Thanh Liêm 2023): Kiện Khê cử 16, lớp học sinh 36")
    return [youth, women, workers, students]
