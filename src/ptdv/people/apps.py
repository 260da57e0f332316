from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "ptdv.people"
    verbose_name = "Đảng viên"
