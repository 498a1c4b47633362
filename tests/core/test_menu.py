"""The main menu is built from permissions: each person is shown only the pages they may
open, the current section lists its pages, and every page the menu shows opens for them."""

from datetime import date
from html.parser import HTMLParser

import pytest
from django.test import Client

from thidua.core.actors import SYSTEM
from thidua.org.choices import Role
from thidua.org.services import role_grant

from ..factories import PartyOrganizationFactory, UserFactory

START = date(2020, 1, 1)


class _MenuLinks(HTMLParser):
    """The links inside <nav id="mainnav">."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and attrs.get("id") == "mainnav":
            self.depth = 1
        elif self.depth and tag == "nav":
            self.depth += 1
        if self.depth and tag == "a":
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if self.depth and tag == "nav":
            self.depth -= 1


def menu_links(client: Client, path: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200, path
    parser = _MenuLinks()
    parser.feed(response.content.decode())
    return parser.links


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def every_menu_link(client: Client) -> set[str]:
    """The sections on the home page, and the pages each section lists when opened."""
    links = set(menu_links(client, "/"))
    for section in list(links):
        links |= set(menu_links(client, section))
    return links


@pytest.mark.django_db
def test_staff_are_not_shown_the_councils_or_the_offices_pages_and_open_all_they_are_shown(org):
    client = client_for(org["staff_a"].user)
    links = every_menu_link(client)
    assert {"/awards/registry/", "/awards/proposals/", "/emulation/records/"} <= links
    for hidden in ("/awards/council/", "/awards/ballots/", "/awards/decisions/", "/org/import/"):
        assert hidden not in links
        assert client.get(hidden).status_code in (403, 404)  # the menu agrees with the page
    for link in links:
        assert client.get(link, follow=True).status_code == 200, link


@pytest.mark.django_db
def test_the_office_is_shown_its_pages_and_the_current_section_lists_them(org):
    office = UserFactory(username="vanphong-tdkt")
    role_grant(actor=SYSTEM, user=office, role=Role.EMULATION_OFFICER, valid_from=START)
    client = client_for(office)
    assert "/awards/decisions/" not in menu_links(client, "/")  # only the sections at home
    on_awards = menu_links(client, "/awards/registry/")
    assert {"/awards/decisions/", "/awards/council/", "/awards/rounds/"} <= set(on_awards)
    for link in every_menu_link(client):
        assert client.get(link, follow=True).status_code == 200, link


@pytest.mark.django_db
def test_an_administrator_without_a_person_is_not_shown_a_record(org, org_admin):
    client = client_for(org_admin)
    links = every_menu_link(client)
    assert "/emulation/records/" not in links
    assert "/org/import/" in links
    # Django's admin is for staff accounts: an administrator role alone is not shown it.
    assert "/admin/" not in links
    org_admin.is_staff = True
    org_admin.save()
    assert "/admin/" in menu_links(client_for(org_admin), "/")


@pytest.mark.django_db
def test_a_party_secretary_is_shown_meetings_and_inspections_state_roles_no_party_pages(org):
    cell = PartyOrganizationFactory(kind="cell")
    role_grant(
        actor=SYSTEM,
        user=org["staff_a"].user,
        role=Role.PARTY_SECRETARY,
        party_organization=cell,
        valid_from=START,
    )
    links = every_menu_link(client_for(org["staff_a"].user))
    assert {"/party/resolutions/", "/party/meetings/", "/party/inspections/"} <= links
    head_links = every_menu_link(client_for(org["head_a"].user))
    assert not any(link.startswith("/party/") for link in head_links)


@pytest.mark.django_db
def test_on_a_giao_ban_page_the_goals_section_stays_open_with_its_meetings_link(org):
    """The meetings app has no section of its own: its pages keep the Goals section (where
    its entry sits) open, so the way back to the list of meetings stays on screen."""
    leader = UserFactory(username="lanhdao-giaoban")
    role_grant(actor=SYSTEM, user=leader, role=Role.LEADERSHIP, valid_from=START)
    client = client_for(leader)
    assert "/meetings/" not in menu_links(client, "/")  # the home page shows the sections only
    assert "/meetings/" in menu_links(client, "/meetings/")
    assert "/goals/dashboard/" in menu_links(client, "/meetings/")
