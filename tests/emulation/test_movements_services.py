"""Movements, registrations, criteria scores, rankings and lessons, built through the real
services the way users do."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from thidua.core.actors import SYSTEM
from thidua.core.models import AuditEvent
from thidua.emulation.choices import MOVEMENT_FLOW, CriterionSource, LessonKind, MovementStatus
from thidua.emulation.models import CriterionScore, LessonAdoption, Registration
from thidua.emulation.selectors import movements as selectors
from thidua.emulation.services import movements as services
from thidua.goals.choices import GoalStatus
from thidua.goals.services import checkin_create, goal_create
from thidua.org.choices import UnitGroupKind
from thidua.org.models import UnitGroup, UnitGroupMembership

from ..factories import UnitFactory

TODAY = date(2025, 7, 1)
YEAR = {"period_kind": "year", "period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def codes(error: ValidationError) -> set[str]:
    return {e.code for e in error.error_list}


def cluster_of(name: str, *units, leader=None) -> UnitGroup:
    group = UnitGroup.objects.create(
        kind=UnitGroupKind.EMULATION_CLUSTER,
        name=name,
        leader_unit=leader or units[0],
        valid_from=date(2020, 1, 1),
    )
    for unit in units:
        UnitGroupMembership.objects.create(group=group, unit=unit, valid_from=date(2020, 1, 1))
    return group


@pytest.fixture
def clusters(org):
    return {"depts": cluster_of("Cụm các Cục", org["dept_a"], org["dept_b"])}


def new_movement(officer, org, clusters, *, scope=None, **overrides):
    fields = {
        "name": "Thi đua chuyển đổi số 2025",
        "kind": "regular",
        "objectives": "Hoàn thành chuyển đổi số các dịch vụ công",
        "period_start": date(2025, 1, 1),
        "period_end": date(2025, 12, 31),
        "launched_by": org["root"],
        "scope_units": scope or [org["root"]],
        "clusters": list(clusters.values()),
        "criteria": [
            {"name": "Hoàn thành nhiệm vụ", "weight": 2, "max_points": 50},
            {
                "name": "Tiến độ kết quả then chốt",
                "weight": 1,
                "max_points": 30,
                "source": CriterionSource.KR_PROGRESS,
            },
            {"name": "Sáng kiến", "weight": 1, "max_points": 20},
        ],
        **overrides,
    }
    return services.movement_create(actor=officer.user, **fields)


def advance_to(movement, officer, status: str):
    while movement.status != status:
        movement = services.movement_advance(actor=officer.user, movement=movement)
    return movement


@pytest.fixture
def movement(officer, org, clusters):
    return new_movement(officer, org, clusters)


@pytest.fixture
def open_movement(movement, officer):
    return advance_to(movement, officer, MovementStatus.REGISTRATION_OPEN)


def criteria_by_name(movement):
    return {c.name: c for c in movement.criteria.all()}


# ---------------------------------------------------------------- the state flow
def test_movement_moves_through_every_state_one_step_at_a_time_each_step_audited(movement, officer):
    seen = [movement.status]
    while movement.status != MovementStatus.CLOSED:
        movement = services.movement_advance(actor=officer.user, movement=movement)
        seen.append(movement.status)
    assert seen == MOVEMENT_FLOW
    events = AuditEvent.objects.filter(
        action="movement.status_changed", target_id=str(movement.pk)
    ).order_by("id")
    assert [(e.data["from"], e.data["to"]) for e in events] == list(
        zip(MOVEMENT_FLOW, MOVEMENT_FLOW[1:], strict=False)
    )
    assert all(e.actor == officer.user for e in events)
    with pytest.raises(ValidationError) as exc:
        services.movement_advance(actor=officer.user, movement=movement)
    assert codes(exc.value) == {"closed"}


def test_jumping_over_a_step_is_refused_with_a_clear_message(movement, officer):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.movement_advance(
            actor=officer.user, movement=movement, to_status=MovementStatus.IN_PROGRESS
        )
    assert codes(exc.value) == {"transition"}
    assert "one step at a time" in exc.value.messages[0]
    assert "Launched" in exc.value.messages[0]
    movement.refresh_from_db()
    assert movement.status == MovementStatus.DRAFT
    assert not AuditEvent.objects.filter(action="movement.status_changed").exists()


def test_going_back_a_step_is_refused(open_movement, officer):
    with pytest.raises(ValidationError) as exc:
        services.movement_advance(
            actor=officer.user, movement=open_movement, to_status=MovementStatus.LAUNCHED
        )
    assert codes(exc.value) == {"transition"}


def test_only_the_emulation_office_creates_and_advances_movements(movement, org, clusters):
    with pytest.raises(PermissionDenied):
        services.movement_advance(actor=org["head_a"].user, movement=movement)
    with pytest.raises(PermissionDenied):
        new_movement(org["head_a"], org, clusters)


def test_movement_is_created_with_its_criteria_scope_and_clusters(movement, org, clusters):
    assert [(c.name, c.weight, c.max_points, c.source) for c in movement.criteria.all()] == [
        ("Hoàn thành nhiệm vụ", Decimal(2), Decimal(50), CriterionSource.MANUAL),
        ("Tiến độ kết quả then chốt", Decimal(1), Decimal(30), CriterionSource.KR_PROGRESS),
        ("Sáng kiến", Decimal(1), Decimal(20), CriterionSource.MANUAL),
    ]
    assert list(movement.scope_units.all()) == [org["root"]]
    assert list(movement.clusters.all()) == [clusters["depts"]]
    assert movement.status == MovementStatus.DRAFT
    assert AuditEvent.objects.filter(action="movement.created", target_id=str(movement.pk))


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"criteria": [{"name": "A", "weight": 0, "max_points": 10}]}, "criterion_weight"),
        ({"criteria": [{"name": "A", "weight": -1, "max_points": 10}]}, "criterion_weight"),
        ({"criteria": [{"name": "A", "weight": 1, "max_points": 0}]}, "criterion_max_points"),
        ({"criteria": [{"name": "A", "weight": "abc", "max_points": 5}]}, "criterion_weight"),
        ({"criteria": []}, "criteria"),
        ({"period_start": date(2025, 12, 31), "period_end": date(2025, 1, 1)}, "period"),
        ({"scope_units": []}, "scope"),
        ({"objectives": "  "}, "objectives"),
    ],
)
def test_movement_create_refuses_bad_criteria_period_and_scope(
    officer, org, clusters, overrides, code
):
    with pytest.raises(ValidationError) as exc:
        services.movement_create(
            actor=officer.user,
            **{
                "name": "Phong trào",
                "kind": "campaign",
                "objectives": "Mục tiêu",
                "period_start": date(2025, 1, 1),
                "period_end": date(2025, 12, 31),
                "launched_by": org["root"],
                "scope_units": [org["root"]],
                "criteria": [{"name": "A", "weight": 1, "max_points": 10}],
                **overrides,
            },
        )
    assert codes(exc.value) == {code}


def test_weights_and_points_typed_in_vietnamese_are_read_as_written(officer, org, clusters):
    movement = new_movement(
        officer, org, clusters, criteria=[{"name": "A", "weight": "1,5", "max_points": "12,5"}]
    )
    criterion = movement.criteria.get()
    assert (criterion.weight, criterion.max_points) == (Decimal("1.5"), Decimal("12.5"))


# ---------------------------------------------------------------- registrations
def test_registration_is_accepted_only_while_registration_is_open(movement, officer, org):
    def register():
        return services.registration_create(
            actor=org["staff_a"].user,
            movement=movement,
            person=org["staff_a"],
            commitments="Số hoá 1.000 hồ sơ",
        )

    for status in (MovementStatus.DRAFT, MovementStatus.LAUNCHED):
        movement = advance_to(movement, officer, status)
        with pytest.raises(ValidationError) as exc:
            register()
        assert codes(exc.value) == {"registration_closed"}
    movement = advance_to(movement, officer, MovementStatus.REGISTRATION_OPEN)
    registration = register()
    assert registration.person == org["staff_a"]
    assert registration.registered_by == org["staff_a"].user
    movement = advance_to(movement, officer, MovementStatus.IN_PROGRESS)
    with pytest.raises(ValidationError) as exc:
        services.registration_create(
            actor=org["head_a"].user, movement=movement, unit=org["dept_a"], commitments="Cam kết"
        )
    assert codes(exc.value) == {"registration_closed"}
    assert AuditEvent.objects.filter(action="registration.created").count() == 1


def test_only_units_and_people_within_the_scope_may_register(officer, org, clusters):
    movement = new_movement(officer, org, clusters, scope=[org["dept_a"]])
    movement = advance_to(movement, officer, MovementStatus.REGISTRATION_OPEN)
    with pytest.raises(ValidationError) as exc:
        services.registration_create(
            actor=org["staff_b"].user,
            movement=movement,
            person=org["staff_b"],
            commitments="Cam kết",
        )
    assert codes(exc.value) == {"out_of_scope"}
    with pytest.raises(ValidationError) as exc:
        services.registration_create(
            actor=officer.user, movement=movement, unit=org["dept_b"], commitments="Cam kết"
        )
    assert codes(exc.value) == {"out_of_scope"}
    # A person whose unit lies under a unit taking part is in scope.
    assert services.registration_create(
        actor=org["staff_a"].user, movement=movement, person=org["staff_a"], commitments="Cam kết"
    )
    assert services.registration_create(
        actor=org["head_a"].user, movement=movement, unit=org["sec_a"], commitments="Cam kết"
    )


def test_staff_may_register_only_themselves(open_movement, org):
    with pytest.raises(PermissionDenied):
        services.registration_create(
            actor=org["staff_a"].user,
            movement=open_movement,
            unit=org["dept_a"],
            commitments="Cam kết",
        )
    with pytest.raises(PermissionDenied):
        services.registration_create(
            actor=org["staff_a"].user,
            movement=open_movement,
            person=org["staff_b"],
            commitments="Cam kết",
        )


def test_commitments_are_required(open_movement, org):
    with pytest.raises(ValidationError) as exc:
        services.registration_create(
            actor=org["staff_a"].user,
            movement=open_movement,
            person=org["staff_a"],
            commitments="   ",
        )
    assert codes(exc.value) == {"commitments"}


@pytest.fixture
def goals(org):
    """Cục A's goal and Hoa's and Châu's personal goals, each with key results."""
    dept = goal_create(
        actor=SYSTEM,
        title="Dịch vụ công trực tuyến",
        owner_unit=org["dept_a"],
        status=GoalStatus.ACTIVE,
        key_results=[{"title": "Dịch vụ công toàn trình", "target": 100}],
        **YEAR,
    )
    hoa = goal_create(
        actor=SYSTEM,
        title="Số hoá hồ sơ",
        owner_person=org["staff_a"],
        status=GoalStatus.ACTIVE,
        key_results=[
            {"title": "Hồ sơ số hoá", "target": 1000},
            {"title": "Quy trình mới ban hành", "metric_type": "milestone", "target": 1},
            {"title": "Hồ sơ trả lời trực tuyến", "target": 200, "weight": 2},
        ],
        **YEAR,
    )
    chau = goal_create(
        actor=SYSTEM,
        title="Cổng dữ liệu",
        owner_person=org["staff_b"],
        status=GoalStatus.ACTIVE,
        key_results=[{"title": "Bộ dữ liệu mở", "target": 10}],
        **YEAR,
    )
    return {"dept": dept, "hoa": hoa, "chau": chau}


