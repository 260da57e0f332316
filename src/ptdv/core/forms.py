"""Form fields shared by the pages: the one date input (typed dd/mm/yyyy, with a picker
in Vietnamese) and a choice of related object limited to the user's scope.

Every form field that holds a day uses `VietnameseDateField`; a field that holds a month
(the monthly review of a candidate) uses `VietnameseMonthField`. Both render a plain text
input (never `type="date"`, whose display follows the browser's language: mm/dd/yyyy in an
English Chrome) marked with `data-date="day"` or `data-date="month"`; the static script
`ptdv/dates.js` adds the calendar button and the picker (Vietnamese month names, weeks from
Monday). Without the script the input still takes a typed date. The API keeps ISO dates:
only page forms use these fields.
"""

from datetime import date, datetime

from django import forms

DATE_FORMAT = "%d/%m/%Y"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
MONTH_INPUT_FORMATS = ["%m/%Y", "%m-%Y", "%m.%Y", "%Y-%m", *DATE_INPUT_FORMATS]


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs=None):
        base = {
            "data-date": "day",
            "inputmode": "numeric",
            "autocomplete": "off",
            "placeholder": "dd/mm/yyyy",
            "maxlength": "10",
            "class": "date-input",
        }
        super().__init__(attrs={**base, **(attrs or {})}, format=DATE_FORMAT)


class MonthInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs=None):
        base = {
            "data-date": "month",
            "inputmode": "numeric",
            "autocomplete": "off",
            "placeholder": "mm/yyyy",
            "maxlength": "7",
            "class": "date-input",
        }
        super().__init__(attrs={**base, **(attrs or {})}, format="%m/%Y")


class VietnameseDateField(forms.DateField):
    """A day typed dd/mm/yyyy (1/3/2021 and ISO 2021-03-01 are taken too)."""

    widget = DateInput
    input_formats = DATE_INPUT_FORMATS
    default_error_messages = {
        "invalid": "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 19/05/2024).",
        "required": "Phải nhập ngày.",
    }


class VietnameseMonthField(forms.DateField):
    """A month typed mm/yyyy; the value is the month's first day."""

    widget = MonthInput
    input_formats = MONTH_INPUT_FORMATS
    default_error_messages = {
        "invalid": "Tháng không hợp lệ, hãy nhập theo dạng mm/yyyy (ví dụ 05/2024).",
        "required": "Phải nhập tháng.",
    }

    def to_python(self, value):
        if isinstance(value, datetime):
            return value.date().replace(day=1)
        if isinstance(value, date):
            return value.replace(day=1)
        day = super().to_python(value)
        return day.replace(day=1) if day else day

    def strptime(self, value, format):
        return datetime.strptime(value, format).date()


class ScopedModelChoiceField(forms.ModelChoiceField):
    """A choice among `model.objects.for_user(user)` (narrowed by `limit(queryset)` when
    given), the user set by `ScopedForm`: an object outside the scope is an invalid choice,
    exactly like one that does not exist."""

    def __init__(self, model, *, limit=None, **kwargs):
        self.model = model
        self.limit = limit
        super().__init__(queryset=model.objects.none(), **kwargs)

    def scope(self, user) -> None:
        queryset = self.model.objects.for_user(user)
        self.queryset = self.limit(queryset) if self.limit else queryset


class ScopedForm(forms.Form):
    """A form built for one user (`user=`): its scoped fields only offer and accept what the
    user may see."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, ScopedModelChoiceField):
                field.scope(user)
