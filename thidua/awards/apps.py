from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "thidua.awards"
    label = "awards"
    verbose_name = _("Awards and commendation")

    def ready(self) -> None:
        from thidua.core import demo, nextsteps

        from . import (
            document_settings,  # noqa: F401  the agency's abbreviation in a document's ký hiệu
            law_settings,  # noqa: F401  declares the agency settings with their legal defaults
            round_settings,  # noqa: F401  the round's settings (caps, Party ratings)
        )
        from .demo import demo_loader
        from .nextsteps import awards_next_steps

        nextsteps.register(awards_next_steps)

        from .cycle_time import register_award_kinds

        register_award_kinds()  # cycle time of proposals on the ministry dashboard
        demo.register(demo.DemoLoader(name="awards", order=40, load=demo_loader))

        # the agency's LĐTT criteria, which each annual rating records (emulation is below)
        from thidua.emulation.agency_criteria import criteria_source_register

        from .selectors.rating_criteria import ldtt_agency_criteria

        criteria_source_register("awards.ldtt", ldtt_agency_criteria)

        from thidua.core import menu

        from .rules import is_council_member, is_emulation_office

        def council_or_office(user) -> bool:
            return is_council_member(user) or is_emulation_office(user)

        office = is_emulation_office
        menu.register_section(
            menu.Section("awards", _("Commendation"), order=30, namespaces=("awards",))
        )
        menu.register(
            menu.Entry("awards", _("Awards registry"), "awards:registry_list", 10),
            menu.Entry("awards", _("Award statistics"), "awards:statistics_page", 20),
            menu.Entry("awards", _("Proposals for awards"), "awards:proposal_list", 30),
            menu.Entry(
                "awards",
                _("Council sessions"),
                "awards:session_list",
                40,
                visible=council_or_office,
            ),
            menu.Entry(
                "awards", _("My ballots"), "awards:ballot_list", 50, visible=council_or_office
            ),
            menu.Entry("awards", _("Decisions"), "awards:decision_list", 60, visible=office),
            menu.Entry(
                "awards",
                _("Yearly eligibility review"),
                "awards:review_page",
                70,
                visible=office,
            ),
            menu.Entry("awards", _("Commendation rounds"), "awards:round_list", 80, visible=office),
            menu.Entry(
                "awards",
                _("Eligibility settings"),
                "awards:eligibility_settings",
                90,
                visible=office,
            ),
        )