def kr(goal, title):
    return goal.key_results.get(title=title)


def test_registrations_link_only_the_registrants_own_goals_and_key_results(
    open_movement, org, goals
):
    with pytest.raises(ValidationError) as exc:
        services.registration_create(
            actor=org["staff_a"].user,
            movement=open_movement,
            person=org["staff_a"],
            commitments="Cam kết",
            goals=[goals["dept"]],
        )
    assert codes(exc.value) == {"foreign_goal"}
    with pytest.raises(ValidationError) as exc:
        services.registration_create(
            actor=org["staff_a"].user,
            movement=open_movement,
            person=org["staff_a"],
            commitments="Cam kết",
            key_results=[kr(goals["chau"], "Bộ dữ liệu mở")],
        )
    assert codes(exc.value) == {"foreign_goal"}
    # A unit links the unit's goals, not its people's.
    with pytest.raises(ValidationError) as exc:
        services.registration_create(
            actor=org["head_a"].user,
            movement=open_movement,
            unit=org["dept_a"],
            commitments="Cam kết",
            goals=[goals["hoa"]],
        )
    assert codes(exc.value) == {"foreign_goal"}
    assert not Registration.objects.exists()

    mine = services.registration_create(
        actor=org["staff_a"].user,
        movement=open_movement,
        person=org["staff_a"],
        commitments="Cam kết",
        goals=[goals["hoa"]],
        key_results=[kr(goals["hoa"], "Hồ sơ số hoá")],
    )
    unit = services.registration_create(
        actor=org["head_a"].user,
        movement=open_movement,
        unit=org["dept_a"],
        commitments="Cam kết",
        goals=[goals["dept"]],
    )
    assert list(mine.goals.all()) == [goals["hoa"]]
    assert list(mine.key_results.values_list("title", flat=True)) == ["Hồ sơ số hoá"]
    assert list(unit.goals.all()) == [goals["dept"]]


