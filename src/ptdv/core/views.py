"""What every page shares: login required, scope applied once, the action a method needs
declared once, the form-post skeleton, htmx partials."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
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
    refused with `denied_message`; a view may name another key than the method by
    `action_key` (a download offered by a page, say). An object of the URL (`pk`, of
    `model`) outside the user's subtree answers 404 first: "not yours" looks like "not
    found", never "forbidden".
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

    def action_key(self, request) -> str:
        """The key of `required_actions` that this request falls under: its method."""
        return request.method.lower()

    def check_action(self, request, kwargs) -> None:
        key = self.action_key(request)
        needed = self.required_actions.get(key, self.required_actions.get("*"))
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


class ServiceFormView(ScopedViewMixin, View):
    """The form page in one place. GET shows `form_class` for the object of the URL
    (`model`, `pk`, scoped); POST hands a valid form to `perform(form)` (the service call):
    a `DomainError` becomes the form's error and the page is shown again (400), a success
    goes to `success_url(result)` with `success_message(result)`.

    A view gives `form_class`, `template_name`, `success_url` and either `perform` or
    `service` with `object_argument` (`perform` then calls `service(acting_user=…,
    <object_argument>=the object, **the form's cleaned data)`), and optionally
    `related` (select_related of the object), `uploads` (the form takes files),
    `get_initial`, `get_form_kwargs`, `success_message` (or `announce(result)` for another
    kind of message), `show_error(form, error)`, `refused(form)` and `get_context(form)`."""

    form_class = None
    template_name = None
    related: tuple = ()
    uploads = False
    service = None  # staticmethod(the service function)
    object_argument = ""

    def get_object(self):
        queryset = self.get_queryset().select_related(*self.related)
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_initial(self) -> dict:
        return {}

    def get_form_kwargs(self) -> dict:
        return {}

    def get_form(self, data=None):
        if data is None:
            return self.form_class(initial=self.get_initial(), **self.get_form_kwargs())
        files = self.request.FILES if self.uploads else None
        return self.form_class(data, files, **self.get_form_kwargs())

    def perform(self, form):
        if self.service is None:
            raise NotImplementedError
        target = {self.object_argument: self.object}
        return self.service(acting_user=self.request.user, **target, **form.cleaned_data)

    def success_url(self, result) -> str:
        raise NotImplementedError

    def success_message(self, result) -> str:
        return ""

    def announce(self, result) -> None:
        message = self.success_message(result)
        if message:
            messages.success(self.request, message)

    def show_error(self, form, error: DomainError) -> None:
        form_error(form, error)

    def get_context(self, form) -> dict:
        return {"form": form}

    def render_form(self, form, status=200):
        return render(self.request, self.template_name, self.get_context(form), status=status)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_form(self.get_form())

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                result = self.perform(form)
            except DomainError as error:
                self.show_error(form, error)
            else:
                self.announce(result)
                return redirect(self.success_url(result))
        return self.refused(form)

    def refused(self, form):
        """An invalid form, or a service's refusal: the page again, with the errors."""
        return self.render_form(form, status=400)


class NoInput(forms.Form):
    """The form of an action that takes nothing but the click."""


class ServiceActionView(ServiceFormView):
    """A post that acts and goes back, without a form page of its own (a button, or a small
    form on another page): the skeleton of `ServiceFormView` (valid → `perform` →
    DomainError), but a refusal is a message, not a page: an invalid form says
    `invalid_message`, a service's refusal its own message, and both go back to
    `back_url()` (by default `success_url` of the object of the URL). GET goes there too.
    `form_class` is `NoInput` unless the action takes input."""

    form_class = NoInput
    invalid_message = ""

    def back_url(self) -> str:
        return self.success_url(self.object)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return redirect(self.back_url())

    def show_error(self, form, error: DomainError) -> None:
        messages.error(self.request, error.message)

    def refused(self, form):
        if form.errors:
            messages.error(self.request, self.invalid_message)
        return redirect(self.back_url())
