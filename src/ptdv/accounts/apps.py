from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


class AccountsConfig(AppConfig):
    name = "ptdv.accounts"
    verbose_name = "Tài khoản và phân quyền"

    def ready(self):
        from ptdv.accounts.middleware import mark_refreshed_at_login

        user_logged_in.connect(mark_refreshed_at_login, dispatch_uid="ptdv_session_refreshed")
