from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    name = "thidua.party"
    label = "party"
    verbose_name = _("Party work")

    def ready(self) -> None:
        from thidua.core import demo, nextsteps

        from . import agency, events, rules  # noqa: F401  (permissions, settings, webhooks)
        from .demo import demo_loader
        from .nextsteps import party_next_steps

        nextsteps.register(party_next_steps)

        # Messaging's progress page follows Party rules for Party dispatches (it may not
        # import this app; see messaging.rules.register_progress_rule).
        from thidua.messaging.rules import register_progress_rule

        register_progress_rule(rules.DISPATCH_PREFIX, rules.follows_party_dispatch)

        from .cycle_time import register_party_kinds

        register_party_kinds()  # cycle time of campaigns' acknowledgements, Party roles only

        demo.register(demo.DemoLoader(name="party", order=60, load=demo_loader))
        from .practice_demo import demo_loader as practices_demo

        demo.register(demo.DemoLoader(name="party_practices", order=62, load=practices_demo))

        from thidua.core import menu
        from thidua.org.rules import viewer_scope

        # Both answered from the viewer's scope, read once a request (and with it whether
        # they are a cell's member): the menu asks nothing more on any page.
        def covers_a_body(user) -> bool:  # a Party role over some body (never a state role)
            return user.is_authenticated and bool(viewer_scope(user).party_paths)

        def meets(user) -> bool:  # a member of a cell, or covering one (selectors.cells_of_viewer)
            return user.is_authenticated and (
                bool(viewer_scope(user).party_paths) or viewer_scope(user).in_a_party_cell
            )

        menu.register_section(
            menu.Section("party", _("Party work"), order=40, namespaces=("party",))
        )
        menu.register(
            menu.Entry("party", _("Resolutions"), "party:resolutions", 10, visible=covers_a_body),
            menu.Entry("party", _("Cell meetings"), "party:meetings", 20, visible=meets),
            menu.Entry(
                "party",
                _("Inspections and supervisions"),
                "party:inspections",
                30,
                visible=covers_a_body,
            ),
            menu.Entry("party", _("Party members"), "party:members", 35, visible=covers_a_body),
            menu.Entry(
                "party",
                _("Import Party members"),
                "party:members_import",
                40,
                visible=covers_a_body,
            ),
        )
