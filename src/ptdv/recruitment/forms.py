"""The candidate form: a new person's essentials and their place on the list."""

from django import forms

from ptdv.core.reference import GeneralEducation
from ptdv.people.models import Sex
from ptdv.recruitment.models import SourceOrganization


class CandidateForm(forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    birth_date = forms.DateField(label="Ngày sinh", widget=forms.DateInput(attrs={"type": "date"}))
    sex = forms.ChoiceField(label="Giới tính", choices=Sex.choices)
    general_education = forms.ChoiceField(
        label="Trình độ giáo dục phổ thông", choices=GeneralEducation.choices
    )
    youth_union_member = forms.BooleanField(label="Đoàn viên", required=False)
    source = forms.ChoiceField(label="Nguồn giới thiệu", choices=SourceOrganization.choices)
    listed_on = forms.DateField(
        label="Ngày đưa vào danh sách", widget=forms.DateInput(attrs={"type": "date"})
    )
    disadvantaged_area = forms.BooleanField(
        label="Vùng đặc biệt khó khăn, miền núi, biên giới, hải đảo, ngư dân (R5)", required=False
    )


class ReviewForm(forms.Form):
    month = forms.DateField(label="Tháng", widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(label="Nhận xét", widget=forms.Textarea(attrs={"rows": 3}))
