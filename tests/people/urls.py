"""The project's URLs with the people app mounted, for as long as the project's own URL
configuration does not mount it yet (the integrator adds `dang-vien/` and the API view sets).
Once mounted there, this module is the project's configuration unchanged."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from ptdv import urls as project
from ptdv.api import urls as project_api
from ptdv.people import api as people_api

urlpatterns = list(project.urlpatterns)
if not any(getattr(p, "namespace", None) == "people" for p in project.urlpatterns):
    urlpatterns.append(path("dang-vien/", include("ptdv.people.urls")))
if not any(basename == "person" for _, _, basename in project_api.router.registry):
    router = DefaultRouter()
    people_api.register(router)
    urlpatterns.append(path("api/v1/", include(router.urls)))
handler404 = project.handler404
handler403 = project.handler403
handler500 = project.handler500
