from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ptdv.accounts"
    verbose_name = "Tài khoản và phân quyền"
