"""Two-factor login (TOTP) for board officers and administrators: enrolment with a QR code
made on the server, recovery codes, every page behind the second factor, API tokens only
with a code."""

import re
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from ptdv.accounts import twofactor
from tests.conftest import PASSWORD, totp_code

pytestmark = pytest.mark.django_db


def password_login(username: str) -> Client:
    """A client that gave the password only (the real login, not force_login)."""
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_a_board_officer_enrols_with_a_local_qr_code_and_gets_recovery_codes(tree, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no wait after the wrong code (1 s by default)
    client = password_login("officer_p1")
    response = client.get(reverse("organizations:tree"))
    assert response.status_code == 302 and "/xac-thuc-hai-lop/dang-ky/" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "Đăng ký xác thực hai lớp" in page and "<svg" in page
    assert "https://" not in page and "http://" not in page.replace('"http://www.w3.org', "")
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1)
    device = TOTPDevice.objects.get(user=tree.officer_p1, confirmed=False)
    assert twofactor.secret_of(device) == secret

    wrong = client.post(reverse("accounts:two-factor-enrol"), {"code": "000000"})
    assert wrong.status_code == 400 and "Mã không đúng" in wrong.content.decode()
    done = client.post(
        reverse("accounts:two-factor-enrol"), {"code": twofactor.current_code(device)}
    )
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    assert len(codes) == 10 and "chỉ hiện một lần" in done.content.decode()
    assert client.get(reverse("organizations:tree")).status_code == 200


def test_an_enrolled_officer_gives_a_code_after_the_password(tree, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    twofactor.enrol_confirmed(tree.officer_p1)
    client = password_login("officer_p1")
    response = client.get(reverse("organizations:tree"))
    assert response.status_code == 302 and "/xac-thuc-hai-lop/?next=" in response["Location"]
    assert client.get("/api/v1/organizations/").status_code == 403  # the session, too
    wrong = client.post(reverse("accounts:two-factor"), {"code": "123456"})
    assert wrong.status_code == 400 and "Mã không đúng" in wrong.content.decode()
    right = client.post(
        reverse("accounts:two-factor"),
        {"code": totp_code("officer_p1"), "next": reverse("organizations:tree")},
    )
    assert right.status_code == 302 and right["Location"] == reverse("organizations:tree")
    assert client.get(reverse("organizations:tree")).status_code == 200


def test_a_recovery_code_works_once(tree):
    twofactor.enrol_confirmed(tree.admin)
    [code, *_] = twofactor.new_recovery_codes(tree.admin)
    client = password_login("admin")
    assert client.post(reverse("accounts:two-factor"), {"code": code}).status_code == 302
    again = password_login("admin")
    assert again.post(reverse("accounts:two-factor"), {"code": code}).status_code == 400


def test_other_roles_are_not_asked_for_a_second_factor(tree):
    client = password_login("secretary_a")
    assert client.get(reverse("organizations:tree")).status_code == 200


def test_api_tokens_are_issued_to_privileged_roles_only_with_a_code(tree):
    api = APIClient()
    url = reverse("api-token")
    body = {"username": "officer_p1", "password": PASSWORD}
    not_enrolled = api.post(url, body)
    assert not_enrolled.status_code == 403 and "đăng ký xác thực hai lớp" in str(not_enrolled.data)
    twofactor.enrol_confirmed(tree.officer_p1)
    missing = api.post(url, body)
    assert missing.status_code == 400 and "otp" in missing.data
    token = api.post(url, {**body, "otp": totp_code("officer_p1")})
    assert token.status_code == 200 and token.data["token"]


def test_the_totp_command_prints_the_current_code(tree):
    device = twofactor.enrol_confirmed(tree.officer_p1)
    out = StringIO()
    call_command("totp", "officer_p1", stdout=out)
    code = out.getvalue().strip()
    assert re.fullmatch(r"\d{6}", code)
    assert code == twofactor.current_code(device, at=time.time()) or code == (
        twofactor.current_code(device, at=time.time() - 30)
    )
    assert device.verify_token(code)


def test_the_tests_codes_are_accepted_for_several_logins_in_a_row(tree):
    """The browser tests log a persona in several times within a minute: each code the test
    helper gives must be one the server accepts (single use, its tolerance and drift)."""
    for _ in range(4):
        assert twofactor.verify(tree.officer_p1, totp_code("officer_p1")) is not None
