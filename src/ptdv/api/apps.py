from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ptdv.api"
    verbose_name = "API"

    def ready(self):
        from ptdv.api.messages import install

        install()
