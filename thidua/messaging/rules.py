"""Permission predicates of the messaging app (django-rules)."""

import rules

from thidua.org.rules import is_org_administrator


@rules.predicate
def is_recipient(user, delivery) -> bool:
    return (
        delivery is not None
        and user.is_authenticated
        and delivery.person.user_id is not None
        and delivery.person.user_id == user.pk
    )


@rules.predicate
def is_dispatch_author(user, dispatch) -> bool:
    return dispatch is not None and user.is_authenticated and dispatch.created_by_id == user.pk


can_view_dispatch_progress = is_dispatch_author | is_org_administrator

rules.add_perm("messaging.view_delivery", is_recipient)
rules.add_perm("messaging.view_dispatch_progress", can_view_dispatch_progress)
