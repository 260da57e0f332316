from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "ptdv.imports"
    verbose_name = "Nhập, xuất dữ liệu"

    def ready(self):
        from ptdv.imports.reform import REFORM_KIND
        from ptdv.imports.spec import KINDS

        KINDS.setdefault(REFORM_KIND.code, REFORM_KIND)  # the reform file: its own module
