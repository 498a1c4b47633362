"""The goal page's hint on the weights of goals under the same parent speaks only when weights
were set as shares of 100 (walk-through of 06/12/2026: thutruong, on Đỗ Gia Lâm's plan, read
"Tổng trọng số các mục tiêu cùng cấp trên là 5, chưa bằng 100" — five goals each at the new
goal form's default weight 1, i.e. weighed equally). Key results already follow that rule."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from thidua.core.actors import SYSTEM
from thidua.goals.choices import GoalStatus
from thidua.goals.models import Goal
from thidua.goals.services import goal_create

pytestmark = pytest.mark.django_db

HINT = "chưa bằng 100"


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2025, 7, 1))


def _sibling(cascade, org, title):
    return goal_create(
        actor=SYSTEM, title=title, owner_person=org["staff_a"], parent=cascade["dept"],
        status=GoalStatus.ACTIVE, period_kind="year", period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        key_results=[{"title": "Việc", "baseline": 0, "target": 10, "due_date": date(2025, 12, 31)}],
    )  # fmt: skip


def _page(client, org, goal):
    client.force_login(org["head_a"].user)
    return client.get(reverse("goals:detail", args=[goal.pk])).content.decode()


def test_equal_default_weights_raise_no_hint(cascade, org, client):
    _sibling(cascade, org, "Mục tiêu hai")
    _sibling(cascade, org, "Mục tiêu ba")
    assert set(cascade["dept"].children.values_list("weight", flat=True)) == {Decimal(1)}
    assert HINT not in _page(client, org, cascade["personal"])


def test_shares_of_100_that_do_not_add_up_raise_the_hint(cascade, org, client):
    other = _sibling(cascade, org, "Mục tiêu hai")
    Goal.objects.filter(pk=cascade["personal"].pk).update(weight=60)
    Goal.objects.filter(pk=other.pk).update(weight=30)
    assert "Tổng trọng số các mục tiêu cùng cấp trên là 90, chưa bằng 100" in _page(
        client, org, cascade["personal"]
    )
