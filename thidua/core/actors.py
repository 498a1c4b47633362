"""Who acts on a service: a signed-in account, or the system itself — named, never implied.

Background jobs, management commands and the demo loaders act as `SYSTEM`; a service's
permission check lets `SYSTEM` through and checks everyone else, and a missing actor
(`actor=None`) is refused (`MissingActor`) instead of silently skipping the check. The audit
records the system's events without an account (`actor` empty), and the audit page shows
them as "hệ thống".
"""

from __future__ import annotations

from typing import Any, Final

from django.core.exceptions import PermissionDenied


class SystemActor:
    """The platform acting on its own behalf. Not an account: not authenticated, no person,
    no roles — only services that say so accept it."""

    is_authenticated: Final = False
    is_anonymous: Final = False
    is_active: Final = True
    is_superuser: Final = False
    pk: Final = None

    def get_username(self) -> str:
        return ""

    def __repr__(self) -> str:
        return "SYSTEM"

    __str__ = __repr__


SYSTEM: Final = SystemActor()


class MissingActor(PermissionDenied):
    """A service was called with actor=None: name the person acting, or SYSTEM."""


def acting_as_system(actor: Any) -> bool:
    """True for SYSTEM (the caller's permission check is skipped on purpose), False for
    anyone else (checked as usual); refuses a missing actor."""
    if actor is None:
        raise MissingActor("actor=None: pass the account acting, or thidua.core.actors.SYSTEM")
    return actor is SYSTEM


def account_of(actor: Any) -> Any:
    """The account to store on a row (created_by, …): the actor when signed in, else None
    (the system, an anonymous visitor)."""
    return actor if getattr(actor, "is_authenticated", False) else None
