"""The directory settings read from the environment: a mistake stops the start with a clear
message instead of granting the wrong roles."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from thidua.directory.ldap_config import auth_ldap_settings, role_groups_parse
from thidua.directory.services import role_rules


def test_role_groups_are_read_as_json_with_lower_case_dns():
    mapping = role_groups_parse('{"CN=Lanh-Dao,OU=G,DC=bo": "leadership", "cn=x": ["a", "b"]}')
    assert mapping == {"cn=lanh-dao,ou=g,dc=bo": ["leadership"], "cn=x": ["a", "b"]}
    assert role_groups_parse("") == {}


@pytest.mark.parametrize("text", ["{not json", '["leadership"]', '{"cn=x": 3}'])
def test_a_malformed_role_mapping_is_refused(text):
    with pytest.raises(ImproperlyConfigured, match="THIDUA_LDAP_ROLE_GROUPS"):
        role_groups_parse(text)


def test_unknown_and_party_roles_cannot_be_mapped(settings):
    settings.THIDUA_LDAP_ROLE_GROUPS = {"cn=x": ["chairman"]}
    with pytest.raises(ImproperlyConfigured, match="not a role"):
        role_rules()
    settings.THIDUA_LDAP_ROLE_GROUPS = {"cn=x": ["party_secretary"]}
    with pytest.raises(ImproperlyConfigured, match="Party roles"):
        role_rules()
    settings.THIDUA_LDAP_ROLE_GROUPS = {"cn=x": ["unit_head@CA", "leadership"]}
    assert [(r.role, r.unit_code) for r in role_rules()] == [
        ("unit_head", "CA"),
        ("leadership", None),
    ]


def test_the_directory_needs_a_search_base_and_a_known_group_type():
    with pytest.raises(ImproperlyConfigured, match="USER_SEARCH_BASE"):
        auth_ldap_settings(uri="ldap://x", user_search_base="")
    with pytest.raises(ImproperlyConfigured, match="GROUP_TYPE"):
        auth_ldap_settings(uri="ldap://x", user_search_base="dc=x", group_type="novell")


def test_the_local_password_is_tried_before_the_directory():
    # Break-glass accounts sign in without waiting for a directory that hangs.
    from config.settings import base

    assert base.AUTHENTICATION_BACKENDS.index(
        "thidua.accounts.backends.LocalBackend"
    ) < base.AUTHENTICATION_BACKENDS.index("thidua.directory.backends.DirectoryBackend")


def test_the_system_check_reports_a_bad_role_mapping(settings):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.THIDUA_LDAP_ROLE_GROUPS = {"cn=x": ["party_secretary"]}
    with pytest.raises(SystemCheckError, match="thidua.accounts.E001"):
        call_command("check")
