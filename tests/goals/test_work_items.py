"""Goals' "Việc của tôi" items (thidua.goals.nextsteps): who sees which work, with what count,
since when and a link that opens for them; each disappears once the work is done through
the real services."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from thidua.core.actors import SYSTEM
from thidua.core.models import AuditEvent
from thidua.core.nextsteps import TODO, moment
from thidua.goals import rules, services
from thidua.goals.choices import GoalsAudit, GoalStatus, TaskStatus
from thidua.goals.models import GoalChangeProposal, Task
from thidua.goals.nextsteps import goals_next_steps
from thidua.org.choices import Role
from thidua.org.services import role_grant

from ..factories import PersonFactory, UserFactory, block_deputy, unit_head


def year_fields() -> dict:
    today = timezone.localdate()
    return {
        "period_kind": "year",
        "period_start": date(today.year, 1, 1),
        "period_end": date(today.year, 12, 31),
    }


def todo(user) -> dict:
    """The person's goals work items by key."""
    return {s.key: s for s in goals_next_steps(user) if s.section == TODO}


def opens_for(client, user, url: str) -> bool:
    client.force_login(user)
    return client.get(url).status_code == 200


def personal_goal(person, title="Số hoá hồ sơ", krs=("Hồ sơ số hoá", "Quy trình mới")):
    return services.goal_create(
        actor=SYSTEM,
        title=title,
        owner_person=person,
        status=GoalStatus.ACTIVE,
        key_results=[{"title": t, "baseline": 0, "target": 100} for t in krs],
        **year_fields(),
    )


def check_in(person, key_result, value=10):
    return services.checkin_create(
        actor=person.user,
        key_result=key_result,
        value=value,
        confidence="on_track",
        checked_on=timezone.localdate(),
    )


def tree_deputy(org):
    """A deputy minister over the whole tree (leadership of the root unit), as a block's
    deputy is over the block's units."""
    deputy = PersonFactory(unit=org["root"], user=UserFactory(username="thutruong-test"))
    role_grant(
        actor=SYSTEM,
        user=deputy.user,
        role=Role.LEADERSHIP,
        unit=org["root"],
        valid_from=date(2020, 1, 1),
    )
    return deputy


@pytest.fixture
def dept_goal(org):
    return services.goal_create(
        actor=SYSTEM,
        title="Dịch vụ công trực tuyến",
        owner_unit=org["dept_a"],
        status=GoalStatus.ACTIVE,
        key_results=[{"title": "Số dịch vụ công toàn trình", "baseline": 0, "target": 100}],
        **year_fields(),
    )


@pytest.fixture
def assigned(org, dept_goal):
    """Cục A's head cascades a goal to Hoa: it awaits her acceptance."""
    return services.goal_assign(
        actor=org["head_a"].user,
        parent=dept_goal,
        title="Số hoá 1.000 hồ sơ",
        owner_person=org["staff_a"],
        key_results=[{"title": "Hồ sơ số hoá", "baseline": 0, "target": 1000}],
        **year_fields(),
    )


@pytest.fixture
def section_head(org):
    """A head of Phòng A1 (Hoa's section), below Cục A's head."""
    return unit_head(org["sec_a"], username="phong", full_name="Bùi Văn Phòng")


# ---------------------------------------------------------------- acceptance and proposals
def test_a_goal_to_accept_waits_for_the_assignee_until_accepted(org, assigned, client):
    item = todo(org["staff_a"].user)["goals.accept"]
    assert item.count == 1
    assert item.since == assigned.updated_at
    assert opens_for(client, org["staff_a"].user, item.url)
    assert "goals.accept" not in todo(org["head_a"].user)  # the one who assigned it
    assert "goals.accept" not in todo(org["staff_b"].user)

    services.goal_accept(actor=org["staff_a"].user, goal=assigned)
    assert "goals.accept" not in todo(org["staff_a"].user)


