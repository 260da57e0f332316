from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "ptdv.training"
    verbose_name = "Bồi dưỡng nhận thức về Đảng"

    def ready(self) -> None:
        from ptdv.training import timeline  # noqa: F401  (its lines in a person's timeline)
