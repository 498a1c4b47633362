"""The main menu asks the database nothing of its own (issue 10, point 9): its entries are
answered from the viewer's scope, read once a request (the Party's "Cell meetings" from the
membership the scope reads with the person), and a user given no Django permission — every
account but a few administrators' — has their (empty) permissions known with the session's
user (accounts.backends.LocalBackend), so the menu's `has_perm` questions read no permission
table. Who sees which link is unchanged: a cell's member sees its meetings, a Django
permission given by a group still opens what it opens, and staff still have the admin."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from thidua.accounts.backends import LocalBackend
from thidua.core.actors import SYSTEM
from thidua.core.menu import menu_for
from thidua.org.choices import PartyOrgKind, Role
from thidua.org.models import PartyMembership
from thidua.org.rules import viewer_scope
from thidua.org.services import role_grant

from ..factories import PartyOrganizationFactory, UserFactory
from .test_menu import START, client_for, every_menu_link, menu_links

MEETINGS = "/party/meetings/"
AGENCY_SETTINGS = "/settings/agency/"


def member_of(person, kind=PartyOrgKind.CELL, **dates):
    body = PartyOrganizationFactory(kind=kind)
    return PartyMembership.objects.create(
        person=person,
        organization=body,
        joined_party_on=START,
        valid_from=dates.get("valid_from", START),
        valid_to=dates.get("valid_to"),
    )


def as_a_request_loads(user):
    """The account as the session's backend loads it at the start of a request."""
    return LocalBackend().get_user(user.pk)


def menu_urls(user) -> set[str]:
    return {link.url for section in menu_for(user).sections for link in section.links}


def page_queries(client: Client, path: str) -> list[str]:
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("who", ["staff_a", "head_a"])
def test_once_the_scope_is_read_the_menu_asks_nothing(org, who):
    member_of(org["staff_a"])
    user = as_a_request_loads(org[who].user)
    viewer_scope(user)
    with CaptureQueriesContext(connection) as ctx:
        urls = menu_urls(user)
    assert ctx.captured_queries == []
    assert (MEETINGS in urls) is (who == "staff_a")


def test_a_page_reads_no_permission_table_nor_a_cell_membership_for_the_menu(org):
    member_of(org["staff_a"])
    sqls = page_queries(client_for(org["staff_a"].user), "/goals/")
    assert not [q for q in sqls if 'FROM "auth_permission"' in q]
    # Party membership is read once, with the person (the scope's one query)
    assert len([q for q in sqls if "org_partymembership" in q]) == 1
    assert MEETINGS in menu_links(client_for(org["staff_a"].user), "/party/meetings/")


def test_a_cell_member_is_shown_the_meetings_others_not(org):
    """As selectors.cells_of_viewer decides: a membership valid today, of a cell."""
    member_of(org["staff_a"])
    yesterday = timezone.localdate() - timedelta(days=1)
    member_of(org["staff_b"], valid_to=yesterday)
    member_of(org["head_a"], kind=PartyOrgKind.COMMITTEE)
    assert MEETINGS in every_menu_link(client_for(org["staff_a"].user))
    for who in ("staff_b", "head_a"):
        links = every_menu_link(client_for(org[who].user))
        assert not any(link.startswith("/party/") for link in links), who


def test_a_django_permission_given_by_a_group_still_shows_and_opens_its_page(org):
    """The agency settings open for `core.change_agencysetting` (core.rules): given to a
    group, the permission still counts — the user's permissions are then read, once."""
    user = org["staff_a"].user
    client = client_for(user)
    assert AGENCY_SETTINGS not in every_menu_link(client)
    assert client.get(AGENCY_SETTINGS).status_code in (403, 404)
    group = Group.objects.create(name="Cấu hình")
    group.permissions.add(Permission.objects.get(codename="change_agencysetting"))
    user.groups.add(group)
    assert AGENCY_SETTINGS in menu_links(client, "/")
    assert client.get(AGENCY_SETTINGS).status_code == 200
    sqls = page_queries(client, "/goals/")
    assert len([q for q in sqls if 'FROM "auth_permission"' in q]) == 1


def test_a_permission_given_directly_counts_and_one_taken_away_counts_at_the_next_request(org):
    user = org["staff_a"].user
    permission = Permission.objects.get(codename="change_agencysetting")
    user.user_permissions.add(permission)
    assert as_a_request_loads(user).has_perm("core.change_agencysetting")
    user.user_permissions.remove(permission)
    loaded = as_a_request_loads(user)
    viewer_scope(loaded)  # the rules' own question (is_org_administrator)
    with CaptureQueriesContext(connection) as ctx:
        assert not loaded.has_perm("core.change_agencysetting")
        assert loaded.get_all_permissions() == set()
    assert ctx.captured_queries == []


def test_staff_and_superusers_keep_the_admin(org, org_admin):
    org_admin.is_staff = True
    org_admin.save()
    client = client_for(org_admin)
    assert "/admin/" in menu_links(client, "/")
    assert client.get("/admin/").status_code == 200
    root = UserFactory(username="quantri-goc", is_staff=True, is_superuser=True)
    loaded = as_a_request_loads(root)
    assert loaded.has_perm("org.change_person")  # a superuser has every permission
    assert len(loaded.get_all_permissions()) == Permission.objects.count()
    client = client_for(root)
    assert "/admin/" in menu_links(client, "/")
    assert client.get("/admin/org/person/").status_code == 200


def test_a_user_not_loaded_by_the_session_reads_their_permissions_in_one_query(org):
    """A directory sign-in's user (not loaded by LocalBackend): the user's own and their
    groups' permissions in one query, not two."""
    user = org["staff_a"].user
    group = Group.objects.create(name="Xem người")
    group.permissions.add(Permission.objects.get(codename="view_person"))
    user.groups.add(group)
    user.user_permissions.add(Permission.objects.get(codename="change_agencysetting"))
    fresh = type(user).objects.get(pk=user.pk)
    viewer_scope(fresh)  # the rules' own question (is_org_administrator)
    with CaptureQueriesContext(connection) as ctx:
        assert fresh.has_perm("org.view_person") and fresh.has_perm("core.change_agencysetting")
        assert not fresh.has_perm("org.delete_person")
    assert len(ctx.captured_queries) == 1


def test_an_office_role_without_permissions_keeps_its_menu(org):
    office = UserFactory(username="vanphong-menu")
    role_grant(actor=SYSTEM, user=office, role=Role.EMULATION_OFFICER, valid_from=START)
    links = every_menu_link(client_for(office))
    assert {"/awards/decisions/", AGENCY_SETTINGS} <= links
