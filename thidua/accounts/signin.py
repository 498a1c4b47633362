"""Who may sign in how, at the accounts level (no person, no role): whether a directory is on,
the break-glass accounts that keep their local password, the local-password backend, and
the messages the login page shows when a directory sign-in was refused. The directory
sign-in itself (matching a person, roles from groups) is thidua.directory, above org."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

# Why a sign-in was refused, shown on the login page (English here, Vietnamese in the
# catalogue). The form shows them only after every backend refused.
REFUSAL_MESSAGES = {
    "directory_unavailable": _(
        "The directory server (LDAP/Active Directory) cannot be reached, so your password "
        "cannot be checked. Please try again in a few minutes. Local administrators can "
        "still sign in with their local password."
    ),
    "disabled": _(
        "This account is disabled in the agency's directory. Please contact the IT unit."
    ),
    "no_person": _(
        "Your directory account matches no staff record in Thi Đua (by employee code or "
        "e-mail). Please ask the personnel office to add or correct your record."
    ),
    "conflict": _(
        "Your directory account cannot be linked to a Thi Đua account: the account with "
        "this name is reserved for local administration or belongs to someone else. "
        "Please contact the administrator."
    ),
    # core.standing: an app refused the account (org: its person has left the staff)
    "left_staff": _(
        "This account can no longer be used: according to the personnel records you are no "
        "longer on the staff (left the job, retired or transferred). If this is a mistake, "
        "please contact the personnel office."
    ),
}


class DirectoryRefused(Exception):
    """A directory account that proved its password but may not sign in; `code` is a key
    of REFUSAL_MESSAGES."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


def ldap_enabled() -> bool:
    return bool(getattr(settings, "AUTH_LDAP_SERVER_URI", ""))


def oidc_enabled() -> bool:
    return bool(getattr(settings, "OIDC_OP_TOKEN_ENDPOINT", ""))


def directory_enabled() -> bool:
    """Is any directory sign-in on? Then local passwords are for break-glass accounts."""
    return ldap_enabled() or oidc_enabled()


def is_break_glass(user) -> bool:
    """May this account sign in with its local password while the directory is on?"""
    if user is None or not user.pk:
        return False
    if user.is_superuser:
        return True
    group = getattr(settings, "THIDUA_BREAK_GLASS_GROUP", "")
    return bool(group) and user.groups.filter(name=group).exists()


def break_glass_username(username: str) -> bool:
    user = get_user_model().objects.filter(username__iexact=username.strip()).first()
    return is_break_glass(user)


def refusal_set(request, code: str) -> None:
    """Leave why a directory sign-in was refused on the request, for the login form."""
    if request is not None:
        request.thidua_login_refusal = code
