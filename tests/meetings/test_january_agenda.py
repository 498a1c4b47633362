"""January's giao ban is prepared from the year just ended while the new year's goals are not
set (walk-through of 07/12/2026, flow 2): the ministry's meeting of 01/2027, planned today,
showed 'Không có', '0 mục tiêu có nguy cơ', '0 kết quả then chốt lâu chưa cập nhật' — the
review of January 2027 finds no goal under way, while 76 goals of 2026 were at risk."""

from datetime import date

import pytest
from django.urls import reverse

from thidua.core.actors import SYSTEM
from thidua.goals.choices import GoalStatus
from thidua.goals.models import Goal
from thidua.goals.services import goal_create
from thidua.meetings import selectors, services

pytestmark = pytest.mark.django_db

YEAR_2026 = {
    "period_kind": "year",
    "period_start": date(2026, 1, 1),
    "period_end": date(2026, 12, 31),
}


@pytest.fixture
def goal_2026(org):
    goal = goal_create(
        actor=SYSTEM,
        title="Rà soát hệ thống thông tin theo cấp độ",
        owner_unit=org["dept_a"],
        status=GoalStatus.ACTIVE,
        key_results=[{"title": "Hệ thống đã rà soát", "baseline": 0, "target": 20}],
        **YEAR_2026,
    )
    Goal.objects.filter(pk=goal.pk).update(is_at_risk=True)
    return goal


def _meeting(org, year, month, held_on):
    huy = org["head_a"]
    return services.meeting_create(
        actor=huy.user, unit=org["dept_a"], year=year, month=month, held_on=held_on, chair=huy
    )


def test_january_takes_the_year_just_ended_and_says_so(org, goal_2026, client):
    meeting = _meeting(org, 2027, 1, date(2027, 1, 5))
    agenda = selectors.meeting_agenda(viewer=org["head_a"].user, meeting=meeting)
    assert (agenda.facts_year, agenda.facts_month) == (2026, 12)
    assert [g.title for g in agenda.at_risk_goals] == ["Rà soát hệ thống thông tin theo cấp độ"]

    client.force_login(org["head_a"].user)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Rà soát hệ thống thông tin theo cấp độ" in page
    assert f"{reverse('goals:review')}?year=2026&amp;month=12" in page
    assert 'id="facts-month"' in page


def test_a_month_with_goals_under_way_keeps_its_own_figures(org, goal_2026, client):
    meeting = _meeting(org, 2026, 12, date(2026, 12, 5))
    agenda = selectors.meeting_agenda(viewer=org["head_a"].user, meeting=meeting)
    assert (agenda.facts_year, agenda.facts_month) == (2026, 12)
    assert agenda.at_risk_total == 1
    client.force_login(org["head_a"].user)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert 'id="facts-month"' not in page
