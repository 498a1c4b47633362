from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "thidua.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401 (registers the deployment checks)
        from .middleware import session_expiry_start

        user_logged_in.connect(session_expiry_start, dispatch_uid="thidua.session_expiry_start")

        from . import menu

        menu.register_section(menu.Section("home", _("Home"), order=0, url_names=("home",)))
        menu.register_section(menu.Section("admin", _("Administration"), order=90))
        menu.register_section(
            menu.Section("audit", _("Audit log"), order=95, url_names=("audit_log",))
        )
        menu.register(
            menu.Entry("home", _("Home"), "home"),
            menu.Entry("admin", _("Administration"), "admin:index", visible=_may_administer),
            menu.Entry("audit", _("Audit log"), "audit_log", visible=_may_read_audit),
            menu.Entry(
                "admin", _("Agency settings"), "agency_settings", 60, visible=_may_set_agency
            ),
        )


def _may_administer(user) -> bool:
    # Django's admin opens only for staff accounts: an administrator role alone would be sent
    # to the admin's login page.
    return user.is_staff and user.has_perm("org.manage")


def _may_read_audit(user) -> bool:
    return user.has_perm("core.view_some_audit")


def _may_set_agency(user) -> bool:
    return user.has_perm("core.manage_agency_settings")
