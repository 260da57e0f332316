from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ptdv.core"
    verbose_name = "Dùng chung"

    def ready(self):
        from ptdv.core import inputs, lookups  # noqa: F401 (registers `any_of`)

        inputs.install()
