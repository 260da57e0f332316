from django import forms

from ptdv.core.forms import ScopedForm, ScopedModelChoiceField
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
    valid_from = forms.DateField(
        label="Ngày thành lập (dd/mm/yyyy)",
        required=False,
        error_messages={"invalid": "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy."},
    )


class OrganizationEditForm(ScopedForm, OrganizationForm):
    valid_to = forms.DateField(
        label="Ngày giải thể (dd/mm/yyyy)",
        required=False,
        error_messages={"invalid": "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy."},
    )
    parent = ScopedModelChoiceField(
        Organization,
        limit=lambda units: units.filter(kind__is_cell=False).order_by("path"),
        label="Cấp trên trực tiếp",
        required=False,
        error_messages={"invalid_choice": "Cấp trên không hợp lệ hoặc ngoài phạm vi của bạn."},
    )
