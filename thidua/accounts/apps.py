from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "thidua.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from thidua.core.audit_labels import register_value_labels

        from .tokens import SCOPE_LABELS

        register_value_labels(SCOPE_LABELS)
