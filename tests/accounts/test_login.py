import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ptdv.accounts import middleware
from tests.conftest import PASSWORD


def post_login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_the_login_page_is_in_vietnamese(client):
    body = client.get(reverse("accounts:login")).content.decode()
    assert "Đăng nhập" in body and "Tên đăng nhập" in body and "Mật khẩu" in body
    assert 'lang="vi"' in body


def test_a_correct_login_goes_to_the_users_unit(tree, client):
    response = post_login(client, "secretary_a", PASSWORD)
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:detail", kwargs={"pk": tree.a.pk})


def test_a_wrong_password_gets_a_vietnamese_error(tree, client):
    response = post_login(client, "secretary_a", "sai-mat-khau")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_account_even_with_the_right_password(tree, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "secretary_a", "sai-mat-khau")
    response = post_login(client, "secretary_a", PASSWORD)
    assert response.status_code == 429
    body = response.content.decode()
    assert "Tài khoản tạm bị khóa" in body
    assert "_auth_user_id" not in client.session


def _session_row(client):
    return Session.objects.get(session_key=client.session.session_key)


def _writes_to_sessions(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].startswith(("UPDATE", "INSERT")) and "django_session" in q["sql"]
    ]


def test_an_active_session_slides_its_expiry_once_a_minute_not_on_every_page(
    tree, client, settings, monkeypatch
):
    assert 0 < settings.SESSION_COOKIE_AGE <= 8 * 3600
    post_login(client, "secretary_a", PASSWORD)
    page = reverse("organizations:detail", kwargs={"pk": tree.a.pk})
    # The login marked the session as refreshed: the pages within a minute write nothing.
    soon = timezone.now() + timedelta(minutes=5)  # as if idle for 55 of its 60 minutes
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=soon)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    assert _writes_to_sessions(queries.captured_queries) == []
    assert _session_row(client).expire_date == soon

    later = time.time() + settings.SESSION_REFRESH_SECONDS + 1
    monkeypatch.setattr(middleware.time, "time", lambda: later)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    assert len(_writes_to_sessions(queries.captured_queries)) == 1
    expected = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs(_session_row(client).expire_date - expected) < timedelta(seconds=30)


def test_a_session_idle_past_its_age_ends(tree, client):
    post_login(client, "secretary_a", PASSWORD)
    page = reverse("organizations:detail", kwargs={"pk": tree.a.pk})
    assert client.get(page).status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(page)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_passwords_are_hashed_with_argon2_in_production():
    from ptdv import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.parametrize("path", ["/to-chuc/", "/"])
def test_pages_need_a_login(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_pages_send_a_strict_content_security_policy(client):
    response = client.get(reverse("accounts:login"))
    directives = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # no inline script, no other host
    body = response.content.decode()
    assert "<script>" not in body and "https://" not in body


def _login_from(client, address, username, password):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_failures_from_another_address_do_not_lock_the_user_out(tree, client, settings):
    """An outsider typing wrong passwords for the administrator locks only themself."""
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        _login_from(client, "203.0.113.9", "admin", "sai-mat-khau")
    refused = _login_from(client, "203.0.113.9", "admin", PASSWORD)
    assert refused.status_code == 429 and "_auth_user_id" not in client.session
    response = _login_from(client, "10.0.0.5", "admin", PASSWORD)
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(tree.admin.pk)


def test_one_address_trying_many_usernames_is_refused(tree, client, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 6
    for username in ("a1", "a2", "a3", "a4", "a5", "a6"):
        _login_from(client, "198.51.100.7", username, "sai")
    response = _login_from(client, "198.51.100.7", "secretary_a", PASSWORD)
    assert response.status_code == 429
    assert "Địa chỉ mạng của bạn tạm bị chặn" in response.content.decode()
    assert _login_from(client, "10.0.0.5", "secretary_a", PASSWORD).status_code == 302


def test_the_token_endpoint_is_throttled_the_same_way(tree, settings):
    from rest_framework.test import APIClient

    client = APIClient()
    url = reverse("api-token")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "secretary_a", "password": "sai"}, REMOTE_ADDR="203.0.113.9")
    locked = client.post(
        url, {"username": "secretary_a", "password": PASSWORD}, REMOTE_ADDR="203.0.113.9"
    )
    assert locked.status_code == 429
    elsewhere = client.post(
        url, {"username": "secretary_a", "password": PASSWORD}, REMOTE_ADDR="10.0.0.5"
    )
    assert elsewhere.status_code == 200 and elsewhere.data["token"]
    settings.AXES_ADDRESS_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT
    blocked = client.post(
        url, {"username": "secretary_b", "password": PASSWORD}, REMOTE_ADDR="203.0.113.9"
    )
    assert blocked.status_code == 429 and "Địa chỉ mạng" in blocked.data["detail"]
