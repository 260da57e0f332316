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
