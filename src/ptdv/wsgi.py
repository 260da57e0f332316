import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ptdv.settings")
application = get_wsgi_application()


def _warm() -> None:
    """Import every view and compile the base templates when the server process starts, not
    on the first request a user makes to it (a gunicorn worker otherwise spends its first
    request, 0,4–0,7 s, importing the views behind the URLs and compiling templates)."""
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 — imports every URLconf and its views
    for name in ("base.html", "reports/dashboard.html"):
        get_template(name)


_warm()
