"""Every URL pattern of the project, classified for the access-matrix test.

A new page or API route must be added here, or test_access_matrix fails. Kinds:

- `Public(...)`: reachable without a login and shows no domain data (login, schema, docs).
- `NoData(...)`: needs a login but shows no domain data (a redirect, the API index).
- `Collection(build, params)`: a list. `build(tree, unit)` creates something belonging to
  `unit` and returns a text (a name) that the list shows for it; the list of a viewer must
  show it for the viewer's own unit and never for a unit outside the viewer's subtree.
- `National(build, methods)`: data of no unit (the calendar); readers read, only the
  administrator writes (`build(tree)` returns the URL kwargs).
- `ObjectRoute(build, methods)`: a page or endpoint about one object. `build(tree, unit)`
  creates an object belonging to `unit` and returns the URL kwargs; outside the viewer's
  subtree every method must answer 404 (or 405 where the method does not exist at all).
"""

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model


@dataclass(frozen=True)
class Public:
    note: str = ""


@dataclass(frozen=True)
class NoData:
    note: str = ""


@dataclass(frozen=True)
class Collection:
    build: Callable
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class National:
    """Data that belongs to no unit (the working-day calendar): every logged-in user reads
    it, only the administrator writes. `build(tree)` returns the URL kwargs."""

    build: Callable
    methods: tuple = ("post", "put", "patch", "delete")


@dataclass(frozen=True)
class ObjectRoute:
    build: Callable
    methods: tuple = ("get", "post", "put", "patch", "delete")


_serial = itertools.count(1)


def unique(prefix: str) -> str:
    """A fresh name: `build` runs several times for the same unit in one test."""
    return f"{prefix}{next(_serial)}"


def unit_kwargs(tree, unit):
    return {"pk": unit.pk}


def unit_name(tree, unit):
    return unit.name


def user_in(tree, unit):
    user = get_user_model().objects.create(username=unique("nguoidung"), organization=unit)
    return f'"{user.username}"'


def audit_of(tree, unit):
    return unit.name


def account_of_dissolved(unit):
    """An account left on `unit` once the unit is dissolved."""
    from datetime import date

    from ptdv.organizations.models import Organization

    Organization.objects.filter(pk=unit.pk).update(valid_to=date(2025, 6, 30))
    user = get_user_model().objects.create(username=unique("taikhoancu"), organization=unit)
    return f"{user.username} —"


def reorganisation_of(unit):
    """A renaming of `unit` under a decision; returns the decision number."""
    from datetime import date

    from ptdv.organizations import reorganisation

    number = unique("QĐ-DT-")
    decision = reorganisation.Decision(number, date(2025, 6, 1), "Tỉnh ủy", date(2025, 7, 1))
    reorganisation.rename(acting_user=None, unit=unit, name=unique(unit.name), decision=decision)
    return number


