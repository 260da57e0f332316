from django.apps import AppConfig
from django.core.signals import setting_changed


def _forget_cached_reports(**kwargs):
    """A setting changed while running (only the tests change settings): what the report
    cache holds may have been computed under the old value."""
    from django.core.cache import caches

    from ptdv.reports.cache import CACHE_ALIAS

    caches[CACHE_ALIAS].clear()


class ReportsConfig(AppConfig):
    name = "ptdv.reports"
    verbose_name = "Báo cáo, thống kê"

    def ready(self):
        setting_changed.connect(_forget_cached_reports, dispatch_uid="ptdv_reports_cache")
