from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login

from ptdv.accounts import twofactor
from ptdv.accounts.forms import LoginForm
from ptdv.accounts.throttle import address_blocked, address_message


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if address_blocked(request):
            return render(
                request, "accounts/locked_out.html", {"message": address_message()}, status=429
            )
        return super().post(request, *args, **kwargs)


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def home(request):
    """Start where the user works: their own unit, or the tree for a national scope."""
    organization = request.user.organization
    if organization is not None and not request.user.has_global_scope:
        return redirect("organizations:detail", pk=organization.pk)
    return redirect("organizations:tree")


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Mã xác thực",
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        error_messages={"required": "Vui lòng nhập mã xác thực."},
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@login_required
def two_factor(request):
    """The second step of the login: a code of the app, or a recovery code."""
    if not twofactor.is_enrolled(request.user):
        return redirect("accounts:two-factor-enrol")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = twofactor.verify(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", "Mã không đúng, đã dùng hoặc đã hết hạn. Hãy nhập mã mới.")
    status = 400 if form.errors else 200
    context = {"form": form, "next": _next(request)}
    return render(request, "accounts/two_factor.html", context, status=status)


@login_required
def two_factor_enrol(request):
    """Enrolment: the QR code (made here), the secret, confirmed by a first code; then the
    recovery codes, shown once."""
    if twofactor.is_enrolled(request.user):
        return redirect("accounts:two-factor")
    device = twofactor.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm(device, form.cleaned_data["code"])
        if codes is not None:
            otp_login(request, device)
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)}
            )
        form.add_error("code", "Mã không đúng: hãy nhập mã đang hiện trong ứng dụng.")
    context = {
        "form": form,
        "qr_svg": twofactor.qr_svg(device),
        "secret": twofactor.secret_of(device),
        "next": _next(request),
    }
    return render(
        request, "accounts/two_factor_enrol.html", context, status=400 if form.errors else 200
    )
