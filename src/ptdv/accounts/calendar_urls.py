from django.urls import path

from ptdv.accounts import calendar_views

app_name = "calendar"
urlpatterns = [
    path("", calendar_views.CalendarView.as_view(), name="calendar"),
    path("<int:pk>/xoa/", calendar_views.CalendarDeleteView.as_view(), name="delete"),
]
