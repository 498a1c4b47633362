"""The directory's authentication backend: LDAP / Active Directory through django-auth-ldap
(thidua/directory/services.py has the rules; docs/DIRECTORY.md the settings). The local
password, kept for break-glass administrators once a directory is on, is
thidua.accounts.backends.LocalBackend.

Order in settings.AUTHENTICATION_BACKENDS: axes (lock-out) first, then the local password
(break-glass accounts sign in without asking the directory), then the directory. Why a directory sign-in was refused is left on the request
(`request.thidua_login_refusal`) for the login form's message."""

from __future__ import annotations

import logging

import ldap
from django.conf import settings
from django_auth_ldap.backend import LDAPBackend, _LDAPUser, ldap_error

from thidua.accounts.backends import session_user
from thidua.accounts.signin import (
    DirectoryRefused,
    break_glass_username,
    ldap_enabled,
    refusal_set,
)

from .services import (
    directory_sign_in_complete,
    entry_disabled,
    entry_value,
    person_for_directory,
    user_for_person,
)

logger = logging.getLogger(__name__)


class DirectoryBackend(LDAPBackend):
    """django-auth-ldap, off while AUTH_LDAP_SERVER_URI is empty. A directory account signs
    in as its Thi Đua person's account; a disabled one, one without a person, or one whose
    name is a break-glass account's is refused."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not ldap_enabled() or not username or not password:
            return None
        if break_glass_username(username):
            # Break-glass accounts are local only: never asked of the directory, so they
            # still sign in at once when the directory hangs.
            return None
        self._request = request
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        if not ldap_enabled():
            return None
        # read as the local password's backend reads it (accounts.backends.session_user:
        # no permission table for a user given no Django permission), then given its
        # `ldap_user` as LDAPBackend.get_user does (no directory request)
        user = session_user(user_id)
        if user is None or not user.is_active:
            return None
        _LDAPUser(self, user=user)
        return user

    def _group_dns(self, ldap_user) -> frozenset[str]:
        if getattr(settings, "AUTH_LDAP_GROUP_SEARCH", None) is None:
            return frozenset()
        return frozenset(ldap_user.group_dns)

    def get_or_build_user(self, username, ldap_user):
        """Called once the directory accepted the password: the Thi Đua account, or a
        refusal (the reason kept for the login page, the details logged in English)."""
        attrs = ldap_user.attrs
        try:
            group_dns = self._group_dns(ldap_user)
            if entry_disabled(attrs=attrs, group_dns=group_dns):
                raise DirectoryRefused("disabled", ldap_user.dn)
            person = person_for_directory(
                employee_code=entry_value(attrs, settings.THIDUA_LDAP_EMPLOYEE_CODE_ATTR),
                email=entry_value(attrs, settings.THIDUA_LDAP_EMAIL_ATTR),
            )
            user, built = user_for_person(username=username, person=person)
        except DirectoryRefused as refusal:
            logger.warning("Directory sign-in of %s refused: %s", username, refusal)
            refusal_set(getattr(self, "_request", None), refusal.code)
            raise ldap_user.AuthenticationFailed(str(refusal)) from None
        if user.has_usable_password():
            # Linked to the directory: a local password it had can no longer be used.
            user.set_unusable_password()
        ldap_user.thidua_person = person
        ldap_user.thidua_group_dns = group_dns
        return user, built

    def authenticate_ldap_user(self, ldap_user, password):
        user = super().authenticate_ldap_user(ldap_user, password)
        if user is not None:
            directory_sign_in_complete(
                user=user,
                person=ldap_user.thidua_person,
                group_dns=ldap_user.thidua_group_dns,
                source="ldap",
            )
        return user


def _directory_error(sender, context, user, request, exception, **kwargs):
    """django-auth-ldap reports a directory it could not use (down, timing out, refusing the
    service account): remember it for the login page's message."""
    logger.error("Directory unavailable (%s): %r", context, exception)
    if isinstance(exception, ldap.LDAPError):
        refusal_set(request, "directory_unavailable")


ldap_error.connect(_directory_error, sender=DirectoryBackend, dispatch_uid="thidua_ldap_error")
