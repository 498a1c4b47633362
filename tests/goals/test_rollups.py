"""The stored goal roll-ups per unit (thidua.goals.rollups) give the dashboard and the goal
tree exactly the figures counted live, for every kind of viewer and on any date, and follow
the goals as they change."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PersonFactory, UserFactory
from thidua.core.actors import SYSTEM
from thidua.goals import dashboard, rollups, selectors
from thidua.goals.choices import GoalStatus
from thidua.goals.models import Goal, Program
from thidua.goals.programmes import programme_lines
from thidua.goals.rollup_models import GoalRollupState
from thidua.goals.services import (
    checkin_create,
    goal_create,
    goals_refresh_nightly,
    program_create,
)
from thidua.org.choices import Role
from thidua.org.services import role_grant

YEAR = {"period_kind": "year", "period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}
DATES = [date(2025, 2, 10), date(2025, 6, 30), date(2026, 3, 1)]


def quarter(q: int) -> dict:
    ends = {1: date(2025, 3, 31), 2: date(2025, 6, 30), 3: date(2025, 9, 30), 4: date(2025, 12, 31)}
    return {
        "period_kind": "quarter",
        "period_start": date(2025, 3 * q - 2, 1),
        "period_end": ends[q],
    }


def make(title, *, status=GoalStatus.ACTIVE, period=None, **kwargs):
    return goal_create(
        actor=SYSTEM,
        title=title,
        status=status,
        key_results=[{"title": f"Chỉ số: {title}", "baseline": 0, "target": 100}],
        **(period or YEAR),
        **kwargs,
    )


@pytest.fixture
def goals(org, program):
    """Goals in every unit, of two programmes and none, in every status, by year and by
    quarter, some at risk; personal goals under the Cục goals."""
    egov = Program.objects.create(
        code="P4",
        number=4,
        name="Chính phủ số",
        period_start=date(2020, 1, 1),
        period_end=date(2025, 12, 31),
    )
    # The programme's successor for 2026–2030: on a date in 2026 the card is its line's.
    successor = program_create(
        code="P8-2630",
        number=8,
        name="Chuyển đổi số 2026–2030",
        period_start=date(2026, 1, 1),
        period_end=date(2030, 12, 31),
        predecessor=program,
    )
    year_2026 = {
        "period_kind": "year",
        "period_start": date(2026, 1, 1),
        "period_end": date(2026, 12, 31),
    }
    make("Năm 2026", owner_unit=org["dept_a"], program=successor, period=year_2026)
    more_a = PersonFactory(unit=org["sec_a"], full_name="Vũ Thị Lan")
    ministry = make("Kinh tế số", owner_unit=org["root"], program=program)
    cuc_a = make("Dịch vụ công", owner_unit=org["dept_a"], parent=ministry, program=program)
    cuc_b = make("Hạ tầng số", owner_unit=org["dept_b"], parent=ministry, program=program)
    phong_a = make("Số hoá", owner_unit=org["sec_a"], parent=cuc_a, program=egov)
    make("Không thuộc chương trình", owner_unit=org["dept_b"])
    make("Nháp", owner_unit=org["dept_b"], program=egov, status=GoalStatus.DRAFT)
    make("Đã huỷ", owner_unit=org["dept_a"], program=program, status=GoalStatus.CANCELLED)
    make("Đã đóng", owner_unit=org["sec_b"], program=egov, status=GoalStatus.CLOSED)
    make("Chờ nhận", owner_unit=org["sec_b"], program=egov, status=GoalStatus.ASSIGNED)
    statuses = [
        GoalStatus.ACTIVE,
        GoalStatus.ASSIGNED,
        GoalStatus.DRAFT,
        GoalStatus.CHANGES_PROPOSED,
        GoalStatus.CLOSED,
        GoalStatus.CANCELLED,
    ]
    people = [org["staff_a"], org["colleague_a"], more_a, org["staff_b"], org["head_a"]]
    for i, person in enumerate(people):
        parent = cuc_b if person.unit_id == org["sec_b"].pk else (cuc_a if i % 2 else phong_a)
        for q in (1, 2, 4):
            make(
                f"Cá nhân {i} quý {q}",
                owner_person=person,
                parent=parent,
                program=egov if q != 4 else program,
                status=statuses[(i + q) % len(statuses)],
                period=quarter(q),
            )
    # Check-ins: one on track, one behind (at risk), so the flags differ.
    for goal, value, confidence in [(cuc_a, 80, "on_track"), (cuc_b, 5, "off_track")]:
        checkin_create(
            actor=SYSTEM,
            key_result=goal.key_results.get(),
            value=value,
            confidence=confidence,
            checked_on=date(2025, 6, 20),
        )
    Goal.objects.filter(title="Cá nhân 3 quý 2").update(is_at_risk=True)
    return {"ministry": ministry, "cuc_a": cuc_a, "cuc_b": cuc_b, "phong_a": phong_a, **org}


@pytest.fixture
def viewers(goals, org_admin):
    plain = UserFactory(username="khach")
    leader = UserFactory(username="lanhdao")
    role_grant(
        actor=SYSTEM,
        user=leader,
        role=Role.UNIT_HEAD,
        unit=goals["dept_b"],
        valid_from=date(2020, 1, 1),
    )
    # A goal assigned by the plain user, unpublished, outside any unit of theirs.
    Goal.objects.filter(title="Chờ nhận").update(assigned_by=plain)
    return {
        "admin": org_admin,
        "head_a": goals["head_a"].user,
        "staff_a": goals["staff_a"].user,
        "staff_b": goals["staff_b"].user,
        "head_b": leader,
        "plain": plain,
    }


def figures(viewer, units) -> dict:
    """Everything the dashboard and the trees show of the goals' counts, on several dates."""
    out = {}
    for on in DATES:
        lines = programme_lines(on=on)
        counts = dashboard.line_goal_counts(viewer=viewer, lines=lines, on=on)
        out[("cards", on)] = {
            key: (row["total"], row["top"], row["at_risk"]) for key, row in counts.items()
        }
        out[("at risk", on)] = [
            (e["unit"].pk, e["total"], e["at_risk"])
            for e in selectors.at_risk_by_unit(viewer=viewer, on=on)
        ]
        for unit in units:
            for period_on in (on, None):
                roots = selectors.goal_tree(viewer=viewer, unit=unit, period_on=period_on)
                out[("tree", unit.pk, on, period_on)] = tree_counts(roots)
    return out


