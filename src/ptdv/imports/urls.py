from django.urls import path

from ptdv.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("tep-mau/", views.TemplateDownloadView.as_view(), name="template"),
    path("lan-nhap/<int:pk>/", views.JobView.as_view(), name="job"),
    path("lan-nhap/<int:pk>/ghi/", views.JobCommitView.as_view(), name="commit"),
    path("lan-nhap/<int:pk>/chay-lai/", views.JobRetryView.as_view(), name="retry"),
    path("lan-nhap/<int:pk>/loi.xlsx", views.JobErrorsView.as_view(), name="errors"),
    path("don-vi/<int:pk>/dang-vien.xlsx", views.MemberExportView.as_view(), name="export-members"),
    path(
        "don-vi/<int:pk>/quan-chung-uu-tu.xlsx",
        views.CandidateExportView.as_view(),
        name="export-candidates",
    ),
    path("don-vi/<int:pk>/ban-giao/", views.HandoverView.as_view(), name="handover"),
    path(
        "don-vi/<int:pk>/lop-boi-duong.xlsx", views.ClassExportView.as_view(), name="export-classes"
    ),
    path("don-vi/<int:pk>/ho-so.xlsx", views.DossierExportView.as_view(), name="export-dossiers"),
    path("don-vi/<int:pk>/chi-tieu.xlsx", views.TargetExportView.as_view(), name="export-targets"),
    path("don-vi/<int:pk>/to-chuc.xlsx", views.TreeExportView.as_view(), name="export-tree"),
]
