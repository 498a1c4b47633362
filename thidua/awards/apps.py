from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "thidua.awards"
    label = "awards"
    verbose_name = _("Awards and commendation")

    def ready(self) -> None:
        from thidua.core import demo

        from . import law_settings  # noqa: F401  declares the agency settings with their legal defaults
        from .demo import demo_loader

        demo.register(demo.DemoLoader(name="awards", order=40, load=demo_loader))
