"""django-auth-ldap's settings built from Thi Đua's plain ones (config/settings/base.py reads
them from the environment; docs/DIRECTORY.md explains each). Nothing here touches the
database, so the settings module can import it."""

from __future__ import annotations

import json

import ldap
from django.core.exceptions import ImproperlyConfigured
from django_auth_ldap.config import (
    ActiveDirectoryGroupType,
    GroupOfNamesType,
    GroupOfUniqueNamesType,
    LDAPSearch,
    NestedActiveDirectoryGroupType,
    NestedGroupOfNamesType,
    PosixGroupType,
)

GROUP_TYPES = {
    "groupOfNames": GroupOfNamesType,
    "nestedGroupOfNames": NestedGroupOfNamesType,
    "groupOfUniqueNames": GroupOfUniqueNamesType,
    "posixGroup": PosixGroupType,
    "activeDirectory": ActiveDirectoryGroupType,
    "nestedActiveDirectory": NestedActiveDirectoryGroupType,
}


def role_groups_parse(text: str) -> dict[str, list[str]]:
    """THIDUA_LDAP_ROLE_GROUPS: a JSON object from a group's DN to a role or a list of roles
    ("leadership", "unit_head", "administrator@BO" …). Keys are kept lower case: the
    directory's group DNs are compared in their normal, lower-case form."""
    if not text.strip():
        return {}
    try:
        raw = json.loads(text)
    except ValueError as error:
        raise ImproperlyConfigured(f"THIDUA_LDAP_ROLE_GROUPS is not valid JSON: {error}") from None
    if not isinstance(raw, dict):
        raise ImproperlyConfigured("THIDUA_LDAP_ROLE_GROUPS must be a JSON object {group DN: role}")
    mapping: dict[str, list[str]] = {}
    for dn, roles in raw.items():
        roles = [roles] if isinstance(roles, str) else roles
        if not isinstance(roles, list) or not all(isinstance(r, str) and r for r in roles):
            raise ImproperlyConfigured(
                f"THIDUA_LDAP_ROLE_GROUPS: the roles of {dn!r} must be a role or a list of roles"
            )
        mapping[str(dn).strip().lower()] = roles
    return mapping


def json_object_parse(name: str, text: str) -> dict[str, str]:
    """A setting holding a JSON object of strings (THIDUA_HR_SYNC_LDAP_ATTRS: column key →
    attribute; THIDUA_HR_SYNC_LDAP_DEFAULTS: column key → value); empty text: {}."""
    if not text.strip():
        return {}
    try:
        raw = json.loads(text)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not valid JSON: {error}") from None
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        raise ImproperlyConfigured(f"{name} must be a JSON object of strings")
    return {str(k): v for k, v in raw.items()}


def auth_ldap_settings(
    *,
    uri: str,
    bind_dn: str = "",
    bind_password: str = "",
    user_search_base: str,
    user_filter: str = "(uid=%(user)s)",
    group_search_base: str = "",
    group_filter: str = "(objectClass=groupOfNames)",
    group_type: str = "groupOfNames",
    start_tls: bool = False,
    ca_file: str = "",
    timeout_seconds: int = 5,
    first_name_attr: str = "givenName",
    last_name_attr: str = "sn",
    email_attr: str = "mail",
) -> dict[str, object]:
    """The AUTH_LDAP_* settings of django-auth-ldap: the service account searches the user
    by `user_filter` under `user_search_base`, then the password is checked by binding as
    the user; groups come from `group_search_base`. Timeouts keep a directory that does not
    answer from holding the login page."""
    if group_type not in GROUP_TYPES:
        raise ImproperlyConfigured(
            f"THIDUA_LDAP_GROUP_TYPE {group_type!r} is not one of {', '.join(GROUP_TYPES)}"
        )
    if not user_search_base:
        raise ImproperlyConfigured("THIDUA_LDAP_USER_SEARCH_BASE is required with THIDUA_LDAP_URI")
    options: dict[int, object] = {
        ldap.OPT_NETWORK_TIMEOUT: timeout_seconds,
        ldap.OPT_TIMEOUT: timeout_seconds,
        ldap.OPT_REFERRALS: 0,  # Active Directory's referrals would need another bind
    }
    if ca_file:
        options[ldap.OPT_X_TLS_CACERTFILE] = ca_file
        options[ldap.OPT_X_TLS_REQUIRE_CERT] = ldap.OPT_X_TLS_DEMAND
        options[ldap.OPT_X_TLS_NEWCTX] = 0  # must come last: applies the TLS options above
    return {
        "AUTH_LDAP_SERVER_URI": uri,
        "AUTH_LDAP_BIND_DN": bind_dn,
        "AUTH_LDAP_BIND_PASSWORD": bind_password,
        "AUTH_LDAP_START_TLS": start_tls,
        "AUTH_LDAP_CONNECTION_OPTIONS": options,
        # Every user attribute (employee code, e-mail, AD's userAccountControl).
        "AUTH_LDAP_USER_SEARCH": LDAPSearch(user_search_base, ldap.SCOPE_SUBTREE, user_filter),
        "AUTH_LDAP_GROUP_SEARCH": (
            LDAPSearch(group_search_base, ldap.SCOPE_SUBTREE, group_filter)
            if group_search_base
            else None
        ),
        "AUTH_LDAP_GROUP_TYPE": GROUP_TYPES[group_type](),
        "AUTH_LDAP_USER_ATTR_MAP": {
            "first_name": first_name_attr,
            "last_name": last_name_attr,
            "email": email_attr,
        },
        "AUTH_LDAP_ALWAYS_UPDATE_USER": True,
        "AUTH_LDAP_FIND_GROUP_PERMS": False,
        "AUTH_LDAP_MIRROR_GROUPS": False,
    }
