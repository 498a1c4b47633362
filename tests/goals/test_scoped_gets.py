"""The selectors the goals pages and API read a named row through (issue 16, point 2; issue
10): no such row is DoesNotExist (a 404), a row of a goal the viewer may not see is refused
(a 403, as goal_get), whoever else asks."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from thidua.core.actors import SYSTEM
from thidua.goals import selectors, services
from thidua.goals.choices import GoalStatus
from thidua.goals.models import KeyResult, Task


@pytest.fixture
def draft(org):
    """Hoa's own draft goal: not published, so not every member of staff sees it."""
    return services.goal_create(
        actor=SYSTEM,
        title="Bản nháp của Hoa",
        owner_person=org["staff_a"],
        status=GoalStatus.DRAFT,
        period_kind="year",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        key_results=[{"title": "Số hồ sơ", "baseline": 0, "target": 10}],
    )


def test_a_key_result_of_a_draft_is_read_by_its_owner_and_head_and_refused_to_others(org, draft):
    key_result = draft.key_results.get()
    for user in (org["staff_a"].user, org["head_a"].user):
        assert selectors.key_result_get(viewer=user, pk=key_result.pk) == key_result
    with pytest.raises(PermissionDenied):
        selectors.key_result_get(viewer=org["staff_b"].user, pk=key_result.pk)
    with pytest.raises(KeyResult.DoesNotExist):
        selectors.key_result_get(viewer=org["staff_a"].user, pk=key_result.pk + 1000)


def test_a_task_is_read_by_its_owner_and_their_head_only(org):
    task = services.task_create(actor=SYSTEM, title="Gửi báo cáo", owner=org["staff_a"])
    for user in (org["staff_a"].user, org["head_a"].user):
        assert selectors.task_get(viewer=user, pk=task.pk) == task
    with pytest.raises(PermissionDenied):
        selectors.task_get(viewer=org["staff_b"].user, pk=task.pk)
    with pytest.raises(Task.DoesNotExist):
        selectors.task_get(viewer=org["staff_a"].user, pk=task.pk + 1000)
