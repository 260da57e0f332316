from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from ptdv.accounts import calendar_api
from ptdv.api import views
from ptdv.api.auth import TokenView
from ptdv.imports import api as imports_api
from ptdv.organizations import api as organizations_api
from ptdv.people import api as people_api
from ptdv.recruitment import api as recruitment_api
from ptdv.reports import api as reports_api
from ptdv.targets import api as targets_api
from ptdv.training import api as training_api

router = DefaultRouter()
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("users", views.UserViewSet, basename="user")
router.register("audit-events", views.AuditEventViewSet, basename="audit-event")
# Each domain app registers its own view sets.
for app_api in (
    calendar_api,
    people_api,
    recruitment_api,
    training_api,
    targets_api,
    reports_api,
    imports_api,
    organizations_api,
):
    app_api.register(router)

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    *router.urls,
]
