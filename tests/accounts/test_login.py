import pytest
from django.urls import reverse

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


def test_sessions_expire_when_idle(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 8 * 3600


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
