"""A closed goal shows its final result, not an old "at risk" flag (issue 13), and a key
result already at its target is not reminded for check-ins nor flagged as silent."""

from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from thidua.core.actors import SYSTEM
from thidua.core.nextsteps import TODO
from thidua.goals.choices import GoalStatus
from thidua.goals.models import Goal, KeyResult
from thidua.goals.nextsteps import goals_next_steps
from thidua.goals.progress import RiskInput, risk_reasons
from thidua.goals.selectors import checkins_due
from thidua.goals.services import checkin_create, goal_close, goal_create, goals_refresh_risk


def test_closing_clears_the_risk_flags_and_the_pages_show_the_final_result(client, cascade):
    goals_refresh_risk()  # the 2025 goals ended short of their targets: overdue
    dept = cascade["dept"]
    dept.refresh_from_db()
    assert dept.is_at_risk and "overdue" in dept.risk_reasons

    goal_close(actor=cascade["head_a"].user, goal=cascade["personal"])  # its sub-goal
    goal_close(actor=cascade["head_a"].user, goal=dept, note="Kết thúc năm 2025")

    dept.refresh_from_db()
    assert (dept.is_at_risk, dept.risk_reasons) == (False, [])
    assert not KeyResult.objects.filter(goal=dept, is_at_risk=True).exists()
    client.force_login(cascade["head_a"].user)
    detail = client.get(reverse("goals:detail", args=[dept.pk])).text
    assert 'id="goal-closed"' in detail
    assert "risk-text" not in detail and "badge risk" not in detail
    assert "final-result" in detail
    tree = client.get(
        reverse("goals:unit_tree", args=[cascade["dept_a"].pk]), {"on": "2025-06-01"}
    ).text
    assert "final-result" in tree


def test_the_nightly_refresh_clears_a_closed_goals_old_flag(cascade):
    goals_refresh_risk()
    goal_close(actor=cascade["head_a"].user, goal=cascade["personal"])
    # a goal closed before closing cleared the flags
    Goal.objects.filter(pk=cascade["personal"].pk).update(is_at_risk=True, risk_reasons=["overdue"])
    KeyResult.objects.filter(goal=cascade["personal"]).update(
        is_at_risk=True, risk_reasons=["overdue"]
    )

    goals_refresh_risk()

    cascade["personal"].refresh_from_db()
    assert (cascade["personal"].is_at_risk, cascade["personal"].risk_reasons) == (False, [])
    assert not KeyResult.objects.filter(goal=cascade["personal"], is_at_risk=True).exists()
    # the active goals keep theirs
    assert Goal.objects.get(pk=cascade["dept"].pk).is_at_risk


def test_a_key_result_at_its_target_is_not_silent():
    item = {
        "period_start": date(2025, 1, 1),
        "period_end": date(2025, 12, 31),
        "due_date": None,
        "last_checkin_on": date(2025, 4, 1),  # three months ago
        "confidence": "on_track",
        "started_on": date(2025, 1, 1),
    }
    today = date(2025, 7, 1)
    assert risk_reasons(RiskInput(progress=Decimal(1), **item), today=today) == []
    assert risk_reasons(RiskInput(progress=Decimal("0.6"), **item), today=today) == [
        "no_recent_checkin"
    ]


def test_a_key_result_at_its_target_is_not_reminded(org):
    today = timezone.localdate()
    goal = goal_create(
        actor=SYSTEM,
        title="Mục tiêu đang chạy",
        owner_person=org["staff_a"],
        status=GoalStatus.ACTIVE,
        period_kind="year",
        period_start=today - timedelta(days=60),
        period_end=today + timedelta(days=60),
        key_results=[
            {"title": "Đã đạt", "baseline": 0, "target": 10},
            {"title": "Còn dở", "baseline": 0, "target": 10},
        ],
    )
    done, halfway = goal.key_results.get(title="Đã đạt"), goal.key_results.get(title="Còn dở")
    for kr, value in ((done, 10), (halfway, 5)):
        checkin_create(
            actor=org["staff_a"].user,
            key_result=kr,
            value=value,
            confidence="on_track",
            checked_on=today - timedelta(days=20),
        )
    assert [kr.pk for kr in checkins_due(person=org["staff_a"])] == [halfway.pk]
    steps = {s.key: s for s in goals_next_steps(org["staff_a"].user) if s.section == TODO}
    assert steps[f"goals.checkin:{goal.pk}"].count == 1

    checkin_create(
        actor=org["staff_a"].user,
        key_result=halfway,
        value=10,
        confidence="on_track",
        checked_on=today - timedelta(days=19),
    )
    steps = {s.key for s in goals_next_steps(org["staff_a"].user) if s.section == TODO}
    assert f"goals.checkin:{goal.pk}" not in steps
    goals_refresh_risk(today=today + timedelta(days=40))  # long silent, but at the target
    assert not KeyResult.objects.filter(goal=goal, is_at_risk=True).exists()
