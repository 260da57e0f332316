"""Request-level protections that run before any view, and the answer to a request whose
statement the database cancelled."""

import logging

from django.conf import settings
from django.http import HttpResponse, JsonResponse

TOO_LARGE = (
    "Yêu cầu quá lớn ({size} MB, tối đa {limit} MB): tệp không được nhận và không có gì được "
    "lưu. Hãy chia tệp thành nhiều tệp nhỏ hơn."
)


MB = 1024 * 1024
# Scanned papers and received dossier packages are uploaded under this prefix; their own
# limits (PTDV_ATTACHMENT_MAX_MB, PTDV_PACKAGE_MAX_MB) are checked again by their service.
DOCUMENTS_PREFIX = "/van-ban/"


def max_request_bytes(path: str = "") -> int:
    from ptdv.imports.conf import limit

    largest_file = limit("MAX_BYTES")
    if path.startswith(DOCUMENTS_PREFIX):
        largest_file = MB * max(settings.PTDV_ATTACHMENT_MAX_MB, settings.PTDV_PACKAGE_MAX_MB)
    default = largest_file + MB  # the file and the form around it
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
        cap = max_request_bytes(request.path)
        if size > cap:
            message = TOO_LARGE.format(size=f"{size / MB:.1f}".replace(".", ","), limit=cap // MB)
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=413)
            page = f'<!doctype html><html lang="vi"><meta charset="utf-8"><p>{message}</p></html>'
            return HttpResponse(page, status=413)
        return self.get_response(request)


class StatementTimeoutMiddleware:
    """A request whose statement ran longer than the database allows (PostgreSQL's
    statement_timeout, settings.STATEMENT_TIMEOUT_MS, raises QueryCanceled) gets a clear
    Vietnamese 503 (`errorviews.too_slow`) instead of the generic error page; the request's
    transaction was already rolled back by the atomic block it left. Logged as a warning
    with the page, to find the pages that need to be made faster."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from ptdv.core.errors import is_statement_timeout
        from ptdv.core.errorviews import too_slow

        if not is_statement_timeout(exception):
            return None
        logging.getLogger("ptdv.performance").warning(
            "Statement timeout (%s ms) on %s %s",
            settings.STATEMENT_TIMEOUT_MS,
            request.method,
            request.get_full_path(),
        )
        return too_slow(request)