def test_a_units_goal_waits_for_its_own_head_not_for_every_leader_above(
    org, section_head, dept_goal, client
):
    """The nearest level: a goal given to Phòng A1 waits for Phòng A1's head; the minister
    and a deputy see it only on the list they may act from, and a unit with no head of its
    own sends it up to the nearest head above."""
    minister = PersonFactory(unit=org["root"], user=UserFactory(username="botruong-test"))
    deputy = tree_deputy(org)
    role_grant(actor=SYSTEM, user=minister.user, role=Role.LEADERSHIP, valid_from=date(2020, 1, 1))
    to_section = services.goal_assign(
        actor=org["head_a"].user,
        parent=dept_goal,
        title="Quy trình số của phòng",
        owner_unit=org["sec_a"],
        key_results=[{"title": "Quy trình số hoá", "baseline": 0, "target": 10}],
        **year_fields(),
    )
    assert todo(section_head.user)["goals.accept"].count == 1
    assert opens_for(client, section_head.user, todo(section_head.user)["goals.accept"].url)
    for above in (org["head_a"], minister, deputy):
        assert "goals.accept" not in todo(above.user)
    # the leadership may still answer it: the rules did not change
    assert rules.can_respond_to_assignment(minister.user, to_section)

    # Cục B has no head: a goal the minister gives it waits for the deputy over it
    ministry_goal = services.goal_create(
        actor=SYSTEM,
        title="Chuyển đổi số toàn Bộ",
        owner_unit=org["root"],
        status=GoalStatus.ACTIVE,
        key_results=[{"title": "Dịch vụ số", "baseline": 0, "target": 100}],
        **year_fields(),
    )
    to_dept_b = services.goal_assign(
        actor=minister.user,
        parent=ministry_goal,
        title="Mục tiêu của Cục B",
        owner_unit=org["dept_b"],
        key_results=[{"title": "Chỉ tiêu", "baseline": 0, "target": 5}],
        **year_fields(),
    )
    assert todo(deputy.user)["goals.accept"].count == 1
    assert "goals.accept" not in todo(minister.user)  # he assigned it
    services.goal_accept(actor=deputy.user, goal=to_dept_b)
    assert "goals.accept" not in todo(deputy.user)


def test_proposed_changes_wait_for_the_head_who_assigned_until_decided(org, assigned, client):
    kr = assigned.key_results.get()
    proposal = services.goal_propose_changes(
        actor=org["staff_a"].user, goal=assigned, changes=[{"key_result": kr.pk, "target": 800}]
    )
    item = todo(org["head_a"].user)["goals.proposals"]
    assert (item.count, item.since) == (1, proposal.created_at)
    assert opens_for(client, org["head_a"].user, item.url)
    assert "goals.proposals" not in todo(org["staff_a"].user)  # who proposed
    assert "goals.proposals" not in todo(org["staff_b"].user)
    assert "goals.accept" not in todo(org["staff_a"].user)  # she answered already

    services.goal_proposal_decide(
        actor=org["head_a"].user,
        proposal=GoalChangeProposal.objects.get(pk=proposal.pk),
        approve=True,
    )
    assert "goals.proposals" not in todo(org["head_a"].user)


def test_proposed_changes_wait_for_the_assigner_not_for_the_leadership_who_may_also_decide(
    org, assigned, client
):
    minister = PersonFactory(unit=org["root"], user=UserFactory(username="botruong-test"))
    role_grant(actor=SYSTEM, user=minister.user, role=Role.LEADERSHIP, valid_from=date(2020, 1, 1))
    kr = assigned.key_results.get()
    services.goal_propose_changes(
        actor=org["staff_a"].user, goal=assigned, changes=[{"key_result": kr.pk, "target": 800}]
    )
    assert "goals.proposals" in todo(org["head_a"].user)
    assert "goals.proposals" not in todo(minister.user)
    # the minister keeps the right: the proposal is on his goals page to decide if he will
    assert opens_for(client, minister.user, reverse("goals:detail", args=[assigned.pk]))
    # an assigner who has left: the change waits for whoever may decide it
    org["head_a"].user.is_active = False
    org["head_a"].user.save(update_fields=["is_active"])
    assert "goals.proposals" in todo(minister.user)


# ---------------------------------------------------------------- verification
def test_check_ins_to_verify_wait_for_the_head_per_goal_until_verified(org, client):
    goal = personal_goal(org["staff_a"])
    first, second = goal.key_results.order_by("id")
    check_in(org["staff_a"], first)
    later = check_in(org["staff_a"], second)
    key = f"goals.verify:{goal.pk}"

    item = todo(org["head_a"].user)[key]
    assert item.count == 2
    assert item.since < later.created_at  # from the oldest waiting check-in
    assert item.detail == org["staff_a"].full_name
    assert opens_for(client, org["head_a"].user, item.url)
    page = client.get(item.url).content.decode()
    assert reverse("goals:verify", args=[later.pk]) in page  # the button is on that page
    assert key not in todo(org["staff_a"].user)  # never one's own
    assert key not in todo(org["staff_b"].user)

    for checkin in (first.checkins.get(), later):
        services.checkin_verify(actor=org["head_a"].user, checkin=checkin)
    assert key not in todo(org["head_a"].user)


