"""Views for the statement-timeout tests: each writes a unit inside its transaction, then
runs a statement the database cancels (for real on PostgreSQL, with a statement_timeout of
a few milliseconds; as the error the driver raises, on any database)."""

from django.db import OperationalError, connection, transaction
from django.http import HttpResponse
from django.urls import path
from psycopg import errors
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from ptdv.organizations import services as org_services
from ptdv.organizations.models import Organization, OrganizationKind
from ptdv.urls import urlpatterns as app_urlpatterns

SLOW_CODE = "CHAM"


def write_then(cancel) -> None:
    with transaction.atomic():
        org_services.organization_create(
            acting_user=None,
            parent=Organization.objects.get(code="TW"),
            code=SLOW_CODE,
            name="Đảng bộ viết dở",
            kind=OrganizationKind.objects.get(code="province"),
        )
        cancel()


def real_timeout() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 20")
        cursor.execute("SELECT pg_sleep(5)")


def driver_error() -> None:
    try:
        raise errors.QueryCanceled("canceling statement due to statement timeout")
    except errors.QueryCanceled as exc:
        raise OperationalError(str(exc)) from exc


def other_error() -> None:
    raise OperationalError("server closed the connection unexpectedly")


CANCELS = {"that": real_timeout, "driver": driver_error, "other": other_error}


def page(request, how):
    write_then(CANCELS[how])
    return HttpResponse("Đã lưu.")


@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
def api(request, how):
    write_then(CANCELS[how])
    return Response({"detail": "Đã lưu."})


urlpatterns = [
    path("thu-cham/<str:how>/", page),
    path("api/v1/thu-cham/<str:how>/", api),
    *app_urlpatterns,
]