ROUTES: dict[str, object] = {
    "home": NoData("chuyển tới đơn vị của người dùng"),
    "accounts:login": Public(),
    "accounts:logout": Public(),
    # The second factor of the privileged roles: the user's own device, nobody else's.
    "accounts:two-factor": NoData("mã xác thực của chính người dùng"),
    "accounts:two-factor-enrol": NoData("mã QR của chính người dùng"),
    "api-token": Public(),
    "api-schema": Public("lược đồ OpenAPI, không có dữ liệu"),
    "api-docs": Public("trang tài liệu API"),
    "api-root": NoData("danh mục API"),
    "organizations:tree": Collection(unit_name),
    "organizations:search": Collection(unit_name, params={"q": "chi bo thon"}),
    "organizations:detail": ObjectRoute(unit_kwargs),
    "organizations:children": ObjectRoute(unit_kwargs),
    "organizations:create": ObjectRoute(unit_kwargs),
    "organizations:edit": ObjectRoute(unit_kwargs),
    "organizations:audit": ObjectRoute(unit_kwargs),
    "organizations:reorganisation": ObjectRoute(unit_kwargs),
    "organizations:merge": ObjectRoute(unit_kwargs),
    "organizations:split": ObjectRoute(unit_kwargs),
    "organizations:move": ObjectRoute(unit_kwargs),
    "organizations:rename": ObjectRoute(unit_kwargs),
    "organizations:change-kind": ObjectRoute(unit_kwargs),
    "organizations:dissolve": ObjectRoute(unit_kwargs),
    "organizations:dissolved-accounts": Collection(lambda tree, unit: account_of_dissolved(unit)),
    "reorganisation-list": Collection(lambda tree, unit: reorganisation_of(unit)),
    "reorganisation-merge": ObjectRoute(unit_kwargs, methods=("post",)),
    "reorganisation-split": ObjectRoute(unit_kwargs, methods=("post",)),
    "reorganisation-move": ObjectRoute(unit_kwargs, methods=("post",)),
    "reorganisation-rename": ObjectRoute(unit_kwargs, methods=("post",)),
    "reorganisation-change-kind": ObjectRoute(unit_kwargs, methods=("post",)),
    "reorganisation-dissolve": ObjectRoute(unit_kwargs, methods=("post",)),
    "organization-list": Collection(unit_name),
    "organization-detail": ObjectRoute(unit_kwargs),
    "user-list": Collection(user_in),
    "user-detail": ObjectRoute(
        lambda tree, unit: {
            "pk": get_user_model().objects.create(username=unique("u"), organization=unit).pk
        }
    ),
    "audit-event-list": Collection(audit_of),
    "audit-event-detail": ObjectRoute(
        lambda tree, unit: {
            "pk": __import__("ptdv.accounts.models", fromlist=["AuditEvent"])
            .AuditEvent.objects.filter(organization=unit)
            .first()
            .pk
        }
    ),
}


# ---- targets (issue 5) -------------------------------------------------------------------


def target_in(tree, unit):
    """A target of `unit`; returns its document text, which the API list shows."""
    from datetime import date

    from ptdv.targets.models import Target, TargetKind

    document = unique("Công văn CT-")
    year = 2000 + Target.objects.filter(organization=unit).count()  # one target per year
    Target.objects.create(
        organization=unit,
        kind=TargetKind.ASSIGNED,
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        min_value=10,
        document=document,
    )
    return document


def target_kwargs(tree, unit):
    from ptdv.targets.models import Target

    target_in(tree, unit)
    return {"pk": Target.objects.filter(organization=unit).latest("pk").pk}


def oversight_kwargs(tree, unit):
    from datetime import date

    from ptdv.targets.models import Oversight

    oversight = Oversight.objects.create(
        organization=unit, follower_name=unique("Đồng chí "), starts_on=date(2024, 1, 1)
    )
    return {"pk": oversight.pk}


def oversight_name(tree, unit):
    from ptdv.targets.models import Oversight

    oversight_kwargs(tree, unit)
    return Oversight.objects.filter(organization=unit).latest("pk").follower_name


ROUTES.update(
    {
        "targets:oversight": ObjectRoute(unit_kwargs),
        "oversight-list": Collection(oversight_name),
        "oversight-detail": ObjectRoute(oversight_kwargs),
        "targets:oversight-reports": ObjectRoute(oversight_kwargs),
        "targets:unit": ObjectRoute(unit_kwargs),
        "targets:create": ObjectRoute(unit_kwargs),
        "targets:ranking": ObjectRoute(unit_kwargs),
        "targets:watch": ObjectRoute(unit_kwargs),
        "target-list": Collection(target_in),
        "target-detail": ObjectRoute(target_kwargs),
        "target-achievement": ObjectRoute(target_kwargs),
        "target-watch-detail": ObjectRoute(unit_kwargs),
        "ranking-detail": ObjectRoute(unit_kwargs),
    }
)
# ---- end of targets ----------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# Issue 4 — people (persons, members, transfers, exits) and training (awareness classes).
# ---------------------------------------------------------------------------------------------


def _person(unit, prefix="Nguyễn Văn Thử"):
    from tests.factories import RecordedPersonFactory

    return RecordedPersonFactory(
        organization=unit, full_name=unique(f"{prefix} "), sex="male", birth_date=None
    )


def _member(unit):
    from datetime import date

    from tests.factories import RecordedMemberFactory

    return RecordedMemberFactory(
        organization=unit,
        person=_person(unit, "Trần Thị Đảng Viên"),
        admission_decided_on=date(2024, 5, 19),
        status="probationary",
        official_from=None,
    )


def person_name(tree, unit):
    return _person(unit).full_name


