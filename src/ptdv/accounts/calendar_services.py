"""Writes of the civil-servant calendar (days off, make-up working days): administration,
so here above `core`, which holds the table and the reads."""

from datetime import date

from django.db import transaction

from ptdv.accounts.audit import audit_record, snapshot
from ptdv.accounts.models import register_event_labels
from ptdv.accounts.permissions import Action, user_can
from ptdv.core.calendar import calendar_changed, fixed_holidays
from ptdv.core.errors import DomainError
from ptdv.core.models import CalendarDay, CalendarDayKind
from ptdv.core.text import normalize

register_event_labels(
    {
        "calendar_day_saved": "Ghi ngày nghỉ, ngày làm bù",
        "calendar_day_deleted": "Xóa ngày nghỉ, ngày làm bù",
    }
)
FIELDS = ["day", "kind", "note", "legal_basis"]


def _require(acting_user) -> None:
    if acting_user is not None and not user_can(acting_user, Action.MANAGE_CALENDAR):
        raise DomainError("Chỉ quản trị hệ thống được sửa lịch làm việc.")


@transaction.atomic
def calendar_day_save(
    *, acting_user, day: date, kind: str, note: str, legal_basis: str = ""
) -> CalendarDay:
    """Enter (or correct) one announced day: a weekday off, or a weekend day worked."""
    _require(acting_user)
    if day is None:
        raise DomainError("Phải ghi ngày.", field="day")
    if kind not in CalendarDayKind.values:
        raise DomainError("Phải chọn loại ngày.", field="kind")
    note, legal_basis = normalize(note), normalize(legal_basis)
    if not note:
        raise DomainError("Phải ghi nội dung (vì sao nghỉ hoặc làm bù).", field="note")
    weekend = day.weekday() >= 5
    if kind == CalendarDayKind.WORKING_DAY and not weekend:
        raise DomainError(
            f"Ngày {day:%d/%m/%Y} là ngày thường: chỉ ghi ngày làm bù cho thứ Bảy, Chủ nhật.",
            field="day",
        )
    if kind == CalendarDayKind.DAY_OFF and weekend:
        raise DomainError(
            f"Ngày {day:%d/%m/%Y} là ngày nghỉ cuối tuần: ghi ngày nghỉ bù vào ngày thường.",
            field="day",
        )
    if kind == CalendarDayKind.DAY_OFF and day in fixed_holidays(day.year):
        raise DomainError(
            f"Ngày {day:%d/%m/%Y} là ngày lễ cố định (Bộ luật Lao động Điều 112), không cần ghi.",
            field="day",
        )
    row = CalendarDay.objects.select_for_update().filter(day=day).first()
    old = snapshot(row, FIELDS) if row else None
    if row is None:
        row = CalendarDay(day=day)
    row.kind, row.note, row.legal_basis = kind, note, legal_basis
    row.save()
    audit_record(
        actor=acting_user, event="calendar_day_saved", obj=row, old=old, new=snapshot(row, FIELDS)
    )
    calendar_changed()
    return row


@transaction.atomic
def calendar_day_delete(*, acting_user, row: CalendarDay) -> None:
    _require(acting_user)
    old = snapshot(row, FIELDS)
    audit_record(actor=acting_user, event="calendar_day_deleted", obj=row, old=old, new={})
    row.delete()
    calendar_changed()