def test_only_the_latest_check_in_of_a_key_result_waits(org):
    goal = personal_goal(org["staff_a"], krs=("Hồ sơ số hoá",))
    kr = goal.key_results.get()
    check_in(org["staff_a"], kr, value=10)
    latest = check_in(org["staff_a"], kr, value=20)
    assert todo(org["head_a"].user)[f"goals.verify:{goal.pk}"].count == 1

    services.checkin_verify(actor=org["head_a"].user, checkin=latest)
    assert f"goals.verify:{goal.pk}" not in todo(org["head_a"].user)


def test_the_nearest_head_verifies_and_a_heads_own_goal_goes_up(org, section_head, client):
    staff_goal = personal_goal(org["staff_a"], krs=("Hồ sơ số hoá",))
    check_in(org["staff_a"], staff_goal.key_results.get())
    own_goal = personal_goal(section_head, title="Cải tiến quy trình", krs=("Quy trình",))
    check_in(section_head, own_goal.key_results.get())

    section = todo(section_head.user)
    assert {k for k in section if k.startswith("goals.verify")} == {f"goals.verify:{staff_goal.pk}"}
    assert opens_for(client, section_head.user, section[f"goals.verify:{staff_goal.pk}"].url)
    above = todo(org["head_a"].user)
    assert {k for k in above if k.startswith("goals.verify")} == {f"goals.verify:{own_goal.pk}"}


def test_a_head_who_checked_in_for_a_person_leaves_the_verification_to_the_head_above(
    org, section_head
):
    goal = personal_goal(org["staff_a"], krs=("Hồ sơ số hoá",))
    check_in(section_head, goal.key_results.get())  # a head may check in for their people
    assert f"goals.verify:{goal.pk}" not in todo(section_head.user)
    assert todo(org["head_a"].user)[f"goals.verify:{goal.pk}"].count == 1


def test_verification_items_take_a_fixed_number_of_queries(org):
    def queries() -> int:
        user = org["head_a"].user
        for attr in [a for a in vars(user) if a.startswith("_thidua_scope_")]:
            delattr(user, attr)
        with CaptureQueriesContext(connection) as ctx:
            goals_next_steps(user)
        return len(ctx.captured_queries)

    goal = personal_goal(org["staff_a"])
    check_in(org["staff_a"], goal.key_results.first())
    one = queries()
    for n in range(3):
        other = personal_goal(org["staff_a"], title=f"Mục tiêu {n}")
        for kr in other.key_results.all():
            check_in(org["staff_a"], kr)
    assert todo(org["head_a"].user)["goals.verify"].count == 7  # 4 goals: one item
    assert queries() == one


def test_more_than_three_goals_to_verify_are_one_item_leading_to_the_list(org, client):
    goals = [personal_goal(org["staff_a"], title=f"Mục tiêu {n}") for n in range(4)]
    for goal in goals[:3]:
        check_in(org["staff_a"], goal.key_results.first())
    assert {k for k in todo(org["head_a"].user) if k.startswith("goals.verify")} == {
        f"goals.verify:{g.pk}" for g in goals[:3]
    }
    check_in(org["staff_a"], goals[3].key_results.first())
    item = todo(org["head_a"].user)["goals.verify"]
    assert item.count == 4 and item.url == reverse("goals:verify_list")
    client.force_login(org["head_a"].user)
    page = client.get(item.url).content.decode()
    assert all(reverse("goals:detail", args=[g.pk]) in page for g in goals)
    client.force_login(org["staff_b"].user)  # another department's person: nothing to verify
    page = client.get(item.url).content.decode()
    assert not any(reverse("goals:detail", args=[g.pk]) in page for g in goals)


# ---------------------------------------------------------------- reminders
def test_key_results_due_for_a_check_in_wait_per_goal_since_they_became_due(org, client):
    goal = personal_goal(org["staff_a"])
    key = f"goals.checkin:{goal.pk}"
    item = todo(org["staff_a"].user)[key]
    assert item.count == 2
    # never checked in: due from when it started — the period's start, or the day the key
    # result was added if later (a goal given in December is not "waiting since 01/01";
    # walk-through of 07/12/2026, canbo's notifications)
    assert item.since == moment(max(goal.period_start, timezone.localdate()))
    goal.key_results.update(created_at=moment(goal.period_start) - timedelta(days=30))
    assert todo(org["staff_a"].user)[key].since == moment(goal.period_start)
    assert opens_for(client, org["staff_a"].user, item.url)
    assert key not in todo(org["head_a"].user)

    first, second = goal.key_results.order_by("id")
    check_in(org["staff_a"], first)
    assert todo(org["staff_a"].user)[key].count == 1
    check_in(org["staff_a"], second)
    assert key not in todo(org["staff_a"].user)