def test_the_cluster_holding_the_unit_is_chosen_and_others_are_refused(
    open_movement, org, clusters
):
    other = cluster_of("Cụm khác", org["sec_b"])  # not one of the movement's clusters
    registration = services.registration_create(
        actor=org["head_a"].user, movement=open_movement, unit=org["dept_a"], commitments="Cam kết"
    )
    assert registration.cluster == clusters["depts"]
    person = services.registration_create(
        actor=org["staff_a"].user,
        movement=open_movement,
        person=org["staff_a"],
        commitments="Cam kết",
    )
    assert person.cluster == clusters["depts"]  # through her section's department
    with pytest.raises(ValidationError) as exc:
        services.registration_create(
            actor=org["staff_b"].user,
            movement=open_movement,
            person=org["staff_b"],
            commitments="Cam kết",
            cluster=other,
        )
    assert codes(exc.value) == {"cluster"}


def test_registering_twice_is_refused_and_a_withdrawn_registration_is_renewed(open_movement, org):
    def register(commitments):
        return services.registration_create(
            actor=org["staff_a"].user,
            movement=open_movement,
            person=org["staff_a"],
            commitments=commitments,
        )

    first = register("Lần đầu")
    with pytest.raises(ValidationError) as exc:
        register("Lần hai")
    assert codes(exc.value) == {"already_registered"}
    services.registration_withdraw(actor=org["staff_a"].user, registration=first)
    first.refresh_from_db()
    assert first.withdrawn_at is not None
    with pytest.raises(PermissionDenied):
        services.registration_withdraw(actor=org["staff_b"].user, registration=first)
    renewed = register("Lần hai")
    assert renewed.pk == first.pk
    assert (renewed.withdrawn_at, renewed.commitments) == (None, "Lần hai")
    assert [e.action for e in AuditEvent.objects.filter(target_id=str(first.pk)).order_by("id")][
        -3:
    ] == ["registration.created", "registration.withdrawn", "registration.created"]


