"""Every validation error of the API is Vietnamese, relational fields included: every
writable field of every serializer the API uses (the transition bodies too) is fed a foreign
or missing id, a wrong type and a null, and no answer may be English. And a foreign id in a
real request is refused in Vietnamese with nothing written."""

import importlib
import inspect
import re

from django.test import RequestFactory
from rest_framework import relations, serializers

from ptdv.recruitment import transitions

API_MODULES = [
    "ptdv.api.serializers",
    "ptdv.api.views",
    "ptdv.people.api",
    "ptdv.recruitment.api",
    "ptdv.training.api",
    "ptdv.targets.api",
    "ptdv.reports.api",
    "ptdv.imports.api",
]
ENGLISH = re.compile(
    r"\b(this|field|may|not|be|valid|invalid|object|does|exist|expected|ensure|value|must|"
    r"type|received|incorrect|string|number|integer|items|got|characters|than|more|less|"
    r"choice|dictionary|boolean|pk|required|blank|empty|format)\b",
    re.IGNORECASE,
)


def api_serializers():
    found = []
    for name in API_MODULES:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, serializers.Serializer) and cls.__module__ == module.__name__:
                found.append(cls)
    found += [transitions.serializer_for(spec) for spec in transitions.SPECS]
    return found


def messages(error) -> list[str]:
    """Every message text in a ValidationError's detail, however nested."""

    def walk(detail):
        if isinstance(detail, dict):
            return [text for value in detail.values() for text in walk(value)]
        if isinstance(detail, list):
            return [text for value in detail for text in walk(value)]
        return [str(detail)]

    return walk(error.detail)


def test_the_walk_covers_the_related_fields_of_the_api():
    related = {
        (cls.__name__, name)
        for cls in api_serializers()
        for name, field in cls().fields.items()
        if isinstance(field, relations.RelatedField | relations.ManyRelatedField)
        and not field.read_only
    }
    assert ("PersonSerializer", "organization") in related
    assert ("IntroduceRequest", "introducer_1") in related
    assert ("RecordCertificateRequest", "enrolment") in related
    assert len(related) >= 10


def test_every_validation_message_of_every_writable_field_is_vietnamese(tree):
    request = RequestFactory().get("/")
    request.user = tree.officer_p1
    bad_values = [999_999_999, "không-phải-số", {"x": 1}, [1, 2], None, "", "x" * 300]
    english = []
    checked = 0
    for cls in api_serializers():
        try:
            instance = cls(context={"request": request})
        except Exception:
            instance = cls()
        for name, field in instance.fields.items():
            if field.read_only:
                continue
            for value in bad_values:
                try:
                    field.run_validation(value)
                except serializers.ValidationError as error:
                    checked += 1
                    english += [
                        (cls.__name__, name, repr(value)[:20], text)
                        for text in messages(error)
                        if ENGLISH.search(text)
                    ]
                except Exception:
                    continue
    assert checked > 200
    assert english == []


def test_the_read_only_inspector_gets_403_on_every_write_in_scope(api, tree):
    """Whatever the body (empty here), a write of the inspector is a 403 in Vietnamese; an
    object outside the inspector's subtree stays a 404."""
    from ptdv.people.services import person_create

    mine = person_create(acting_user=None, organization=tree.a, full_name="Lê Văn A", sex="male")
    far = person_create(acting_user=None, organization=tree.e, full_name="Lê Văn E", sex="male")
    client = api(tree.inspector_p1)
    for url in (
        "/api/v1/persons/",
        "/api/v1/members/",
        "/api/v1/candidates/",
        "/api/v1/targets/",
        "/api/v1/awareness-classes/",
    ):
        response = client.post(url, {}, format="json")
        assert response.status_code == 403, url
        assert response.json() == {
            "detail": "Vai trò của bạn chỉ được xem, không được thay đổi dữ liệu."
        }
    assert client.patch(f"/api/v1/persons/{mine.pk}/", {}, format="json").status_code == 403
    assert client.patch(f"/api/v1/persons/{far.pk}/", {}, format="json").status_code == 404
