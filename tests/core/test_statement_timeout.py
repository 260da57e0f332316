"""A request whose statement the database cancels (PostgreSQL's statement_timeout raises
QueryCanceled) answers a clear Vietnamese 503, a page or the API's JSON, and keeps nothing
of what it had written in its transaction."""

from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from ptdv.core.errors import is_statement_timeout
from ptdv.core.errorviews import TOO_SLOW, TOO_SLOW_API, TOO_SLOW_TITLE
from ptdv.organizations.models import Organization
from tests.core.timeout_urls import SLOW_CODE
from tests.reports.factories import admit

URLS = pytest.mark.urls("tests.core.timeout_urls")
POSTGRES = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's statement_timeout"
)


def assert_too_slow_page(response):
    assert response.status_code == 503
    assert response["Retry-After"]
    body = response.content.decode()
    assert TOO_SLOW_TITLE in body and TOO_SLOW in body
    assert "thu hẹp phạm vi" in body and "thử lại sau" in body
    assert "Lỗi hệ thống" not in body


def assert_too_slow_json(response):
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": TOO_SLOW_API, "code": "statement_timeout"}


@URLS
@pytest.mark.django_db
def test_the_driver_s_query_canceled_gives_the_page_and_the_json(client, tree):
    assert_too_slow_page(client.get("/thu-cham/driver/"))
    assert_too_slow_json(client.post("/api/v1/thu-cham/driver/"))


@URLS
@pytest.mark.django_db
def test_another_database_error_still_gives_the_generic_error(client, tree):
    client.raise_request_exception = False
    response = client.get("/thu-cham/other/")
    assert response.status_code == 500
    assert TOO_SLOW not in response.content.decode()


def test_only_a_cancelled_statement_counts_as_a_timeout():
    from django.db import OperationalError
    from psycopg import errors

    try:
        try:
            raise errors.QueryCanceled("canceling statement due to statement timeout")
        except errors.QueryCanceled as exc:
            raise OperationalError(str(exc)) from exc
    except OperationalError as wrapped:
        assert is_statement_timeout(wrapped)
    assert not is_statement_timeout(OperationalError("server closed the connection"))
    assert not is_statement_timeout(errors.LockNotAvailable("lock timeout"))


# The real thing on PostgreSQL: the statement is cancelled by the server, the request's
# transaction is rolled back. Outside the test's own transaction (transaction=True), as in
# production, so the rollback and the page after it are those of a real request.


@POSTGRES
@URLS
@pytest.mark.django_db(transaction=True)
def test_a_real_timeout_gives_the_page_and_writes_nothing(client, tree):
    response = client.post("/thu-cham/that/")
    assert_too_slow_page(response)
    assert not Organization.objects.filter(code=SLOW_CODE).exists()
    # The connection serves the next request as usual.
    assert Organization.objects.filter(code="TW").exists()


@POSTGRES
@URLS
@pytest.mark.django_db(transaction=True)
def test_a_real_timeout_in_the_api_gives_json_and_writes_nothing(client, tree):
    assert_too_slow_json(client.post("/api/v1/thu-cham/that/"))
    assert not Organization.objects.filter(code=SLOW_CODE).exists()


@POSTGRES
@pytest.mark.django_db(transaction=True)
def test_a_report_cut_short_by_the_timeout_shows_the_page(tree, login, api, monkeypatch):
    from django.db import transaction

    from ptdv.reports import figures

    admit(tree.a, date(2023, 3, 1))

    def too_long(*args, **kwargs):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 20")
            cursor.execute("SELECT pg_sleep(5)")

    monkeypatch.setattr(figures, "statistics", too_long)
    period = {"tu": "01/01/2023", "den": "31/12/2023"}
    page = login(tree.office_c1).get(reverse("reports:dashboard", args=[tree.c1.pk]), period)
    assert_too_slow_page(page)
    answer = api(tree.office_c1).get(f"/api/v1/reports/{tree.c1.pk}/statistics/", period)
    assert_too_slow_json(answer)
