from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "ptdv.recruitment"
    verbose_name = "Tạo nguồn và kết nạp"

    def ready(self):
        from ptdv.organizations.reorganisation import register_cell_follower
        from ptdv.recruitment.reorganisation import move_cell_dossiers

        register_cell_follower(move_cell_dossiers)
