from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "ptdv.training"
    verbose_name = "Bồi dưỡng nhận thức về Đảng"
