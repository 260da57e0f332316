from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "ptdv.imports"
    verbose_name = "Nhập, xuất dữ liệu"
