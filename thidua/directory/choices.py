from django.utils.translation import gettext_lazy as _

from thidua.core.choices import AuditAction


class DirectoryAudit(AuditAction):
    """The directory app's audit actions: an account signed in through the directory
    linked to its person (the code, older than this app, names accounts)."""

    ACCOUNT_LINKED = "accounts.directory_linked", _("Account linked to the directory")
