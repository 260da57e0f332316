from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ptdv.api"
    verbose_name = "API"
