from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistantConfig(AppConfig):
    name = "thidua.assistant"
    label = "assistant"
    verbose_name = _("Assistant")

    def ready(self) -> None:
        from thidua.core import demo

        from . import rules, signals  # noqa: F401  (permissions, platform documents)
        from .demo import demo_loader

        demo.register(demo.DemoLoader(name="assistant", order=90, load=demo_loader))

        from thidua.core import warmup

        warmup.register("assistant", warm_assistant)

        from thidua.core import menu

        menu.register_section(
            menu.Section("assistant", _("Assistant"), order=70, namespaces=("assistant",))
        )
        menu.register(
            menu.Entry("assistant", _("Ask the assistant"), "assistant:chat", order=10),
            menu.Entry("assistant", _("Documents"), "assistant:documents", order=20),
        )


def warm_assistant() -> None:
    """A web worker's start (core.warmup): the answering modules and the current index."""
    from django.db import connection

    from . import answering  # noqa: F401  (imported by the chat view on its first question)
    from .index import current

    try:
        current()
    finally:
        connection.close()  # the worker's threads open their own
