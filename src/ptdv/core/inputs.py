"""Every text that comes in gets the one normalisation (`core.text.clean_text`): NFC,
invisible and control characters (NUL, zero-width, bidi overrides) removed, trimmed.

The ways in are Django form fields (pages), DRF serializer fields (API) and the import reader
(`imports.spec.cell_text`, through `core.text.normalize`). Rather than a base class that every
form and serializer would have to remember, the text fields of both frameworks are wrapped
once at start-up. Fields that keep their text exactly as typed — passwords (`strip=False`,
`trim_whitespace=False`) — are left alone.
"""

from django import forms
from rest_framework import fields as drf_fields

from ptdv.core.text import clean_text

_INSTALLED = False


def install() -> None:
    global _INSTALLED
    if _INSTALLED:
        return
    _INSTALLED = True

    form_to_python = forms.CharField.to_python

    def to_python(self, value):
        if self.strip and isinstance(value, str):
            value = clean_text(value)
        return form_to_python(self, value)

    forms.CharField.to_python = to_python

    drf_run_validation = drf_fields.CharField.run_validation

    def run_validation(self, data=drf_fields.empty):
        if self.trim_whitespace and isinstance(data, str):
            data = clean_text(data)
        return drf_run_validation(self, data)

    drf_fields.CharField.run_validation = run_validation
