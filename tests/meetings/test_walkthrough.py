"""The December giao ban walked through on 06/12/2026 (issue 13, point 1, B1, B2, B4): the
chair is asked to record the conclusions once the date has passed and to prepare the next
month's meeting; the agenda's overdue tasks are those due before the meeting; a staff member
assigned a conclusion reads the conclusions and his own assignment, not everyone's lists."""

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import PersonFactory, UserFactory
from thidua.core.actors import SYSTEM
from thidua.core.nextsteps import work_for
from thidua.goals.services import task_create
from thidua.meetings import selectors, services

pytestmark = pytest.mark.django_db

HELD = date(2026, 12, 5)


@pytest.fixture
def today(monkeypatch):
    """The day the test runs on; 06/12/2026 unless a test sets another."""
    day = {"value": date(2026, 12, 6)}
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day["value"])
    return day


@pytest.fixture
def december(org, today):
    huy = org["head_a"]
    return services.meeting_create(
        actor=huy.user, unit=org["dept_a"], year=2026, month=12, held_on=HELD, chair=huy
    )


def _keys(user, prefix: str) -> list:
    return [s for s in work_for(user) if s.key.startswith(prefix)]


# ---------------------------------------------------------------- B1: the chair is asked
def test_the_chair_is_asked_to_record_the_conclusions_once_the_date_has_passed(
    org, december, today, client
):
    huy = org["head_a"]
    today["value"] = date(2026, 12, 5)  # the meeting's own day: not yet
    assert _keys(huy.user, "meetings.conclude") == []
    today["value"] = date(2026, 12, 6)
    [item] = _keys(huy.user, "meetings.conclude")
    assert item.title == "Ghi kết luận Giao ban 12/2026 (đã họp ngày 05/12/2026)"
    client.force_login(huy.user)
    page = client.get(item.url)
    assert page.status_code == 200 and page.context["form"] is not None  # he records there
    assert _keys(org["staff_a"].user, "meetings.conclude") == []


def test_once_closed_the_chair_is_asked_to_prepare_next_months_giao_ban(
    org, december, today, client
):
    huy = org["head_a"]
    assert _keys(huy.user, "meetings.prepare") == []  # December is planned
    services.conclusion_add(actor=huy.user, meeting=december, text="Kết luận tháng 12")
    services.meeting_close(actor=huy.user, meeting=december, send=False)
    assert _keys(huy.user, "meetings.conclude") == []
    [item] = _keys(huy.user, "meetings.prepare")
    assert item.title == "Chuẩn bị giao ban tháng 01/2027"
    client.force_login(huy.user)
    page = client.get(item.url)
    form = page.context["form"]
    assert page.status_code == 200 and form is not None
    assert (form["scope"].value(), form["year"].value(), form["month"].value()) == (
        f"u{org['dept_a'].pk}",
        "2027",
        "1",
    )
    assert _keys(org["staff_a"].user, "meetings.prepare") == []


def test_a_month_begun_without_its_giao_ban_asks_for_it_in_its_first_days(org, today):
    huy = org["head_a"]
    today["value"] = date(2026, 11, 3)
    services.meeting_create(
        actor=huy.user, unit=org["dept_a"], year=2026, month=11, held_on=date(2026, 11, 20),
        chair=huy,
    )  # fmt: skip
    today["value"] = date(2026, 12, 4)  # November's still planned, December has none
    assert [s.title for s in _keys(huy.user, "meetings.prepare")] == [
        "Chuẩn bị giao ban tháng 12/2026"
    ]
    today["value"] = date(2026, 12, 20)  # past the first days: the list page is enough
    assert _keys(huy.user, "meetings.prepare") == []


# ---------------------------------------------------------------- B2: overdue is overdue
def test_overdue_tasks_are_those_due_before_the_meeting_not_later_in_its_month(
    org, december, today
):
    hoa = org["staff_a"]
    for title, due in [
        ("Quá hạn tháng 11", date(2026, 11, 28)),
        ("Quá hạn 04/12", date(2026, 12, 4)),
        ("Đến hạn đúng ngày họp", HELD),
        ("Đến hạn 09/12", date(2026, 12, 9)),
        ("Đến hạn 24/12", date(2026, 12, 24)),
        ("Tháng sau", date(2027, 1, 10)),
    ]:
        task_create(actor=SYSTEM, title=title, owner=hoa, due_date=due)
    agenda = selectors.meeting_agenda(viewer=org["head_a"].user, meeting=december)
    assert agenda.overdue_on == HELD
    assert agenda.overdue_tasks_total == 2
    assert [t.title for t in agenda.overdue_tasks] == ["Quá hạn tháng 11", "Quá hạn 04/12"]
    assert agenda.due_later_total == 3
    assert [t.title for t in agenda.due_later] == [
        "Đến hạn đúng ngày họp",
        "Đến hạn 09/12",
        "Đến hạn 24/12",
    ]


def test_a_meeting_not_yet_held_counts_what_is_overdue_today(org, today):
    huy, hoa = org["head_a"], org["staff_a"]
    today["value"] = date(2026, 12, 2)
    meeting = services.meeting_create(
        actor=huy.user, unit=org["dept_a"], year=2026, month=12, held_on=HELD, chair=huy
    )
    task_create(actor=SYSTEM, title="Hạn 01/12", owner=hoa, due_date=date(2026, 12, 1))
    task_create(actor=SYSTEM, title="Hạn 03/12", owner=hoa, due_date=date(2026, 12, 3))
    agenda = selectors.meeting_agenda(viewer=huy.user, meeting=meeting)
    assert agenda.overdue_on == date(2026, 12, 2)
    assert [t.title for t in agenda.overdue_tasks] == ["Hạn 01/12"]
    assert [t.title for t in agenda.due_later] == ["Hạn 03/12"]


