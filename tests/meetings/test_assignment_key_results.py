"""A giao ban assignment may move a key result (issue 13, point 1): the chair chooses one key
result of the goal it serves, listed once the goal is chosen (a key result alone names its
goal in the service and the API); the task is made on it, so
the work shows under the goal and in the assignee's work with the goal and key result it
serves — the goal linked only for a viewer who may open it. Bad input: a key result of
another goal, one outside the meeting's units, a deadline outside the goal's period."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from thidua.core.actors import SYSTEM
from thidua.core.nextsteps import work_for
from thidua.goals.choices import GoalStatus
from thidua.goals.models import Goal, Task
from thidua.goals.services import goal_create
from thidua.meetings import services
from thidua.meetings.documents import notice_text
from thidua.meetings.models import Conclusion

pytestmark = pytest.mark.django_db

YEAR_2026 = {
    "period_kind": "year",
    "period_start": date(2026, 1, 1),
    "period_end": date(2026, 12, 31),
    "status": GoalStatus.ACTIVE,
}
OUTSIDE = (
    "This key result belongs to a goal outside the meeting's units; "
    "choose a key result of a goal of the units the meeting covers."
)
OTHER_GOAL = "The key result must be one of the chosen goal's key results."


def _goal(unit, title, *krs):
    return goal_create(
        actor=SYSTEM,
        title=title,
        owner_unit=unit,
        key_results=[{"title": kr, "baseline": 0, "target": 10} for kr in krs],
        **YEAR_2026,
    )


@pytest.fixture
def goals(org):
    return {
        "a": _goal(org["dept_a"], "An toàn hệ thống Cục A", "Hệ thống đã rà soát", "Sự cố xử lý"),
        "a1": _goal(org["sec_a"], "Chuyển đổi số Phòng A1", "Hồ sơ số hoá"),
        "b": _goal(org["dept_b"], "Báo chí Cục B", "Tin bài"),
    }


def kr(goal, n=0):
    return goal.key_results.order_by("id")[n]


@pytest.fixture
def meeting(org):
    huy = org["head_a"]
    return services.meeting_create(
        actor=huy.user, unit=org["dept_a"], year=2026, month=11,
        held_on=date(2026, 12, 3), chair=huy,
    )  # fmt: skip


def _assign(org, meeting, **kw):
    kw.setdefault("deadline", date(2026, 12, 20))
    return services.conclusion_add(
        actor=org["head_a"].user, meeting=meeting, text="Hoàn thành rà soát hệ thống",
        assignee=org["staff_a"], **kw,
    )  # fmt: skip


def test_the_task_is_on_the_key_result_chosen(org, meeting, goals):
    chosen = kr(goals["a"], 1)
    c = _assign(org, meeting, goal=goals["a"], key_result=chosen)
    assert c.goal == goals["a"] and c.task.key_result == chosen
    assert list(chosen.tasks.all()) == [c.task]  # the work is under the goal's key result


def test_a_key_result_alone_names_its_goal(org, meeting, goals):
    c = _assign(org, meeting, key_result=kr(goals["a1"]))
    assert c.goal == goals["a1"] and c.task.key_result == kr(goals["a1"])


def _refused(org, meeting, **kw) -> dict:
    before = (Conclusion.objects.count(), Task.objects.count())
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        _assign(org, meeting, **kw)
    assert (Conclusion.objects.count(), Task.objects.count()) == before  # nothing written
    return refused.value.message_dict


def test_a_key_result_of_another_goal_is_refused(org, meeting, goals):
    errors = _refused(org, meeting, goal=goals["a"], key_result=kr(goals["a1"]))
    with translation.override("vi"):
        assert errors == {"key_result": [translation.gettext(OTHER_GOAL)]}


def test_a_key_result_outside_the_meetings_units_is_refused_in_vietnamese(org, meeting, goals):
    for kw in ({"key_result": kr(goals["b"])}, {"goal": goals["b"], "key_result": kr(goals["b"])}):
        errors = _refused(org, meeting, **kw)
        with translation.override("vi"):
            assert errors == {"key_result": [translation.gettext(OUTSIDE)]}
    # the message reads in Vietnamese (the compiled catalogue)
    with translation.override("vi"):
        assert "ngoài các đơn vị của cuộc họp" in translation.gettext(OUTSIDE)


def test_a_deadline_outside_the_goals_period_or_no_assignee_is_refused(org, meeting, goals):
    errors = _refused(org, meeting, key_result=kr(goals["a"]), deadline=date(2027, 1, 15))
    assert list(errors) == ["deadline"]
    before = Conclusion.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.conclusion_add(
            actor=org["head_a"].user, meeting=meeting, text="Kết luận", key_result=kr(goals["a"])
        )
    assert list(refused.value.message_dict) == ["assignee"]
    assert Conclusion.objects.count() == before


def _key_result_select(page: str) -> str:
    return page.split('name="key_result"')[1].split("</select>")[0]


def test_the_chair_chooses_the_key_result_on_the_meeting_page(org, meeting, goals, client):
    client.force_login(org["head_a"].user)
    url = reverse("meetings:detail", args=[meeting.pk])
    form = client.get(url).content.decode()
    # no key result listed before a goal is chosen (not the whole ministry's with the page);
    # choosing one fetches its key results (htmx), none of a goal outside the meeting's units
    assert "<option" not in _key_result_select(form).replace('<option value="" selected>', "")
    options_url = reverse("meetings:key_results", args=[meeting.pk])
    assert f'hx-get="{options_url}"' in form
    offered = client.get(options_url, {"goal": goals["a"].pk}).content.decode()
    assert (
        f'value="{kr(goals["a"]).pk}"' in offered and f'value="{kr(goals["a"], 1).pk}"' in offered
    )
    assert f'value="{kr(goals["a1"]).pk}"' not in offered
    for goal in (goals["b"].pk, "abc", "²", "9" * 30, ""):
        answer = client.get(options_url, {"goal": goal})
        assert (
            answer.status_code == 200
            and '<option value="' not in answer.content.decode().replace('<option value="">', "")
        )
    # without scripts: "List its key results" shows the page again with the goal's
    again = client.post(url, {"action": "search", "text": "Rà soát", "goal": goals["a1"].pk})
    listed = _key_result_select(again.content.decode())
    assert (
        f'value="{kr(goals["a1"]).pk}"' in listed and f'value="{kr(goals["a"]).pk}"' not in listed
    )
    assert not Conclusion.objects.filter(text="Rà soát").exists()
    chosen = kr(goals["a"], 1)
    body = {
        "text": "Rà soát hệ thống",
        "assignee": org["staff_a"].pk,
        "deadline": "20/12/2026",
        "goal": goals["a"].pk,
        "key_result": chosen.pk,
    }
    assert client.post(url, body).status_code == 302
    assert Conclusion.objects.get(text="Rà soát hệ thống").task.key_result == chosen
    # another goal's key result: the form says why, nothing written
    page = client.post(url, {**body, "text": "Việc khác", "key_result": kr(goals["a1"]).pk})
    assert page.status_code == 200 and not Conclusion.objects.filter(text="Việc khác").exists()
    with translation.override("vi"):  # the page speaks Vietnamese
        assert escape(translation.gettext(OTHER_GOAL)) in page.content.decode()


def test_the_page_the_notice_and_the_work_list_show_what_it_serves(org, meeting, goals):
    chosen = kr(goals["a"], 1)
    c = _assign(org, meeting, goal=goals["a"], key_result=chosen)
    services.meeting_close(actor=org["head_a"].user, meeting=meeting, send=False)
    goal_url = reverse("goals:detail", args=[goals["a"].pk])
    for person in (org["head_a"], org["staff_a"]):
        client = Client()
        client.force_login(person.user)
        page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
        assert goal_url in page and chosen.title in page
    mine = Client()
    mine.force_login(org["staff_a"].user)
    work = mine.get(reverse("goals:mine")).content.decode()
    task_line = work.split(f'id="task-{c.task.pk}"')[1].split("</li>")[0]
    assert goals["a"].title in task_line and chosen.title in task_line and goal_url in task_line
    # on the goal's page, under its key result, for the assignee and the head
    for client in (mine,):
        goal_page = client.get(goal_url).content.decode()
        assert c.task.title in goal_page.split(f'id="kr-{chosen.pk}-work"')[1]
    steps = [
        s for s in work_for(org["staff_a"].user) if c.task.title in s.title or "Giao ban" in s.title
    ]
    assert any(goals["a"].title in s.detail and chosen.title in s.detail for s in steps)
    _subject, body = notice_text(meeting=meeting, conclusions=[Conclusion.objects.get(pk=c.pk)])
    assert f"Phục vụ mục tiêu: {goals['a'].title}; kết quả then chốt: {chosen.title}." in body


def test_a_goal_the_viewer_cannot_open_is_named_without_a_link(org, meeting, goals):
    chosen = kr(goals["a"])
    c = _assign(org, meeting, goal=goals["a"], key_result=chosen)
    Goal.objects.filter(pk=goals["a"].pk).update(status=GoalStatus.CANCELLED)
    goal_url = reverse("goals:detail", args=[goals["a"].pk])
    hoa, huy = Client(), Client()
    hoa.force_login(org["staff_a"].user)
    huy.force_login(org["head_a"].user)
    assert hoa.get(goal_url).status_code == 403  # the assignee may no longer open it
    meeting_url = reverse("meetings:detail", args=[meeting.pk])
    page = hoa.get(meeting_url).content.decode()
    assert goals["a"].title in page and goal_url not in page
    work = hoa.get(reverse("goals:mine")).content.decode()
    task_line = work.split(f'id="task-{c.task.pk}"')[1].split("</li>")[0]
    assert goals["a"].title in task_line and goal_url not in task_line
    # the head over the goal's unit still opens it, and the page links it for him
    assert huy.get(goal_url).status_code == 200
    assert goal_url in huy.get(meeting_url).content.decode()


URL = "/api/v1/meetings/briefings"


def test_the_api_takes_and_gives_the_key_result(org, meeting, goals):
    client = Client()
    client.force_login(org["head_a"].user)
    url = f"{URL}/{meeting.pk}/conclusions"
    chosen = kr(goals["a"], 1)
    body = {
        "text": "Rà soát hệ thống",
        "assignee_id": org["staff_a"].pk,
        "deadline": "2026-12-20",
        "key_result_id": chosen.pk,
    }
    answer = client.post(url, body, content_type="application/json")
    assert answer.status_code == 201, answer.content
    item = answer.json()["conclusions"][-1]
    assert (item["goal_id"], item["key_result_id"]) == (goals["a"].pk, chosen.pk)
    for bad in (
        {"goal_id": goals["a"].pk, "key_result_id": kr(goals["a1"]).pk},
        {"key_result_id": kr(goals["b"]).pk},
        {"key_result_id": 987654},
    ):
        refused = client.post(
            url, {**body, "text": "Việc khác", **bad}, content_type="application/json"
        )
        assert refused.status_code == 422, refused.content
        assert "key_result" in refused.content.decode()
    assert not Conclusion.objects.filter(text="Việc khác").exists()


def test_the_next_meeting_carries_the_assignment_with_what_it_serves(org, meeting, goals):
    """December's giao ban opens with November's assignments: each with the goal and key
    result it serves, the goal linked for the chair who may open it."""
    chosen = kr(goals["a"], 1)
    _assign(org, meeting, goal=goals["a"], key_result=chosen)
    services.meeting_close(actor=org["head_a"].user, meeting=meeting, send=False)
    december = services.meeting_create(
        actor=org["head_a"].user, unit=org["dept_a"], year=2026, month=12,
        held_on=date(2026, 12, 30), chair=org["head_a"],
    )  # fmt: skip
    client = Client()
    client.force_login(org["head_a"].user)
    page = client.get(reverse("meetings:detail", args=[december.pk])).content.decode()
    carried = page.split('id="carried-list"')[1].split("</details>")[0]
    assert "Hoàn thành rà soát hệ thống" in carried
    assert goals["a"].title in carried and chosen.title in carried
    assert reverse("goals:detail", args=[goals["a"].pk]) in carried
