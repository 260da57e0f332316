from django import forms

from ptdv.core.forms import ScopedForm, ScopedModelChoiceField, VietnameseDateField
from ptdv.organizations.models import Organization, OrganizationKind, Sector
from ptdv.organizations.reorganisation_steps import candidates_to_place


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


class OrganizationEditForm(ScopedForm, OrganizationForm):
    valid_to = VietnameseDateField(
        label="Ngày giải thể",
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


# --- reorganisation (see organizations/reorganisation.py) ---------------------------------

DATE_ERRORS = {
    "invalid": "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.",
    "required": "Phải nhập ngày.",
}


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class UnitsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


def _units(user, **filters):
    return (
        Organization.objects.for_user(user)
        .filter(valid_to__isnull=True, **filters)
        .select_related("kind")
        .order_by("path")
    )


class DecisionForm(forms.Form):
    """The decision every reorganisation is carried out under."""

    decision_number = forms.CharField(
        label="Số quyết định",
        max_length=60,
        error_messages={"required": "Phải ghi số quyết định."},
    )
    decision_date = VietnameseDateField(label="Ngày quyết định", error_messages=DATE_ERRORS)
    issuing_body = forms.CharField(
        label="Cơ quan ban hành",
        max_length=255,
        error_messages={"required": "Phải ghi cơ quan ban hành quyết định."},
    )
    effective_on = VietnameseDateField(label="Ngày có hiệu lực", error_messages=DATE_ERRORS)

    def __init__(self, *args, user, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.unit = user, unit

    def decision(self):
        from ptdv.organizations.reorganisation import Decision

        data = self.cleaned_data
        return Decision(
            number=data["decision_number"],
            date=data["decision_date"],
            issuing_body=data["issuing_body"],
            effective_on=data["effective_on"],
        )


class MergeForm(DecisionForm):
    sources = UnitsChoiceField(
        label="Các tổ chức hợp nhất (cùng với tổ chức này)",
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Tổ chức không hợp lệ hoặc ngoài phạm vi của bạn."},
    )
    into = UnitChoiceField(
        label="Hợp nhất vào tổ chức có sẵn",
        queryset=Organization.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Tổ chức không hợp lệ hoặc ngoài phạm vi của bạn."},
    )
    new_code = forms.CharField(label="Hoặc tổ chức mới — mã", max_length=40, required=False)
    new_name = forms.CharField(label="Tên tổ chức mới", max_length=255, required=False)
    new_kind = forms.ModelChoiceField(
        label="Loại tổ chức mới",
        queryset=OrganizationKind.objects.all(),
        required=False,
        error_messages={"invalid_choice": "Loại tổ chức không hợp lệ."},
    )
    new_parent = UnitChoiceField(
        label="Cấp trên của tổ chức mới",
        queryset=Organization.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Cấp trên không hợp lệ hoặc ngoài phạm vi của bạn."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        siblings = _units(self.user, kind=self.unit.kind).exclude(pk=self.unit.pk)
        if self.unit.parent_id:
            siblings = siblings.filter(parent_id=self.unit.parent_id)
        self.fields["sources"].queryset = siblings
        self.fields["into"].queryset = _units(self.user).exclude(pk=self.unit.pk)
        self.fields["new_parent"].queryset = _units(self.user, kind__is_cell=False)
        self.initial.setdefault("new_kind", self.unit.kind)
        self.initial.setdefault("new_parent", self.unit.parent)

    def clean(self):
        data = super().clean()
        if data.get("into") is None and not (data.get("new_name") and data.get("new_code")):
            raise forms.ValidationError(
                "Hãy chọn tổ chức tiếp nhận hoặc ghi mã và tên tổ chức mới."
            )
        if data.get("into") is None and (not data.get("new_kind") or not data.get("new_parent")):
            raise forms.ValidationError("Tổ chức mới cần loại tổ chức và cấp trên.")
        return data


class MoveForm(DecisionForm):
    parent = UnitChoiceField(
        label="Cấp trên trực tiếp mới",
        queryset=Organization.objects.none(),
        error_messages={
            "required": "Phải chọn cấp trên trực tiếp.",
            "invalid_choice": "Cấp trên không hợp lệ hoặc ngoài phạm vi của bạn.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = _units(self.user, kind__is_cell=False).exclude(
            path__startswith=self.unit.path
        )


class RenameForm(DecisionForm):
    name = forms.CharField(
        label="Tên mới", max_length=255, error_messages={"required": "Phải ghi tên mới."}
    )
    code = forms.CharField(label="Mã mới (để trống: giữ mã cũ)", max_length=40, required=False)


class ChangeKindForm(DecisionForm):
    kind = forms.ModelChoiceField(
        label="Loại tổ chức mới",
        queryset=OrganizationKind.objects.all(),
        error_messages={
            "required": "Phải chọn loại tổ chức.",
            "invalid_choice": "Loại tổ chức không hợp lệ.",
        },
    )


class DissolveForm(DecisionForm):
    merged_into = UnitChoiceField(
        label="Đơn vị kế thừa lịch sử (không bắt buộc)",
        queryset=Organization.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Tổ chức không hợp lệ hoặc ngoài phạm vi của bạn."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merged_into"].queryset = _units(self.user).exclude(
            path__startswith=self.unit.path
        )


class SplitForm(DecisionForm):
    """One choice per unit under the split unit (its new parent) and per member of a split
    cell (their new cell)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        outside = _units(self.user).exclude(path__startswith=self.unit.path)
        self.children = list(
            Organization.objects.filter(parent=self.unit, valid_to__isnull=True).order_by(
                "sort_key"
            )
        )
        for child in self.children:
            self.fields[f"unit_{child.pk}"] = UnitChoiceField(
                label=f"«{child.name}» chuyển về",
                queryset=outside.filter(kind__is_cell=False),
                error_messages={
                    "required": f"Phải chọn nơi chuyển đến cho «{child.name}».",
                    "invalid_choice": "Cấp trên không hợp lệ hoặc ngoài phạm vi của bạn.",
                },
            )
        self.members = list(
            self.unit.members.filter(ended_on__isnull=True).select_related("person")
        )
        cells = outside.filter(kind__is_cell=True)
        for member in self.members:
            self.fields[f"member_{member.pk}"] = _cell_field(
                f"Đảng viên {member.person} chuyển về chi bộ", str(member.person), cells
            )
        # Candidates whose person is a member go with the member; the others are named here.
        self.candidates = candidates_to_place(self.unit)
        for pk, name in self.candidates:
            self.fields[f"candidate_{pk}"] = _cell_field(
                f"Quần chúng {name} (cùng hồ sơ kết nạp đang làm) chuyển về chi bộ",
                f"quần chúng {name}",
                cells,
            )

    def placements(self):
        return {child: self.cleaned_data[f"unit_{child.pk}"] for child in self.children}

    def member_cells(self):
        return {member: self.cleaned_data[f"member_{member.pk}"] for member in self.members}

    def candidate_cells(self):
        return {pk: self.cleaned_data[f"candidate_{pk}"] for pk, _ in self.candidates}


def _cell_field(label, who, cells):
    return UnitChoiceField(
        label=label,
        queryset=cells,
        error_messages={
            "required": f"Phải chọn chi bộ tiếp nhận cho {who}.",
            "invalid_choice": "Chi bộ không hợp lệ hoặc ngoài phạm vi của bạn.",
        },
    )
