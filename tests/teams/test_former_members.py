# ruff: noqa: F811 (the fixtures imported from test_teams are parameters of the tests)
"""The team page keeps the people removed from the team (issue 12, people by their names):
current members in their list, former ones in their own section with the day they left,
latest first; the reason for leaving only for those who may remove members."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from thidua.teams import selectors, services

from ..factories import PersonFactory
from .test_teams import leader, team  # noqa: F401 (shared fixtures)

pytestmark = pytest.mark.django_db


def _as(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def _section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


def test_removed_members_are_listed_apart_with_the_day_they_left(org, team):
    lead = org["head_a"]
    chau = org["staff_b"]
    services.team_member_remove(
        actor=lead.user, team=team, person=chau, on=date(2026, 7, 1), reason="Chuyển công tác"
    )
    assert [m.person for m in selectors.team_former_members(team=team)] == [chau]
    assert chau not in selectors.team_members(team=team)

    page = _as(lead).get(reverse("teams:detail", args=[team.pk])).content.decode()
    current = _section(page, "members-h")
    former = _section(page, "former-h")
    assert chau.full_name not in current and org["staff_a"].full_name in current
    assert chau.full_name in former and "01/07/2026" in former
    assert "Chuyển công tác" in former  # the lead may remove members: sees why
    assert chau.user.username not in page  # people by their names, never their logins

    # a member sees who left and when, not why
    page = _as(org["staff_a"]).get(reverse("teams:detail", args=[team.pk])).content.decode()
    former = _section(page, "former-h")
    assert chau.full_name in former and "01/07/2026" in former
    assert "Chuyển công tác" not in page


def test_latest_to_leave_first_and_no_section_while_nobody_left(org, team):
    lead = org["head_a"]
    page = _as(lead).get(reverse("teams:detail", args=[team.pk])).content.decode()
    assert 'id="former-h"' not in page
    extra = PersonFactory(unit=org["dept_a"], full_name="Bùi Thị Duyên")
    services.team_member_add(actor=lead.user, team=team, person=extra)
    services.team_member_remove(actor=lead.user, team=team, person=extra, on=date(2026, 3, 1))
    services.team_member_remove(
        actor=lead.user, team=team, person=org["staff_b"], on=date(2026, 7, 1)
    )
    former = selectors.team_former_members(team=team)
    assert [(m.person, m.left_on) for m in former] == [
        (org["staff_b"], date(2026, 7, 1)),
        (extra, date(2026, 3, 1)),
    ]
