"""Demo data: candidates and dossiers at every state for the seed cells, and the driver
`advance` that walks a dossier along the happy path through the services (tests use it too)."""

from datetime import date, timedelta

from ptdv.core.reference import GeneralEducation
from ptdv.people import services as people_services
from ptdv.people.models import Member, MemberStatus, Person, Sex
from ptdv.recruitment import services
from ptdv.recruitment.checks import official_members_on
from ptdv.recruitment.models import Dossier, DossierState, SourceOrganization

S = DossierState

# The happy path, in order; `advance` stops when the dossier reaches the target.
PATH = [
    S.SOURCE,
    S.NOMINATED_FOR_CLASS,
    S.CLASS_CERTIFIED,
    S.ASSIGNED_HELPER,
    S.DOSSIER_OPEN,
    S.VERIFYING,
    S.VERIFIED,
    S.INTRODUCED,
    S.CELL_PROPOSED,
    S.GRASSROOTS_PROPOSED,
    S.AWAITING_DECISION,
    S.ADMISSION_DECIDED,
    S.PROBATIONARY,
    S.RECOGNITION_PROPOSED,
    S.OFFICIAL,
]
# Days after the listing date at which each step happens (probation adds 12 months).
SPAN_TO_OFFICIAL = 600


def make_person(
    full_name,
    birth_date,
    *,
    organization,
    sex=Sex.MALE,
    education=GeneralEducation.UPPER_SECONDARY,
    youth_union=False,
    **extra,
) -> Person:
    """A person followed by `organization` (a cell), created through the people services."""
    return people_services.person_create(
        acting_user=None,
        organization=organization,
        full_name=full_name,
        birth_date=birth_date,
        sex=sex,
        general_education=education,
        youth_union_member=youth_union,
        confirm_duplicate=True,
        **extra,
    )


def make_member(
    full_name,
    cell,
    *,
    birth_date=date(1975, 5, 1),
    official_from=date(2010, 1, 1),
    sex=Sex.MALE,
    status=MemberStatus.OFFICIAL,
) -> Member:
    person = make_person(full_name, birth_date, organization=cell, sex=sex)
    return Member.objects.create(
        person=person,
        organization=cell,
        status=status,
        admission_decided_on=official_from - timedelta(days=365),
        official_from=official_from if status == MemberStatus.OFFICIAL else None,
    )


