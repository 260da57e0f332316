from django import forms

from ptdv.people.forms import date_field
from ptdv.people.models import Person
from ptdv.training.constants import DEFAULT_ISSUING_BODY
from ptdv.training.models import EnrolmentResult, TargetGroup


class AwarenessClassForm(forms.Form):
    name = forms.CharField(label="Tên lớp", max_length=255, required=False)
    issuing_body = forms.CharField(
        label="Cơ quan cấp giấy chứng nhận",
        max_length=255,
        required=False,
        initial=DEFAULT_ISSUING_BODY,
    )
    target_group = forms.ChoiceField(label="Đối tượng", choices=TargetGroup.choices)
    starts_on = date_field("Ngày khai giảng", required=True)
    ends_on = date_field("Ngày bế giảng", required=True)
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)


class EnrolForm(forms.Form):
    person = forms.ModelChoiceField(
        label="Quần chúng được cử đi học",
        queryset=Person.objects.none(),
        error_messages={
            "required": "Phải chọn người.",
            "invalid_choice": "Người này không có trong danh sách được chọn.",
        },
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = choices


class ResultForm(forms.Form):
    result = forms.ChoiceField(
        label="Kết quả",
        choices=[(EnrolmentResult.PASSED, "Đạt"), (EnrolmentResult.FAILED, "Không đạt")],
        error_messages={"required": "Phải chọn kết quả."},
    )
    certificate_number = forms.CharField(label="Số giấy chứng nhận", max_length=40, required=False)
    certificate_date = date_field("Ngày cấp giấy chứng nhận")
