"""Error pages in Vietnamese. "Not yours" looks exactly like "not found". Under /api/ the
answer is JSON, as every API answer is (the schema documents it)."""

from django.http import JsonResponse
from django.shortcuts import render


def _api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    if _api(request):
        return JsonResponse({"detail": "Không tìm thấy."}, status=404)
    return render(request, "errors/404.html", status=404)


def forbidden(request, exception=None):
    message = str(exception) if exception and str(exception) else ""
    if _api(request):
        return JsonResponse({"detail": message or "Bạn không có quyền làm việc này."}, status=403)
    return render(request, "errors/403.html", {"message": message}, status=403)


# A statement cancelled by the database's statement_timeout (settings.STATEMENT_TIMEOUT_MS):
# the page asked for more than the database may spend on one request. The transaction of
# the request was rolled back; the user narrows the scope or tries again later.
TOO_SLOW_TITLE = "Trang cần quá nhiều thời gian để tính"
TOO_SLOW = (
    "Trang này cần quá nhiều thời gian để tính nên hệ thống đã dừng lại, để không làm chậm "
    "công việc của những người khác. Hãy thu hẹp phạm vi (chọn một đơn vị cấp dưới hoặc một "
    "khoảng thời gian ngắn hơn) rồi mở lại, hoặc thử lại sau ít phút."
)
TOO_SLOW_UNCHANGED = (
    "Phần việc đang làm dở không được lưu: dữ liệu vẫn như trước khi bạn gửi yêu cầu."
)
TOO_SLOW_API = (
    "Yêu cầu cần quá nhiều thời gian để tính nên đã bị dừng; không có dữ liệu nào được lưu. "
    "Hãy thu hẹp phạm vi (đơn vị, khoảng thời gian) hoặc thử lại sau."
)
RETRY_AFTER_SECONDS = 60


def too_slow(request):
    """503 for a request whose statement the database cancelled (`errors.is_statement_timeout`):
    a page of its own (it reads nothing from the database, whose transaction just failed),
    JSON under /api/."""
    if _api(request):
        response = JsonResponse({"detail": TOO_SLOW_API, "code": "statement_timeout"}, status=503)
    else:
        response = render(
            request,
            "errors/503_too_slow.html",
            {"title": TOO_SLOW_TITLE, "message": TOO_SLOW, "unchanged": TOO_SLOW_UNCHANGED},
            status=503,
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request):
    if _api(request):
        return JsonResponse({"detail": "Lỗi hệ thống: hãy báo quản trị viên."}, status=500)
    return render(request, "errors/500.html", status=500)