def advance(
    dossier: Dossier, target: str, *, base: date, members: list[Member], user=None, decider=None
) -> Dossier:
    """Walk `dossier` from its state to `target` along the happy path; step k happens on a
    fixed day after `base`. `members`: at least two official members of the cell."""
    steps = PATH[PATH.index(dossier.state) + 1 : PATH.index(target) + 1]
    decider = decider or user
    day = lambda n: base + timedelta(days=n)  # noqa: E731
    for step in steps:
        if step == S.NOMINATED_FOR_CLASS:
            services.dossier_nominate(acting_user=user, dossier=dossier, meeting_date=day(20))
        elif step == S.CLASS_CERTIFIED:
            services.dossier_record_certificate(
                acting_user=user,
                dossier=dossier,
                certificate_number=f"GCN-{dossier.pk:04d}",
                certificate_date=day(45),
                certificate_issuer="Trung tâm Chính trị",
            )
        elif step == S.ASSIGNED_HELPER:
            services.dossier_assign_helper(
                acting_user=user, dossier=dossier, helper=members[0], meeting_date=day(50)
            )
        elif step == S.DOSSIER_OPEN:
            services.dossier_open(
                acting_user=user, dossier=dossier, letter_date=day(60), history_date=day(62)
            )
        elif step == S.VERIFYING:
            services.verification_add(
                acting_user=user,
                dossier=dossier,
                relation="father",
                full_name="Cha của " + dossier.candidate.person.full_name.split()[-1],
            )
            services.dossier_start_verification(
                acting_user=user, dossier=dossier, stamped_on=day(65), sent_on=day(66)
            )
        elif step == S.VERIFIED:
            for request in dossier.verifications.all():
                services.verification_answer(
                    acting_user=user,
                    request=request,
                    answered_on=day(85),
                    result="Chấp hành tốt chủ trương, chính sách.",
                )
            services.dossier_complete_verification(
                acting_user=user, dossier=dossier, comment_on=day(88), certified_on=day(90)
            )
        elif step == S.INTRODUCED:
            services.dossier_introduce(
                acting_user=user,
                dossier=dossier,
                introduced_on=day(95),
                introducer_1=members[0],
                introducer_1_since=base - timedelta(days=500),
                introducer_2=members[1],
                introducer_2_since=base - timedelta(days=450),
            )
        elif step == S.CELL_PROPOSED:
            official = official_members_on(dossier.organization, day(100)).count()
            services.dossier_cell_resolve(
                acting_user=user,
                dossier=dossier,
                meeting_date=day(100),
                votes_for=official,
                votes_against=0,
                document_number=f"{dossier.pk}-NQ/CB",
            )
        elif step == S.GRASSROOTS_PROPOSED:
            services.dossier_grassroots_resolve(
                acting_user=user,
                dossier=dossier,
                meeting_date=day(110),
                committee_members=9,
                votes_for=9,
                votes_against=0,
                document_number=f"{dossier.pk}-NQ/ĐU",
            )
        elif step == S.AWAITING_DECISION:
            services.dossier_submit(acting_user=user, dossier=dossier, submitted_on=day(112))
        elif step == S.ADMISSION_DECIDED:
            services.dossier_decide_admission(
                acting_user=decider,
                dossier=dossier,
                decision_number=f"{dossier.pk}-QĐ/ĐU",
                decision_date=day(130),
                received_on=day(132),
            )
        elif step == S.PROBATIONARY:
            services.dossier_hold_ceremony(
                acting_user=user, dossier=dossier, ceremony_date=day(140)
            )
        elif step == S.RECOGNITION_PROPOSED:
            vote_on = dossier.probation_end + timedelta(days=7)
            official = official_members_on(dossier.organization, vote_on).count()
            services.dossier_recognition_vote(
                acting_user=user,
                dossier=dossier,
                meeting_date=vote_on,
                votes_for=official,
                votes_against=0,
                document_number=f"{dossier.pk}-NQCT/CB",
                new_member_course_date=day(300),
            )
        elif step == S.OFFICIAL:
            services.dossier_recognize(
                acting_user=decider,
                dossier=dossier,
                decision_number=f"{dossier.pk}-QĐCT/ĐU",
                decision_date=dossier.recognition_resolution_date + timedelta(days=14),
                committee_members=9,
                votes_for=9,
            )
        dossier.refresh_from_db()
    return dossier


