from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.actors import SYSTEM
from thidua.core.models import AuditEvent
from thidua.goals.choices import GoalStatus
from thidua.goals.models import Goal, KeyResult, Program
from thidua.goals.services import (
    checkin_create,
    checkin_verify,
    goal_accept,
    goal_assign,
    goal_create,
    goal_delete,
    goal_proposal_decide,
    goal_propose_changes,
    goal_set_parent,
    goals_refresh_risk,
    key_result_set_target,
)

TODAY = date(2025, 7, 1)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def kr_of(goal, title):
    return goal.key_results.get(title=title)


def test_check_in_sets_the_current_value_and_rolls_progress_up_the_cascade(cascade):
    hoa = cascade["staff_a"].user
    checkin_create(
        actor=hoa,
        key_result=kr_of(cascade["personal"], "Hồ sơ số hoá"),
        value="500",
        confidence="on_track",
        checked_on=date(2025, 6, 30),
    )
    kr = kr_of(cascade["personal"], "Hồ sơ số hoá")
    assert kr.current == 500 and kr.progress == Decimal("0.5")
    personal, dept, ministry = (
        Goal.objects.get(pk=cascade[k].pk) for k in ("personal", "dept", "ministry")
    )
    assert personal.progress == Decimal("0.25")  # (0.5 + 0) / 2
    assert dept.progress == Decimal("0.125")  # (KR 0 + child 0.25) / 2
    assert ministry.progress == Decimal("0.0625")
    assert Program.objects.get().progress == Decimal("0.0625")


def test_weights_count_in_the_roll_up(cascade):
    hoa = cascade["staff_a"].user
    KeyResult.objects.filter(title="Hồ sơ số hoá").update(weight=3)
    checkin_create(
        actor=hoa,
        key_result=kr_of(cascade["personal"], "Hồ sơ số hoá"),
        value=1000,
        confidence="on_track",
    )
    assert Goal.objects.get(pk=cascade["personal"].pk).progress == Decimal(
        "0.75"
    )  # (3·1 + 1·0) / 4


def test_the_latest_check_in_by_date_is_the_current_value(cascade):
    hoa = cascade["staff_a"].user
    kr = kr_of(cascade["personal"], "Hồ sơ số hoá")
    checkin_create(
        actor=hoa, key_result=kr, value=600, confidence="on_track", checked_on=date(2025, 6, 30)
    )
    checkin_create(
        actor=hoa, key_result=kr, value=300, confidence="at_risk", checked_on=date(2025, 5, 31)
    )
    kr.refresh_from_db()
    assert kr.current == 600
    assert kr.checkins.count() == 2


def test_verified_and_unverified_progress_are_kept_apart(cascade):
    hoa, head = cascade["staff_a"].user, cascade["head_a"].user
    kr = kr_of(cascade["personal"], "Hồ sơ số hoá")
    first = checkin_create(
        actor=hoa, key_result=kr, value=200, confidence="on_track", checked_on=date(2025, 5, 1)
    )
    checkin_verify(actor=head, checkin=first)
    checkin_create(
        actor=hoa, key_result=kr, value=800, confidence="on_track", checked_on=date(2025, 6, 1)
    )
    kr.refresh_from_db()
    assert (kr.progress, kr.progress_verified, kr.current_is_verified) == (
        Decimal("0.8"),
        Decimal("0.2"),
        False,
    )
    assert Goal.objects.get(pk=cascade["personal"].pk).progress_verified == Decimal("0.1")


def test_staff_cannot_verify_their_own_check_in_and_cannot_check_in_on_another_units_goal(cascade):
    hoa, chau = cascade["staff_a"].user, cascade["staff_b"].user
    checkin = checkin_create(
        actor=hoa,
        key_result=kr_of(cascade["personal"], "Hồ sơ số hoá"),
        value=10,
        confidence="on_track",
    )
    with pytest.raises(PermissionDenied):
        checkin_verify(actor=hoa, checkin=checkin)
    with pytest.raises(PermissionDenied):
        checkin_create(
            actor=chau,
            key_result=kr_of(cascade["personal"], "Hồ sơ số hoá"),
            value=20,
            confidence="on_track",
        )


@pytest.mark.parametrize(
    ("title", "value", "message_field"),
    [
        ("Hồ sơ số hoá", "nhiều", "value"),
        ("Hồ sơ số hoá", "NaN", "value"),
        ("Quy trình mới ban hành", 2, "value"),
        ("Hồ sơ số hoá", "1e20", "value"),
    ],
)
def test_bad_check_in_values_are_refused(cascade, title, value, message_field):
    with pytest.raises(ValidationError) as error:
        checkin_create(
            actor=cascade["staff_a"].user,
            key_result=kr_of(cascade["personal"], title),
            value=value,
            confidence="on_track",
        )
    assert message_field in error.value.message_dict
    assert not KeyResult.objects.get(title=title).checkins.exists()


