from django.urls import path

from ptdv.reports import views

app_name = "reports"
urlpatterns = [
    path("<int:pk>/", views.DashboardView.as_view(), name="dashboard"),
    path("<int:pk>/danh-sach/", views.PeopleView.as_view(), name="people"),
    path("<int:pk>/co-cau.xlsx", views.MakeupXlsxView.as_view(), name="makeup-xlsx"),
    path("<int:pk>/danh-sach.xlsx", views.PeopleXlsxView.as_view(), name="people-xlsx"),
    path("<int:pk>/giao-ban.pdf", views.BriefingPdfView.as_view(), name="briefing-pdf"),
    path("<int:pk>/da-hoc-chua-ket-nap/", views.TrainedView.as_view(), name="trained"),
    path("<int:pk>/bieu-thong-ke/", views.FormView.as_view(), name="form"),
    path("<int:pk>/bieu-thong-ke.xlsx", views.FormXlsxView.as_view(), name="form-xlsx"),
]