# ---------------------------------------------------------------- scores
@pytest.fixture
def running(open_movement, org, officer):
    """Cục A, Cục B, Hoa and Châu registered; the movement in progress."""
    regs = {
        "dept_a": services.registration_create(
            actor=org["head_a"].user,
            movement=open_movement,
            unit=org["dept_a"],
            commitments="Cam kết của Cục A",
        ),
        "dept_b": services.registration_create(
            actor=officer.user,
            movement=open_movement,
            unit=org["dept_b"],
            commitments="Cam kết của Cục B",
        ),
        "hoa": services.registration_create(
            actor=org["staff_a"].user,
            movement=open_movement,
            person=org["staff_a"],
            commitments="Cam kết của Hoa",
        ),
        "chau": services.registration_create(
            actor=org["staff_b"].user,
            movement=open_movement,
            person=org["staff_b"],
            commitments="Cam kết của Châu",
        ),
    }
    movement = advance_to(open_movement, officer, MovementStatus.IN_PROGRESS)
    return {"movement": movement, **regs}


def test_manual_scores_outside_zero_to_maximum_are_refused_with_a_message(running, officer):
    criterion = criteria_by_name(running["movement"])["Hoàn thành nhiệm vụ"]
    for points in ("51", "-1"):
        with translation.override("en"), pytest.raises(ValidationError) as exc:
            services.criterion_score_set(
                actor=officer.user,
                registration=running["dept_a"],
                criterion=criterion,
                points=points,
            )
        assert codes(exc.value) == {"points_range"}
        assert "between 0 and 50" in exc.value.messages[0]
        assert "Cục A" in exc.value.messages[0]
    with pytest.raises(ValidationError) as exc:
        services.criterion_score_set(
            actor=officer.user, registration=running["dept_a"], criterion=criterion, points="abc"
        )
    assert codes(exc.value) == {"points"}
    assert not CriterionScore.objects.exists()

    score = services.criterion_score_set(
        actor=officer.user, registration=running["dept_a"], criterion=criterion, points="47,5"
    )
    assert (score.points, score.source, score.scored_by) == (
        Decimal("47.5"),
        CriterionSource.MANUAL,
        officer.user,
    )
    assert AuditEvent.objects.filter(action="criterion_scores.set").count() == 1


