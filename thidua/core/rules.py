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


rules.add_perm("core.view_audit", can_view_audit)
