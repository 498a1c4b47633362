"""A head looks through a member's goals year by year (issue 12, "links that work"): from the
member's goal the head follows "Mọi mục tiêu của …, theo từng năm" to the member's goals page
— the current period's and the ended ones waiting to be closed, and the same choice of years
the member has on "Mục tiêu của tôi" (`?year=`). A head of another unit and other staff are
refused; a year that is no year is the Vietnamese 400 page."""

import re
from datetime import date

import pytest
from django.urls import reverse

from thidua.core.actors import SYSTEM
from thidua.goals.choices import GoalStatus
from thidua.goals.services import goal_create

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


def _url(person) -> str:
    return reverse("goals:person", args=[person.pk])


def test_a_head_follows_the_link_to_a_members_goals_of_every_year(cascade, this_year, client):
    client.force_login(cascade["head_a"].user)
    detail = client.get(reverse("goals:detail", args=[this_year.pk])).content.decode()
    link = re.search(r'id="person-goals" href="([^"]+)"', detail).group(1)
    assert link == _url(cascade["staff_a"])

    response = client.get(link)
    assert response.status_code == 200
    body = response.content.decode()
    assert cascade["staff_a"].full_name in body
    assert this_year.title in body
    ended = body[body.index('id="ended"') :]
    assert "Số hoá hồ sơ" in ended  # 2025, accepted, waiting to be closed
    for year in (2026, 2025):
        assert f'href="{link}?year={year}"' in body
    assert "?year=2024" not in body  # only the years she has goals in

    last_year = client.get(link, {"year": "2025"}).content.decode()
    assert "Số hoá hồ sơ" in last_year
    assert this_year.title not in last_year
    assert '<strong aria-current="page">2025</strong>' in last_year
    assert f'href="{reverse("goals:detail", args=[cascade["personal"].pk])}"' in last_year


def test_a_head_of_another_unit_and_other_staff_are_refused(cascade, head_b, this_year, client):
    for user in (head_b.user, cascade["staff_b"].user):
        client.force_login(user)
        for params in ({}, {"year": "2025"}):
            assert client.get(_url(cascade["staff_a"]), params).status_code == 403
        detail = client.get(reverse("goals:detail", args=[this_year.pk])).content.decode()
        assert 'id="person-goals"' not in detail


def test_the_member_herself_is_sent_to_no_such_link(cascade, this_year, client):
    client.force_login(cascade["staff_a"].user)
    detail = client.get(reverse("goals:detail", args=[this_year.pk])).content.decode()
    assert 'id="person-goals"' not in detail  # hers are on "Mục tiêu của tôi"


def test_no_such_person_is_404(cascade, client):
    client.force_login(cascade["head_a"].user)
    assert client.get(reverse("goals:person", args=[999999])).status_code == 404


@pytest.mark.parametrize("value", ["abc", "2025.0", "0", "-1", "99999999999999999999", "x" * 300])
def test_a_year_that_is_no_year_is_the_vietnamese_400_page(cascade, client, value):
    client.force_login(cascade["head_a"].user)
    response = client.get(_url(cascade["staff_a"]), {"year": value})
    assert response.status_code == 400
    assert "“year”" in response.content.decode()
