"""The answer to a locked-out login: JSON for the API, a Vietnamese page for the browser."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render

MESSAGE = (
    "Tài khoản tạm bị khóa do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau {minutes} phút "
    "hoặc liên hệ quản trị hệ thống."
)


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": MESSAGE.format(minutes=minutes)}, status=429)
    return render(
        request,
        "accounts/locked_out.html",
        {"message": MESSAGE.format(minutes=minutes)},
        status=429,
    )
