""" "Cập nhật tiến độ cần xác nhận" is paged (issue 15): VERIFY_PAGE_SIZE goals a page, the
longest waiting first, ties by goal; the API's verification queue is paged by cursor in the
same order. A head still sees only the check-ins they may verify, on every page."""

import base64
import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.core.actors import SYSTEM
from thidua.goals.choices import GoalStatus
from thidua.goals.models import CheckIn
from thidua.goals.services import checkin_create, goal_create
from thidua.goals.views.goals import VERIFY_PAGE_SIZE

from ..factories import unit_head

pytestmark = pytest.mark.django_db

WAITING = VERIFY_PAGE_SIZE + 3


def _goal_with_check_in(person, n: int, waited_days: int):
    goal = goal_create(
        actor=SYSTEM,
        title=f"Mục tiêu chờ số {n:02d}",
        owner_person=person,
        status=GoalStatus.ACTIVE,
        period_kind="year",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        key_results=[
            {"title": "Hồ sơ", "baseline": 0, "target": 100, "due_date": date(2025, 12, 31)}
        ],
    )
    checkin = checkin_create(
        actor=person.user,
        key_result=goal.key_results.get(),
        value=10,
        confidence="on_track",
        checked_on=date(2025, 6, 1),
    )
    CheckIn.objects.filter(pk=checkin.pk).update(
        created_at=timezone.now() - timedelta(days=waited_days)
    )
    return goal


@pytest.fixture
def waiting(org):
    """WAITING goals of Hoa waiting for Huy (Cục A's head): goal n waited WAITING - n days,
    except the last three, which waited the same time (the order then rests on the goal);
    and one goal of Châu waiting for Cục B's own head."""
    goals = [
        _goal_with_check_in(org["staff_a"], n, max(WAITING - n, 3)) for n in range(1, WAITING + 1)
    ]
    head_b = unit_head(org["dept_b"], username="binh", full_name="Vũ Thanh Bình")
    other = _goal_with_check_in(org["staff_b"], 99, 1)
    return {"goals": goals, "head_b": head_b, "other": other}


def _titles(html: str) -> list[str]:
    return [part.split("<", 1)[0] for part in html.split(">Mục tiêu chờ số ")[1:]]


def test_the_queue_has_two_pages_the_longest_waiting_first(client, org, waiting):
    client.force_login(org["head_a"].user)
    url = reverse("goals:verify_list")
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()

    assert _titles(first) == [f"{n:02d}" for n in range(1, VERIFY_PAGE_SIZE + 1)]
    assert _titles(second) == [f"{n:02d}" for n in range(VERIFY_PAGE_SIZE + 1, WAITING + 1)]
    assert _titles(client.get(url, {"page": 2}).content.decode()) == _titles(second)
    assert 'href="?page=2" rel="next"' in first and "1 / 2" in first
    assert 'href="?page=1" rel="prev"' in second
    assert "99" not in _titles(first + second)  # Châu's goal is Cục B's head's


def test_another_head_sees_only_the_check_ins_they_verify(client, org, waiting):
    client.force_login(waiting["head_b"].user)
    html = client.get(reverse("goals:verify_list")).content.decode()
    assert _titles(html) == ["99"]
    assert 'rel="next"' not in html


@pytest.mark.parametrize("page", ["abc", "²", "99999999999999999999", "-1", "0", "1.5"])
def test_a_hostile_page_number_gives_a_page_never_an_error(client, org, waiting, page):
    client.force_login(org["head_a"].user)
    response = client.get(reverse("goals:verify_list"), {"page": page})
    assert response.status_code == 200
    assert _titles(response.content.decode())[0] in ("01", f"{VERIFY_PAGE_SIZE + 1:02d}")


def test_the_api_pages_the_queue_by_cursor_in_the_same_order(client, org, waiting):
    client.force_login(org["head_a"].user)
    api = "/api/v1/goals/verification-queue"
    first = client.get(api, {"limit": VERIFY_PAGE_SIZE}).json()
    second = client.get(api, {"limit": VERIFY_PAGE_SIZE, "cursor": first["next_cursor"]}).json()
    assert second["next_cursor"] is None
    ids = [w["goal_id"] for w in first["items"] + second["items"]]
    assert ids == [goal.pk for goal in waiting["goals"]]
    for forged in (
        ["2025-06-01T00:00:00", 1],
        ["hôm qua", 1],
        [1, 1],
        ["2025-06-01T00:00:00+00:00", "1"],
    ):
        cursor = base64.urlsafe_b64encode(json.dumps(forged).encode()).decode().rstrip("=")
        assert client.get(api, {"cursor": cursor}).status_code == 422, forged
    client.force_login(waiting["head_b"].user)
    assert [w["goal_id"] for w in client.get(api).json()["items"]] == [waiting["other"].pk]