def person_kwargs(tree, unit):
    return {"pk": _person(unit).pk}


def member_name(tree, unit):
    return _member(unit).person.full_name


def member_kwargs(tree, unit):
    return {"pk": _member(unit).pk}


def _seat(unit):
    from datetime import date

    from ptdv.people.services import committee_seat_add

    member = _member(unit)
    return committee_seat_add(
        acting_user=None, organization=unit, member=member, term="2025–2030",
        started_on=date(2025, 1, 1),
    )  # fmt: skip


def seat_name(tree, unit):
    return _seat(unit).member.person.full_name


def seat_kwargs(tree, unit):
    return {"pk": _seat(unit).pk}


def transfer_kwargs(tree, unit):
    """A transfer from `unit` to a new sibling cell: only the unit's side sees it."""
    from datetime import date

    from ptdv.organizations import services as org_services
    from ptdv.organizations.models import OrganizationKind
    from ptdv.people.services import member_transfer_request

    code = unique("NHAN")
    sibling = org_services.organization_create(
        acting_user=None,
        parent=unit.parent,
        code=code,
        name=f"Chi bộ tiếp nhận {code}",
        kind=OrganizationKind.objects.get(code="cell"),
    )
    transfer = member_transfer_request(
        acting_user=None,
        member=_member(unit),
        to_organization=sibling,
        requested_on=date(2025, 3, 1),
    )
    return {"pk": transfer.pk}


def transfer_name(tree, unit):
    from ptdv.people.models import MemberTransfer

    pk = transfer_kwargs(tree, unit)["pk"]
    return MemberTransfer.objects.get(pk=pk).member.person.full_name


def _enrolment(unit):
    """A class organised by the unit's parent committee, with a student sent by the unit."""
    from datetime import date

    from ptdv.training.services import awareness_class_create, enrolment_create

    awareness_class = awareness_class_create(
        acting_user=None,
        organization=unit.parent,
        name=unique("Lớp bồi dưỡng nhận thức về Đảng khóa "),
        issuing_body="Trung tâm Chính trị",
        target_group="youth",
        starts_on=date(2025, 3, 3),
        ends_on=date(2025, 3, 7),
    )
    return enrolment_create(
        acting_user=None, awareness_class=awareness_class, person=_person(unit, "Lê Văn Học")
    )


def class_name(tree, unit):
    return _enrolment(unit).awareness_class.name


def class_kwargs(tree, unit):
    return {"pk": _enrolment(unit).awareness_class_id}


def enrolment_name(tree, unit):
    return _enrolment(unit).person.full_name


def enrolment_kwargs(tree, unit):
    return {"pk": _enrolment(unit).pk}


TRAINING_ROUTES = {
    "training:index": Collection(class_name),
    "training:unit": ObjectRoute(unit_kwargs),
    "training:class-create": ObjectRoute(unit_kwargs),
    "training:class": ObjectRoute(class_kwargs),
    "training:enrol": ObjectRoute(class_kwargs),
    "training:result": ObjectRoute(enrolment_kwargs),
    "awareness-class-list": Collection(class_name),
    "awareness-class-detail": ObjectRoute(class_kwargs),
    "awareness-class-enrol": ObjectRoute(class_kwargs),
    "awareness-class-trained-not-admitted": NoData(
        "một con số cho đơn vị của người gọi; đơn vị khác ngoài phạm vi trả 404 "
        "(tests/training/test_api.py)"
    ),
    "enrolment-list": Collection(enrolment_name),
    "enrolment-detail": ObjectRoute(enrolment_kwargs),
    "enrolment-result": ObjectRoute(enrolment_kwargs),
}

PEOPLE_ROUTES = {
    "people:members": ObjectRoute(unit_kwargs),
    "people:person-create": ObjectRoute(unit_kwargs),
    "people:person": ObjectRoute(person_kwargs),
    "people:person-edit": ObjectRoute(person_kwargs),
    "people:transfer": ObjectRoute(member_kwargs),
    "people:exit": ObjectRoute(member_kwargs),
    "people:transfer-confirm": ObjectRoute(transfer_kwargs),
    "person-list": Collection(person_name),
    "people:search": Collection(person_name, params={"q": "nguyen van thu"}),
    "person-search": Collection(person_name, params={"q": "nguyen van thu"}),
    "person-detail": ObjectRoute(person_kwargs),
    "member-list": Collection(member_name),
    "member-detail": ObjectRoute(member_kwargs),
    "member-transfer": ObjectRoute(member_kwargs),
    "member-exit": ObjectRoute(member_kwargs),
    "transfer-list": Collection(transfer_name),
    "transfer-detail": ObjectRoute(transfer_kwargs),
    "transfer-confirm": ObjectRoute(transfer_kwargs),
}


