from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "thidua.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import session_expiry_start

        user_logged_in.connect(session_expiry_start, dispatch_uid="thidua.session_expiry_start")
