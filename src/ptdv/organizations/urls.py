from django.urls import path

from ptdv.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.TreeView.as_view(), name="tree"),
    path("tim-kiem/", views.SearchView.as_view(), name="search"),
    path("<int:pk>/", views.DetailView.as_view(), name="detail"),
    path("<int:pk>/con/", views.ChildrenView.as_view(), name="children"),
    path("<int:pk>/them/", views.CreateChildView.as_view(), name="create"),
    path("<int:pk>/sua/", views.EditView.as_view(), name="edit"),
    path("<int:pk>/nhat-ky/", views.AuditView.as_view(), name="audit"),
]
urlpatterns += [
    path("<int:pk>/sap-xep/", views.ReorganisationView.as_view(), name="reorganisation"),
    path("<int:pk>/hop-nhat/", views.MergeView.as_view(), name="merge"),
    path("<int:pk>/chia-tach/", views.SplitView.as_view(), name="split"),
    path("<int:pk>/chuyen/", views.MoveView.as_view(), name="move"),
    path("<int:pk>/doi-ten/", views.RenameView.as_view(), name="rename"),
    path("<int:pk>/doi-loai/", views.ChangeKindView.as_view(), name="change-kind"),
    path("<int:pk>/giai-the/", views.DissolveView.as_view(), name="dissolve"),
    path(
        "tai-khoan-don-vi-giai-the/",
        views.DissolvedAccountsView.as_view(),
        name="dissolved-accounts",
    ),
]
