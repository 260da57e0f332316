"""Privileged roles give their second factor before anything else (accounts/twofactor.py);
an idle session ends, without a write to the session table on every request."""

import time

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from ptdv.accounts import twofactor

API_MESSAGE = (
    "Tài khoản này cần xác thực hai lớp: hãy nhập mã trên trang web, hoặc lấy token bằng "
    "POST /api/v1/auth/token/ kèm trường «otp»."
)


class TwoFactorRequiredMiddleware:
    """After django-otp's OTPMiddleware: a session of a privileged user who has not given
    the second factor only reaches the two-factor pages, logout and static files."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and twofactor.required_for(user) and not user.is_verified():
            allowed = {
                reverse("accounts:two-factor"),
                reverse("accounts:two-factor-enrol"),
                reverse("accounts:logout"),
                reverse("accounts:login"),
            }
            if request.path not in allowed and not request.path.startswith("/static/"):
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": API_MESSAGE}, status=403)
                target = (
                    "accounts:two-factor"
                    if twofactor.is_enrolled(user)
                    else ("accounts:two-factor-enrol")
                )
                return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)


class SessionRefreshMiddleware:
    """Slides the session's expiry while the user is active, at most once a refresh
    interval (settings.SESSION_REFRESH_SECONDS) instead of on every request: a session
    saved on each request made every page, a report served from its cache included, a
    committed write. A session idle for SESSION_COOKIE_AGE ends, give or take one interval.
    After SessionMiddleware, so that its mark is saved on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        due = session is not None and not session.is_empty()
        if due and time.time() - session.get(KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
            mark_refreshed(session)  # modified: SessionMiddleware saves it, expiry reset
        return response


KEY = "_ptdv_refreshed"


def mark_refreshed(session) -> None:
    session[KEY] = int(time.time())


def mark_refreshed_at_login(sender, request, user, **kwargs) -> None:
    """A login saves the session anyway: the first page after it need not save it again."""
    if getattr(request, "session", None) is not None:
        mark_refreshed(request.session)
