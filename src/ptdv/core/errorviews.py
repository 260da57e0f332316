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


def server_error(request):
    if _api(request):
        return JsonResponse({"detail": "Lỗi hệ thống: hãy báo quản trị viên."}, status=500)
    return render(request, "errors/500.html", status=500)