def test_the_page_labels_the_overdue_and_the_later_tasks_apart(org, december, client):
    hoa = org["staff_a"]
    task_create(actor=SYSTEM, title="Việc trễ", owner=hoa, due_date=date(2026, 12, 1))
    task_create(actor=SYSTEM, title="Việc sắp tới", owner=hoa, due_date=date(2026, 12, 16))
    client.force_login(org["head_a"].user)
    text = client.get(reverse("meetings:detail", args=[december.pk])).text
    assert "1 công việc quá hạn" in text and "(hạn trước ngày 05/12/2026)" in text
    # the later ones counted from the cutoff to the month's end, the dates said (not "later
    # in the month", which a meeting prepared the month before would make untrue)
    assert "1 công việc đến hạn từ 05/12/2026 đến 31/12/2026" in text
    assert text.index("Việc trễ") < text.index("đến hạn từ") < text.index("Việc sắp tới")


# ---------------------------------------------------------------- B4: who reads what
def _assignments(org, meeting):
    huy = org["head_a"]
    mine = services.conclusion_add(
        actor=huy.user, meeting=meeting, text="Việc của Hoa", assignee=org["staff_a"],
        deadline=date(2026, 12, 20),
    )  # fmt: skip
    services.conclusion_add(
        actor=huy.user, meeting=meeting, text="Việc của Nam", assignee=org["colleague_a"],
        deadline=date(2026, 12, 21),
    )  # fmt: skip
    services.conclusion_add(actor=huy.user, meeting=meeting, text="Kết luận chung của Cục")
    task_create(
        actor=SYSTEM, title="Nhiệm vụ quá hạn của Nam", owner=org["colleague_a"],
        due_date=date(2026, 11, 30),
    )  # fmt: skip
    services.meeting_close(actor=huy.user, meeting=meeting, send=False)
    return mine


def test_a_staff_assignee_sees_his_assignment_not_other_peoples_lists(org, december, client):
    mine = _assignments(org, december)
    hoa = org["staff_a"]  # Phòng A1, below the Cục: not taking part
    [item] = [s for s in work_for(hoa.user) if s.key == f"meetings.assignment:{mine.pk}"]
    client.force_login(hoa.user)
    page = client.get(item.url)
    assert page.status_code == 200
    assert "Việc của Hoa" in page.text and "Kết luận chung của Cục" in page.text
    assert "Việc của Nam" not in page.text
    assert "Nhiệm vụ quá hạn của Nam" not in page.text and page.context["agenda"] is None
    with pytest.raises(Exception) as refused:
        selectors.meeting_agenda(viewer=hoa.user, meeting=december)
    assert refused.type.__name__ == "PermissionDenied"
    texts = [c.text for c in selectors.conclusions_visible(viewer=hoa.user, meeting=december)]
    assert texts == ["Việc của Hoa", "Kết luận chung của Cục"]


@pytest.mark.parametrize("who", ["head_a", "leader", "dept_staff"])
def test_those_taking_part_and_leaders_over_the_scope_see_the_whole_page(
    org, december, client, who
):
    from datetime import date as date_

    from thidua.org.choices import Role
    from thidua.org.services import role_grant

    _assignments(org, december)
    if who == "leader":
        person = PersonFactory(unit=org["root"], user=UserFactory(username="thutruong"))
        role_grant(
            actor=SYSTEM, user=person.user, role=Role.LEADERSHIP, valid_from=date_(2020, 1, 1)
        )
    elif who == "dept_staff":  # works in the Cục itself: sits in its giao ban
        person = PersonFactory(unit=org["dept_a"], user=UserFactory(username="chuyenvien"))
    else:
        person = org[who]
    client.force_login(person.user)
    page = client.get(reverse("meetings:detail", args=[december.pk]))
    assert page.status_code == 200
    assert "Việc của Nam" in page.text and "Nhiệm vụ quá hạn của Nam" in page.text


def test_the_assignee_marks_his_assignment_done_on_the_meeting_page(org, december, client):
    """Due 20/12, the assignment is not yet among the tasks due on /goals/: the meeting page his
    work list leads to lets him report it done and brings him back there; the chair reads the
    status but gets no button for another's task (walk-through of 06/12/2026, F4)."""
    mine = _assignments(org, december)
    hoa = org["staff_a"]
    url = reverse("meetings:detail", args=[december.pk])
    done = reverse("goals:task_status", args=[mine.task_id])
    client.force_login(org["head_a"].user)
    assert done not in client.get(url).text
    client.force_login(hoa.user)
    assert done in client.get(url).text
    response = client.post(done, {"status": "done", "next": url}, follow=True)
    assert response.redirect_chain[-1][0] == url
    said = [str(m) for m in response.context["messages"]]
    assert said == ["Đã ghi nhận hoàn thành: Giao ban 12/2026: Việc của Hoa"]
    mine.task.refresh_from_db()
    assert mine.task.status == "done"
    assert done not in response.text
    assert not [s for s in work_for(hoa.user) if s.key == f"meetings.assignment:{mine.pk}"]
    # a next address off the site is not followed
    away = client.post(done, {"status": "doing", "next": "https://example.org/"})
    assert away["Location"] == reverse("goals:mine")
