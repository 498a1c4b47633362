from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "thidua.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from thidua.core import audit, demo, nextsteps

        from . import work_calendar  # noqa: F401  (the weekly days off, an agency setting)
        from .audit_scope import org_audit_scope
        from .demo import demo_loader
        from .nextsteps import org_next_steps

        nextsteps.register(org_next_steps)
        audit.register_scope(org_audit_scope)
        demo.register(demo.DemoLoader(name="org", order=10, load=demo_loader))

        # A person who has left the staff may no longer use their account (issues 10, 15):
        # their standing is read with the session's user, and core.standing asks.
        from thidua.accounts.backends import UserColumns, register_user_columns
        from thidua.core import standing

        from .models import Person
        from .rules import PERSON_STANDING, STANDING_FIELDS, left_staff_refusal

        register_user_columns(UserColumns(Person, "user", STANDING_FIELDS, PERSON_STANDING))
        standing.register(left_staff_refusal)

        from thidua.core import menu

        from .rules import is_org_administrator

        menu.register_section(menu.Section("org", _("Organisation"), order=60, namespaces=("org",)))
        menu.register(
            menu.Entry("org", _("Organisation tree"), "org:tree", order=10),
            menu.Entry(
                "org",
                _("Import from Excel"),
                "org:import",
                order=20,
                visible=is_org_administrator,
            ),
            menu.Entry(
                "org",
                _("Sync with the HR system"),
                "org:hr_sync",
                order=30,
                visible=is_org_administrator,
            ),
        )