def test_a_grid_with_one_bad_cell_writes_nothing(running, officer):
    c = criteria_by_name(running["movement"])
    with pytest.raises(ValidationError) as exc:
        services.criterion_scores_set(
            actor=officer.user,
            movement=running["movement"],
            entries={
                (running["dept_a"].pk, c["Hoàn thành nhiệm vụ"].pk): "40",
                (running["dept_b"].pk, c["Sáng kiến"].pk): "21",
            },
        )
    assert len(exc.value.messages) == 1
    assert not CriterionScore.objects.exists()


def test_computed_criteria_and_other_movements_cannot_be_scored_by_hand(
    running, officer, org, clusters
):
    computed = criteria_by_name(running["movement"])["Tiến độ kết quả then chốt"]
    with pytest.raises(ValidationError) as exc:
        services.criterion_score_set(
            actor=officer.user, registration=running["dept_a"], criterion=computed, points=10
        )
    assert codes(exc.value) == {"computed_criterion"}
    other = new_movement(officer, org, clusters, name="Phong trào khác")
    with pytest.raises(ValidationError) as exc:
        services.criterion_score_set(
            actor=officer.user,
            registration=running["dept_a"],
            criterion=other.criteria.first(),
            points=1,
        )
    assert codes(exc.value) == {"foreign_score"}


def test_only_the_office_and_council_score(running, org, council_member):
    criterion = criteria_by_name(running["movement"])["Sáng kiến"]
    for user in (org["staff_a"].user, org["head_a"].user):
        with pytest.raises(PermissionDenied):
            services.criterion_score_set(
                actor=user, registration=running["dept_a"], criterion=criterion, points=5
            )
    assert services.criterion_score_set(
        actor=council_member.user, registration=running["dept_a"], criterion=criterion, points=5
    )


def test_scores_are_entered_only_while_running_or_under_review(open_movement, officer, org):
    registration = services.registration_create(
        actor=org["head_a"].user, movement=open_movement, unit=org["dept_a"], commitments="Cam kết"
    )
    criterion = criteria_by_name(open_movement)["Sáng kiến"]
    with pytest.raises(ValidationError) as exc:
        services.criterion_score_set(
            actor=officer.user, registration=registration, criterion=criterion, points=5
        )
    assert codes(exc.value) == {"scoring_status"}


def test_key_result_criteria_are_computed_from_linked_key_results_progress(
    open_movement, officer, org, goals
):
    hoa_goal, dept_goal = goals["hoa"], goals["dept"]
    files = kr(hoa_goal, "Hồ sơ số hoá")
    milestone = kr(hoa_goal, "Quy trình mới ban hành")
    answers = kr(hoa_goal, "Hồ sơ trả lời trực tuyến")
    hoa = services.registration_create(
        actor=org["staff_a"].user,
        movement=open_movement,
        person=org["staff_a"],
        commitments="Cam kết",
        key_results=[files, milestone],
    )
    dept = services.registration_create(
        actor=org["head_a"].user,
        movement=open_movement,
        unit=org["dept_a"],
        commitments="Cam kết",
        goals=[dept_goal],  # its key results count through the goal
        key_results=[kr(dept_goal, "Dịch vụ công toàn trình")],  # and are counted once
    )
    empty = services.registration_create(
        actor=org["staff_b"].user, movement=open_movement, person=org["staff_b"], commitments="CK"
    )
    checkin_create(actor=SYSTEM, key_result=files, value=250, confidence="on_track")
    checkin_create(actor=SYSTEM, key_result=milestone, value=1, confidence="on_track")
    checkin_create(actor=SYSTEM, key_result=answers, value=200, confidence="on_track")  # not linked
    checkin_create(
        actor=SYSTEM,
        key_result=kr(dept_goal, "Dịch vụ công toàn trình"),
        value=50,
        confidence="at_risk",
    )
    movement = advance_to(open_movement, officer, MovementStatus.MID_REVIEW)

    written = services.criteria_scores_compute(actor=officer.user, movement=movement)

    criterion = criteria_by_name(movement)["Tiến độ kết quả then chốt"]
    points = dict(
        CriterionScore.objects.filter(criterion=criterion).values_list("registration_id", "points")
    )
    # Hoa: (0.25 + 1) / 2 of 30 points; Cục A: 0.5 of 30; Châu linked nothing.
    assert points == {hoa.pk: Decimal("18.75"), dept.pk: Decimal("15.00"), empty.pk: Decimal(0)}
    assert written == 3
    assert CriterionScore.objects.get(registration=hoa).source == CriterionSource.KR_PROGRESS
    assert AuditEvent.objects.filter(action="criterion_scores.computed").count() == 1

    # A second run after more progress updates the same rows.
    checkin_create(actor=SYSTEM, key_result=files, value=1000, confidence="on_track")
    services.criteria_scores_compute(actor=officer.user, movement=movement)
    assert CriterionScore.objects.get(registration=hoa).points == Decimal("30.00")
    assert CriterionScore.objects.count() == 3


