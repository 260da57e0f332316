from django import forms

from ptdv.core.forms import VietnameseDateField
from ptdv.organizations.models import Organization, OrganizationKind, Sector


class OrganizationForm(forms.Form):
    code = forms.CharField(label="Mã tổ chức", max_length=40, required=False)
    name = forms.CharField(label="Tên tổ chức", max_length=255, required=False)
    kind = forms.ModelChoiceField(
        label="Loại tổ chức",
        queryset=OrganizationKind.objects.all(),
        error_messages={
            "required": "Phải chọn loại tổ chức.",
            "invalid_choice": "Loại tổ chức không hợp lệ.",
        },
    )
    sector = forms.ModelChoiceField(
        label="Loại hình",
        queryset=Sector.objects.all(),
        required=False,
        error_messages={"invalid_choice": "Loại hình không hợp lệ."},
    )
    valid_from = VietnameseDateField(
        label="Ngày thành lập",
        required=False,
        error_messages={"invalid": "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy."},
    )


class OrganizationEditForm(OrganizationForm):
    valid_to = VietnameseDateField(
        label="Ngày giải thể",
        required=False,
        error_messages={"invalid": "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy."},
    )
    parent = forms.ModelChoiceField(
        label="Cấp trên trực tiếp",
        queryset=Organization.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Cấp trên không hợp lệ hoặc ngoài phạm vi của bạn."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = (
            Organization.objects.for_user(user).filter(kind__is_cell=False).order_by("path")
        )
