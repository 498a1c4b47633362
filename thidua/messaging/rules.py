"""Permission predicates of the messaging app (django-rules).

Who follows a dispatch's progress (`can_view_dispatch_progress`) is, by default, who created
it and the organisation's administrator. An app that sends dispatches under its own source
labels may instead own that rule for them: it registers a predicate for its label prefix
(`register_progress_rule`, from its AppConfig.ready). Messaging sits below the apps that use
it and imports none of them, so the registry is how the owner's rule reaches it — as the
Party app does for "party." dispatches: Party work is followed by Party roles only, never by
a state role such as the administrator (issue 10, point 2). The dispatch row itself stays
as it is: who may follow it is decided when it is asked, from the owner's current roles, so
a secretary who leaves the post stops following it.
"""

from collections.abc import Callable
from typing import Any

import rules

from thidua.org.rules import is_org_administrator

ProgressRule = Callable[[Any, Any], bool]

# label prefix → predicate(user, dispatch): the owning app's rule for its dispatches.
_PROGRESS_RULES: dict[str, ProgressRule] = {}


def register_progress_rule(prefix: str, predicate: ProgressRule) -> None:
    """Let the app that sends dispatches labelled `prefix…` decide alone who follows their
    progress; the author and the administrator then see them only if it says so.
    Registering the same prefix again replaces the rule (AppConfig.ready may run twice)."""
    if not prefix:
        raise ValueError("A progress rule needs a non-empty source label prefix.")
    _PROGRESS_RULES[prefix] = predicate


def progress_rule_for(dispatch: Any) -> ProgressRule | None:
    """The registered rule owning the dispatch's source label (the longest prefix), if any."""
    label = dispatch.source_label or ""
    owners = [prefix for prefix in _PROGRESS_RULES if label.startswith(prefix)]
    return _PROGRESS_RULES[max(owners, key=len)] if owners else None


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


@rules.predicate
def can_view_dispatch_progress(user, dispatch) -> bool:
    """The owning app's rule for a dispatch under a registered prefix (nothing else grants
    it); for any other dispatch, its author and the organisation's administrator."""
    if dispatch is None or not user.is_authenticated:
        return False
    owned = progress_rule_for(dispatch)
    if owned is not None:
        return bool(owned(user, dispatch))
    return bool(is_dispatch_author(user, dispatch) or is_org_administrator(user))


rules.add_perm("messaging.view_delivery", is_recipient)
rules.add_perm("messaging.view_dispatch_progress", can_view_dispatch_progress)
