"""Cycle time ("fast fish"): how long tasks, verification and proposals take, per month and
per unit, on the ministry dashboard; a unit's median task cycle time as a key result."""

import re
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from thidua.core.actors import SYSTEM
from thidua.core.models import AuditEvent
from thidua.goals import cycle_time
from thidua.goals.choices import Direction, GoalStatus, KeyResultSource, TaskStatus
from thidua.goals.cycle_kinds import TASK, VERIFICATION
from thidua.goals.models import CheckIn, CycleTimeStat, Task
from thidua.goals.services import goal_create, key_result_add

TODAY = date(2025, 7, 20)
YEAR = {"period_kind": "year", "period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _task(owner, *, created: date, done: date | None, key_result=None, title="Việc") -> Task:
    task = Task.objects.create(
        title=title,
        owner=owner,
        key_result=key_result,
        status=TaskStatus.DONE if done else TaskStatus.TODO,
        done_on=done,
    )
    Task.objects.filter(pk=task.pk).update(created_at=_at(created))
    return task


def _goal(owner_unit, *, status=GoalStatus.ACTIVE, title="Mục tiêu"):
    return goal_create(
        actor=SYSTEM,
        title=title,
        owner_unit=owner_unit,
        status=status,
        key_results=[{"title": "Chỉ số", "baseline": 0, "target": 10}],
        **YEAR,
    )


@pytest.fixture
def work(org):
    """Cục A: three tasks done in July (2, 4 and 10 days), one in June (6 days) and one with
    no goal (3 days); Cục B: two done in July (1 and 3 days) on a draft goal, one open."""
    kr_a = _goal(org["dept_a"]).key_results.get()
    kr_b = _goal(org["dept_b"], status=GoalStatus.DRAFT, title="Bản nháp B").key_results.get()
    a, b = org["staff_a"], org["staff_b"]
    tasks = {
        "a2": _task(a, created=date(2025, 7, 1), done=date(2025, 7, 3), key_result=kr_a),
        "a4": _task(a, created=date(2025, 7, 2), done=date(2025, 7, 6), key_result=kr_a),
        "a10": _task(
            a, created=date(2025, 7, 5), done=date(2025, 7, 15), key_result=kr_a, title="Chậm A"
        ),
        "june": _task(a, created=date(2025, 5, 30), done=date(2025, 6, 5), key_result=kr_a),
        "b1": _task(b, created=date(2025, 7, 9), done=date(2025, 7, 10), key_result=kr_b),
        "b3": _task(
            b, created=date(2025, 7, 10), done=date(2025, 7, 13), key_result=kr_b, title="Chậm B"
        ),
        "b_open": _task(b, created=date(2025, 6, 30), done=None, key_result=kr_b, title="Mở B"),
    }
    tasks["no_goal"] = _task(
        org["head_a"], created=date(2025, 7, 10), done=date(2025, 7, 13), title="Không mục tiêu"
    )
    return {"kr_a": kr_a, "kr_b": kr_b, **tasks}


def _kind(key):
    return next(k for k in cycle_time.kinds() if k.key == key)


def _panel(panel, key):
    return next(k for k in panel.kinds if k.key == key)


@pytest.mark.django_db
def test_medians_per_month_and_unit_on_known_tasks(org, work):
    kind = _kind(TASK)
    stats = cycle_time.closed_stats(kind, since=date(2025, 6, 1), until=date(2025, 8, 1))
    # July ministry-wide: 1, 2, 3 (no goal), 3, 4, 10 → median 3; p90 = 4 + 0.5 × 6 = 7
    july = stats[(date(2025, 7, 1), "")]
    assert (july.items, july.median, july.p90) == (6, 3.0, 7.0)
    assert stats[(date(2025, 6, 1), "")].median == 6.0
    by_unit = cycle_time.closed_stats(
        kind, since=date(2025, 7, 1), until=date(2025, 8, 1), prefix=cycle_time.TOP_PREFIX
    )
    cuc_a = by_unit[(date(2025, 7, 1), org["dept_a"].path)]
    cuc_b = by_unit[(date(2025, 7, 1), org["dept_b"].path)]
    assert (cuc_a.items, cuc_a.median) == (4, 3.5)  # 2, 3, 4, 10
    assert (cuc_b.items, cuc_b.median) == (2, 2.0)  # 1, 3
    assert cuc_b.p90 == pytest.approx(2.8)


@pytest.mark.django_db
def test_admin_sees_every_top_unit_and_the_slowest_items_from_the_nightly_summary(
    org, work, org_admin
):
    cycle_time.refresh_summary(today=TODAY)
    assert CycleTimeStat.objects.filter(kind=TASK, path="").exists()
    panel = cycle_time.cycle_panel(viewer=org_admin, today=TODAY)
    tasks = _panel(panel, TASK)
    assert tasks.current.median == Decimal("3.0") and tasks.current.items == 6
    assert [f.month for f in tasks.trend][-2:] == [date(2025, 6, 1), date(2025, 7, 1)]
    assert tasks.trend[-2].median == Decimal("6.0")
    assert {u.name: u.median for u in tasks.units} == {
        "Cục A": Decimal("3.5"),
        "Cục B": Decimal("2.0"),
    }
    # The slowest ended items: a task with no goal has no page, so it is left out.
    assert [i.title for i in tasks.slowest_closed] == ["Chậm A", "Việc", "Chậm B", "Việc", "Việc"]
    assert [int(i.days) for i in tasks.slowest_closed] == [10, 4, 3, 2, 1]
    assert [i.title for i in tasks.slowest_open] == ["Mở B"]
    assert tasks.slowest_open[0].days == Decimal("20.0")
    assert panel.computed_on == TODAY


@pytest.mark.django_db
@pytest.mark.parametrize("stored", [False, True], ids=["live", "stored"])
def test_a_head_sees_their_unit_only(org, work, stored):
    if stored:  # the head of a top-level unit reads its stored row
        cycle_time.refresh_summary(today=TODAY)
    panel = cycle_time.cycle_panel(viewer=org["head_a"].user, today=TODAY)
    tasks = _panel(panel, TASK)
    assert [(u.name, u.median) for u in tasks.units] == [("Cục A", Decimal("3.5"))]
    assert tasks.current.items == 4
    titles = [i.title for i in tasks.slowest_closed + tasks.slowest_open]
    assert "Chậm A" in titles and "Chậm B" not in titles and "Mở B" not in titles


@pytest.mark.django_db
def test_staff_see_the_ministry_figures_but_no_unit_and_no_item(org, work):
    cycle_time.refresh_summary(today=TODAY)
    panel = cycle_time.cycle_panel(viewer=org["staff_b"].user, today=TODAY)
    tasks = _panel(panel, TASK)
    assert tasks.current.median == Decimal("3.0")
    assert tasks.units == [] and tasks.slowest_closed == [] and tasks.slowest_open == []


@pytest.mark.django_db
def test_the_slowest_items_links_open_for_the_viewer(client, org, work, org_admin):
    cycle_time.refresh_summary(today=TODAY)
    for user in (org_admin, org["head_a"].user):
        client.force_login(user)
        response = client.get(reverse("goals:dashboard"))
        assert response.status_code == 200
        html = response.content.decode()
        section = html[html.index('id="cycle-time"') :]
        links = re.findall(r'<ol class="small slowest-[a-z]+">(.*?)</ol>', section, re.S)
        urls = [u for block in links for u in re.findall(r'href="([^"]+)"', block)]
        assert urls, user
        for url in set(urls):
            assert client.get(url).status_code == 200, (user, url)
    # Cục A's head never gets Cục B's draft goal, which they may not open.
    assert reverse("goals:detail", args=[work["kr_b"].goal_id]) not in html


@pytest.mark.django_db
def test_the_dashboard_shows_vietnamese_numbers(client, org, work, org_admin):
    cycle_time.refresh_summary(today=TODAY)
    client.force_login(org_admin)
    html = client.get(reverse("goals:dashboard")).content.decode()
    section = html[html.index('id="cycle-time"') :]
    assert "3,5" in section and "3.5" not in section  # Cục A's median, written the Vietnamese way
    assert "<svg" in section and "<script" not in section


@pytest.mark.django_db
def test_verification_cycle_time(org, org_admin):
    kr = _goal(org["dept_a"]).key_results.get()
    checkin = CheckIn.objects.create(
        key_result=kr,
        value=1,
        target_then=10,
        progress=Decimal("0.1"),
        confidence="on_track",
        checked_on=date(2025, 7, 1),
    )
    CheckIn.objects.filter(pk=checkin.pk).update(
        created_at=_at(date(2025, 7, 1), 8), verified_at=_at(date(2025, 7, 2), 20)
    )
    stats = cycle_time.closed_stats(
        _kind(VERIFICATION), since=date(2025, 7, 1), until=date(2025, 8, 1)
    )
    assert stats[(date(2025, 7, 1), "")].median == pytest.approx(1.5)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("cycle_month=2025-13", "YYYY-MM"),
        ("cycle_month=tháng7", "YYYY-MM"),
        ("cycle_month=2025-09", "07/2025"),
        ("cycle_month=2023-01", "08/2024"),
        ("cycle_unit=abc", "cycle_unit"),
    ],
)
def test_bad_month_or_unit_is_a_clear_400(client, org, query, message):
    client.force_login(org["head_a"].user)
    response = client.get(reverse("goals:dashboard") + "?" + query)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.django_db