# Seed cells: (unit key, helpers, candidates). Candidates: name, birth, sex, source, target
# state, days before today of the listing. Names are invented, not real people.
F, M = Sex.FEMALE, Sex.MALE
DEMO = {
    "HUONG-LIEN/1": (
        ["Nguyễn Văn Hùng", "Trần Thị Lan", "Lê Đình Thắng", "Phan Văn Tú"],
        [
            ("Nguyễn Thị Hương", date(2000, 3, 12), F, "women_union", S.OFFICIAL, 700),
            ("Trần Văn Minh", date(1998, 7, 2), M, "militia", S.PROBATIONARY, 320),
            ("Lê Thị Thu Hà", date(2003, 1, 20), F, "youth_union", S.ADMISSION_DECIDED, 150),
            ("Phan Đức Anh", date(2004, 9, 9), M, "youth_union", S.VERIFYING, 80),
            ("Võ Thị Mai", date(1995, 5, 30), F, "women_union", S.SOURCE, 10),
        ],
    ),
    "KIEN-KHE/1": (
        ["Đỗ Văn Bình", "Nguyễn Thị Hòa", "Vũ Minh Quang"],
        [
            ("Phạm Thị Ngọc Ánh", date(2001, 2, 14), F, "youth_union", S.OFFICIAL, 680),
            ("Hoàng Văn Nam", date(1999, 11, 3), M, "enterprise", S.RECOGNITION_PROPOSED, 560),
            ("Đinh Thị Thảo", date(2002, 6, 18), F, "youth_union", S.AWAITING_DECISION, 200),
            ("Bùi Quốc Việt", date(2005, 4, 1), M, "school", S.NOMINATED_FOR_CLASS, 40),
        ],
    ),
    "KIEN-KHE/2": (
        ["Lương Văn Sơn", "Trịnh Thị Yến", "Mai Văn Lực"],
        [
            ("Nguyễn Hữu Phúc", date(1997, 8, 25), M, "militia", S.CELL_PROPOSED, 140),
            ("Trần Thị Bích Ngọc", date(2000, 12, 5), F, "women_union", S.INTRODUCED, 120),
            ("Lê Văn Cường", date(1994, 3, 3), M, "other", S.DROPPED, 90),
        ],
    ),
    "KIEN-KHE/3": (
        ["Phùng Văn Khải", "Đặng Thị Nga", "Tạ Quang Huy"],
        [
            ("Vũ Thị Lệ", date(2003, 10, 10), F, "youth_union", S.GRASSROOTS_PROPOSED, 160),
            ("Cao Văn Đạt", date(1996, 1, 28), M, "enterprise", S.VERIFIED, 110),
            ("Ngô Thị Hồng", date(1990, 6, 6), F, "religious", S.REJECTED, 150),
        ],
    ),
    "KIEN-KHE/4": (
        ["Hà Văn Toàn", "Kiều Thị Dung", "Quách Văn Lâm"],
        [
            ("Nguyễn Minh Khoa", date(2008, 5, 15), M, "school", S.CLASS_CERTIFIED, 70),
            ("Lại Thị Phương", date(2006, 2, 2), F, "school", S.ASSIGNED_HELPER, 75),
        ],
    ),
    "KIEN-KHE/5": (
        ["Tô Văn Hải", "Mạc Thị Loan", "Dương Văn Thịnh"],
        [
            ("Lý Thị Kim Oanh", date(1999, 9, 19), F, "enterprise", S.DOSSIER_OPEN, 70),
            ("Chu Văn Tiến", date(1993, 7, 7), M, "enterprise", S.STRUCK_OFF, 620),
            ("Âu Thị Diệu", date(1998, 4, 4), F, "enterprise", S.CERT_EXPIRED, 2000),
        ],
    ),
}


# Kiện Khê 2023 (seed article): "cử 16 đồng chí đi học lớp bồi dưỡng nhận thức về Đảng, …
# kết nạp 12 đảng viên", some of them Catholics. 12 admitted in 2023 (official since 2024), 4
# trained and not yet admitted.
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
MIDDLE = {Sex.MALE: ["Văn", "Đức", "Minh", "Quang"], Sex.FEMALE: ["Thị", "Thu", "Ngọc", "Thanh"]}
GIVEN = {
    Sex.MALE: ["Tuấn", "Dũng", "Khánh", "Long", "Thành", "Hiếu", "Trung", "Kiên"],
    Sex.FEMALE: ["Linh", "Trang", "Huyền", "Nhung", "Yến", "Thủy", "Vân", "Hằng"],
}
KIEN_KHE_2023_SENT, KIEN_KHE_2023_ADMITTED = 16, 12


def _kien_khe_2023(units: dict, members_by_key: dict) -> None:
    from ptdv.training.models import Enrolment

    keys = [key for key in members_by_key if key.startswith("KIEN-KHE/")]
    if not keys:
        return
    sent = list(
        Enrolment.objects.filter(
            organization__in=[units[key] for key in keys],
            awareness_class__starts_on__year=2023,
            result="passed",
        )
        .select_related("awareness_class", "organization", "person")
        .order_by("awareness_class__starts_on", "pk")[:KIEN_KHE_2023_SENT]
    )
    if sent:  # the training demo's 16: the same people go on to their dossiers
        key_of = {units[key].pk: key for key in keys}
        for index, enrolment in enumerate(sent):
            _kien_khe_dossier_from_class(
                enrolment, members_by_key[key_of[enrolment.organization_id]], index
            )
        return
    _kien_khe_2023_invented(units, members_by_key, keys)