def test_a_task_due_waits_since_it_was_given_until_done(org, client):
    due = timezone.localdate() + timedelta(days=3)
    task = services.task_create(
        actor=org["staff_a"].user, title="Nộp báo cáo quý", owner=org["staff_a"], due_date=due
    )
    later = services.task_create(
        actor=org["staff_a"].user,
        title="Việc tháng sau",
        owner=org["staff_a"],
        due_date=due + timedelta(days=30),
    )
    items = todo(org["staff_a"].user)
    item = items[f"goals.task:{task.pk}"]
    # waiting since it was given (not since a due date still to come), linked to the task
    assert (item.count, item.since) == (1, task.created_at)
    assert item.url.endswith(f"#task-{task.pk}")
    assert f"goals.task:{later.pk}" not in items  # not due within the week
    assert opens_for(client, org["staff_a"].user, item.url)
    client.force_login(org["staff_a"].user)
    assert f'id="task-{task.pk}"' in client.get(item.url).content.decode()
    assert f"goals.task:{task.pk}" not in todo(org["head_a"].user)

    services.task_set_status(actor=org["staff_a"].user, task=task, status=TaskStatus.DONE)
    assert f"goals.task:{task.pk}" not in todo(org["staff_a"].user)


def test_the_work_log_stays_a_suggestion_not_work(org):
    steps = goals_next_steps(org["staff_a"].user)
    log = [s for s in steps if s.url.endswith("#log")]
    assert [s.section for s in log] == ["next"]
    assert all(s.key for s in steps if s.section == TODO)


def test_an_overdue_task_says_so_and_waits_since_it_fell_due(org):
    overdue_on = timezone.localdate() - timedelta(days=10)
    task = services.task_create(
        actor=org["staff_a"].user, title="Báo cáo tháng", owner=org["staff_a"], due_date=overdue_on
    )
    Task.objects.filter(pk=task.pk).update(created_at=timezone.now() - timedelta(days=30))
    with translation.override("en"):
        item = todo(org["staff_a"].user)[f"goals.task:{task.pk}"]
    assert item.title.startswith(f"Task overdue since {overdue_on:%d/%m/%Y}")
    assert item.since == Task.objects.get(pk=task.pk).created_at  # given before it fell due


def test_a_goal_given_to_a_unit_with_no_head_by_its_nearest_head_takes_effect_at_once(
    org, dept_goal
):
    """Phòng A1 has no head of its own: Cục A's head, who gives it a goal, is its nearest head;
    nobody else would accept it (before, it climbed to the leadership above him)."""
    deputy = tree_deputy(org)
    goal = services.goal_assign(
        actor=org["head_a"].user,
        parent=dept_goal,
        title="Quy trình số của phòng",
        owner_unit=org["sec_a"],
        key_results=[{"title": "Quy trình số hoá", "baseline": 0, "target": 10}],
        **year_fields(),
    )
    assert goal.status == GoalStatus.ACTIVE
    for head in (org["head_a"], deputy):
        assert "goals.accept" not in todo(head.user)
    event = AuditEvent.objects.get(action=GoalsAudit.GOAL_ASSIGNED, target_id=str(goal.pk))
    assert event.data["in_effect"] == "no head of its own"


def test_a_block_deputy_leaves_a_units_check_ins_and_goals_to_its_own_head(org, dept_goal):
    """A deputy minister leads the block's units as leadership; Cục A has its own head, who is
    nearer: its check-ins to verify and the goals given to it wait for him, not for the deputy.
    Cục B has none: its work falls to the deputy."""
    deputy = block_deputy(org["dept_a"], org["dept_b"])
    in_a = personal_goal(org["staff_a"], krs=("Hồ sơ số hoá",))
    check_in(org["staff_a"], in_a.key_results.get())
    in_b = personal_goal(org["staff_b"], title="Báo cáo số", krs=("Báo cáo",))
    check_in(org["staff_b"], in_b.key_results.get())

    deputy_items = {k for k in todo(deputy.user) if k.startswith("goals.verify")}
    assert deputy_items == {f"goals.verify:{in_b.pk}"}
    assert f"goals.verify:{in_a.pk}" in todo(org["head_a"].user)
