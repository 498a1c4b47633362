from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "thidua.teams"
    label = "teams"
    verbose_name = _("Teams")

    def ready(self) -> None:
        from thidua.core import demo, menu

        from .demo import demo_loader

        demo.register(demo.DemoLoader(name="teams", order=25, load=demo_loader))
        menu.register(menu.Entry("goals", _("Teams"), "teams:list", order=37))
