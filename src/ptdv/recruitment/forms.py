"""The candidate form: the person's full record (or the existing person found by CCCD, or by
name and birth date) and their place on the list."""

from django import forms

from ptdv.core.forms import VietnameseMonthField
from ptdv.people.forms import PersonForm, date_field
from ptdv.recruitment.models import SourceOrganization

PERSON_FIELD_NAMES = [name for name in PersonForm.base_fields if name != "confirm_duplicate"]


class CandidateForm(PersonForm):
    use_existing = forms.BooleanField(
        label="Người đã có trong hệ thống (tìm theo số CCCD, hoặc họ tên và ngày sinh)",
        required=False,
    )
    source = forms.ChoiceField(label="Nguồn giới thiệu", choices=SourceOrganization.choices)
    listed_on = date_field("Ngày đưa vào danh sách", required=True)
    disadvantaged_area = forms.BooleanField(
        label="Vùng đặc biệt khó khăn, miền núi, biên giới, hải đảo, ngư dân",
        help_text="Căn cứ: R5 (điều kiện về học vấn được áp dụng riêng cho những vùng này).",
        required=False,
    )

    field_order = ["use_existing", "citizen_id", "full_name", "birth_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # With "use_existing" only the CCCD or the name and birth date are needed.
        self.fields["sex"].required = False
        self.fields["professional_level"].required = False
        self.fields["religion"].required = False
        self.fields["ethnicity"].required = False

    def enlist_arguments(self) -> dict:
        """The keyword arguments of `recruitment.services.candidate_enlist`."""
        data = self.cleaned_data
        person = {name: data[name] for name in PERSON_FIELD_NAMES}
        for name in ("ethnicity", "religion", "professional_level", "workplace_type"):
            if person[name] in (None, ""):
                person.pop(name)  # the model's default
        return {
            "source": data["source"],
            "listed_on": data["listed_on"],
            "disadvantaged_area": data["disadvantaged_area"],
            "use_existing": data["use_existing"],
            "confirm_duplicate": data["confirm_duplicate"],
            "person_data": person,
        }


class ReviewForm(forms.Form):
    month = VietnameseMonthField(label="Tháng nhận xét")
    text = forms.CharField(label="Nhận xét", widget=forms.Textarea(attrs={"rows": 3}))


class MentorForm(forms.Form):
    """An official member of the candidate's cell, from the day they are on the list."""

    member = forms.ModelChoiceField(queryset=None, label="Đảng viên chính thức giúp đỡ")
    on = date_field("Ngày phân công", required=True)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
