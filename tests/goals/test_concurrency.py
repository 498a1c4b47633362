"""Two people check in on one key result at the same moment: both are kept, none is lost,
and the key result ends on the latest value."""

import threading
from datetime import date

import pytest
from django.db import connections

from thidua.core.actors import SYSTEM
from thidua.goals.choices import GoalStatus
from thidua.goals.models import Goal, KeyResult
from thidua.goals.services import checkin_create, goal_create

TODAY = date(2025, 7, 1)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.mark.django_db(transaction=True)
def test_concurrent_check_ins_on_one_key_result_are_all_recorded(org):
    goal = goal_create(
        actor=SYSTEM,
        title="Mục tiêu chung của Cục A",
        owner_unit=org["dept_a"],
        status=GoalStatus.ACTIVE,
        period_kind="year",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        key_results=[{"title": "Hồ sơ", "target": 100}],
    )
    kr = goal.key_results.get()
    barrier = threading.Barrier(4)
    errors = []

    def check_in(value: int, day: int):
        try:
            barrier.wait(timeout=10)
            checkin_create(
                actor=SYSTEM,
                key_result=kr,
                value=value,
                confidence="on_track",
                checked_on=date(2025, 6, day),
            )
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=check_in, args=(10 * (i + 1), 10 + i)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    kr = KeyResult.objects.get(pk=kr.pk)
    assert kr.checkins.count() == 4
    assert (kr.current, kr.last_checkin_on) == (40, date(2025, 6, 13))
    assert Goal.objects.get(pk=goal.pk).progress == kr.progress
