"""The "goals.close" work item waits for the head nearest each ended goal (issue 12): the
head of the owner unit (of the person's unit for a person's goal), not every leader above,
who still may close it from /goals/to-close/."""

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import PersonFactory, UserFactory, unit_head
from thidua.core.actors import SYSTEM
from thidua.core.nextsteps import TODO
from thidua.goals.choices import GoalStatus
from thidua.goals.nextsteps import goals_next_steps
from thidua.goals.selectors.closing import goals_to_close, goals_waiting_to_close
from thidua.goals.services import goal_close
from thidua.org.choices import Role
from thidua.org.services import role_grant


def _todo(user) -> dict:
    return {s.key: s for s in goals_next_steps(user) if s.section == TODO}


@pytest.fixture
def leader(org):
    """The ministry's leader above Cục A's head."""
    person = PersonFactory(unit=org["root"], full_name="Lê Lãnh Đạo", user=UserFactory())
    role_grant(
        actor=SYSTEM,
        user=person.user,
        role=Role.LEADERSHIP,
        unit=org["root"],
        valid_from=date(2020, 1, 1),
    )
    return person.user


@pytest.fixture
def section_head(org):
    return unit_head(org["sec_a"], username="dinhphong", full_name="Đinh Phòng").user


def test_the_unit_head_gets_the_item_not_the_leader_above(cascade, leader):
    head = cascade["head_a"].user
    # Cục A's goal and Hoa's (Phòng A1 has no head): Cục A's head is the nearest
    assert {g.pk for g in goals_waiting_to_close(viewer=head)} == {
        cascade["dept"].pk,
        cascade["personal"].pk,
    }
    assert _todo(head)["goals.close"].count == 2
    # the leader heads the ministry's own goal only; they may close all three from the page
    assert [g.pk for g in goals_waiting_to_close(viewer=leader)] == [cascade["ministry"].pk]
    step = _todo(leader)["goals.close"]
    assert step.count == 1
    assert step.url == reverse("goals:to_close")
    assert goals_to_close(viewer=leader).count() == 3


def test_a_section_head_takes_their_staffs_goals(cascade, leader, section_head):
    assert [g.pk for g in goals_waiting_to_close(viewer=section_head)] == [cascade["personal"].pk]
    assert [g.pk for g in goals_waiting_to_close(viewer=cascade["head_a"].user)] == [
        cascade["dept"].pk
    ]


def test_the_leader_above_may_still_close_them_and_the_item_goes(client, cascade, leader):
    client.force_login(leader)
    page = client.get(reverse("goals:to_close"))
    assert cascade["dept"].title in page.text and cascade["personal"].title in page.text
    client.post(reverse("goals:to_close"), {"goal": cascade["dept"].pk})
    cascade["dept"].refresh_from_db()
    assert cascade["dept"].status == GoalStatus.CLOSED
    assert _todo(cascade["head_a"].user)["goals.close"].count == 1

    goal_close(actor=leader, goal=cascade["personal"])
    assert "goals.close" not in _todo(cascade["head_a"].user)


def test_a_goal_whose_units_have_no_head_waits_for_the_leader_above(cascade, leader):
    """Cục B has no head: its goal falls to the nearest head above, the ministry's leader,
    rather than waiting for no one; Cục A's head does not get it."""
    from thidua.goals.services import goal_create

    cuc_b = goal_create(
        actor=SYSTEM,
        title="Mục tiêu của Cục B",
        owner_unit=cascade["dept_b"],
        status=GoalStatus.ACTIVE,
        period_kind="year",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        key_results=[{"title": "Số việc", "baseline": 0, "target": 10}],
    )
    assert cuc_b.pk in {g.pk for g in goals_to_close(viewer=leader)}
    assert cuc_b.pk in {g.pk for g in goals_waiting_to_close(viewer=leader)}
    assert cuc_b.pk not in {g.pk for g in goals_waiting_to_close(viewer=cascade["head_a"].user)}