def test_a_stretch_key_result_is_capped_at_its_target(open_movement, officer, org):
    stretch = goal_create(
        actor=SYSTEM,
        title="Vượt mức",
        owner_person=org["staff_a"],
        status=GoalStatus.ACTIVE,
        is_stretch=True,
        key_results=[{"title": "Vượt", "target": 10}, {"title": "Chưa đạt", "target": 10}],
        **YEAR,
    )
    registration = services.registration_create(
        actor=org["staff_a"].user,
        movement=open_movement,
        person=org["staff_a"],
        commitments="CK",
        goals=[stretch],
    )
    checkin_create(actor=SYSTEM, key_result=kr(stretch, "Vượt"), value=15, confidence="on_track")
    movement = advance_to(open_movement, officer, MovementStatus.IN_PROGRESS)
    services.criteria_scores_compute(actor=officer.user, movement=movement)
    # (min(1.5, 1) + 0) / 2 of 30 points: a stretch result does not make up for the other.
    assert CriterionScore.objects.get(registration=registration).points == Decimal("15.00")


def test_computing_scores_takes_the_same_queries_for_many_registrations(
    open_movement, officer, org
):
    def register_units(n):
        for _i in range(n):
            unit = UnitFactory(parent=org["root"])
            goal = goal_create(
                actor=SYSTEM,
                title=f"Mục tiêu {unit.code}",
                owner_unit=unit,
                status=GoalStatus.ACTIVE,
                key_results=[{"title": "KR", "target": 10}, {"title": "KR 2", "target": 4}],
                **YEAR,
            )
            services.registration_create(
                actor=officer.user,
                movement=open_movement,
                unit=unit,
                commitments="CK",
                goals=[goal],
            )

    register_units(2)
    movement = advance_to(open_movement, officer, MovementStatus.IN_PROGRESS)
    with CaptureQueriesContext(connection) as few:
        services.criteria_scores_compute(actor=officer.user, movement=movement)
    movement.status = MovementStatus.REGISTRATION_OPEN
    movement.save()
    register_units(8)
    movement.status = MovementStatus.IN_PROGRESS
    movement.save()
    with CaptureQueriesContext(connection) as many:
        services.criteria_scores_compute(actor=officer.user, movement=movement)
    assert len(many) == len(few)
    assert CriterionScore.objects.count() == 10


# ---------------------------------------------------------------- rankings
def score(officer, running, name, values):
    c = criteria_by_name(running["movement"])
    services.criterion_scores_set(
        actor=officer.user,
        movement=running["movement"],
        entries={(running[key].pk, c[name].pk): v for key, v in values.items()},
    )


def test_rankings_per_cluster_follow_the_weighted_total_and_ties_go_by_name(running, officer, org):
    root_reg = Registration.objects.create(  # outside every cluster of the movement
        movement=running["movement"], unit=org["root"], commitments="CK của Bộ"
    )
    running["root"] = root_reg
    score(officer, running, "Hoàn thành nhiệm vụ", {"dept_a": 40, "dept_b": 40, "hoa": 50})
    score(officer, running, "Sáng kiến", {"dept_a": 10, "dept_b": 10, "chau": 20, "root": 5})

    groups = selectors.rankings(viewer=officer.user, movement=running["movement"])

    summary = [
        (g.cluster.name if g.cluster else None, g.individuals, [(r.name, r.total) for r in g.rows])
        for g in groups
    ]
    # total = 100 × (2·points₁/50 + 1·points₂/30 + 1·points₃/20) / 4
    assert summary == [
        ("Cụm các Cục", False, [("Cục A", Decimal("52.50")), ("Cục B", Decimal("52.50"))]),
        (
            "Cụm các Cục",
            True,
            [("Trần Thị Hoa", Decimal("50.00")), ("Đỗ Minh Châu", Decimal("25.00"))],
        ),
        (None, False, [("Bộ Thử nghiệm", Decimal("6.25"))]),
    ]
    assert [r.position for r in groups[0].rows] == [1, 2]
    assert groups[0].rows[0].points == [Decimal("40.00"), None, Decimal("10.00")]

    score(officer, running, "Sáng kiến", {"dept_b": "10,5"})
    groups = selectors.rankings(viewer=officer.user, movement=running["movement"])
    assert [r.name for r in groups[0].rows] == ["Cục B", "Cục A"]


