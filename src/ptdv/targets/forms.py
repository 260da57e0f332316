from django import forms

from ptdv.accounts.models import User
from ptdv.core.forms import ScopedForm, ScopedModelChoiceField, VietnameseDateField
from ptdv.targets.models import TargetKind, TargetMeasure

DATE_ERRORS = {
    "required": "Phải nhập ngày.",
    "invalid": "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.",
}


class TargetForm(forms.Form):
    kind = forms.ChoiceField(
        label="Loại chỉ tiêu",
        choices=TargetKind.choices,
        error_messages={
            "required": "Phải chọn loại chỉ tiêu.",
            "invalid_choice": "Loại chỉ tiêu không hợp lệ.",
        },
    )
    measure = forms.ChoiceField(
        label="Đo bằng",
        choices=TargetMeasure.choices,
        initial=TargetMeasure.COUNT,
        error_messages={"invalid_choice": "Cách đo không hợp lệ."},
    )
    period_start = VietnameseDateField(label="Từ ngày", error_messages=DATE_ERRORS)
    period_end = VietnameseDateField(label="Đến ngày", error_messages=DATE_ERRORS)
    min_value = forms.DecimalField(
        label="Chỉ tiêu (hoặc mức dưới của khoảng)",
        localize=True,
        error_messages={"required": "Phải nhập chỉ tiêu.", "invalid": "Chỉ tiêu phải là một số."},
    )
    max_value = forms.DecimalField(
        label="Mức trên (nếu chỉ tiêu là khoảng, ví dụ 170–200)",
        required=False,
        localize=True,
        error_messages={"invalid": "Mức trên phải là một số."},
    )
    document = forms.CharField(
        label="Văn bản",
        max_length=255,
        required=False,
        help_text="Ví dụ: Công văn 99-CV/TU ngày 01/3/2021.",
    )
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)


class OversightForm(ScopedForm):
    follower_name = forms.CharField(label="Cấp ủy viên phụ trách (họ tên)", max_length=150)
    follower_title = forms.CharField(label="Chức vụ", max_length=150, required=False)
    follower_user = ScopedModelChoiceField(
        User,
        limit=lambda users: users.filter(is_active=True),
        label="Tài khoản của người phụ trách (để tự gửi phiếu báo cáo)",
        required=False,
        error_messages={"invalid_choice": "Tài khoản không hợp lệ hoặc ngoài phạm vi của bạn."},
    )
    starts_on = VietnameseDateField(label="Từ ngày", error_messages=DATE_ERRORS)
    ends_on = VietnameseDateField(
        label="Đến ngày",
        required=False,
        error_messages={"invalid": DATE_ERRORS["invalid"]},
    )
    document = forms.CharField(label="Quyết định phân công", max_length=255, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["follower_name"].error_messages["required"] = (
            "Phải nhập họ tên cấp ủy viên phụ trách."
        )


class OversightReportForm(forms.Form):
    meeting_on = VietnameseDateField(label="Ngày dự sinh hoạt", error_messages=DATE_ERRORS)
    summary = forms.CharField(
        label="Nội dung báo cáo",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Phải nhập nội dung báo cáo."},
    )
    issues = forms.CharField(
        label="Vấn đề đề xuất, kiến nghị",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