def test_a_percentage_above_100_is_refused(cascade):
    with pytest.raises(ValidationError):
        checkin_create(
            actor=SYSTEM,
            key_result=kr_of(cascade["ministry"], "Tỷ trọng kinh tế số"),
            value=101,
            confidence="on_track",
        )


def test_check_in_dated_outside_the_period_or_in_the_future_is_refused(cascade):
    kr = kr_of(cascade["personal"], "Hồ sơ số hoá")
    for day in (date(2024, 12, 31), TODAY + timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            checkin_create(
                actor=cascade["staff_a"].user,
                key_result=kr,
                value=1,
                confidence="on_track",
                checked_on=day,
            )
        assert "checked_on" in error.value.message_dict


def test_vietnamese_number_format_is_read(cascade):
    checkin = checkin_create(
        actor=cascade["staff_a"].user,
        key_result=kr_of(cascade["personal"], "Hồ sơ số hoá"),
        value="1.000,5",
        confidence="on_track",
    )
    assert checkin.value == Decimal("1000.5")


def test_target_changed_mid_period_keeps_the_old_target_for_earlier_check_ins(cascade):
    hoa, head = cascade["staff_a"].user, cascade["head_a"].user
    kr = kr_of(cascade["personal"], "Hồ sơ số hoá")
    early = checkin_create(
        actor=hoa, key_result=kr, value=500, confidence="on_track", checked_on=date(2025, 3, 1)
    )
    key_result_set_target(actor=head, key_result=kr, target=2000, reason="Mở rộng phạm vi")
    early.refresh_from_db()
    kr.refresh_from_db()
    assert (early.target_then, early.progress) == (1000, Decimal("0.5"))
    assert kr.progress == Decimal("0.25")  # the same value judged against the new target
    assert list(kr.target_history.values_list("target", flat=True)) == [1000, 2000]


def test_a_parent_whose_period_does_not_contain_the_child_is_refused(cascade):
    with pytest.raises(ValidationError) as error:
        goal_create(
            actor=SYSTEM,
            title="Mục tiêu 2026",
            owner_unit=cascade["dept_a"],
            parent=cascade["dept"],
            period_kind="year",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
        )
    assert "parent" in error.value.message_dict


def test_a_cycle_in_the_goal_tree_is_impossible(cascade):
    with pytest.raises(ValidationError):
        goal_set_parent(actor=SYSTEM, goal=cascade["ministry"], parent=cascade["personal"])


def test_zero_weight_is_refused(cascade):
    with pytest.raises(ValidationError):
        goal_create(
            actor=SYSTEM,
            title="X",
            owner_unit=cascade["dept_a"],
            period_kind="year",
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
            weight=0,
        )


def test_deleting_a_goal_with_children_is_refused_with_a_clear_message(cascade):
    with pytest.raises(ValidationError) as error:
        goal_delete(actor=SYSTEM, goal=cascade["dept"])
    assert "sub-goals" in str(error.value) or "mục tiêu con" in str(error.value)
    assert Goal.objects.filter(pk=cascade["dept"].pk).exists()


def test_cascade_workflow_assign_propose_approve(cascade):
    head, hoa = cascade["head_a"].user, cascade["staff_a"].user
    goal = goal_assign(
        actor=head,
        parent=cascade["dept"],
        title="Tập huấn người dùng",
        owner_person=cascade["staff_a"],
        key_results=[{"title": "Số lớp tập huấn", "target": 10, "due_date": date(2025, 11, 30)}],
    )
    assert goal.status == GoalStatus.ASSIGNED
    kr = goal.key_results.get()
    proposal = goal_propose_changes(
        actor=hoa,
        goal=goal,
        changes=[{"key_result": kr.pk, "target": "8"}],
        comment="Thiếu giảng viên",
    )
    with pytest.raises(PermissionDenied):
        goal_proposal_decide(actor=hoa, proposal=proposal, approve=True)
    goal_proposal_decide(actor=head, proposal=proposal, approve=True)
    goal.refresh_from_db()
    kr.refresh_from_db()
    assert (goal.status, kr.target) == (GoalStatus.ACTIVE, 8)
    actions = list(
        AuditEvent.objects.filter(target_id=str(goal.pk), target_type="goals.goal")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "goal.created",
        "goal.assigned",
        "goal.changes_proposed",
        "goal.proposal_decided",
    ]


def test_only_the_assignee_accepts(cascade):
    head = cascade["head_a"].user
    goal = goal_assign(
        actor=head,
        parent=cascade["dept"],
        title="Báo cáo",
        owner_person=cascade["staff_a"],
        key_results=[{"title": "Số báo cáo", "target": 4}],
    )
    with pytest.raises(PermissionDenied):
        goal_accept(actor=cascade["staff_b"].user, goal=goal)
    goal_accept(actor=cascade["staff_a"].user, goal=goal)
    assert Goal.objects.get(pk=goal.pk).status == GoalStatus.ACTIVE


def test_staff_cannot_assign_goals_to_a_colleague(cascade):
    with pytest.raises(PermissionDenied):
        goal_create(
            actor=cascade["staff_a"].user,
            title="Việc của Nam",
            owner_person=cascade["colleague_a"],
            period_kind="year",
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
        )


def test_at_risk_goals_carry_their_reasons(cascade):
    goals_refresh_risk(today=TODAY)
    personal = Goal.objects.get(pk=cascade["personal"].pk)
    assert personal.is_at_risk
    assert "behind_schedule" in personal.risk_reasons  # half the year gone, nothing done
    kr = kr_of(cascade["personal"], "Quy trình mới ban hành")
    assert "overdue" in kr.risk_reasons  # due 30/06, not done
    checkin_create(actor=cascade["staff_a"].user, key_result=kr, value=1, confidence="on_track")
    checkin_create(
        actor=cascade["staff_a"].user,
        key_result=kr_of(cascade["personal"], "Hồ sơ số hoá"),
        value=600,
        confidence="on_track",
    )
    assert not Goal.objects.get(pk=cascade["personal"].pk).is_at_risk


def test_nightly_refresh_flags_goals_that_fell_behind_as_time_passed(cascade):
    from thidua.goals.models import ProgressSnapshot
    from thidua.goals.services import goals_refresh_nightly

    hoa = cascade["staff_a"].user
    checkin_create(
        actor=hoa,
        key_result=kr_of(cascade["personal"], "Hồ sơ số hoá"),
        value=500,
        confidence="on_track",
        checked_on=date(2025, 6, 30),
    )
    checkin_create(
        actor=hoa,
        key_result=kr_of(cascade["personal"], "Quy trình mới ban hành"),
        value=1,
        confidence="on_track",
        checked_on=date(2025, 6, 30),
    )
    assert not Goal.objects.get(pk=cascade["personal"].pk).is_at_risk
    goals_refresh_nightly(today=date(2025, 11, 1))  # four months on, nothing new
    personal = Goal.objects.get(pk=cascade["personal"].pk)
    assert personal.is_at_risk
    assert set(personal.risk_reasons) == {"behind_schedule", "no_recent_checkin"}
    assert (
        ProgressSnapshot.objects.filter(taken_on=date(2025, 11, 1), program__isnull=False).count()
        == 1
    )


def test_a_template_gives_every_holder_of_the_position_a_traceable_goal(cascade):
    from thidua.goals.models import GoalTemplate
    from thidua.goals.services import goal_template_apply

    position = cascade["staff_a"].position
    template = GoalTemplate.objects.create(
        name="Mục tiêu chuyên viên 2025",
        position=position,
        key_results=[{"title": "Hồ sơ xử lý đúng hạn", "target": 200}],
    )
    created = goal_template_apply(
        actor=cascade["head_a"].user,
        template=template,
        period_kind="year",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        on=TODAY,
    )
    owners = {g.owner_person for g in created}
    # Everyone in Cục A holds the position in this fixture; Cục B's holder is outside the head's scope.
    assert owners == {cascade["staff_a"], cascade["colleague_a"], cascade["head_a"]}
    assert all(g.template == template and g.status == "assigned" for g in created)
    again = goal_template_apply(
        actor=cascade["head_a"].user,
        template=template,
        period_kind="year",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        on=TODAY,
    )
    assert again == []


def test_activity_reads_nightly_counts_and_counts_the_days_after_them_live(cascade):
    from thidua.goals.selectors import checkin_activity
    from thidua.goals.services import checkin_counts_refresh

    from ..factories import UserFactory

    boss = UserFactory(username="sep", is_superuser=True)  # sees the whole ministry
    kr = kr_of(cascade["personal"], "Hồ sơ số hoá")
    for day in (date(2025, 6, 2), date(2025, 6, 3), date(2025, 6, 30)):
        checkin_create(
            actor=SYSTEM, key_result=kr, value=day.day, confidence="on_track", checked_on=day
        )
    checkin_counts_refresh(since=date(2025, 6, 1), until=date(2025, 6, 29))
    weeks = {row["week"]: row["n"] for row in checkin_activity(viewer=boss, today=TODAY)}
    assert weeks == {date(2025, 6, 2): 2, date(2025, 6, 30): 1}


def test_a_unit_type_template_gives_each_unit_of_that_type_in_scope_a_goal(cascade):
    from thidua.goals.models import GoalTemplate
    from thidua.goals.services import goal_template_apply

    template = GoalTemplate.objects.create(
        name="Chuyển đổi số nội bộ phòng",
        unit_kind="section",
        key_results=[{"title": "Quy trình số hoá", "target": 5}],
    )
    created = goal_template_apply(
        actor=cascade["head_a"].user,
        template=template,
        period_kind="year",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        on=TODAY,
    )
    assert [g.owner_unit for g in created] == [
        cascade["sec_a"]
    ]  # Phòng B1 is outside the head's scope
