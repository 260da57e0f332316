"""API errors in Vietnamese, whatever DRF's own catalogue holds."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from ptdv.core.errors import DomainError, RoleRefused, StaleState, is_statement_timeout

MESSAGES = {
    exceptions.NotAuthenticated: "Chưa xác thực: hãy gửi token trong tiêu đề "
    "«Authorization: Token …».",
    exceptions.AuthenticationFailed: "Token không hợp lệ hoặc đã bị thu hồi.",
    exceptions.NotFound: "Không tìm thấy.",
    exceptions.PermissionDenied: "Bạn không có quyền thực hiện thao tác này.",
    exceptions.MethodNotAllowed: "Phương thức không được hỗ trợ.",
    exceptions.Throttled: "Quá nhiều yêu cầu, vui lòng thử lại sau.",
    exceptions.ParseError: "Dữ liệu gửi lên không đọc được (JSON không hợp lệ).",
    exceptions.UnsupportedMediaType: "Kiểu dữ liệu gửi lên không được hỗ trợ.",
}


def exception_handler(exc, context):
    if is_statement_timeout(exc):
        from ptdv.core.errorviews import RETRY_AFTER_SECONDS, TOO_SLOW_API

        set_rollback()  # whatever the request wrote in its transaction is not kept
        return Response(
            {"detail": TOO_SLOW_API, "code": "statement_timeout"},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    if isinstance(exc, DomainError):
        body = {"detail": exc.message}
        if exc.field:
            body = {exc.field: [exc.message]}
        code = status.HTTP_400_BAD_REQUEST
        if isinstance(exc, RoleRefused):
            code = status.HTTP_403_FORBIDDEN
        elif isinstance(exc, StaleState):
            code = status.HTTP_409_CONFLICT
        return Response(body, status=code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    for kind, message in MESSAGES.items():
        if isinstance(exc, kind):
            custom = isinstance(exc, exceptions.PermissionDenied) and (
                str(exc.detail) != str(exceptions.PermissionDenied.default_detail)
            )
            if not custom:
                response.data = {"detail": message}
            break
    return response
