from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "thidua.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from thidua.core.nextsteps import register

        from .nextsteps import org_next_steps

        register(org_next_steps)