ROUTES.update(TRAINING_ROUTES)
ROUTES.update(PEOPLE_ROUTES)
# ---- end of issue 4 (people, training) ------------------------------------------------------


# ---- recruitment (candidates, dossiers, worklist, stage board) ------------------------------


def _recruitment_candidate(tree, unit):
    from datetime import date

    from ptdv.recruitment import services as recruitment_services
    from ptdv.recruitment.demo import make_person

    person = make_person(unique("Quần Chúng Thử "), date(2000, 1, 1), organization=unit)
    return recruitment_services.candidate_create(
        acting_user=None,
        person=person,
        organization=unit,
        source="other",
        listed_on=date(2024, 1, 1),
    )


def recruitment_candidate_name(tree, unit):
    return _recruitment_candidate(tree, unit).person.full_name


def recruitment_candidate_kwargs(tree, unit):
    return {"pk": _recruitment_candidate(tree, unit).pk}


def recruitment_dossier_kwargs(tree, unit):
    return {"pk": _recruitment_candidate(tree, unit).dossiers.get().pk}


RECRUITMENT_ROUTES = {
    "recruitment:home": NoData("chuyển tới danh sách của đơn vị người dùng"),
    "recruitment:candidates": ObjectRoute(unit_kwargs),
    "recruitment:candidate_create": ObjectRoute(unit_kwargs),
    "recruitment:board": ObjectRoute(unit_kwargs),
    "recruitment:worklist": ObjectRoute(unit_kwargs),
    "recruitment:dossier": ObjectRoute(recruitment_dossier_kwargs),
    "recruitment:review": ObjectRoute(recruitment_dossier_kwargs),
    "recruitment:transition": ObjectRoute(
        lambda tree, unit: {**recruitment_dossier_kwargs(tree, unit), "action": "nominate"}
    ),
    "recruitment:enlist_trained": ObjectRoute(enrolment_kwargs),
    "recruitment:mentor": ObjectRoute(recruitment_dossier_kwargs),
    "candidate-mentor": ObjectRoute(recruitment_candidate_kwargs),
    "candidate-list": Collection(recruitment_candidate_name),
    "candidate-detail": ObjectRoute(recruitment_candidate_kwargs),
    "dossier-list": Collection(recruitment_candidate_name),
    "dossier-detail": ObjectRoute(recruitment_dossier_kwargs),
}
for _name in (
    "nominate",
    "record-certificate",
    "assign-helper",
    "open",
    "add-verification",
    "start-verification",
    "answer-verification",
    "complete-verification",
    "introduce",
    "cell-resolve",
    "grassroots-resolve",
    "submit",
    "extend-deadline",
    "decide-admission",
    "reject",
    "hold-ceremony",
    "recognition-vote",
    "recognize",
    "strike-off",
    "drop",
    "transfer",
):
    RECRUITMENT_ROUTES[f"dossier-{_name}"] = ObjectRoute(recruitment_dossier_kwargs)
ROUTES.update(RECRUITMENT_ROUTES)


# --- reports (issue 6) ---------------------------------------------------------------------
# Every report page, export and API endpoint is about one unit: outside the viewer's subtree
# it answers 404; GET only (other methods 405).
REPORT_ROUTES = {
    name: ObjectRoute(unit_kwargs)
    for name in (
        "reports:dashboard",
        "reports:people",
        "reports:makeup-xlsx",
        "reports:people-xlsx",
        "reports:briefing-pdf",
        "report-statistics",
        "report-trends",
    )
}
ROUTES.update(REPORT_ROUTES)
# The trained-not-admitted list and the statistical form (issue 6, remaining points).
ROUTES.update(
    {
        name: ObjectRoute(unit_kwargs)
        for name in ("reports:trained", "reports:form", "reports:form-xlsx")
    }
)
# --- end of reports ------------------------------------------------------------------------


