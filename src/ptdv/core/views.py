"""What every page shares: login required, scope applied once, htmx partials."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest
from django.views.generic.base import ContextMixin


def htmx_partial(request: HttpRequest) -> bool:
    """True when htmx asks for a fragment rather than a full page (history restores excluded)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


class ScopedViewMixin(LoginRequiredMixin, ContextMixin):
    """Base of every page with domain data.

    A view declares `model`; its queryset is `model.objects.for_user(user)`, so
    `get_object_or_404` on it answers 404 for anything outside the user's subtree.
    """

    model = None

    def get_queryset(self):
        return self.model.objects.for_user(self.request.user)
