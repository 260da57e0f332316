"""The one way a dossier changes step: a conditional update (two officers moving the same
dossier at once produce exactly one transition), the transition row and the audit row, in the
caller's transaction; the stored deadline follows."""

from datetime import date

from django.utils import timezone

from ptdv.accounts.audit import audit_record, snapshot
from ptdv.accounts.models import register_event_labels
from ptdv.core.errors import DomainError, StaleState
from ptdv.recruitment.checks import d
from ptdv.recruitment.models import Dossier, DossierTransition
from ptdv.recruitment.services.deadlines import refresh_due

register_event_labels(
    {
        "candidate_created": "Đưa vào danh sách quần chúng ưu tú",
        "candidate_updated": "Sửa thông tin quần chúng ưu tú",
        "mentor_assigned": "Phân công đảng viên giúp đỡ",
        "review_noted": "Nhận xét hằng tháng",
        "verification_added": "Thêm người cần thẩm tra lý lịch",
        "verification_answered": "Nhận kết quả thẩm tra",
        "dossier_transition": "Chuyển bước hồ sơ kết nạp",
        "dossier_extended": "Gia hạn thời hạn quyết định",
    }
)


def today() -> date:
    return timezone.localdate()


def not_future(day: date | None, label: str) -> None:
    if day is None:
        raise DomainError(f"Phải ghi {label}.")
    if day > today():
        raise DomainError(f"{label.capitalize()} ({d(day)}) không thể ở tương lai.")


def move(
    dossier: Dossier,
    *,
    acting_user,
    action: str,
    to_state: str,
    fields: dict | None = None,
    record: dict | None = None,
    expect: dict | None = None,
) -> Dossier:
    """Move `dossier` from the state its caller saw to `to_state`, if nobody moved it first."""
    fields = dict(fields or {})
    old_state = dossier.state
    fields["state"] = to_state
    fields["state_changed_on"] = today()
    changed = Dossier.objects.filter(pk=dossier.pk, state=old_state, **(expect or {})).update(
        **fields
    )
    if changed != 1:
        current = Dossier.objects.get(pk=dossier.pk)
        raise StaleState(
            "Hồ sơ vừa được người khác cập nhật (hiện ở bước "
            f"«{current.get_state_display()}»): thao tác của bạn không được ghi. "
            "Hãy tải lại trang và kiểm tra trước khi làm tiếp."
        )
    before = snapshot(dossier, list(fields))
    for name, value in fields.items():
        setattr(dossier, name, value)
    DossierTransition.objects.create(
        dossier=dossier,
        from_state=old_state,
        to_state=to_state,
        action=action,
        actor=acting_user if acting_user is not None and acting_user.is_authenticated else None,
        **(record or {}),
    )
    audit_record(
        actor=acting_user,
        event="dossier_transition",
        obj=dossier,
        organization=dossier.organization,
        old=before,
        new=snapshot(dossier, list(fields)),
    )
    refresh_due(dossier)
    return dossier
