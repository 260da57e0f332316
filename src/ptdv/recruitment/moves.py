"""A candidate, a dossier or a probationary member changing cell in mid-procedure (P6): the
dossier moves with its whole history, and from then on the new cell votes and its members
are counted. A probationary member moves by the party transfer (people app); the dossier
follows when the receiving side confirms."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from ptdv.accounts.audit import audit_record
from ptdv.accounts.models import register_event_labels
from ptdv.core.errors import DomainError
from ptdv.organizations.models import Organization
from ptdv.organizations.scope import in_scope
from ptdv.recruitment.checks import d
from ptdv.recruitment.gates import gate_check
from ptdv.recruitment.models import (
    CLOSED_STATES,
    Candidate,
    Dossier,
    DossierTransition,
)

register_event_labels({"dossier_transferred": "Chuyển hồ sơ kết nạp sang chi bộ khác"})


def _record(dossier: Dossier, to: Organization, on: date, acting_user, document_number=""):
    source = dossier.organization
    Dossier.objects.filter(pk=dossier.pk).update(organization=to)
    Candidate.objects.filter(pk=dossier.candidate_id).update(organization=to)
    dossier.organization = to
    DossierTransition.objects.create(
        dossier=dossier,
        from_state=dossier.state,
        to_state=dossier.state,
        action="transfer",
        actor=acting_user if acting_user is not None and acting_user.is_authenticated else None,
        actor_body=to,
        from_organization=source,
        document_number=document_number,
        document_date=on,
        note=f"Chuyển từ «{source}» sang «{to}» ngày {d(on)}",
    )
    audit_record(
        actor=acting_user,
        event="dossier_transferred",
        obj=dossier,
        organization=to,
        old={"organization": source.pk},
        new={"organization": to.pk, "on": on.isoformat()},
    )


@transaction.atomic
def dossier_transfer(
    *, acting_user, dossier: Dossier, to_organization: Organization, on: date, document_number=""
) -> Dossier:
    """Move a candidate's open dossier (before the decision) to another cell."""
    if acting_user is not None and not in_scope(acting_user, dossier.organization.path):
        raise DomainError("Hồ sơ này nằm ngoài phạm vi quản lý của bạn.")
    dossier = Dossier.objects.select_for_update().select_related("organization").get(pk=dossier.pk)
    gate_check(acting_user, "transfer", dossier)  # role and step, declared once (GATES)
    if dossier.state in CLOSED_STATES:
        raise DomainError(f"Hồ sơ đã kết thúc («{dossier.get_state_display()}»).")
    if dossier.member_id is not None:
        raise DomainError(
            "Người này đã là đảng viên: hãy chuyển sinh hoạt đảng, hồ sơ sẽ đi theo khi chi bộ "
            "mới tiếp nhận.",
            field="to_organization",
        )
    if to_organization is None or not to_organization.kind.is_cell:
        raise DomainError("Phải chọn một chi bộ.", field="to_organization")
    if to_organization.valid_to is not None:
        raise DomainError(
            f"«{to_organization}» đã giải thể từ {d(to_organization.valid_to)}.",
            field="to_organization",
        )
    if to_organization.pk == dossier.organization_id:
        raise DomainError(f"Hồ sơ đang ở «{to_organization}».", field="to_organization")
    if on is None or on > timezone.localdate():
        raise DomainError("Ngày chuyển không được sau ngày hôm nay.", field="on")
    _record(dossier, to_organization, on, acting_user, document_number)
    return dossier


def follow_member(*, acting_user, member, to_organization: Organization, on: date) -> None:
    """Called when a member's transfer is confirmed: the open dossier follows the member."""
    for dossier in Dossier.objects.filter(member=member).exclude(state__in=CLOSED_STATES):
        if dossier.organization_id != to_organization.pk:
            _record(dossier, to_organization, on, acting_user)


def check_current_cell(dossier: Dossier, acting_user) -> None:
    """After a transfer the new cell votes (P6): an officer of the old cell is told so."""
    if acting_user is None or in_scope(acting_user, dossier.organization.path):
        return
    moved = (
        dossier.transitions.filter(action="transfer")
        .select_related("from_organization")
        .order_by("-id")
        .first()
    )
    if moved and in_scope(acting_user, moved.from_organization.path):
        raise DomainError(
            f"Hồ sơ đã chuyển từ «{moved.from_organization}» sang «{dossier.organization}» ngày "
            f"{d(moved.document_date)}: chi bộ đang quản lý xét, biểu quyết và tính số đảng viên "
            "chính thức của mình (R22, R32).",
            rule="R32",
        )
