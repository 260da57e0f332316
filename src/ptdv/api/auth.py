"""POST /api/v1/auth/token/: a token for a username and password, throttled like the login
page (django-axes counts the failures)."""

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ptdv.accounts import twofactor
from ptdv.accounts.throttle import address_blocked, address_message


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(
        error_messages={
            "required": "Vui lòng nhập tên đăng nhập.",
            "blank": "Vui lòng nhập tên đăng nhập.",
        }
    )
    password = serializers.CharField(
        trim_whitespace=False,
        error_messages={"required": "Vui lòng nhập mật khẩu.", "blank": "Vui lòng nhập mật khẩu."},
    )
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Mã xác thực hai lớp (bắt buộc với cán bộ Ban Tổ chức và quản trị hệ thống).",
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


class TokenView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenResponseSerializer},
        summary="Lấy token xác thực",
    )
    def post(self, request):
        if address_blocked(request._request):
            return Response({"detail": address_message()}, status=429)
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            user = authenticate(
                request._request,
                username=data.validated_data["username"],
                password=data.validated_data["password"],
            )
        except PermissionDenied:
            user = None
            locked = True
        else:
            locked = getattr(request._request, "axes_locked_out", False)
        if locked:
            return Response(
                {
                    "detail": "Tài khoản tạm bị khóa do nhập sai mật khẩu nhiều lần. "
                    "Vui lòng thử lại sau."
                },
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        if user is None or not user.is_active:
            return Response(
                {"detail": "Tên đăng nhập hoặc mật khẩu không đúng."},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if twofactor.required_for(user):
            # A token is a session that skips the second factor: it is issued only with it.
            if not twofactor.is_enrolled(user):
                return Response(
                    {
                        "detail": "Tài khoản này phải đăng ký xác thực hai lớp trên trang web "
                        "trước khi lấy token."
                    },
                    status=status.HTTP_403_FORBIDDEN,
                )
            if twofactor.verify(user, data.validated_data.get("otp", "")) is None:
                return Response(
                    {"otp": ["Mã xác thực hai lớp không đúng hoặc còn thiếu."]},
                    status=status.HTTP_400_BAD_REQUEST,
                )
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
