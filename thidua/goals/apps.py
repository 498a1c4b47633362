from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "thidua.goals"
    label = "goals"
    verbose_name = _("Goals and key results")

    def ready(self) -> None:
        from thidua.core.nextsteps import register

        from .nextsteps import goals_next_steps

        register(goals_next_steps)
