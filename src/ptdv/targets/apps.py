from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "ptdv.targets"
    verbose_name = "Chỉ tiêu"
