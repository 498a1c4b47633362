from django.utils.translation import gettext_lazy as _

from thidua.core.choices import AuditAction


class AccountsAudit(AuditAction):
    """The accounts app's audit actions: a person's language and their API access tokens."""

    ACCESS_TOKEN_CREATED = "access_token.created", _("Access token created")
    ACCESS_TOKEN_REVOKED = "access_token.revoked", _("Access token revoked")
    LANGUAGE_SET = "user.language_set", _("Language changed")
