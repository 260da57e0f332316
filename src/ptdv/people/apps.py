from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "ptdv.people"
    verbose_name = "Đảng viên"

    def ready(self):
        from ptdv.organizations.reorganisation import register_cell_follower
        from ptdv.people.reorganisation import move_cell_members

        register_cell_follower(move_cell_members)