# ---- imports (issue 7: Excel imports, exports, hand-over file) ------------------------------


def _import_job(unit):
    from ptdv.imports.models import ImportJob

    return ImportJob.objects.create(
        kind="members",
        organization=unit,
        file_name=unique("danh-sach-dang-vien-") + ".xlsx",
        content=b"",
    )


def import_job_name(tree, unit):
    return _import_job(unit).file_name


def import_job_kwargs(tree, unit):
    return {"pk": _import_job(unit).pk}


IMPORT_PAGE_ROUTES = {
    "imports:index": Collection(import_job_name),
    "imports:template": NoData("tệp mẫu; trang «Danh mục chi bộ» chỉ có chi bộ trong phạm vi"),
    "imports:job": ObjectRoute(import_job_kwargs),
    "imports:commit": ObjectRoute(import_job_kwargs),
    "imports:retry": ObjectRoute(import_job_kwargs),
    "imports:errors": ObjectRoute(import_job_kwargs),
    "imports:export-members": ObjectRoute(unit_kwargs),
    "imports:export-candidates": ObjectRoute(unit_kwargs),
    "imports:handover": ObjectRoute(unit_kwargs),
    # The list exports of a unit's subtree (issue 7, point 3).
    "imports:export-classes": ObjectRoute(unit_kwargs),
    "imports:export-dossiers": ObjectRoute(unit_kwargs),
    "imports:export-targets": ObjectRoute(unit_kwargs),
    "imports:export-tree": ObjectRoute(unit_kwargs),
}
IMPORT_API_ROUTES = {
    "import-job-list": Collection(import_job_name),
    "import-job-detail": ObjectRoute(import_job_kwargs),
    "import-job-commit": ObjectRoute(import_job_kwargs),
    "import-job-retry": ObjectRoute(import_job_kwargs),
}


ROUTES.update(IMPORT_PAGE_ROUTES)
ROUTES.update(IMPORT_API_ROUTES)
# ---- end of imports ---------------------------------------------------------------------


# ---- documents (issue 16: papers, scans, dossier packages, reports as Party documents) ----


PDF_BYTES = b"%PDF-1.4\n%%EOF\n"


def _stored(prefix: str) -> tuple[str, str]:
    """A real file on disk (the download checks it), and its checksum."""
    import hashlib

    from ptdv.documents.services import write_file

    relative = unique(prefix) + ".pdf"
    write_file(relative, PDF_BYTES)
    return relative, hashlib.sha256(PDF_BYTES).hexdigest()


def _attachment_kwargs(tree, unit):
    from ptdv.documents.models import Attachment
    from ptdv.recruitment.models import Dossier

    dossier = Dossier.objects.get(pk=recruitment_dossier_kwargs(tree, unit)["pk"])
    stored_as, sha256 = _stored("thu/")
    attachment = Attachment.objects.create(
        dossier=dossier,
        step="dossier_open",
        title=unique("Đơn viết tay "),
        file_name="don.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256=sha256,
        stored_as=stored_as,
    )
    return {"pk": attachment.pk}


def _received_file_kwargs(tree, unit):
    from ptdv.documents.models import ReceivedFile, ReceivedPackage

    package = ReceivedPackage.objects.create(
        organization=unit,
        person_name=unique("Người Nhận "),
        source_unit="Chi bộ khác",
        manifest={},
        sha256="0" * 64,
    )
    stored_as, sha256 = _stored("nhan/")
    received = ReceivedFile.objects.create(
        package=package,
        name="van-ban/01-don-xin-vao-dang.pdf",
        kind="document",
        title="Đơn xin vào Đảng",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256=sha256,
        stored_as=stored_as,
    )
    return {"pk": received.pk}


def calendar_day_kwargs(tree):
    from datetime import date

    from ptdv.core.models import CalendarDay

    row, _ = CalendarDay.objects.get_or_create(
        day=date(2031, 3, 3), defaults={"kind": "day_off", "note": "Nghỉ bù"}
    )
    return {"pk": row.pk}


