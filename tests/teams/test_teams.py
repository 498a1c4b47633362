"""Teams (issue 13, point 4): a team of people from several units, with a lead and a period,
owns goals; members see them in their own list and check in; a team's results count in each
member's monthly score; permissions follow the team."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from thidua.core.actors import SYSTEM
from thidua.emulation.services.ratings import month_inputs
from thidua.goals import rules as goal_rules
from thidua.goals.services import checkin_create
from thidua.org.choices import Role
from thidua.org.services import role_grant
from thidua.teams import selectors, services

from ..factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(org):
    user = UserFactory(username="thutruong-test")
    role_grant(actor=SYSTEM, user=user, role=Role.LEADERSHIP, valid_from=date(2020, 1, 1))
    return PersonFactory(unit=org["root"], user=user, full_name="Lãnh đạo Bộ")


@pytest.fixture
def team(org, leader):
    return services.team_create(
        actor=leader.user,
        name="Nhóm liên thông dữ liệu",
        unit=org["dept_a"],
        lead=org["head_a"],
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        members=[org["staff_a"], org["staff_b"]],  # Cục A and Cục B
    )


def _goal(team, actor):
    return services.team_goal_create(
        actor=actor,
        team=team,
        title="Kết nối 6 cơ sở dữ liệu",
        key_results=[{"title": "Cơ sở dữ liệu kết nối", "baseline": 0, "target": 6}],
    )


def test_a_cross_unit_team_needs_someone_over_all_its_units(org, leader):
    with pytest.raises(PermissionDenied):  # Cục A's head does not cover Cục B's people
        services.team_create(
            actor=org["head_a"].user, name="Nhóm", unit=org["dept_a"], lead=org["head_a"],
            period_start=date(2026, 1, 1), period_end=date(2026, 12, 31),
            members=[org["staff_b"]],
        )  # fmt: skip
    services.team_create(
        actor=org["head_a"].user, name="Nhóm Cục A", unit=org["dept_a"], lead=org["head_a"],
        period_start=date(2026, 1, 1), period_end=date(2026, 12, 31), members=[org["staff_a"]],
    )  # fmt: skip


def test_members_of_other_units_check_in_on_the_team_goal_and_see_it_in_their_list(
    org, team, client
):
    goal = _goal(team, org["head_a"].user)  # the lead sets it
    kr = goal.key_results.get()
    chau = org["staff_b"]  # Cục B, a member
    assert goal_rules.can_check_in(chau.user, kr)
    checkin_create(
        actor=chau.user, key_result=kr, value=2, confidence="on_track", checked_on=date(2026, 6, 1)
    )
    client.force_login(chau.user)
    assert goal.title in client.get(reverse("goals:mine")).content.decode()

    outsider = PersonFactory(unit=org["sec_b"], user=UserFactory())
    assert not goal_rules.can_check_in(outsider.user, kr)
    client.force_login(outsider.user)
    assert goal.title not in client.get(reverse("goals:mine")).content.decode()


def test_a_team_goal_by_a_non_member_is_refused(org, team):
    with pytest.raises(PermissionDenied):
        _goal(team, org["staff_a"].user)  # a member, not the lead
    with pytest.raises(PermissionDenied):
        _goal(team, PersonFactory(unit=org["sec_b"], user=UserFactory()).user)


def test_the_team_result_counts_in_each_members_monthly_score(org, team, settings):
    goal = _goal(team, org["head_a"].user)
    kr = goal.key_results.get()
    checkin_create(
        actor=org["staff_b"].user, key_result=kr, value=3, confidence="on_track",
        checked_on=date(2026, 6, 1),
    )  # fmt: skip
    for member in (org["staff_a"], org["staff_b"]):
        _, key_results = month_inputs(person=member, year=2026, month=6)
        lines = [k for k in key_results if k.title == "Cơ sở dữ liệu kết nối"]
        assert len(lines) == 1 and lines[0].progress == Decimal("0.5")
    _, other = month_inputs(person=org["colleague_a"], year=2026, month=6)
    assert not [k for k in other if k.title == "Cơ sở dữ liệu kết nối"]


def test_team_pages_follow_the_team(org, team, client):
    goal = _goal(team, org["head_a"].user)
    client.force_login(org["staff_b"].user)  # a member from Cục B
    page = client.get(reverse("teams:detail", args=[team.pk]))
    assert page.status_code == 200 and goal.title in page.content.decode()
    assert client.post(reverse("teams:detail", args=[team.pk]), {"title": "x"}).status_code == 403
    outsider = PersonFactory(unit=org["sec_b"], user=UserFactory())
    client.force_login(outsider.user)
    assert client.get(reverse("teams:detail", args=[team.pk])).status_code in (403, 404)
    assert team.pk not in [t.pk for t in selectors.teams_visible(viewer=outsider.user)]
    client.force_login(org["head_a"].user)  # the lead sets a goal through the page
    response = client.post(
        reverse("teams:detail", args=[team.pk]),
        {"title": "Mục tiêu qua trang", "key_result": "Số việc", "target": "4", "baseline": "0"},
    )
    assert response.status_code == 302
    assert "Mục tiêu qua trang" in client.get(reverse("teams:detail", args=[team.pk])).text
