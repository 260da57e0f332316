from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from ptdv.accounts.forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def home(request):
    """Start where the user works: their own unit, or the tree for a national scope."""
    organization = request.user.organization
    if organization is not None and not request.user.has_global_scope:
        return redirect("organizations:detail", pk=organization.pk)
    return redirect("organizations:tree")
