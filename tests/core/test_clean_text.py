"""One normalisation for every text that comes in: forms (pages), API serializers and the
import reader give the same clean text; passwords are left exactly as typed."""

import unicodedata

import pytest
from django import forms
from rest_framework import serializers

from ptdv.core.text import clean_text
from ptdv.imports.spec import cell_text

HOSTILE = "  Nguye\u0302\u0303n\x00 Va\u0306n\u200b A\u202en\ufeff \r\n"
CLEAN = "Nguyễn Văn An"


def test_clean_text_removes_controls_and_invisible_characters():
    text = clean_text(HOSTILE)
    assert text == CLEAN and unicodedata.is_normalized("NFC", text)
    assert clean_text("Dòng 1\r\nDòng 2\x07") == "Dòng 1\nDòng 2"
    assert clean_text("\u200b\u2066\u2069") == ""


def test_forms_api_and_imports_give_the_same_text():
    class Form(forms.Form):
        name = forms.CharField()
        secret = forms.CharField(strip=False)

    class Serializer(serializers.Serializer):
        name = serializers.CharField()
        secret = serializers.CharField(trim_whitespace=False)

    form = Form({"name": HOSTILE, "secret": " mật\u200bkhẩu "})
    assert form.is_valid() and form.cleaned_data["name"] == CLEAN
    assert form.cleaned_data["secret"] == " mật\u200bkhẩu "  # a password stays as typed
    serializer = Serializer(data={"name": HOSTILE, "secret": " x "})
    assert serializer.is_valid() and serializer.validated_data["name"] == CLEAN
    assert serializer.validated_data["secret"] == " x "
    assert cell_text(HOSTILE) == CLEAN


def test_only_invisible_characters_is_blank():
    class Form(forms.Form):
        name = forms.CharField(error_messages={"required": "Vui lòng nhập tên."})

    form = Form({"name": "\u200b\u202e"})
    assert not form.is_valid() and form.errors["name"] == ["Vui lòng nhập tên."]


@pytest.mark.django_db
def test_a_name_sent_through_the_api_is_stored_clean(tree, api):
    response = api(tree.secretary_a).post(
        "/api/v1/persons/",
        {
            "full_name": "Lê\u200b Thị\x00 Sạch\u202e",
            "organization": tree.a.pk,
            "sex": "female",
            "birth_date": "1995-05-19",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    from ptdv.people.models import Person

    assert Person.objects.get().full_name == "Lê Thị Sạch"
