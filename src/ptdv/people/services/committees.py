"""Committee seats by term: who sits on a committee on a given day (the denominators of R24)."""

from datetime import date

from django.db import models, transaction

from ptdv.accounts.audit import audit_record, snapshot
from ptdv.accounts.permissions import Action
from ptdv.core.errors import DomainError
from ptdv.core.text import normalize
from ptdv.organizations.models import Organization
from ptdv.organizations.scope import in_scope
from ptdv.people.models import (
    CommitteeSeat,
    Member,
)
from ptdv.people.services.common import (
    require,
    today,
)


@transaction.atomic
def committee_seat_add(
    *,
    acting_user,
    organization: Organization,
    member: Member,
    term: str,
    started_on: date,
    ended_on: date | None = None,
) -> CommitteeSeat:
    """A member of a committee for a term: the committee's votes count its seats (R24)."""
    require(
        acting_user,
        (Action.MANAGE_DOSSIERS,),
        organization,
        "Vai trò của bạn không được ghi danh sách cấp ủy.",
    )
    term = normalize(term)
    if not term:
        raise DomainError("Phải ghi nhiệm kỳ (ví dụ 2025–2030).", field="term")
    if started_on is None or started_on > today():
        raise DomainError("Ngày bắt đầu không được sau ngày hôm nay.", field="started_on")
    if ended_on is not None and ended_on <= started_on:
        raise DomainError("Ngày thôi phải sau ngày bắt đầu.", field="ended_on")
    if member.ended_on is not None and member.ended_on <= started_on:
        raise DomainError(f"«{member}» đã ra khỏi danh sách đảng viên.", field="member")
    if acting_user is not None and not in_scope(acting_user, member.organization.path):
        raise DomainError(f"«{member}» nằm ngoài phạm vi quản lý của bạn.", field="member")
    overlapping = CommitteeSeat.objects.filter(organization=organization, member=member).filter(
        models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=started_on)
    )
    if ended_on is not None:
        overlapping = overlapping.filter(started_on__lt=ended_on)
    if overlapping.exists():
        raise DomainError(f"«{member}» đã là cấp ủy viên của «{organization}» trong thời gian này.")
    seat = CommitteeSeat.objects.create(
        organization=organization,
        member=member,
        term=term,
        started_on=started_on,
        ended_on=ended_on,
    )
    audit_record(
        actor=acting_user,
        event="committee_seat_added",
        obj=seat,
        organization=organization,
        new=snapshot(seat, ["member", "term", "started_on", "ended_on"]),
    )
    return seat


@transaction.atomic
def committee_seat_end(*, acting_user, seat: CommitteeSeat, ended_on: date) -> CommitteeSeat:
    seat = CommitteeSeat.objects.select_for_update().get(pk=seat.pk)
    require(
        acting_user,
        (Action.MANAGE_DOSSIERS,),
        seat.organization,
        "Vai trò của bạn không được ghi danh sách cấp ủy.",
    )
    if seat.ended_on is not None:
        raise DomainError(f"Đã thôi từ {seat.ended_on:%d/%m/%Y}.")
    if ended_on is None or ended_on <= seat.started_on or ended_on > today():
        raise DomainError(
            "Ngày thôi phải sau ngày bắt đầu và không sau ngày hôm nay.", field="ended_on"
        )
    seat.ended_on = ended_on
    seat.save(update_fields=["ended_on"])
    audit_record(
        actor=acting_user,
        event="committee_seat_ended",
        obj=seat,
        organization=seat.organization,
        new={"ended_on": ended_on.isoformat()},
    )
    return seat
