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
        from thidua.core.audit_labels import register_value_labels

        # a rating's rule version reads as its legal basis in the audit log, never its code
        register_value_labels({rule.code: rule.basis for rule in law.RATING_RULES})
        demo.register(demo.DemoLoader(name="emulation", order=30, load=demo_loader))
        from .practice_demo import demo_loader as lessons_from_findings

        # after the Party demo (order 60), whose supervision proposed the good practices
        demo.register(
            demo.DemoLoader(name="lessons_from_findings", order=65, load=lessons_from_findings)
        )
        nextsteps.register(emulation_next_steps)
        nextsteps.register(most_replicated_for_home)

        from thidua.core import menu
        from thidua.org.rules import viewer_scope

        from .rules import MANAGER_ROLES, _roles

        def has_record(user) -> bool:  # the administrator may have no Person
            return user.is_authenticated and viewer_scope(user).person_id is not None

        def approves(user) -> bool:
            return user.is_authenticated and (
                user.is_superuser or bool(_roles(user) & MANAGER_ROLES)
            )

        menu.register_section(
            menu.Section("emulation", _("Emulation"), order=20, namespaces=("emulation",))
        )
        menu.register(
            menu.Entry("emulation", _("Emulation movements"), "emulation:movement_list", 10),
            menu.Entry("emulation", _("Lessons and exemplars"), "emulation:lesson_list", 20),
            menu.Entry("emulation", _("Initiatives register"), "emulation:initiative_list", 30),
            menu.Entry("emulation", _("My rating"), "emulation:rating_mine", 40),
            menu.Entry(
                "emulation",
                _("Ratings to approve"),
                "emulation:rating_approvals",
                50,
                visible=approves,
            ),
            menu.Entry(
                "emulation",
                _("My value-created record"),
                "emulation:record_mine",
                60,
                visible=has_record,
            ),
        )
