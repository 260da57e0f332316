from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "ptdv.organizations"
    verbose_name = "Tổ chức đảng"
