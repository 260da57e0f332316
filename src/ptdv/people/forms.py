from django import forms

from ptdv.core.forms import VietnameseDateField
from ptdv.core.reference import (
    ETHNICITY_CHOICES,
    GeneralEducation,
    ProfessionalLevel,
    Religion,
    WorkplaceType,
)
from ptdv.people.models import ExitReason, Sex

DATE_ERRORS = {"invalid": "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 19/05/2024)."}


def date_field(label: str, required: bool = False) -> forms.DateField:
    return VietnameseDateField(
        label=label,
        required=required,
        error_messages={**DATE_ERRORS, "required": f"Phải nhập {label.lower()}."},
    )


class PersonForm(forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=150, required=False)
    birth_date = date_field("Ngày sinh")
    sex = forms.ChoiceField(
        label="Giới tính",
        choices=Sex.choices,
        error_messages={"required": "Phải chọn giới tính.", "invalid_choice": "Không hợp lệ."},
    )
    ethnicity = forms.ChoiceField(label="Dân tộc", choices=ETHNICITY_CHOICES, initial="Kinh")
    religion = forms.ChoiceField(label="Tôn giáo", choices=Religion.choices)
    citizen_id = forms.CharField(label="Số CCCD (12 chữ số)", max_length=20, required=False)
    general_education = forms.ChoiceField(
        label="Giáo dục phổ thông",
        choices=[("", "—"), *GeneralEducation.choices],
        required=False,
    )
    professional_level = forms.ChoiceField(
        label="Trình độ chuyên môn", choices=ProfessionalLevel.choices
    )
    occupation = forms.CharField(label="Nghề nghiệp", max_length=120, required=False)
    workplace_type = forms.ChoiceField(
        label="Nơi làm việc", choices=WorkplaceType.choices, required=False
    )
    youth_union_member = forms.BooleanField(label="Đoàn viên", required=False)
    youth_union_joined_on = date_field("Ngày vào Đoàn")
    women_union_member = forms.BooleanField(label="Hội viên phụ nữ", required=False)
    other_mass_organizations = forms.CharField(
        label="Đoàn thể khác", max_length=255, required=False
    )
    home_town = forms.CharField(label="Quê quán", max_length=255, required=False)
    residence = forms.CharField(label="Nơi cư trú", max_length=255, required=False)
    phone = forms.CharField(label="Số điện thoại", max_length=20, required=False)
    confirm_duplicate = forms.BooleanField(
        label="Xác nhận không trùng (là người khác cùng tên, cùng ngày sinh)", required=False
    )


class TransferForm(forms.Form):
    to_code = forms.CharField(
        label="Mã chi bộ tiếp nhận",
        max_length=40,
        help_text="Chi bộ tiếp nhận có thể ở ngoài phạm vi của bạn; nhập mã tổ chức.",
        error_messages={"required": "Phải nhập mã chi bộ tiếp nhận."},
    )
    requested_on = date_field("Ngày đề nghị", required=True)
    document_number = forms.CharField(label="Số giấy giới thiệu", max_length=40, required=False)
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)


class ConfirmForm(forms.Form):
    confirmed_on = date_field("Ngày tiếp nhận", required=True)


class ExitForm(forms.Form):
    reason = forms.ChoiceField(
        label="Lý do",
        choices=ExitReason.choices,
        error_messages={"required": "Phải chọn lý do.", "invalid_choice": "Lý do không hợp lệ."},
    )
    on = date_field("Ngày", required=True)
    document_number = forms.CharField(label="Số văn bản", max_length=40, required=False)
    document_date = date_field("Ngày văn bản")
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)
