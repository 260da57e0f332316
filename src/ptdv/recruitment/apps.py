from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "ptdv.recruitment"
    verbose_name = "Tạo nguồn và kết nạp"

    def ready(self) -> None:
        # Its lines in a person's timeline and its part in people's work (people.extensions).
        from ptdv.organizations.reorganisation import register_cell_follower
        from ptdv.recruitment import hooks, timeline  # noqa: F401
        from ptdv.recruitment.reorganisation import candidates_to_place, move_cell_dossiers

        # A cell merged or split takes its candidates and open dossiers along.
        register_cell_follower(move_cell_dossiers, to_place=candidates_to_place)
