from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "ptdv.demo"
    verbose_name = "Dữ liệu mẫu"
