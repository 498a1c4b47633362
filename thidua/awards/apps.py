from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "thidua.awards"
    label = "awards"
    verbose_name = _("Awards and commendation")

    def ready(self) -> None:
        from thidua.core import demo

        from . import (
            document_settings,  # noqa: F401  the agency's abbreviation in a document's ký hiệu
            law_settings,  # noqa: F401  declares the agency settings with their legal defaults
            round_settings,  # noqa: F401  the round's settings (caps, Party ratings)
        )
        from .demo import demo_loader

        demo.register(demo.DemoLoader(name="awards", order=40, load=demo_loader))
