"""Request-level protections that run before any view."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse

TOO_LARGE = (
    "Yêu cầu quá lớn ({size} MB, tối đa {limit} MB): tệp không được nhận và không có gì được "
    "lưu. Hãy chia tệp thành nhiều tệp nhỏ hơn."
)


def max_request_bytes() -> int:
    from ptdv.imports.conf import limit

    default = limit("MAX_BYTES") + 1024 * 1024  # the file and the form around it
    return getattr(settings, "PTDV_MAX_REQUEST_BYTES", default)


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is over the limit with a Vietnamese 413, before
    Django reads (and stores) a byte of it. The reverse proxy should refuse it even earlier
    (nginx `client_max_body_size`, see docs/operations.md)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0
        cap = max_request_bytes()
        if size > cap:
            message = TOO_LARGE.format(
                size=f"{size / 1048576:.1f}".replace(".", ","), limit=cap // 1048576
            )
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=413)
            page = f'<!doctype html><html lang="vi"><meta charset="utf-8"><p>{message}</p></html>'
            return HttpResponse(page, status=413)
        return self.get_response(request)