def test_a_head_may_not_narrow_to_another_unit(client, org, work):
    client.force_login(org["head_a"].user)
    url = reverse("goals:dashboard")
    assert client.get(url, {"cycle_unit": org["dept_b"].pk}).status_code == 400
    response = client.get(url, {"cycle_unit": org["sec_a"].pk, "cycle_month": "2025-07"})
    assert response.status_code == 200
    assert "Phòng A1" in response.content.decode()


@pytest.mark.django_db
def test_a_chosen_month_shows_its_figures(org, work):
    panel = cycle_time.cycle_panel(viewer=org["head_a"].user, month=date(2025, 6, 1), today=TODAY)
    tasks = _panel(panel, TASK)
    assert tasks.current.month == date(2025, 6, 1) and tasks.current.median == Decimal("6.0")
    assert tasks.slowest_open == []  # what is open now says nothing about June


# ---------------------------------------------------------------- a measured key result
@pytest.mark.django_db
def test_a_unit_median_cycle_time_key_result_gets_an_automatic_checkin(org, work):
    goal = _goal(org["dept_a"], title="Làm nhanh")
    kr = key_result_add(
        actor=SYSTEM,
        goal=goal,
        title="Thời gian hoàn thành công việc (trung vị, ngày)",
        baseline=8,
        target=3,
        direction=Direction.DOWN,
        source=KeyResultSource.UNIT_TASK_CYCLE_DAYS,
    )
    assert cycle_time.measured_checkins_record(today=TODAY) == 1
    checkin = CheckIn.objects.get(key_result=kr)
    # Cục A's tasks done in the 30 days to 20/07: 2, 3, 4 and 10 days (June's is older).
    assert checkin.value == Decimal("3.5") and checkin.is_automatic
    assert checkin.created_by is None and checkin.checked_on == TODAY
    assert "4" in checkin.comment
    kr.refresh_from_db()
    assert kr.current == Decimal("3.5")
    assert AuditEvent.objects.filter(action="goals.checkin_measured", target_id=str(kr.pk)).exists()
    assert cycle_time.measured_checkins_record(today=TODAY) == 0  # once a day
    assert CheckIn.objects.filter(key_result=kr).count() == 1


