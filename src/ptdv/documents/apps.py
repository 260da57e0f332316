from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "ptdv.documents"
    verbose_name = "Văn bản, hồ sơ điện tử"
    default_auto_field = "django.db.models.BigAutoField"
