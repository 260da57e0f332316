"""The stateful phase of schemathesis: chains of API calls that follow the links between
operations (an object created, then read, corrected, moved), with every built-in check, as a
commune office and as a province board officer. No answer may be a server error."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.access.routes import _member
from tests.imports.test_schemathesis import keep_connection  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

# Every built-in check but one: "a schema-valid request must be accepted" cannot hold for a
# domain API. The schema says a body is well formed; the services then refuse, with a 400 and
# the Vietnamese reason, what the schema cannot express (the unit referred to must exist and be
# in the caller's subtree, a vote must reach two thirds, dates must follow each other…).
EXCLUDED = [positive_data_acceptance]

# A modest run: the whole suite on both databases must stay well under 15 minutes.
STEPS = 6
SCENARIOS = 12


@pytest.mark.usefixtures("keep_connection")
@pytest.mark.parametrize("persona", ["office_c1", "officer_p1"])
def test_stateful_chains_find_no_server_error(tree, persona, settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    _member(tree.a)
    user = getattr(tree, persona)
    token, _ = Token.objects.get_or_create(user=user)
    headers = {"Authorization": f"Token {token.key}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", WSGIHandler())
    # The token as configured authentication: the auth checks then call without it, and
    # with a wrong one, and expect a refusal.
    schema.config.update(headers=headers)
    machine = schema.as_state_machine()
    # Links between operations were found (inferred from the schema): chains, not single calls.
    assert schema.statistic.transitions.total > 10, schema.statistic.transitions

    class Workflow(machine):
        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, excluded_checks=EXCLUDED, transport_kwargs=kwargs)

    Workflow.run(
        settings=hypothesis_settings(
            max_examples=SCENARIOS,
            stateful_step_count=STEPS,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
    )
