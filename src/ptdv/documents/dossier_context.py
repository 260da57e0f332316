"""What every paper of one admission dossier reads, fetched once (`context_for`), and the
pieces the papers share: dates, the person's fields, the vote as a resolution writes it, the
signatures."""

from dataclasses import dataclass
from datetime import date

from ptdv.core.formatting import format_date, format_percent
from ptdv.documents.layout import (
    Field,
    Header,
    Signature,
    committee,
    on_behalf_of,
    place_of,
)
from ptdv.organizations.authority import grassroots_of
from ptdv.people.models import CommitteeRole, CommitteeSeat, Member, Sex
from ptdv.recruitment.models import Dossier, DossierState, DossierTransition

S = DossierState


@dataclass
class Context:
    """What every paper of one dossier reads, fetched once."""

    dossier: Dossier
    cell: object
    grassroots: object
    steps: dict  # to_state → the last transition into it
    secretaries: dict  # unit id → secretary's name
    helper: str

    @property
    def person(self):
        return self.dossier.candidate.person

    def step(self, state) -> DossierTransition | None:
        return self.steps.get(state)

    def secretary(self, unit) -> str:
        return self.secretaries.get(unit.pk, "") if unit else ""


def context_for(dossier: Dossier) -> Context:
    cell = dossier.organization
    grassroots = grassroots_of(cell)
    steps = {t.to_state: t for t in dossier.transitions.select_related("actor_body")}
    units = {cell.pk, grassroots.pk}
    if dossier.decided_by_id:
        units.add(dossier.decided_by_id)
    decided = steps.get(S.OFFICIAL)
    if decided and decided.actor_body_id:
        units.add(decided.actor_body_id)
    # A committee's secretary: a member of that unit itself, or a member of one of its cells
    # who holds a seat on its committee (R24's seats).
    seated = CommitteeSeat.objects.filter(
        organization_id__in=units,
        ended_on__isnull=True,
        member__ended_on__isnull=True,
        member__committee_role=CommitteeRole.SECRETARY,
    ).values_list("organization_id", "member__person__full_name")
    direct = Member.objects.filter(
        organization_id__in=units, committee_role=CommitteeRole.SECRETARY, ended_on__isnull=True
    ).values_list("organization_id", "person__full_name")
    secretaries = {**dict(seated), **dict(direct)}
    mentor = (
        dossier.candidate.mentors.select_related("member__person").order_by("assigned_on").first()
    )
    return Context(
        dossier=dossier,
        cell=cell,
        grassroots=grassroots,
        steps=steps,
        secretaries=secretaries,
        helper=mentor.member.person.full_name if mentor else "",
    )


def dd(day: date | None) -> str:
    return format_date(day) if day else ""


def personal_header(ctx: Context, day: date | None) -> Header:
    return Header(place=place_of(ctx.cell), day=day)


def person_fields(ctx: Context) -> list[Field]:
    person = ctx.person
    return [
        Field("Họ và tên", person.full_name),
        Field("Giới tính", Sex(person.sex).label if person.sex in Sex.values else ""),
        Field("Ngày sinh", dd(person.birth_date)),
        Field("Quê quán", person.home_town),
        Field("Dân tộc", person.ethnicity),
        Field("Tôn giáo", person.get_religion_display()),
        Field("Nơi cư trú", person.residence),
        Field("Nghề nghiệp", person.occupation),
        Field("Trình độ giáo dục phổ thông", person.get_general_education_display()),
        Field("Trình độ chuyên môn", person.get_professional_level_display()),
    ]


def vote_text(step: DossierTransition | None, who: str) -> str:
    """The vote as the resolution writes it, computed against the total (R22, R24)."""
    if step is None or step.votes_for is None or not step.official_members:
        return f"Tổng số {who}: {'…'}; số tán thành: {'…'} (yêu cầu ít nhất 2/3)."
    share = step.votes_for * 100 / step.official_members
    passed = step.votes_for * 3 >= step.official_members * 2
    return (
        f"Tổng số {who}: {step.official_members} đồng chí. Số đồng chí tán thành kết quả: "
        f"{step.votes_for}, đạt {format_percent(share)} so với tổng số {who}; không tán thành: "
        f"{step.votes_against or 0} đồng chí. Kết quả {'đạt' if passed else 'không đạt'} "
        "ít nhất hai phần ba (2/3) theo quy định."
    )


def cell_signature(ctx: Context) -> Signature:
    return Signature("T/M CHI BỘ", "BÍ THƯ", ctx.secretary(ctx.cell), note="")


def committee_signature(ctx: Context, unit) -> Signature:
    return Signature(on_behalf_of(unit, standing=False), "BÍ THƯ", ctx.secretary(unit), note="")


def decision_signature(ctx: Context, body) -> Signature:
    """A decision is signed for the standing committee of the superior body, or for the whole
    grassroots committee when it is authorised to decide itself (R25)."""
    standing = body.pk != ctx.grassroots.pk
    return Signature(on_behalf_of(body, standing=standing), "BÍ THƯ", ctx.secretary(body), note="")


def grassroots_label(ctx: Context) -> str:
    """The committee above the cell's own decision: the grassroots committee, or for a cell
    that is its own grassroots organisation, the committee it sits under."""
    unit = ctx.grassroots
    if unit.pk == ctx.cell.pk and ctx.cell.parent is not None:
        unit = ctx.cell.parent
    return committee(unit)[0]


def resolves(unit) -> str:
    """ "Đảng ủy quyết nghị", or "Chi bộ quyết nghị" for a grassroots cell (chi bộ cơ sở)."""
    return "Chi bộ quyết nghị" if committee(unit)[1] == "CB" else "Đảng ủy quyết nghị"
