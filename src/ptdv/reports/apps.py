from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "ptdv.reports"
    verbose_name = "Báo cáo, thống kê"
