from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .signin import REFUSAL_MESSAGES


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password. Note that both are case-sensitive."),
        "inactive": _("This account is inactive."),
        **REFUSAL_MESSAGES,
    }

    def clean(self):
        try:
            return super().clean()
        except ValidationError as error:
            # Every backend refused; if the directory said why (down, disabled account, no
            # matching person), say that instead of "wrong password".
            refusal = getattr(self.request, "thidua_login_refusal", "")
            if error.code == "invalid_login" and refusal in REFUSAL_MESSAGES:
                raise ValidationError(self.error_messages[refusal], code=refusal) from None
            raise
