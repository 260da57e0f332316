"""Demo awareness classes, consistent with the seed article on Thanh Liêm (Hà Nam, 2023):
"từ đầu nhiệm kỳ đến nay, Đảng bộ huyện Thanh Liêm đã mở 18 lớp … cho 921 quần chúng ưu tú";
six of them in 2023 (youth, women, enterprise workers, students…), one for 36 outstanding
upper-secondary students; Kiện Khê sent 16 people to classes in 2023; 406 trained are still
waiting. The eleven classes of 2020–2022 (TERM_CLASSES) trained 503 people who have been
admitted since: the seed population (demo/seeds.py) fills them with its admitted members,
each in a class that ended before their admission (`enrol_admitted`). 418 + 503 = 921."""

import random
from datetime import date, timedelta

from ptdv.organizations import services as organization_services
from ptdv.organizations.models import Organization, OrganizationKind, Sector
from ptdv.people import services as people_services
from ptdv.people.demo import random_person_data
from ptdv.training import services
from ptdv.training.models import AwarenessClass, Enrolment, EnrolmentResult, certificate_expiry

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

# "Toàn huyện hiện có 406 quần chúng ưu tú đã được bồi dưỡng nhận thức về Đảng" (seed, 10/2023):
# the trained, not yet admitted, of the whole district once the demo is built. Kiện Khê keeps 4
# of its 16 (12 admitted, recruitment demo), the students' class 36; the rest come from the
# district's other grassroots cells, in the 2023 classes (six that year, seed) and one of 2022.
THANH_LIEM_TRAINED_WAITING = 406
KIEN_KHE_2023_WAITING = 4
# Grassroots cells directly under the district committee: key, code, name, sector.
OTHER_CELLS = [
    ("THANH-LIEM/GDNN", "C.THANH-LIEM.GDNN",
     "Chi bộ Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên Thanh Liêm", "school"),
    ("THANH-LIEM/MAY", "C.THANH-LIEM.MAY", "Chi bộ Công ty cổ phần may Thanh Liêm",
     "private_enterprise"),
    ("THANH-LIEM/HDT", "C.THANH-LIEM.HDT", "Chi bộ Huyện đoàn Thanh Liêm", "party_mass"),
    ("THANH-LIEM/HPN", "C.THANH-LIEM.HPN", "Chi bộ Hội Liên hiệp Phụ nữ huyện Thanh Liêm",
     "party_mass"),
]  # fmt: skip
# (class key, cell key, how many): 366 = 406 − 36 students − Kiện Khê's 4.
OTHER_SENT = [
    ("women", "THANH-LIEM/HPN", 90),
    ("workers", "THANH-LIEM/MAY", 56),
    ("youth2", "THANH-LIEM/HDT", 80),
    ("vocational", "THANH-LIEM/GDNN", 60),
    ("youth2022", "THANH-LIEM/HDT", 80),
]


# The classes of 2022–2023 the demo sends people to (key, "Lớp bồi dưỡng nhận thức về Đảng
# cho" whom, target group, first day; each runs six days), in the order they are created.
CLASS_NAME = "Lớp bồi dưỡng nhận thức về Đảng"
DEMO_CLASSES = [
    ("youth", "đoàn viên thanh niên năm 2023", "youth", date(2023, 4, 10)),
    ("women", "hội viên phụ nữ năm 2023", "women", date(2023, 6, 5)),
    ("workers", "công nhân doanh nghiệp năm 2023", "workers", date(2023, 8, 7)),
    ("students", "học sinh THPT năm 2023", "students", date(2023, 9, 18)),
    ("youth2", "đoàn viên thanh niên năm 2023 (khóa II)", "youth", date(2023, 10, 9)),
    ("vocational", "học viên giáo dục nghề nghiệp năm 2023", "other", date(2023, 10, 23)),
    ("youth2022", "đoàn viên thanh niên năm 2022", "youth", date(2022, 10, 10)),
]
# The classes of 2020–2022 besides "youth2022" (name, target group, first day, last day, how
# many of the admitted members attended): 11 classes, 503 persons. The earlier classes are the
# larger: more of the term's admissions come after them.
TERM_CLASSES = [
    ("Lớp bồi dưỡng nhận thức về Đảng khóa I năm 2020", "youth", date(2020, 7, 6),
     date(2020, 7, 11), 63),
    ("Lớp bồi dưỡng nhận thức về Đảng khóa II năm 2020", "women", date(2020, 11, 2),
     date(2020, 11, 7), 60),
    ("Lớp bồi dưỡng nhận thức về Đảng khóa I năm 2021", "youth", date(2021, 3, 8),
     date(2021, 3, 13), 50),
    ("Lớp bồi dưỡng nhận thức về Đảng khóa II năm 2021", "workers", date(2021, 6, 7),
     date(2021, 6, 12), 45),
    ("Lớp bồi dưỡng nhận thức về Đảng khóa III năm 2021", "women", date(2021, 9, 13),
     date(2021, 9, 18), 45),
    ("Lớp bồi dưỡng nhận thức về Đảng khóa IV năm 2021", "other", date(2021, 12, 6),
     date(2021, 12, 11), 40),
    ("Lớp bồi dưỡng nhận thức về Đảng khóa I năm 2022", "youth", date(2022, 3, 7),
     date(2022, 3, 12), 40),
    ("Lớp bồi dưỡng nhận thức về Đảng khóa II năm 2022", "workers", date(2022, 5, 9),
     date(2022, 5, 14), 40),
    ("Lớp bồi dưỡng nhận thức về Đảng khóa III năm 2022", "women", date(2022, 7, 11),
     date(2022, 7, 16), 40),
    ("Lớp bồi dưỡng nhận thức về Đảng khóa IV năm 2022", "youth", date(2022, 9, 12),
     date(2022, 9, 17), 40),
    ("Lớp bồi dưỡng nhận thức về Đảng khóa V năm 2022", "other", date(2022, 12, 5),
     date(2022, 12, 10), 40),
]  # fmt: skip
# Days between the certificate and the earliest admission of someone who attended.
DAYS_BEFORE_ADMISSION = 14


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


