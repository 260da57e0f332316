from django.urls import include, path

from ptdv.accounts.views import home

urlpatterns = [
    path("", home, name="home"),
    path("", include("ptdv.accounts.urls")),
    path("to-chuc/", include("ptdv.organizations.urls")),
    path("dang-vien/", include("ptdv.people.urls")),
    path("ket-nap/", include("ptdv.recruitment.urls")),
    path("boi-duong/", include("ptdv.training.urls")),
    path("chi-tieu/", include("ptdv.targets.urls")),
    path("bao-cao/", include("ptdv.reports.urls")),
    path("nhap-xuat/", include("ptdv.imports.urls")),
    path("van-ban/", include("ptdv.documents.urls")),
    path("lich-lam-viec/", include("ptdv.accounts.calendar_urls")),
    path("api/v1/", include("ptdv.api.urls")),
]

handler404 = "ptdv.core.errorviews.not_found"
handler403 = "ptdv.core.errorviews.forbidden"
handler500 = "ptdv.core.errorviews.server_error"