@pytest.mark.django_db
def test_the_nightly_refresh_records_the_measured_value(org, work):
    from thidua.goals.services import goals_refresh_nightly

    goal = _goal(org["dept_b"], title="Làm nhanh B")
    kr = key_result_add(
        actor=SYSTEM,
        goal=goal,
        title="Trung vị (ngày)",
        baseline=5,
        target=2,
        direction=Direction.DOWN,
        source=KeyResultSource.UNIT_TASK_CYCLE_DAYS,
    )
    goals_refresh_nightly(today=TODAY)
    assert CheckIn.objects.get(key_result=kr, is_automatic=True).value == Decimal("2.0")
    assert CycleTimeStat.objects.filter(kind=TASK, month=date(2025, 7, 1), path="").exists()


@pytest.mark.django_db
def test_a_measured_key_result_must_be_a_number_where_lower_is_better(org):
    goal = _goal(org["dept_a"])
    with pytest.raises(ValidationError):
        key_result_add(
            actor=SYSTEM,
            goal=goal,
            title="Sai chiều",
            target=3,
            direction=Direction.UP,
            source=KeyResultSource.UNIT_TASK_CYCLE_DAYS,
        )
    with pytest.raises(ValidationError):
        key_result_add(actor=SYSTEM, goal=goal, title="Nguồn lạ", target=3, source="magic")