ROUTES.update(
    {
        "documents:dossier": ObjectRoute(recruitment_dossier_kwargs),
        "documents:dossier-document": ObjectRoute(
            lambda tree, unit: {
                **recruitment_dossier_kwargs(tree, unit),
                "key": "00-bia-ho-so",
                "fmt": "pdf",
            }
        ),
        "documents:attach": ObjectRoute(recruitment_dossier_kwargs),
        "documents:package": ObjectRoute(recruitment_dossier_kwargs),
        "documents:attachment": ObjectRoute(_attachment_kwargs),
        "documents:received": ObjectRoute(unit_kwargs),
        "documents:received-file": ObjectRoute(_received_file_kwargs),
        "documents:report": ObjectRoute(lambda tree, unit: {"pk": unit.pk, "fmt": "docx"}),
        "documents:statistics-form": ObjectRoute(lambda tree, unit: {"pk": unit.pk, "fmt": "docx"}),
        "calendar:calendar": National(lambda tree: {}, ("post",)),
        "calendar:delete": National(calendar_day_kwargs, ("post",)),
        "calendar-day-list": National(lambda tree: {}, ("post",)),
        "calendar-day-detail": National(calendar_day_kwargs, ("put", "patch", "delete")),
    }
)
# Committee seats per term (R24), people app API.
ROUTES.update(
    {
        "committee-seat-list": Collection(seat_name),
        "committee-seat-detail": ObjectRoute(seat_kwargs),
        "committee-seat-end": ObjectRoute(seat_kwargs),
    }
)
# ---- end of documents and calendar --------------------------------------------------


# ---- ids in bodies and query strings ------------------------------------------------------
# A route that takes the id of an object in its body or its query string is tried with an
# object of the viewer's own subtree (it must be accepted: the check can fail) and with the
# same kind of object outside it (it must be refused, nothing written, nothing shown).
# A transfer's destination (`to_organization`, the dossier's `transfer` step) is the one id
# that may lie outside the subtree: a member moves to any cell of the Party.


@dataclass(frozen=True)
class ForeignId:
    """`route` with `field` naming an object that `build(tree, unit)` makes in `unit`.
    `method` "post": `build` returns the id, sent in the body with the other fields of
    `body(tree, own)`. "get": `build` returns (id, a text the answer shows for that object),
    the id sent in the query string. `url(tree, own)` gives the URL kwargs (the viewer's own
    object), none by default. `viewers` limits the test to these personas (by username)
    where the others' "own" object is not theirs (a cell's parent committee)."""

    route: str
    method: str
    field: str
    build: Callable
    body: Callable = lambda tree, own: {}
    url: Callable = lambda tree, own: {}
    viewers: tuple = ()


def unit_id(tree, unit):
    return unit.pk


def person_id(tree, unit):
    return _person(unit).pk


def official_member_id(tree, unit):
    from tests.factories import RecordedMemberFactory

    return RecordedMemberFactory(organization=unit, person=_person(unit, "Đỗ Văn Chính Thức")).pk


def class_id(tree, unit):
    return class_kwargs(tree, unit)["pk"]


def user_id(tree, unit):
    return get_user_model().objects.create(username=unique("phutrach"), organization=unit).pk


def _class_body(tree, own):
    return {
        "name": unique("Lớp nhận thức khóa "),
        "issuing_body": "Trung tâm Chính trị",
        "target_group": "youth",
        "starts_on": "2025-03-03",
        "ends_on": "2025-03-07",
    }


def _new_person_body(tree, own):
    return {"full_name": unique("Phan Thị Mới "), "sex": "female", "birth_date": "1999-09-09"}


def _target_body(tree, own):
    from ptdv.targets.models import Target

    year = 2000 + Target.objects.filter(organization=own).count()
    return {
        "kind": "assigned",
        "measure": "count",
        "period_start": f"{year}-01-01",
        "period_end": f"{year}-12-31",
        "min_value": "5",
    }


def _dossier_of(tree, own):
    return recruitment_dossier_kwargs(tree, own)


def _certified_dossier(tree, own):
    """A dossier at the step where a helper is assigned (its class certificate recorded)."""
    from ptdv.recruitment.models import Dossier, DossierState

    kwargs = recruitment_dossier_kwargs(tree, own)
    Dossier.objects.filter(pk=kwargs["pk"]).update(state=DossierState.CLASS_CERTIFIED)
    return kwargs


