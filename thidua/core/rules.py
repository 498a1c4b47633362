"""Permission predicates of core (django-rules)."""

import rules


@rules.predicate
def can_view_audit(user) -> bool:
    """The whole audit log is for administrators. The administrator role is org's (above
    core), so it is asked through the permission org registers, not imported."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("org.manage"))
    )


@rules.predicate
def can_view_some_audit(user) -> bool:
    """Administrators, and those an app gives a part of the log (a unit head: the events
    on their unit's people, goals and ratings)."""
    from .audit import audit_scope_q

    return audit_scope_q(user) is not None


rules.add_perm("core.view_audit", can_view_audit)
rules.add_perm("core.view_some_audit", can_view_some_audit)


@rules.predicate
def can_manage_agency_settings(user) -> bool:
    """The agency settings (thidua.core.agency_settings) are for administrators and the
    emulation & commendation office. Both roles live above core (org, emulation): they are
    asked through the permissions those apps register."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (
            user.is_superuser
            or user.has_perm("core.change_agencysetting")
            or user.has_perm("emulation.office")
        )
    )


rules.add_perm("core.manage_agency_settings", can_manage_agency_settings)
