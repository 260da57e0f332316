from django import forms

from ptdv.recruitment.models import DossierState


class AttachmentForm(forms.Form):
    step = forms.ChoiceField(label="Bước hồ sơ", choices=DossierState.choices)
    title = forms.CharField(label="Tài liệu", max_length=200)
    file = forms.FileField(label="Bản quét (PDF, JPEG, PNG)")


class PackageForm(forms.Form):
    file = forms.FileField(label="Gói hồ sơ điện tử (.zip)")
