from django.urls import path

from ptdv.targets import views

app_name = "targets"
urlpatterns = [
    path("<int:pk>/", views.UnitTargetsView.as_view(), name="unit"),
    path("<int:pk>/them/", views.CreateTargetView.as_view(), name="create"),
    path("<int:pk>/thi-dua/", views.RankingView.as_view(), name="ranking"),
    path("<int:pk>/theo-doi/", views.WatchView.as_view(), name="watch"),
    path("<int:pk>/phu-trach/", views.OversightView.as_view(), name="oversight"),
    path("phu-trach/<int:pk>/", views.OversightReportsView.as_view(), name="oversight-reports"),
]
