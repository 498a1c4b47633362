"""Fixtures for directory sign-in: a real OpenLDAP server (slapd) started once per test run,
and the settings that point Thi Đua at it."""

import pytest

from thidua.directory.ldap_config import auth_ldap_settings

from ..conftest import require_service
from . import ldap_server as ds


@pytest.fixture(scope="session")
def ldap_server():
    require_service("OpenLDAP (Debian's slapd, /usr/sbin/slapd)", ds.slapd_available)
    server = ds.start_ldap_server()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def ldap_tls_server(tmp_path_factory):
    """Another slapd, offering StartTLS with a certificate of a test CA (`.tls.ca`); `.other_ca`
    is a CA that signed nothing this server shows."""
    require_service("OpenLDAP (Debian's slapd, /usr/sbin/slapd)", ds.slapd_available)
    folder = tmp_path_factory.mktemp("ldap-tls")
    tls = ds.tls_files_make(folder)
    other = ds.tls_files_make(folder, name="Another CA")
    server = ds.start_ldap_server(tls=tls)
    server.tls = tls  # type: ignore[attr-defined]
    server.other_ca = other.ca  # type: ignore[attr-defined]
    yield server
    server.stop()


def directory_settings(
    uri: str, *, start_tls: bool = False, ca_file: str = "", **overrides
) -> dict:
    values = auth_ldap_settings(
        uri=uri,
        bind_dn=ds.SERVICE_DN,
        bind_password=ds.SERVICE_PASSWORD,
        user_search_base=ds.PEOPLE,
        user_filter="(uid=%(user)s)",
        group_search_base=ds.GROUPS,
        start_tls=start_tls,
        ca_file=ca_file,
        timeout_seconds=2,
    )
    values.update(
        THIDUA_LDAP_ROLE_GROUPS={
            ds.group_dn("lanh-dao"): ["leadership"],
            ds.group_dn("truong-don-vi"): ["unit_head"],
            ds.group_dn("thi-dua"): ["emulation_officer"],
        },
        THIDUA_LDAP_DISABLED_GROUP=ds.group_dn("vo-hieu-hoa"),
        THIDUA_LDAP_EMPLOYEE_CODE_ATTR="employeeNumber",
        THIDUA_LDAP_EMAIL_ATTR="mail",
        THIDUA_BREAK_GLASS_GROUP="break-glass",
    )
    values.update(overrides)
    return values


@pytest.fixture
def use_directory(settings):
    """Point the settings at a directory URI (the test server's, or one that is down)."""

    def apply(uri: str, **overrides) -> None:
        for name, value in directory_settings(uri, **overrides).items():
            setattr(settings, name, value)

    return apply
