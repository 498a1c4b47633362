from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "thidua.meetings"
    label = "meetings"
    verbose_name = _("Giao ban meetings")

    def ready(self) -> None:
        from thidua.core import demo, menu, nextsteps

        from . import settings  # noqa: F401  the unit that prepares the leadership's giao ban
        from .demo import demo_loader
        from .nextsteps import meetings_next_steps

        nextsteps.register(meetings_next_steps)

        from .cycle_time import register_meeting_kinds

        register_meeting_kinds()  # cycle time of assignments on the ministry dashboard
        demo.register(demo.DemoLoader(name="meetings", order=70, load=demo_loader))
        menu.register(
            menu.Entry("goals", _("Giao ban meetings"), "meetings:list", order=35),
        )
