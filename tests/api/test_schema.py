from django.urls import reverse
from drf_spectacular.validation import validate_schema


def test_the_schema_is_a_valid_openapi_3_document(client):
    response = client.get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)  # raises on an invalid document
    assert "/api/v1/organizations/" in schema["paths"]
    assert "/api/v1/auth/token/" in schema["paths"]
    # The scoped ranking, the person search and the step seen carried by every transition.
    assert "/api/v1/ranking/{id}/" in schema["paths"]
    assert "/api/v1/persons/search/" in schema["paths"]
    body = schema["components"]["schemas"]["NominateRequestRequest"]
    assert "expected_state" in body["required"]


def test_the_docs_page_loads_its_files_locally(client):
    body = client.get(reverse("api-docs")).content.decode()
    assert "swagger" in body.lower()
    # No address outside the site (a random token of the page may spell "cdn" by chance).
    assert "https://" not in body and "http://" not in body
    for host in ("cdn.", "cdnjs", "jsdelivr", "unpkg"):
        assert host not in body.lower()
