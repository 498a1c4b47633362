"""A user signed in through the directory (LDAP or OpenID Connect) is read on each request as
the local password's users are (accounts.backends.session_user): one statement that also says
whether they are given any Django permission, so one given none — nearly everyone — reads no
permission table on a page; one given a permission, a superuser, keep Django's answer; an
account made inactive is signed out. The directory is not asked (no server is needed: the
session's user is read from Thi Đua's own tables)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.module_loading import import_string

from thidua.org.rules import viewer_scope

from ..factories import UserFactory

LDAP = "thidua.directory.backends.DirectoryBackend"
OIDC = "thidua.directory.oidc.OIDCBackend"
AGENCY_SETTINGS = "/settings/agency/"
PERMISSION_TABLE = 'FROM "auth_permission"'


@pytest.fixture(params=[LDAP, OIDC], ids=["ldap", "oidc"])
def backend(request, settings, use_directory):
    """The directory's backend on (pointed at servers that are not there: never asked)."""
    if request.param == LDAP:
        use_directory("ldap://127.0.0.1:9")
    else:
        settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:9/token"
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "http://127.0.0.1:9/authorize"
        settings.OIDC_RP_CLIENT_ID = "thidua"
        settings.OIDC_RP_CLIENT_SECRET = "x"
        settings.OIDC_OP_USER_ENDPOINT = "http://127.0.0.1:9/userinfo"
        settings.OIDC_OP_JWKS_ENDPOINT = "http://127.0.0.1:9/jwks"
    return request.param


def signed_in(user, backend) -> Client:
    client = Client()
    client.force_login(user, backend=backend)
    return client


def page_queries(client: Client, path: str) -> list[str]:
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def loaded(backend, user):
    """The account as the session's backend loads it at the start of a request."""
    return import_string(backend)().get_user(user.pk)


def test_a_directory_user_with_no_permission_reads_no_permission_table(org, backend):
    user = org["staff_a"].user
    sqls = page_queries(signed_in(user, backend), "/goals/")
    assert not [q for q in sqls if PERMISSION_TABLE in q]
    fresh = loaded(backend, user)
    viewer_scope(fresh)  # the rules' own question (is_org_administrator)
    with CaptureQueriesContext(connection) as ctx:
        assert not fresh.has_perm("core.change_agencysetting")
        assert fresh.get_all_permissions() == set()
    assert ctx.captured_queries == []


def test_a_directory_user_given_a_permission_keeps_it(org, backend):
    user = org["staff_a"].user
    group = Group.objects.create(name="Cấu hình")
    group.permissions.add(Permission.objects.get(codename="change_agencysetting"))
    user.groups.add(group)
    client = signed_in(user, backend)
    assert client.get(AGENCY_SETTINGS).status_code == 200
    sqls = page_queries(client, "/goals/")
    assert len([q for q in sqls if PERMISSION_TABLE in q]) == 1  # read once, as Django does
    assert loaded(backend, user).has_perm("core.change_agencysetting")


def test_a_directory_superuser_has_every_permission(db, backend):
    root = UserFactory(username="quantri-thu-muc", is_staff=True, is_superuser=True)
    fresh = loaded(backend, root)
    assert fresh.has_perm("org.change_person")
    assert len(fresh.get_all_permissions()) == Permission.objects.count()
    assert signed_in(root, backend).get("/admin/org/person/").status_code == 200


def test_an_inactive_or_missing_account_is_not_loaded(org, backend):
    user = org["staff_a"].user
    assert loaded(backend, user) is not None
    user.is_active = False
    user.save()
    assert loaded(backend, user) is None
    assert import_string(backend)().get_user(987654) is None


def test_the_ldap_user_is_given_its_directory_side_as_the_library_gives_it(org, use_directory):
    use_directory("ldap://127.0.0.1:9")
    fresh = loaded(LDAP, org["staff_a"].user)
    assert fresh.ldap_user is not None and fresh.ldap_user._user is fresh
    assert fresh.has_perm("emulation.office") is False  # no directory request: nothing found


def test_a_directory_backend_that_is_off_loads_nobody(org):
    for backend in (LDAP, OIDC):
        assert loaded(backend, org["staff_a"].user) is None
