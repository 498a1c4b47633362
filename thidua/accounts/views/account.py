import contextlib

from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.views.i18n import set_language

from ..forms import LoginForm
from ..services import user_set_language
from ..signin import oidc_enabled


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "oidc_enabled": oidc_enabled()}


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


def language_set(request):
    """Django's language switch, also saved on the account of a logged-in person."""
    response = set_language(request)
    language = request.POST.get("language")
    if request.method == "POST" and request.user.is_authenticated and language:
        # set_language has already ignored an unsupported code; so do we.
        with contextlib.suppress(ValidationError):
            user_set_language(user=request.user, language=language)
    return response