def test_withdrawn_registrations_are_not_ranked(running, officer, org):
    services.registration_withdraw(actor=org["staff_b"].user, registration=running["chau"])
    groups = selectors.rankings(viewer=officer.user, movement=running["movement"])
    names = [r.name for g in groups for r in g.rows]
    assert "Đỗ Minh Châu" not in names and "Trần Thị Hoa" in names


def test_rankings_are_hidden_from_staff_until_the_results_are_published(
    running, officer, org, council_member
):
    movement = running["movement"]
    score(officer, running, "Sáng kiến", {"dept_a": 20})
    with pytest.raises(PermissionDenied):
        selectors.rankings(viewer=org["staff_a"].user, movement=movement)
    with pytest.raises(PermissionDenied):
        selectors.rankings(viewer=org["head_a"].user, movement=movement)
    assert selectors.rankings(viewer=council_member.user, movement=movement)

    with pytest.raises(ValidationError) as exc:
        services.results_publish(actor=officer.user, movement=movement)
    assert codes(exc.value) == {"publish_status"}
    movement = advance_to(movement, officer, MovementStatus.FINAL_REVIEW)
    with pytest.raises(PermissionDenied):
        services.results_publish(actor=org["head_a"].user, movement=movement)
    movement = services.results_publish(actor=officer.user, movement=movement)

    assert movement.results_published_at is not None
    groups = selectors.rankings(viewer=org["staff_a"].user, movement=movement)
    assert groups[0].rows[0].name == "Cục A"
    assert AuditEvent.objects.filter(action="movement.results_published").count() == 1
    with pytest.raises(ValidationError) as exc:
        services.results_publish(actor=officer.user, movement=movement)
    assert codes(exc.value) == {"published"}
    with pytest.raises(ValidationError) as exc:  # published results are final
        score(officer, running | {"movement": movement}, "Sáng kiến", {"dept_b": 1})
    assert codes(exc.value) == {"published"}


def test_rankings_take_the_same_queries_for_many_registrations(running, officer, org):
    movement = selectors.movement_get(viewer=officer.user, pk=running["movement"].pk)
    score(officer, running, "Sáng kiến", {"dept_a": 1, "dept_b": 2, "hoa": 3, "chau": 4})
    with CaptureQueriesContext(connection) as few:
        selectors.rankings(viewer=officer.user, movement=movement)
    for i in range(6):
        unit = UnitFactory(parent=org["root"])
        reg = Registration.objects.create(movement=movement, unit=unit, commitments=f"CK {i}")
        CriterionScore.objects.create(
            registration=reg, criterion=movement.criteria.last(), points=i, source="manual"
        )
    with CaptureQueriesContext(connection) as many:
        groups = selectors.rankings(viewer=officer.user, movement=movement)
    assert len(many) == len(few) <= 2
    assert sum(len(g.rows) for g in groups) == 10


# ---------------------------------------------------------------- lessons
@pytest.fixture
def lessons(org, officer, open_movement):
    a = services.lesson_create(
        actor=org["head_a"].user,
        unit=org["dept_a"],
        title="Một cửa số hoá toàn trình",
        summary="Tiếp nhận và trả kết quả hoàn toàn trực tuyến",
        kind=LessonKind.EXEMPLAR,
        movement=open_movement,
        authors=[org["head_a"], org["staff_a"]],
    )
    b = services.lesson_create(
        actor=org["staff_b"].user,
        unit=org["sec_b"],
        title="Họp giao ban 15 phút",
        summary="Mỗi sáng một vấn đề khó",
        movement=open_movement,
    )
    return {"a": a, "b": b}


def test_lessons_are_recorded_by_their_unit_and_audited(lessons, org):
    assert set(lessons["a"].authors.all()) == {org["head_a"], org["staff_a"]}
    assert AuditEvent.objects.filter(action="lesson.created").count() == 2
    with pytest.raises(PermissionDenied):
        services.lesson_create(
            actor=org["staff_b"].user, unit=org["dept_a"], title="Không phải của tôi", summary="x"
        )


