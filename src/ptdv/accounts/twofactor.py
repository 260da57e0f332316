"""Two-factor login (TOTP, django-otp) for the privileged roles.

Province board officers and administrators (`settings.PTDV_TWO_FACTOR_ROLES`, superusers
always) enter a 6-digit code from an authenticator app after their password. The first time,
they enrol: a QR code rendered on the server (the `qrcode` package, SVG; no outside service)
and the secret for typing in, confirmed by a first code; then ten recovery codes (a static
device) are shown once. Until the second factor is given, every page leads to it and the API
refuses the session; `POST /api/v1/auth/token/` gives them a token only with a code (`otp`).
"""

import io
import time
from base64 import b32encode

from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, match_token
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10


def required_for(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or user.role in settings.PTDV_TWO_FACTOR_ROLES


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user) -> TOTPDevice:
    """The device being enrolled (one per user until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)
    return device


def secret_of(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it typed in (base32, in groups of four)."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code as inline SVG, made here (never by an outside service)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]


def current_code(device: TOTPDevice, at: float | None = None) -> str:
    """The code the app shows now (for `ptdv totp` on the demo, and the tests)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = at if at is not None else time.time()
    return f"{totp.token():0{device.digits}d}"


@transaction.atomic
def confirm(device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the enrolment with a first code: the recovery codes, or None if it is wrong."""
    if not device.verify_token(code.replace(" ", "")):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(device.user)


def new_recovery_codes(user) -> list[str]:
    """Ten single-use recovery codes, replacing any earlier ones."""
    static, _ = StaticDevice.objects.get_or_create(
        user=user, name="Mã khôi phục", defaults={"confirmed": True}
    )
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


def verify(user, code: str):
    """The confirmed device (app or recovery codes) that accepts `code`, or None."""
    code = (code or "").replace(" ", "").strip()
    if not code:
        return None
    return match_token(user, code)


def enrol_confirmed(user) -> TOTPDevice:
    """A confirmed device at once (the demo's privileged accounts, the tests' personas)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=True)
    return device


def confirmed_devices(user):
    return list(devices_for_user(user, confirmed=True))
