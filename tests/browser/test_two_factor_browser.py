"""A board officer enrols an authenticator app in the browser (QR code made by the server,
the secret typed in), then logs in again with a code."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from ptdv.accounts.models import Role
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def app_code(secret: str, at: float) -> str:
    """What the authenticator app shows for the secret typed in from the page."""
    raw = secret.replace(" ", "")
    totp = TOTP(b32decode(raw + "=" * (-len(raw) % 8)))
    totp.time = at
    return f"{totp.token():06d}"


def password(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def test_an_officer_enrols_a_totp_device_and_logs_in_with_a_code(page, live_server, tree):
    make_user("officer_moi", Role.BOARD_OFFICER, tree.p1)
    password(page, live_server, "officer_moi")
    assert "/xac-thuc-hai-lop/dang-ky/" in page.url
    expect(page.locator("figure.qr svg")).to_be_visible()
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Mã xác thực").fill(app_code(secret, time.time()))
    page.get_by_role("button", name="Xác nhận đăng ký").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Đã bật xác thực hai lớp")).to_be_visible()
    assert page.locator("ol.recovery-codes li").count() == 10
    page.get_by_role("link", name="Tiếp tục").click()
    page.wait_for_load_state()
    assert "/xac-thuc-hai-lop/" not in page.url and "/dang-nhap/" not in page.url

    password(page, live_server, "officer_moi")
    assert "/xac-thuc-hai-lop/" in page.url and "dang-ky" not in page.url
    # The next code of the app (the one just used cannot serve twice).
    page.get_by_label("Mã xác thực").fill(app_code(secret, time.time() + 30))
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state()
    assert "/xac-thuc-hai-lop/" not in page.url and "/dang-nhap/" not in page.url
    expect(page.get_by_text(tree.p1.name).first).to_be_visible()
