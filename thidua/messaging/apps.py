from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "thidua.messaging"
    label = "messaging"
    verbose_name = _("Messaging")

    def ready(self) -> None:
        from thidua.core import nextsteps

        from .nextsteps import messaging_next_steps

        nextsteps.register(messaging_next_steps)
