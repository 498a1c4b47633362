from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    name = "thidua.party"
    label = "party"
    verbose_name = _("Party work")

    def ready(self) -> None:
        from thidua.core import demo

        from . import agency, rules  # noqa: F401  (permissions, agency settings)
        from .demo import demo_loader

        demo.register(demo.DemoLoader(name="party", order=60, load=demo_loader))
