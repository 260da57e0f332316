from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

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
