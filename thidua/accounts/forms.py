from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from thidua.core.widgets import DayField

from .signin import REFUSAL_MESSAGES
from .tokens import SCOPE_LABELS


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


def _scope_choices():
    return [(scope, str(label)) for scope, label in SCOPE_LABELS.items()]


class TokenForm(forms.Form):
    """A personal access token to make (the tokens page)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What will use it, e.g. “Báo cáo tuần của Văn phòng”."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=_scope_choices,
        widget=forms.CheckboxSelectMultiple,
    )
    expires_on = DayField(
        label=_("Expires on"),
        help_text=_("At most one year from today."),
    )