def tree_counts(nodes) -> list:
    return [(g.pk, g.people_goal_count, tree_counts(g.subgoals)) for g in nodes]


def live(viewer, units, monkeypatch) -> dict:
    with monkeypatch.context() as m:
        m.setattr(rollups, "figures_are_stored", lambda: False)
        return figures(viewer, units)


def units_of(goals):
    return [goals[k] for k in ("root", "dept_a", "sec_b")]


def test_stored_figures_equal_the_live_ones_for_every_viewer(goals, viewers, monkeypatch):
    units = units_of(goals)
    assert not rollups.figures_are_stored()
    before = {name: figures(user, units) for name, user in viewers.items()}  # live: none kept
    result = rollups.rollups_refresh()
    assert result["unit rows"] > 10 and result["child rows"] > 5
    assert rollups.figures_are_stored()
    for name, user in viewers.items():
        stored = figures(user, units)
        assert stored == before[name], name
        assert stored == live(user, units, monkeypatch), name
    # The figures are not all empty: the ministry sees goals and goals at risk.
    admin = before["admin"]
    assert all(admin[("cards", d)] for d in DATES)  # 2026: the successor's line
    assert any(r[2] for d in DATES for r in admin[("at risk", d)])
    assert any(n for key, v in admin.items() if key[0] == "tree" for _g, n, _s in v)


def test_stored_figures_are_read_from_the_roll_ups_not_the_goals(goals, viewers):
    rollups.rollups_refresh()
    lines = programme_lines(on=DATES[1])
    with CaptureQueriesContext(connection) as captured:
        dashboard.line_goal_counts(viewer=viewers["admin"], lines=lines, on=DATES[1])
        selectors.at_risk_by_unit(viewer=viewers["admin"], on=DATES[1])
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    assert "goals_unitgoalrollup" in sql and '"goals_goal"' not in sql
    with CaptureQueriesContext(connection) as captured:
        selectors.goal_tree(viewer=viewers["admin"], unit=goals["dept_a"], period_on=DATES[1])
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    assert not [q for q in counts if '"goals_goal"' in q]
    assert any("goals_goalchildrollup" in q["sql"] for q in captured.captured_queries)


def test_figures_follow_changes_once_refreshed(
    goals, viewers, monkeypatch, django_capture_on_commit_callbacks
):
    units = units_of(goals)
    goals_refresh_nightly(today=date(2025, 6, 30))
    assert GoalRollupState.objects.count() == 1
    admin = viewers["admin"]
    first = figures(admin, units)
    assert first == live(admin, units, monkeypatch)
    # The test's transaction never commits: start as after the set-up's commit, so the
    # changes below register their own after-commit recount (run on leaving the block).
    setattr(connection, rollups._PENDING_ATTR, None)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        # A new personal goal, a goal closed, one moved under another parent, one deleted.
        make(
            "Mới",
            owner_person=goals["staff_b"],
            parent=goals["cuc_b"],
            program=goals["cuc_b"].program,
        )
        closed = Goal.objects.get(title="Dịch vụ công")
        closed.status = GoalStatus.CLOSED
        closed.save(update_fields=["status", "updated_at"])
        moved = Goal.objects.get(title="Cá nhân 0 quý 1")
        moved.parent = goals["cuc_a"]
        moved.save()
        Goal.objects.get(title="Không thuộc chương trình").delete()
        # A check-in that puts a goal at risk (its flags change in bulk, not by save()).
        checkin_create(
            actor=SYSTEM,
            key_result=goals["phong_a"].key_results.get(),
            value=1,
            confidence="off_track",
            checked_on=date(2025, 6, 25),
        )
    assert len(callbacks) == 1  # one recount for the whole transaction
    for name, user in viewers.items():
        assert figures(user, units) == live(user, units, monkeypatch), name
    changed = figures(admin, units)
    assert changed != first
    # And a change made around save() (bulk) shows after the nightly rebuild.
    Goal.objects.filter(title="Nháp").update(status=GoalStatus.ACTIVE)
    goals_refresh_nightly(today=date(2025, 6, 30))
    assert figures(admin, units) == live(admin, units, monkeypatch)


def test_without_a_first_rebuild_the_pages_count_live(goals, viewers, client):
    assert not rollups.figures_are_stored()
    client.force_login(viewers["admin"])
    assert client.get("/goals/dashboard/").status_code == 200
    assert client.get(f"/goals/units/{goals['dept_a'].pk}/?on=2025-06-30").status_code == 200
    rollups.rollups_refresh()
    assert client.get("/goals/dashboard/").status_code == 200
    assert client.get(f"/goals/units/{goals['dept_a'].pk}/?on=2025-06-30").status_code == 200