def test_adoptions_are_counted_and_the_most_replicated_come_first(lessons, org, officer):
    services.lesson_adopt(
        actor=org["head_a"].user,
        lesson=lessons["b"],
        unit=org["sec_a"],
        result="Giảm 30% thời gian",
    )
    services.lesson_adopt(actor=officer.user, lesson=lessons["b"], unit=org["dept_b"])
    services.lesson_adopt(actor=officer.user, lesson=lessons["a"], unit=org["dept_b"])
    lone = services.lesson_create(
        actor=officer.user, unit=org["root"], title="Chưa ai áp dụng", summary="x"
    )

    with CaptureQueriesContext(connection) as queries:
        top = selectors.most_replicated_lessons(viewer=org["staff_a"].user, limit=5)
    assert [(lesson.title, lesson.adoption_count) for lesson in top] == [
        ("Họp giao ban 15 phút", 2),
        ("Một cửa số hoá toàn trình", 1),
    ]
    assert lone not in top
    scope_queries = 2  # the viewer's roles and person, once per request
    assert len(queries) <= 1 + scope_queries
    assert [
        (lesson.title, lesson.adoption_count)
        for lesson in selectors.lesson_list(viewer=org["staff_a"].user)
    ][-1] == ("Chưa ai áp dụng", 0)
    adoption = LessonAdoption.objects.get(lesson=lessons["b"], unit=org["sec_a"])
    assert (adoption.adopted_on, adoption.recorded_by) == (TODAY, org["head_a"].user)
    assert AuditEvent.objects.filter(action="lesson.adopted").count() == 3


def test_a_unit_cannot_adopt_its_own_lesson(lessons, org):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.lesson_adopt(actor=org["head_a"].user, lesson=lessons["a"], unit=org["dept_a"])
    assert codes(exc.value) == {"own_lesson"}
    assert "own lesson" in exc.value.messages[0]
    assert not LessonAdoption.objects.exists()


def test_a_unit_adopts_a_lesson_once(lessons, org, officer):
    services.lesson_adopt(actor=officer.user, lesson=lessons["a"], unit=org["dept_b"])
    with pytest.raises(ValidationError) as exc:
        services.lesson_adopt(actor=officer.user, lesson=lessons["a"], unit=org["dept_b"])
    assert codes(exc.value) == {"already_adopted"}
    assert LessonAdoption.objects.count() == 1


def test_only_a_head_of_the_adopting_unit_records_an_adoption(lessons, org):
    with pytest.raises(PermissionDenied):
        services.lesson_adopt(actor=org["staff_a"].user, lesson=lessons["b"], unit=org["sec_a"])
    with pytest.raises(PermissionDenied):  # Cục A's head does not head Cục B
        services.lesson_adopt(actor=org["head_a"].user, lesson=lessons["a"], unit=org["dept_b"])


def test_an_adoption_cannot_be_dated_in_the_future(lessons, org):
    with pytest.raises(ValidationError) as exc:
        services.lesson_adopt(
            actor=org["head_a"].user,
            lesson=lessons["b"],
            unit=org["dept_a"],
            adopted_on=date(2025, 8, 1),
        )
    assert codes(exc.value) == {"future"}


def test_next_steps_invite_to_register_and_the_office_to_review(
    open_movement, org, officer, council_member
):
    from thidua.emulation.nextsteps import emulation_next_steps

    hoa_steps = emulation_next_steps(org["staff_a"].user)
    assert [s.url.endswith(f"?as=p{org['staff_a'].pk}") for s in hoa_steps] == [True]
    huy_steps = emulation_next_steps(org["head_a"].user)
    assert sorted(s.url.rsplit("=", 1)[1] for s in huy_steps) == sorted(
        [f"p{org['head_a'].pk}", f"u{org['dept_a'].pk}"]
    )
    services.registration_create(
        actor=org["staff_a"].user, movement=open_movement, person=org["staff_a"], commitments="CK"
    )
    assert emulation_next_steps(org["staff_a"].user) == []
    # The office is invited to register only itself, and has nothing to review yet.
    assert all("?as=p" in s.url for s in emulation_next_steps(officer.user))

    movement = advance_to(open_movement, officer, MovementStatus.FINAL_REVIEW)
    office = emulation_next_steps(officer.user)
    assert {s.url.split("/")[-2] for s in office} == {"scores", str(movement.pk)}
    assert len(emulation_next_steps(council_member.user)) == 1  # scores only, no publishing
    assert emulation_next_steps(org["staff_b"].user) == []
    assert emulation_next_steps(AnonymousUser()) == []