def _kien_khe_dossier_from_class(enrolment, members, index: int) -> None:
    """A dossier that follows the class: nominated before it, certified by its certificate,
    then along the path; the first 12 admitted in 2023, the others still waiting."""
    course = enrolment.awareness_class
    base = course.ends_on - timedelta(days=45)  # `advance` certifies on day 45
    workers = course.target_group == "workers"
    candidate = services.candidate_create(
        acting_user=None,
        person=enrolment.person,
        organization=enrolment.organization,
        source=SourceOrganization.ENTERPRISE if workers else SourceOrganization.YOUTH_UNION,
        listed_on=base,
    )
    dossier = advance(candidate.dossiers.get(), S.NOMINATED_FOR_CLASS, base=base, members=members)
    services.dossier_record_certificate(acting_user=None, dossier=dossier, enrolment=enrolment)
    dossier.refresh_from_db()
    if index < KIEN_KHE_2023_ADMITTED:
        advance(dossier, S.OFFICIAL, base=base, members=members)


def _kien_khe_2023_invented(units: dict, members_by_key: dict, keys: list) -> None:
    """Without the training demo: 16 invented people, certified through their dossiers."""
    from ptdv.core.reference import Religion

    for index in range(KIEN_KHE_2023_SENT):
        key = keys[index % len(keys)]
        sex = Sex.FEMALE if index % 2 else Sex.MALE
        name = " ".join([FAMILY[index % 8], MIDDLE[sex][index % 4], GIVEN[sex][(index * 3) % 8]])
        catholic = index % 4 == 1
        person = make_person(
            name,
            date(1996 + index % 8, 1 + index % 12, 1 + index),
            sex=sex,
            youth_union=index % 3 == 0,
            religion=Religion.CATHOLICISM if catholic else Religion.NONE,
            organization=units[key],
        )
        base = date(2023, 1, 10) + timedelta(days=10 * index)
        source = "religious" if catholic else ("youth_union" if index % 3 == 0 else "other")
        candidate = services.candidate_create(
            acting_user=None,
            person=person,
            organization=units[key],
            source=SourceOrganization(source),
            listed_on=base,
        )
        target = S.OFFICIAL if index < KIEN_KHE_2023_ADMITTED else S.CLASS_CERTIFIED
        advance(candidate.dossiers.get(), target, base=base, members=members_by_key[key])


def build_demo_recruitment(units: dict, today: date | None = None) -> None:
    """Candidates and dossiers at every state for the seed cells (`units` from build_tree),
    and the Kiện Khê 2023 cohort of the seed article."""
    today = today or date.today()
    members_by_key = {}
    for key, (helper_names, candidates) in DEMO.items():
        cell = units.get(key)
        if cell is None:
            continue
        members = [make_member(name, cell) for name in helper_names]
        members_by_key[key] = members
        for name, birth, sex, source, target, days_ago in candidates:
            base = today - timedelta(days=days_ago)
            person = make_person(
                name, birth, organization=cell, sex=sex, youth_union=source == "youth_union"
            )
            candidate = services.candidate_create(
                acting_user=None,
                person=person,
                organization=cell,
                source=SourceOrganization(source),
                listed_on=base,
            )
            dossier = candidate.dossiers.get()
            _reach(dossier, target, base=base, members=members, today=today)
    _kien_khe_2023(units, members_by_key)


def _reach(dossier, target, *, base, members, today):
    if target in PATH:
        advance(dossier, target, base=base, members=members)
    elif target == S.DROPPED:
        advance(dossier, S.NOMINATED_FOR_CLASS, base=base, members=members)
        services.dossier_drop(
            acting_user=None,
            dossier=dossier,
            on=base + timedelta(days=40),
            reason="Chuyển đi làm ăn xa, không còn sinh hoạt tại địa phương.",
        )
    elif target == S.REJECTED:
        advance(dossier, S.INTRODUCED, base=base, members=members)
        services.dossier_reject(
            acting_user=None,
            dossier=dossier,
            on=base + timedelta(days=100),
            reason="Chi bộ biểu quyết không đạt 2/3 số đảng viên chính thức (R22).",
        )
    elif target == S.STRUCK_OFF:
        advance(dossier, S.PROBATIONARY, base=base, members=members)
        services.dossier_strike_off(
            acting_user=None,
            dossier=dossier,
            decision_number=f"{dossier.pk}-QĐXT/ĐU",
            decision_date=dossier.probation_end + timedelta(days=20),
            reason="Không đủ tư cách đảng viên trong thời gian dự bị (R36).",
        )
    elif target == S.CERT_EXPIRED:
        advance(dossier, S.VERIFIED, base=base, members=members)
        services.dossier_expire_certificate(acting_user=None, dossier=dossier, on=today)
