from django.urls import path

from ptdv.documents import views

app_name = "documents"
urlpatterns = [
    path("ho-so/<int:pk>/", views.DossierDocumentsView.as_view(), name="dossier"),
    # Before the papers' pattern, which would read "ho-so-dien-tu.zip" as a paper.
    path("ho-so/<int:pk>/ho-so-dien-tu.zip", views.PackageView.as_view(), name="package"),
    path(
        "ho-so/<int:pk>/<slug:key>.<str:fmt>",
        views.DossierDocumentView.as_view(),
        name="dossier-document",
    ),
    path("ho-so/<int:pk>/dinh-kem/", views.AttachmentCreateView.as_view(), name="attach"),
    path("dinh-kem/<int:pk>/", views.AttachmentView.as_view(), name="attachment"),
    path("don-vi/<int:pk>/tiep-nhan/", views.ReceivedView.as_view(), name="received"),
    path("tiep-nhan/tep/<int:pk>/", views.ReceivedFileView.as_view(), name="received-file"),
    path("don-vi/<int:pk>/bao-cao.<str:fmt>", views.PeriodicReportView.as_view(), name="report"),
    path(
        "don-vi/<int:pk>/bieu-thong-ke.<str:fmt>",
        views.StatisticsFormView.as_view(),
        name="statistics-form",
    ),
]
