from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "ptdv.recruitment"
    verbose_name = "Tạo nguồn và kết nạp"
