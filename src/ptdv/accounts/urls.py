from django.urls import path

from ptdv.accounts import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
    path("xac-thuc-hai-lop/", views.two_factor, name="two-factor"),
    path("xac-thuc-hai-lop/dang-ky/", views.two_factor_enrol, name="two-factor-enrol"),
]
