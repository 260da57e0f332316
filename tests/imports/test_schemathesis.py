"""A bounded schemathesis run over the whole API: every GET operation, a few generated
examples each, as the administrator (who sees every subtree) and as a cell secretary; and every
operation — creations, corrections and the dossier transitions included — as a commune office.
No answer may be a server error, and every documented answer must match its schema."""

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error, response_schema_conformance

from ptdv.accounts.models import AuditEvent
from ptdv.imports import services
from tests.access.routes import _member  # a member, with a person, in a cell
from tests.imports import books

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 5
CHECKS = [not_a_server_error, response_schema_conformance]


def _failures(schema, headers, known_ids: list[int]) -> list[str]:
    """Run every operation; a path `id` is either generated or one of `known_ids` (objects
    that exist), so detail answers are exercised and not only 404s."""
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @hypothesis_settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(), known=st.sampled_from([None, *known_ids]))
        def run(case, known):
            if known is not None and "id" in (case.path_parameters or {}):
                case.path_parameters["id"] = known
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except Exception as error:  # collected, so one run shows every broken operation
            first = str(error).strip().splitlines()[:6]
            failures.append(f"{operation.label}: " + " | ".join(first))
    return failures


@pytest.fixture
def keep_connection():
    """The requests run inside the test's transaction: Django would close the connection at
    the end of each request (autocommit off), as the test client avoids too."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("keep_connection")
@pytest.mark.parametrize(
    ("persona", "methods"),
    [("admin", ("GET",)), ("secretary_a", ("GET",)), ("office_c1", None)],
)
def test_operations_answer_without_server_errors_and_match_the_schema(
    tree, persona, methods, settings
):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]  # schemathesis calls as localhost
    member = _member(tree.a)
    job = services.job_create(
        acting_user=tree.office_c1,
        kind="members",
        file_name="ds.xlsx",
        content=books.xlsx([books.member(**{"Mã chi bộ": "ZZZ"})]),
    )
    services.job_check(acting_user=tree.office_c1, job=job)
    known = sorted(
        {tree.a.pk, tree.b.pk, member.pk, member.person_id, job.pk, tree.secretary_a.pk}
        | set(AuditEvent.objects.values_list("pk", flat=True)[:3])
    )
    user = getattr(tree, persona)
    token, _ = Token.objects.get_or_create(user=user)
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", WSGIHandler())
    if methods:
        schema = schema.include(method=list(methods))
    operations = [result.ok().label for result in schema.get_all_operations()]
    assert "GET /api/v1/import-jobs/" in operations
    if methods is None:  # the writes are exercised too
        assert "POST /api/v1/organizations/" in operations
    failures = _failures(schema, {"Authorization": f"Token {token.key}"}, known)
    assert not failures, "\n".join(failures)
