from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "ptdv.recruitment"
    verbose_name = "Tạo nguồn và kết nạp"

    def ready(self) -> None:
        # Its lines in a person's timeline and its part in people's work (people.extensions).
        from ptdv.recruitment import hooks, timeline  # noqa: F401
