"""What every page shares: login required, scope applied once, the action a method needs
declared once, the form-post skeleton, htmx partials."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.views.generic.base import ContextMixin

from ptdv.core.errors import DomainError


def htmx_partial(request: HttpRequest) -> bool:
    """True when htmx asks for a fragment rather than a full page (history restores excluded)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


class ScopedViewMixin(LoginRequiredMixin, ContextMixin):
    """Base of every page with domain data.

    A view declares `model`; its queryset is `model.objects.for_user(user)`, so
    `get_object_or_404` on it answers 404 for anything outside the user's subtree.

    A view also declares what a method needs: `required_actions` maps an HTTP method
    ("post", or "*" for every method) to an action or a tuple of actions (any one suffices),
    refused with `denied_message`. An object of the URL (`pk`, of `model`) outside the
    user's subtree answers 404 first: "not yours" looks like "not found", never "forbidden".
    """

    model = None
    required_actions: dict = {}
    denied_message = "Vai trò của bạn không được thực hiện thao tác này."

    def get_queryset(self):
        return self.model.objects.for_user(self.request.user)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.check_action(request, kwargs)
        return super().dispatch(request, *args, **kwargs)

    def check_action(self, request, kwargs) -> None:
        method = request.method.lower()
        needed = self.required_actions.get(method, self.required_actions.get("*"))
        if needed is None:
            return
        actions = needed if isinstance(needed, tuple) else (needed,)
        if request.user.can(*actions):
            return
        if self.model is not None and "pk" in kwargs:
            get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        raise PermissionDenied(self.denied_message)


def form_error(form, error: DomainError) -> None:
    """A service's refusal shown on the form: on its field when the form has it."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


class ServiceFormView(ScopedViewMixin):
    """The form post in one place: a valid form is handed to `perform(form)` (the service
    call); a `DomainError` becomes the form's error and the page is shown again (400), a
    success goes to `success_url(result)` with `success_message(result)`.

    A view gives `get_form(data)`, `perform(form)`, `render_form(form, status)`,
    `success_url(result)` and, optionally, `success_message(result)`."""

    def post(self, request, *args, **kwargs):
        self.setup_object(*args, **kwargs)
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                result = self.perform(form)
            except DomainError as error:
                form_error(form, error)
            else:
                message = self.success_message(result)
                if message:
                    messages.success(request, message)
                return self.success_response(result)
        return self.render_form(form, status=400)

    def setup_object(self, *args, **kwargs) -> None:
        """Load the object of the URL (scoped) before the form is built."""

    def success_message(self, result) -> str:
        return ""

    def success_response(self, result):
        return redirect(self.success_url(result))
