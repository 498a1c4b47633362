from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "thidua.emulation"
    label = "emulation"
    verbose_name = _("Emulation and evaluation")

    def ready(self) -> None:
        from thidua.core import audit, demo, nextsteps

        from . import law  # noqa: F401  declares the agency settings with their legal defaults
        from .audit_scope import emulation_audit_scope
        from .demo import demo_loader
        from .nextsteps import emulation_next_steps, most_replicated_for_home

        audit.register_scope(emulation_audit_scope)
        demo.register(demo.DemoLoader(name="emulation", order=30, load=demo_loader))
        nextsteps.register(emulation_next_steps)
        nextsteps.register(most_replicated_for_home)
