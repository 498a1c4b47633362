"""Whether a signed-in account may still be used, beyond `User.is_active` (issues 10 and 15).

The directory is asked only at sign-in and the HR sync leaves accounts alone, so an app
above accounts says here when an account may no longer act: org refuses the account of a
person who has left the staff (org.rules.left_staff_refusal). Asked on every signed-in
request (core.middleware.SessionExpiryMiddleware ends the session), by the API for a
personal access token (accounts.tokens.token_authenticate) and by the local password's
sign-in (accounts.backends.LocalBackend). A check must cost no query when what it reads is
already on the user object (accounts.backends.session_user loads it with the user).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Refusal:
    """Why an account may no longer act: `code` for programs, `message` for the person
    (translated), `detail` for the log (English)."""

    code: str
    message: str
    detail: str


Check = Callable[[Any], Refusal | None]
_checks: list[Check] = []


def register(check: Check) -> Check:
    if check not in _checks:
        _checks.append(check)
    return check


def account_refusal(user: Any) -> Refusal | None:
    """The first registered check that refuses `user`, else None (also for an anonymous
    user or none)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    for check in _checks:
        refusal = check(user)
        if refusal is not None:
            return refusal
    return None