def test_percentile_matches_postgres_percentile_cont():
    assert cycle_time.percentile([1, 2, 3, 4], 0.5) == 2.5
    assert cycle_time.percentile([10], 0.9) == 10
    assert cycle_time.percentile([], 0.5) is None
    assert cycle_time.percentile([0, 10], 0.9) == pytest.approx(9.0)


# ---------------------------------------------------------------- kinds from upper apps
@pytest.mark.django_db
def test_award_proposals_count_from_made_to_decided_and_link_for_the_office(client, org, org_admin):
    from thidua.awards.models import Decision, Proposal

    decision = Decision.objects.create(
        number="12/QĐ-BTN", signed_on=date(2025, 7, 11), issuer="Bộ", summary="Khen thưởng"
    )
    made = [
        Proposal.objects.create(
            proposing_unit=org["dept_a"],
            person=org["staff_a"],
            code="LDTT",
            year=2024,
            status="decided",
            decision=decision,
        ),
        Proposal.objects.create(
            proposing_unit=org["dept_b"],
            person=org["staff_b"],
            code="LDTT",
            year=2024,
            status="submitted",
        ),
    ]
    Proposal.objects.filter(pk=made[0].pk).update(created_at=_at(date(2025, 7, 1)))
    Proposal.objects.filter(pk=made[1].pk).update(created_at=_at(date(2025, 7, 5)))
    cycle_time.refresh_summary(today=TODAY)
    proposals = _panel(cycle_time.cycle_panel(viewer=org_admin, today=TODAY), "awards.proposal")
    assert proposals.current.median == Decimal("10.0")
    assert [u.name for u in proposals.units if u.items] == ["Cục A"]
    assert [int(i.days) for i in proposals.slowest_open] == [15]
    client.force_login(org_admin)
    assert client.get(proposals.slowest_closed[0].url).status_code == 200
    # Proposals are a unit's private data: staff do not see them at all.
    staff = cycle_time.cycle_panel(viewer=org["staff_b"].user, today=TODAY)
    assert "awards.proposal" not in [k.key for k in staff.kinds]
    head = cycle_time.cycle_panel(viewer=org["head_a"].user, today=TODAY)
    head_proposals = _panel(head, "awards.proposal")
    assert head_proposals.current.items == 1 and head_proposals.slowest_open == []


@pytest.mark.django_db
def test_a_head_of_two_units_sees_each_units_own_figures(org, work):
    """A leader heading Cục A and Cục B (e.g. a deputy over a block): each unit's line has
    its own month's figures (one grouped query), the total both units' items."""
    from thidua.org.choices import Role
    from thidua.org.services import role_grant

    from ..factories import UserFactory

    leader = UserFactory(username="pho-truong-khoi")
    for unit in (org["dept_a"], org["dept_b"]):
        role_grant(
            actor=SYSTEM, user=leader, role=Role.UNIT_HEAD, unit=unit, valid_from=date(2020, 1, 1)
        )
    tasks = _panel(cycle_time.cycle_panel(viewer=leader, today=TODAY), TASK)
    assert sorted((u.name, u.items, u.median) for u in tasks.units) == [
        ("Cục A", 4, Decimal("3.5")),  # 2, 3, 4, 10
        ("Cục B", 2, Decimal("2.0")),  # 1, 3
    ]
    assert tasks.current.items == 6
    grouped = cycle_time.closed_stats(
        _kind(TASK),
        since=date(2025, 7, 1),
        until=date(2025, 8, 1),
        paths=[org["dept_a"].path, org["sec_b"].path],
        by_path=True,
    )
    alone = cycle_time.closed_stats(
        _kind(TASK), since=date(2025, 7, 1), until=date(2025, 8, 1), paths=[org["sec_b"].path]
    )
    assert grouped[(date(2025, 7, 1), org["sec_b"].path)] == alone[(date(2025, 7, 1), "")]
