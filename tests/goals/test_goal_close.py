"""Closing goals whose period has ended (walk-through of 07/12/2026: goals of a period
ended a year before still read "in progress" and asked for check-ins): the head over the
goal closes it, one by one or all at once (all or nothing); its progress is kept; a closed
goal takes no more check-ins; "Việc của tôi" asks the head to close them until they are."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from thidua.core.audit import audit_for
from thidua.core.nextsteps import TODO
from thidua.goals.choices import GoalStatus
from thidua.goals.models import Goal
from thidua.goals.nextsteps import goals_next_steps
from thidua.goals.services import checkin_create, goal_close, goals_close_ended


def _todo(user) -> dict:
    return {s.key: s for s in goals_next_steps(user) if s.section == TODO}


def test_the_head_closes_an_ended_goal_and_its_progress_is_kept(cascade):
    goal = cascade["personal"]
    head = cascade["head_a"].user
    checkin_create(
        actor=head,
        key_result=goal.key_results.get(title="Hồ sơ số hoá"),
        value=400,
        confidence="on_track",
        checked_on=date(2025, 12, 1),
    )
    goal.refresh_from_db()
    progress = goal.progress
    assert progress > 0

    goal_close(actor=head, goal=goal, note="Hết năm 2025")

    goal.refresh_from_db()
    assert goal.status == GoalStatus.CLOSED
    assert goal.progress == progress
    (event,) = audit_for(goal).filter(action="goal.closed")
    assert event.data["changes"]["status"] == ["active", "closed"]
    assert event.data["note"] == "Hết năm 2025"


def test_staff_another_units_head_and_a_second_close_are_refused(cascade, head_b):
    goal = cascade["personal"]
    with pytest.raises(PermissionDenied):
        goal_close(actor=cascade["staff_a"].user, goal=goal)
    with pytest.raises(PermissionDenied):
        goal_close(actor=head_b.user, goal=goal)
    goal_close(actor=cascade["head_a"].user, goal=goal)
    with pytest.raises(ValidationError, match="đã được đóng"):
        goal_close(actor=cascade["head_a"].user, goal=goal)
    assert audit_for(goal).filter(action="goal.closed").count() == 1


def test_a_goal_is_not_closed_before_its_period_ends(org, running):
    with pytest.raises(ValidationError, match="chỉ được đóng sau khi hết kỳ"):
        goal_close(actor=org["head_a"].user, goal=running)
    running.refresh_from_db()
    assert running.status == GoalStatus.ACTIVE


def test_a_closed_goal_takes_no_more_check_ins(cascade):
    goal = cascade["personal"]
    goal_close(actor=cascade["head_a"].user, goal=goal)
    with pytest.raises(ValidationError, match="đã đóng, không nhận cập nhật"):
        checkin_create(
            actor=cascade["staff_a"].user,
            key_result=goal.key_results.first(),
            value=500,
            confidence="on_track",
            checked_on=date(2025, 12, 1),
        )
    assert not goal.key_results.first().checkins.exists()


def test_the_bulk_close_is_all_or_nothing(cascade, running):
    ended = [cascade["dept"], cascade["personal"]]
    with pytest.raises(ValidationError):
        goals_close_ended(actor=cascade["head_a"].user, goals=[*ended, running])
    statuses = set(
        Goal.objects.filter(pk__in=[g.pk for g in ended]).values_list("status", flat=True)
    )
    assert statuses == {GoalStatus.ACTIVE}

    goals_close_ended(actor=cascade["head_a"].user, goals=ended)
    statuses = set(
        Goal.objects.filter(pk__in=[g.pk for g in ended]).values_list("status", flat=True)
    )
    assert statuses == {GoalStatus.CLOSED}


def test_the_work_item_lists_the_heads_ended_goals_and_goes_once_closed(cascade, running, head_b):
    head = cascade["head_a"].user
    step = _todo(head)["goals.close"]
    assert step.count == 2  # Cục A's and Hoa's goals of 2025, not the running one
    assert step.url == reverse("goals:to_close")
    assert "goals.close" not in _todo(cascade["staff_a"].user)
    assert "goals.close" not in _todo(head_b.user)

    goal_close(actor=head, goal=cascade["personal"])
    assert _todo(head)["goals.close"].count == 1
    goal_close(actor=head, goal=cascade["dept"])
    assert "goals.close" not in _todo(head)


def test_the_page_closes_one_goal_and_then_all(client, cascade, running):
    client.force_login(cascade["head_a"].user)
    page = client.get(reverse("goals:to_close"))
    assert page.status_code == 200
    assert cascade["dept"].title in page.text and running.title not in page.text

    response = client.post(reverse("goals:to_close"), {"goal": cascade["personal"].pk})
    assert response.url == reverse("goals:detail", args=[cascade["personal"].pk])
    detail = client.get(response.url)
    assert 'id="goal-closed"' in detail.text
    assert (
        'action="' + reverse("goals:checkin", args=[cascade["personal"].key_results.first().pk])
        not in detail.text
    )

    client.post(reverse("goals:to_close"), {"all": "1"})
    cascade["dept"].refresh_from_db()
    assert cascade["dept"].status == GoalStatus.CLOSED
    running.refresh_from_db()
    assert running.status == GoalStatus.ACTIVE


def test_staff_may_not_close_from_the_page(client, cascade):
    client.force_login(cascade["staff_a"].user)
    assert client.post(reverse("goals:to_close"), {"all": "1"}).status_code == 403
    assert client.post(reverse("goals:to_close"), {"goal": cascade["dept"].pk}).status_code == 403
    cascade["dept"].refresh_from_db()
    assert cascade["dept"].status == GoalStatus.ACTIVE
