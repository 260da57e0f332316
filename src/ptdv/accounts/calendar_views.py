"""The calendar page: the announced days of a year; the administrator adds, corrects and
removes them. National data, the same for every unit."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View

from ptdv.accounts import calendar_services as services
from ptdv.accounts.permissions import Action, user_can
from ptdv.core.calendar import fixed_holidays
from ptdv.core.errors import DomainError
from ptdv.core.forms import VietnameseDateField
from ptdv.core.models import CalendarDay, CalendarDayKind
from ptdv.core.views import ScopedViewMixin

CALENDAR_DENIED = "Chỉ quản trị hệ thống được sửa lịch làm việc."


class CalendarDayForm(forms.Form):
    day = VietnameseDateField(label="Ngày")
    kind = forms.ChoiceField(label="Loại", choices=CalendarDayKind.choices)
    note = forms.CharField(label="Nội dung", max_length=255)
    legal_basis = forms.CharField(label="Căn cứ (thông báo)", max_length=255, required=False)


def _year(request) -> int:
    value = request.GET.get("nam", "")
    return (
        int(value) if value.isdigit() and 1990 <= int(value) <= 2100 else timezone.localdate().year
    )


class CalendarView(ScopedViewMixin, View):
    """National data (no unit): everyone reads, only the administrator writes."""

    required_actions = {"post": Action.MANAGE_CALENDAR}
    denied_message = CALENDAR_DENIED

    def get(self, request):
        return self._render(request, _year(request), CalendarDayForm())

    def post(self, request):
        form = CalendarDayForm(request.POST)
        year = _year(request)
        if form.is_valid():
            try:
                row = services.calendar_day_save(acting_user=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, f"Đã ghi ngày {row.day:%d/%m/%Y}.")
                return redirect(f"{request.path}?nam={row.day.year}")
        return self._render(request, year, form, status=400)

    def _render(self, request, year, form, status=200):
        context = {
            "year": year,
            "days": CalendarDay.objects.filter(day__year=year),
            "fixed": fixed_holidays(year),
            "form": form,
            "can_edit": user_can(request.user, Action.MANAGE_CALENDAR),
            "years": range(year - 2, year + 2),
        }
        return render(request, "accounts/calendar.html", context, status=status)


class CalendarDeleteView(ScopedViewMixin, View):
    required_actions = {"post": Action.MANAGE_CALENDAR}
    denied_message = CALENDAR_DENIED

    def post(self, request, pk: int):
        row = get_object_or_404(CalendarDay, pk=pk)
        services.calendar_day_delete(acting_user=request.user, row=row)
        messages.success(request, f"Đã xóa ngày {row.day:%d/%m/%Y}.")
        return redirect(f"/lich-lam-viec/?nam={row.day.year}")
