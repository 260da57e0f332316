"""Scoped reads for exports: the rows of a unit's member list and of the hand-over file."""

from datetime import date

from django.db.models import Q

from ptdv.accounts.permissions import Action, user_can
from ptdv.core.formatting import format_date
from ptdv.imports.kinds import KINDS
from ptdv.imports.members import PERSON_PROFILE
from ptdv.organizations.models import Organization
from ptdv.organizations.scope import subtree_filter
from ptdv.people.models import Member, Sex
from ptdv.people.selectors import members_of
from ptdv.recruitment.models import Candidate, CandidateStatus

SENSITIVE = ("citizen_id", "ethnicity", "religion")


PERSON_FIELDS = ("full_name", "birth_date", "sex", "citizen_id", *PERSON_PROFILE)


def _person_values(person) -> dict:
    return {
        "person_id": person.pk,  # not a column: the audit of the export records who was shown
        **{name: getattr(person, name) for name in PERSON_FIELDS},
    }


def candidate_rows(user, unit: Organization) -> tuple[list[dict], bool]:
    """The candidates being followed in the unit's subtree, as rows of the candidate import
    template's columns (the export imports back)."""
    show_sensitive = user_can(user, Action.VIEW_SENSITIVE)
    candidates = (
        Candidate.objects.for_user(user)
        .filter(organization__path__under=unit.path, status=CandidateStatus.ACTIVE)
        .select_related("person", "organization")
        .order_by("person__sort_key", "pk")
    )
    rows = []
    for candidate in candidates.iterator(chunk_size=2000):
        row = {
            **_person_values(candidate.person),
            "unit_code": candidate.organization.code,
            "source": candidate.source,
            "listed_on": candidate.listed_on,
        }
        if not show_sensitive:
            for name in SENSITIVE:
                row[name] = ""
        rows.append(row)
    return rows, show_sensitive


# The member list's values, each read from its column (person, unit or member): one row of
# plain values per member, no model instance.
MEMBER_ROW_FIELDS = {
    "person_id": "person_id",
    **{name: f"person__{name}" for name in PERSON_FIELDS},
    "unit_code": "organization__code",
    "status": "status",
    "admission_decided_on": "admission_decided_on",
    "ceremony_on": "ceremony_on",
    "official_from": "official_from",
    "party_card_number": "party_card_number",
}


def member_rows(user, unit: Organization) -> tuple[list[dict], bool]:
    """The current members of the unit's subtree, as rows of the import template's columns
    (so the export imports back), read in one query of only those columns. Without the right
    to see them, CCCD, ethnicity and religion are left empty. Returns the rows and whether
    sensitive values are in them."""
    show_sensitive = user_can(user, Action.VIEW_SENSITIVE)
    names = tuple(MEMBER_ROW_FIELDS)
    values = members_of(user, unit).values_list(*MEMBER_ROW_FIELDS.values())
    rows = [dict(zip(names, row, strict=True)) for row in values]
    if not show_sensitive:
        hidden = dict.fromkeys(SENSITIVE, "")
        for row in rows:
            row.update(hidden)
    return rows, show_sensitive


# The hand-over file to the national party-member database: the order of the national
# member form (phiếu đảng viên, mẫu 2-HSĐV, Hướng dẫn 12-HD/BTCTW). docs/handover.md says
# which parts of this order are confirmed. Fields PTĐV does not hold are left empty.
HANDOVER_FIELDS: tuple[tuple[str, str], ...] = (
    ("full_name", "Họ và tên đang dùng"),
    ("birth_name", "Họ và tên khai sinh"),
    ("sex", "Giới tính"),
    ("birth_date", "Ngày, tháng, năm sinh"),
    ("birth_place", "Nơi sinh"),
    ("home_town", "Quê quán"),
    ("residence", "Nơi thường trú"),
    ("ethnicity", "Dân tộc"),
    ("religion", "Tôn giáo"),
    ("citizen_id", "Số CCCD"),
    ("occupation", "Nghề nghiệp hiện nay"),
    ("general_education", "Giáo dục phổ thông"),
    ("professional_level", "Chuyên môn nghiệp vụ"),
    ("political_theory", "Lý luận chính trị"),
    ("admission_decided_on", "Ngày vào Đảng"),
    ("admission_place", "Tại chi bộ"),
    ("official_from", "Ngày chính thức"),
    ("party_card_number", "Số thẻ đảng viên"),
    ("unit_code", "Mã chi bộ"),
    ("unit_name", "Chi bộ đang sinh hoạt"),
    ("event", "Thay đổi"),
)
ADMITTED, RECOGNIZED = "Kết nạp mới", "Công nhận chính thức"


def handover_rows(user, unit: Organization, start: date, end: date) -> list[list[str]]:
    """Members of the unit's subtree admitted or recognised as official between `start` and
    `end` (both included), one row each in HANDOVER_FIELDS order; one query."""
    columns = KINDS["members"].columns
    label = {c.name: c for c in columns}
    members = (
        Member.objects.for_user(user)
        .filter(subtree_filter(unit))
        .filter(Q(admission_decided_on__range=(start, end)) | Q(recognized_on__range=(start, end)))
        .select_related("person", "organization")
        .order_by("organization__sort_key", "person__sort_key", "pk")
    )
    rows = []
    for member in members:
        person = member.person
        admitted = member.admission_decided_on and start <= member.admission_decided_on <= end
        values = {
            "full_name": person.full_name,
            "sex": dict(Sex.choices).get(person.sex, ""),
            "birth_date": format_date(person.birth_date),
            "home_town": person.home_town,
            "residence": person.residence,
            "ethnicity": person.ethnicity,
            "religion": label["religion"].label_of(person.religion),
            "citizen_id": person.citizen_id,
            "occupation": person.occupation,
            "general_education": label["general_education"].label_of(person.general_education),
            "professional_level": label["professional_level"].label_of(person.professional_level),
            "admission_decided_on": format_date(member.admission_decided_on),
            "admission_place": member.organization.name if admitted else "",
            "official_from": format_date(member.official_from),
            "party_card_number": member.party_card_number,
            "unit_code": member.organization.code,
            "unit_name": member.organization.name,
            "event": ADMITTED if admitted else RECOGNIZED,
        }
        rows.append([values.get(name, "") for name, _ in HANDOVER_FIELDS])
    return rows
