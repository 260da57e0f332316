from django.urls import path

from ptdv.people import views

app_name = "people"
urlpatterns = [
    path("tim-nguoi/", views.PersonSearchView.as_view(), name="search"),
    path("don-vi/<int:pk>/", views.MemberListView.as_view(), name="members"),
    path("don-vi/<int:pk>/them-nguoi/", views.PersonCreateView.as_view(), name="person-create"),
    path("nguoi/<int:pk>/", views.PersonDetailView.as_view(), name="person"),
    path("nguoi/<int:pk>/sua/", views.PersonEditView.as_view(), name="person-edit"),
    path(
        "dang-vien/<int:pk>/chuyen-sinh-hoat/",
        views.TransferRequestView.as_view(),
        name="transfer",
    ),
    path("dang-vien/<int:pk>/ra-khoi-danh-sach/", views.ExitView.as_view(), name="exit"),
    path(
        "chuyen-sinh-hoat/<int:pk>/xac-nhan/",
        views.TransferConfirmView.as_view(),
        name="transfer-confirm",
    ),
]
