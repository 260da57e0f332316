from django.urls import path

from ptdv.training import views

app_name = "training"
urlpatterns = [
    path("", views.ClassIndexView.as_view(), name="index"),
    path("don-vi/<int:pk>/", views.UnitClassesView.as_view(), name="unit"),
    path("don-vi/<int:pk>/mo-lop/", views.ClassCreateView.as_view(), name="class-create"),
    path("lop/<int:pk>/", views.ClassDetailView.as_view(), name="class"),
    path("lop/<int:pk>/ghi-danh/", views.EnrolView.as_view(), name="enrol"),
    path("hoc-vien/<int:pk>/ket-qua/", views.ResultView.as_view(), name="result"),
]
