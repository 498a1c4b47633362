""" "Mục tiêu của tôi" for a goal never settled before its period ended (issue 12, "what waits
for me"): a goal still awaiting acceptance, one whose changes the person proposed and no head
has decided, and a draft of her own, all of a 2025 that is over, are on the page without
choosing a year — in the section of ended goals, each with its state's label and a note that
it was never accepted — and open by their links. Nobody else sees them there."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from thidua.core.actors import SYSTEM
from thidua.goals.choices import GoalStatus
from thidua.goals.services import goal_assign, goal_create, goal_propose_changes

TODAY = date(2026, 12, 7)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def pending(cascade):
    """Three goals of Hoa's for 2025 that never became active: one her head assigned and she
    has not answered, one whose target she proposed to change, and her own draft."""
    head = cascade["head_a"].user
    krs = [{"title": "Báo cáo", "baseline": 0, "target": 12}]
    assigned = goal_assign(
        actor=head,
        parent=cascade["dept"],
        title="Báo cáo chuyên đề",
        owner_person=cascade["staff_a"],
        key_results=krs,
    )
    proposed = goal_assign(
        actor=head,
        parent=cascade["dept"],
        title="Cẩm nang thủ tục",
        owner_person=cascade["staff_a"],
        key_results=krs,
    )
    goal_propose_changes(
        actor=cascade["staff_a"].user,
        goal=proposed,
        changes=[{"key_result": proposed.key_results.get().pk, "target": "8"}],
    )
    draft = goal_create(
        actor=SYSTEM,
        title="Tự học tiếng Anh",
        owner_person=cascade["staff_a"],
        period_kind="year",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        key_results=krs,
    )
    return {"assigned": assigned, "proposed": proposed, "draft": draft}


def _page(client, person) -> str:
    client.force_login(person.user)
    response = client.get(reverse("goals:mine"))
    assert response.status_code == 200
    return response.content.decode()


def _card(body: str, goal) -> str:
    start = body.index(f'id="goal-{goal.pk}"')
    return body[start : body.index("</section>", start)]


def test_goals_never_accepted_before_their_period_ended_are_on_the_page(cascade, pending, client):
    body = _page(client, cascade["staff_a"])
    ended = body[body.index('id="ended"') :]
    with translation.override("vi"):
        labels = {key: goal.get_status_display() for key, goal in pending.items()}
    assert labels["assigned"] == "Chờ tiếp nhận"
    assert labels["proposed"] == "Đề xuất điều chỉnh"
    for key, goal in pending.items():
        goal.refresh_from_db()
        assert goal.status != GoalStatus.ACTIVE
        card = _card(ended, goal)
        assert goal.title in card, key
        assert labels[key] in card, key
        assert "pending-note" in card, key  # never accepted: it cannot be closed as it is
        assert "ended-note" not in card, key  # it takes no check-in
        link = re.search(r'href="([^"]+)"', card).group(1)
        assert link == reverse("goals:detail", args=[goal.pk])
        assert client.get(link).status_code == 200
    # the accepted goal of 2025 is still there, waiting to be closed, as before
    card = _card(ended, cascade["personal"])
    assert "ended-note" in card
    assert "pending-note" not in card


def test_a_closed_or_cancelled_goal_is_not_among_them(cascade, pending, client):
    pending["draft"].status = GoalStatus.CANCELLED
    pending["draft"].save(update_fields=["status"])
    body = _page(client, cascade["staff_a"])
    assert "Tự học tiếng Anh" not in body
    assert "Báo cáo chuyên đề" in body[body.index('id="ended"') :]


def test_the_year_shows_them_with_the_same_note(cascade, pending, client):
    client.force_login(cascade["staff_a"].user)
    body = client.get(reverse("goals:mine"), {"year": "2025"}).content.decode()
    for goal in pending.values():
        assert "pending-note" in _card(body, goal)


def test_another_units_staff_does_not_see_them(cascade, pending, client):
    body = _page(client, cascade["staff_b"])
    for goal in pending.values():
        assert goal.title not in body
    assert 'id="ended"' not in body