def parent_id(tree, unit):
    return unit.parent_id


FOREIGN_IDS = [
    # The API: ids in JSON bodies.
    ForeignId(
        "organization-list", "post", "parent", parent_id,
        body=lambda tree, own: {"code": unique("MOI"), "name": unique("Chi bộ mới "),
                                "kind": "cell"},
        viewers=("office_c1", "officer_p1"),
    ),
    ForeignId("target-list", "post", "organization", unit_id, body=_target_body),
    ForeignId("awareness-class-list", "post", "organization", parent_id, body=_class_body,
              viewers=("office_c1", "officer_p1")),
    ForeignId("awareness-class-enrol", "post", "person", person_id,
              url=lambda tree, own: class_kwargs(tree, own)),
    ForeignId("person-list", "post", "organization", unit_id, body=_new_person_body),
    ForeignId(
        "member-list", "post", "person", person_id,
        body=lambda tree, own: {"organization": own.pk, "admission_decided_on": "2024-05-19"},
    ),
    ForeignId(
        "member-list", "post", "organization", unit_id,
        body=lambda tree, own: {"person": _person(own).pk, "admission_decided_on": "2024-05-19"},
    ),
    ForeignId(
        "committee-seat-list", "post", "member", official_member_id,
        body=lambda tree, own: {"organization": own.pk, "term": "2025–2030",
                                "started_on": "2025-01-01"},
    ),
    ForeignId(
        "committee-seat-list", "post", "organization", unit_id,
        body=lambda tree, own: {"member": official_member_id(tree, own), "term": "2025–2030",
                                "started_on": "2025-01-01"},
    ),
    ForeignId(
        "candidate-list", "post", "organization", unit_id,
        body=lambda tree, own: {**_new_person_body(tree, own), "source": "youth_union",
                                "listed_on": "2024-01-01"},
    ),
    ForeignId(
        "candidate-list", "post", "existing_person", person_id,
        body=lambda tree, own: {"organization": own.pk, "source": "youth_union",
                                "listed_on": "2024-01-01"},
    ),
    ForeignId("candidate-mentor", "post", "member", official_member_id,
              body=lambda tree, own: {"on": "2024-02-01"},
              url=lambda tree, own: recruitment_candidate_kwargs(tree, own)),
    ForeignId("dossier-assign-helper", "post", "helper", official_member_id,
              body=lambda tree, own: {"meeting_date": "2024-02-01",
                                      "expected_state": "class_certified"},
              url=_certified_dossier),
    # The pages: ids in form posts.
    ForeignId(
        "organizations:edit", "post", "parent", parent_id,
        body=lambda tree, own: {"code": own.code, "name": own.name, "kind": own.kind_id,
                                "sector": own.sector_id or ""},
        url=lambda tree, own: {"pk": own.pk},
    ),
    ForeignId("training:enrol", "post", "person", person_id,
              url=lambda tree, own: class_kwargs(tree, own)),
    ForeignId("recruitment:mentor", "post", "member", official_member_id,
              body=lambda tree, own: {"on": "01/02/2024"}, url=_dossier_of),
    ForeignId(
        "targets:oversight", "post", "follower_user", user_id,
        body=lambda tree, own: {"follower_name": unique("Đồng chí "), "starts_on": "01/01/2025"},
        url=lambda tree, own: {"pk": own.pk},
    ),
    # Query strings: a list limited to one unit (or one class) of the viewer's choice.
    *[
        ForeignId(name, "get", "organization",
                  lambda tree, unit, shows=shows: (unit.pk, shows(tree, unit)))
        for name, shows in (
            ("target-list", target_in),
            ("oversight-list", oversight_name),
            ("person-list", person_name),
            ("member-list", member_name),
            ("candidate-list", recruitment_candidate_name),
            ("dossier-list", recruitment_candidate_name),
            ("committee-seat-list", seat_name),
            ("user-list", user_in),
            ("audit-event-list", audit_of),
        )
    ],
    ForeignId("organization-list", "get", "parent",
              lambda tree, unit: (unit.parent_id, unit.name)),
    ForeignId("enrolment-list", "get", "awareness_class",
              lambda tree, unit: (lambda e: (e.awareness_class_id, e.person.full_name))(
                  _enrolment(unit))),
]  # fmt: skip
