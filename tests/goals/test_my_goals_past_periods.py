""" "Mục tiêu của tôi" beyond the current period (issue 12, walk of 07/12/2026): after the year
ends a member of staff still reaches her 2025 goals by links — the years she has goals in
(`?year=`), and apart the goals whose period ended and that wait to be closed (they still take
a last check-in) — sees a closed one as closed with its final result, and her head opens them
too. Nobody else's goals are listed; a year that is no year is the Vietnamese 400 page."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.core.actors import SYSTEM
from thidua.goals.choices import GoalStatus
from thidua.goals.models import CheckIn
from thidua.goals.services import checkin_create, goal_close, goal_create

TODAY = date(2026, 12, 7)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def this_year(cascade):
    """Hoa's goal of 2026, running today (her 2025 goal, `personal`, ended on 31/12/2025)."""
    return goal_create(
        actor=SYSTEM,
        title="Hồ sơ năm 2026",
        owner_person=cascade["staff_a"],
        status=GoalStatus.ACTIVE,
        period_kind="year",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        key_results=[{"title": "Hồ sơ 2026", "baseline": 0, "target": 500}],
    )


def _page(client, person, **params) -> str:
    client.force_login(person.user)
    response = client.get(reverse("goals:mine"), params)
    assert response.status_code == 200
    return response.content.decode()


def _link_to(body: str, goal) -> str:
    """The goal's link as the page shows it (its card carries the goal's id)."""
    card = re.search(rf'id="goal-{goal.pk}".*?href="([^"]+)"', body, re.S)
    assert card, f"no card for {goal.title}"
    return card.group(1)


def test_the_current_page_offers_last_years_goal_waiting_to_be_closed(cascade, this_year, client):
    body = _page(client, cascade["staff_a"])
    assert this_year.title in body
    ended = body[body.index('id="ended"') :]
    assert "Số hoá hồ sơ" in ended  # 2025, accepted, not closed
    assert this_year.title not in ended
    for year in (2026, 2025):
        assert f'href="{reverse("goals:mine")}?year={year}"' in body
    assert "?year=2024" not in body  # only the years she has goals in

    # she opens it by the link shown and adds a last check-in, dated in its period
    link = _link_to(ended, cascade["personal"])
    assert link == reverse("goals:detail", args=[cascade["personal"].pk])
    assert client.get(link).status_code == 200
    kr = cascade["personal"].key_results.get(title="Hồ sơ số hoá")
    response = client.post(
        reverse("goals:checkin", args=[kr.pk]),
        {"value": "900", "confidence": "on_track", "checked_on": "31/12/2025"},
    )
    assert response.status_code == 302
    assert CheckIn.objects.get(key_result=kr).value == 900


def test_staff_sees_last_years_goal_by_year_and_her_head_opens_it(cascade, this_year, client):
    body = _page(client, cascade["staff_a"], year="2025")
    assert "Số hoá hồ sơ" in body
    assert this_year.title not in body
    assert '<strong aria-current="page">2025</strong>' in body
    link = _link_to(body, cascade["personal"])
    detail = client.get(link)
    assert detail.status_code == 200
    assert "Số hoá hồ sơ" in detail.content.decode()

    client.force_login(cascade["head_a"].user)
    assert client.get(link).status_code == 200


def test_another_units_staff_does_not_see_it(cascade, this_year, client):
    for params in ({}, {"year": "2025"}):
        body = _page(client, cascade["staff_b"], **params)
        assert "Số hoá hồ sơ" not in body
        assert this_year.title not in body
        assert 'id="ended"' not in body
        assert f'href="{reverse("goals:mine")}?year=2025"' not in body  # none of hers that year


@pytest.mark.parametrize("value", ["abc", "2025.0", "0", "-1", "99999999999999999999", "x" * 300])
def test_a_year_that_is_no_year_is_the_vietnamese_400_page(cascade, client, value):
    client.force_login(cascade["staff_a"].user)
    response = client.get(reverse("goals:mine"), {"year": value})
    assert response.status_code == 400
    assert "“year”" in response.content.decode()


def test_a_year_without_goals_shows_none(cascade, client):
    body = _page(client, cascade["staff_a"], year="2030")
    assert "Số hoá hồ sơ" not in body
    assert 'id="goal-' not in body


def test_a_closed_goal_shows_as_closed_with_its_final_result(cascade, this_year, client):
    goal = cascade["personal"]
    head = cascade["head_a"].user
    checkin_create(
        actor=head,
        key_result=goal.key_results.get(title="Hồ sơ số hoá"),
        value=500,
        confidence="on_track",
        checked_on=date(2025, 12, 20),
    )
    goal_close(actor=head, goal=goal)

    body = _page(client, cascade["staff_a"], year="2025")
    card = body[body.index(f'id="goal-{goal.pk}"') :]
    card = card[: card.index("</section>")]
    assert "Đã đóng" in card  # Closed
    assert "final-result" in card
    assert "25%" in card  # (0.5 + 0) / 2, kept as it stood
    assert "ended-note" not in card  # nothing more waits for a check-in
    assert 'id="ended"' not in _page(client, cascade["staff_a"])


def _quarter_goal(person, n: int):
    return goal_create(
        actor=SYSTEM,
        title=f"Việc quý {n}",
        owner_person=person,
        status=GoalStatus.ACTIVE,
        period_kind="quarter",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 3, 31),
        key_results=[{"title": f"Số {n}", "baseline": 0, "target": 10}],
    )


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("goals:mine"), params).status_code == 200
    return len(queries)


def test_the_page_reads_a_fixed_number_of_queries(cascade, this_year, client):
    _quarter_goal(cascade["staff_a"], 0)
    client.force_login(cascade["staff_a"].user)
    pages = ({}, {"year": "2025"}, {"year": "2024"})
    before = [_queries(client, params) for params in pages]
    for n in range(1, 6):  # five more ended goals, of 2024, waiting to be closed
        _quarter_goal(cascade["staff_a"], n)
    assert [_queries(client, params) for params in pages] == before
    assert max(before) <= 30