def _other_cells(units: dict[str, Organization]) -> None:
    kind = OrganizationKind.objects.get(code="cell")
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    for key, code, name, sector in OTHER_CELLS:
        if key not in units:
            units[key] = organization_services.organization_create(
                acting_user=None,
                parent=units["THANH-LIEM"],
                code=code,
                name=name,
                kind=kind,
                sector=sectors.get(sector),
            )


def _bulk_trained(rng, awareness_class, cell, count, birth_years) -> None:
    """`count` persons of `cell` who passed `awareness_class`, in two bulk inserts."""
    persons = []
    for _ in range(count):
        data = random_person_data(rng, "THANH-LIEM", rng.choice(birth_years))
        data.pop("confirm_duplicate")
        data["youth_union_member"] = data["sex"] == "male" or rng.random() < 0.5
        data["women_union_member"] = data["sex"] == "female" and rng.random() < 0.6
        persons.append({**data, "organization": cell})
    # SQLite ≥ 3.35 and PostgreSQL set the primary keys of bulk inserts
    persons = people_services.person_bulk_create(rows=persons)
    day = awareness_class.ends_on
    first = awareness_class.enrolments.count() + 1
    Enrolment.objects.bulk_create(
        Enrolment(
            awareness_class=awareness_class,
            person=person,
            organization=cell,
            result=EnrolmentResult.PASSED,
            certificate_number=f"{first + index}-GCN/TTCT",
            certificate_date=day,
            certificate_expires_on=certificate_expiry(day),
        )
        for index, person in enumerate(persons)
    )


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
    classes = {
        key: _class(units, f"{CLASS_NAME} cho {whom}", group, starts, starts + timedelta(days=5))
        for key, whom, group, starts in DEMO_CLASSES
    }
    enrolments = []
    for key, count, group in KIEN_KHE_SENT:
        enrolments += _enrol(rng, classes[group], units[key], "KIEN-KHE", count, range(1992, 2004))
    student_cell = _student_cell(units)
    enrolments += _enrol(
        rng, classes["students"], student_cell, "THANH-LIEM", STUDENT_CLASS_SIZE, [2005, 2006]
    )
    _pass_all(enrolments)
    _other_cells(units)
    for class_key, cell_key, count in OTHER_SENT:
        _bulk_trained(rng, classes[class_key], units[cell_key], count, range(1990, 2005))
    term = [
        _class(units, name, group, starts_on, ends_on)
        for name, group, starts_on, ends_on, _ in TERM_CLASSES
    ]
    log(
        f"  {len(classes) + len(term)} lớp bồi dưỡng nhận thức về Đảng (Thanh Liêm 2020–2023): "
        f"Kiện Khê cử 16, lớp học sinh 36; {THANH_LIEM_TRAINED_WAITING} quần chúng đã bồi "
        "dưỡng đang chờ kết nạp"
    )
    return [*classes.values(), *term]


def enrol_admitted(units: dict[str, Organization], admitted: list) -> int:
    """Put the members of Thanh Liêm admitted in the term (`admitted`: saved Member objects
    with their person) into the classes of 2020–2022, each member in a class whose certificate
    is dated at least DAYS_BEFORE_ADMISSION days before their admission: the latest class
    first, taking the members admitted soonest after it. Two queries; returns how many."""
    names = [row[0] for row in TERM_CLASSES]
    classes = {
        c.name: c
        for c in AwarenessClass.objects.filter(organization=units["THANH-LIEM"], name__in=names)
    }
    if len(classes) != len(names):
        return 0
    taken: set[int] = set()
    rows = []
    pending = sorted(admitted, key=lambda m: (m.admission_decided_on, m.pk))
    for name, _, _, ends_on, size in sorted(TERM_CLASSES, key=lambda row: row[3], reverse=True):
        earliest = ends_on + timedelta(days=DAYS_BEFORE_ADMISSION)
        chosen = [m for m in pending if m.pk not in taken and m.admission_decided_on >= earliest]
        if len(chosen) < size:
            raise ValueError(f"not enough admitted members after {name}")
        for number, member in enumerate(chosen[:size], start=1):
            taken.add(member.pk)
            rows.append(
                Enrolment(
                    awareness_class=classes[name],
                    person_id=member.person_id,
                    organization_id=member.organization_id,
                    result=EnrolmentResult.PASSED,
                    certificate_number=f"{number}-GCN/TTCT",
                    certificate_date=ends_on,
                    certificate_expires_on=certificate_expiry(ends_on),
                )
            )
    Enrolment.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
