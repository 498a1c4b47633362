"""The month's facts in brief (goals.review_brief, the giao ban agenda's): the same figures as
the monthly review, its lists cut in the database; a key result silent on a day by the rule
written out here over the raw check-ins — whether the key result's stored last check-in is
that day's or a later one."""

from datetime import date, timedelta
from decimal import Decimal
from random import Random

import pytest

from thidua.core.actors import SYSTEM
from thidua.goals.choices import Confidence, GoalStatus
from thidua.goals.constants import CHECKIN_STALE_DAYS
from thidua.goals.models import CheckIn, Goal, KeyResult
from thidua.goals.review import monthly_review
from thidua.goals.review_brief import month_brief
from thidua.goals.services import checkin_create, goal_create

pytestmark = pytest.mark.django_db

TODAY = date(2025, 12, 10)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def goals(org):
    """Twelve goals of the two departments and their sections, in force in 2025 or in its
    third quarter only, two or three key results each, check-ins scattered from July to
    December (some after the days asked, some reaching the target), some goals at risk."""
    rng = Random(2025)
    units = [org["dept_a"], org["sec_a"], org["dept_b"], org["sec_b"]]
    made = []
    for n in range(12):
        quarter = n % 3 == 0
        goal = goal_create(
            actor=SYSTEM,
            title=f"Mục tiêu {n:02d}",
            owner_unit=units[n % 4],
            period_kind="quarter" if quarter else "year",
            period_start=date(2025, 7, 1) if quarter else date(2025, 1, 1),
            period_end=date(2025, 9, 30) if quarter else date(2025, 12, 31),
            status=GoalStatus.ACTIVE,
            key_results=[
                {"title": f"KR {n:02d}-{k}", "baseline": 0, "target": 10} for k in range(2 + n % 2)
            ],
        )
        made.append(goal)
        first = date(2025, 7, 1)
        span = (min(goal.period_end, TODAY) - first).days
        for kr in goal.key_results.order_by("id"):
            for _ in range(rng.randrange(0, 4)):
                checkin_create(
                    actor=SYSTEM,
                    key_result=kr,
                    value=rng.choice([2, 5, 8, 10]),
                    confidence=Confidence.ON_TRACK,
                    checked_on=first + timedelta(days=rng.randrange(0, span + 1)),
                )
    at_risk = [g.pk for g in made[::3]] + [made[4].pk]
    Goal.objects.filter(pk__in=at_risk).update(is_at_risk=True)
    return made


def silent_by_rule(*, on: date, start: date, end: date) -> list[int]:
    """Key results of active goals in force in the month, written out over the check-ins:
    the last check-in on or before `on` is older than CHECKIN_STALE_DAYS and short of the
    target, or there is none and the goal started before that; none due before the month."""
    cutoff = on - timedelta(days=CHECKIN_STALE_DAYS)
    silent = []
    for kr in KeyResult.objects.select_related("goal"):
        goal = kr.goal
        if goal.status != GoalStatus.ACTIVE or goal.period_start > end or goal.period_end < start:
            continue
        if kr.due_date is not None and kr.due_date < start:
            continue
        last = (
            CheckIn.objects.filter(key_result=kr, checked_on__lte=on)
            .order_by("-checked_on", "-id")
            .first()
        )
        never = last is None and goal.period_start < cutoff
        if never or (last is not None and last.checked_on < cutoff and last.progress < Decimal(1)):
            silent.append(kr.pk)
    return silent


@pytest.mark.parametrize(
    ("year", "month", "on"),
    [
        (2025, 9, date(2025, 9, 30)),  # key results checked in since: read from the check-ins
        (2025, 9, date(2025, 9, 12)),  # the meeting's day, within its month
        (2025, 11, date(2025, 11, 30)),
        (2025, 12, TODAY),  # the month under way: every stored check-in is that day's
    ],
)
def test_silent_key_results_follow_the_rule_on_the_day_asked(org, goals, year, month, on):
    start, end = date(year, month, 1), date(year, month, 28)
    expected = silent_by_rule(on=on, start=start, end=end)
    checked_since = KeyResult.objects.filter(last_checkin_on__gt=on).exists()
    assert checked_since == (on < TODAY)  # both ways of reading the last check-in are tried
    viewer = org["head_a"].user
    brief = month_brief(viewer=viewer, year=year, month=month, units=[None], on=on, rows=100)
    assert brief.overdue_total == len(expected)
    assert sorted(c.key_result_id for c in brief.overdue_checkins) == sorted(expected)
    # never checked in first, then the longest silent; each counted to the day asked
    days = [c.days_since if c.days_since is not None else 10**6 for c in brief.overdue_checkins]
    assert days == sorted(days, reverse=True)
    for c in brief.overdue_checkins:
        if c.last_checkin_on is not None:
            assert c.days_since == (on - c.last_checkin_on).days > CHECKIN_STALE_DAYS
    # cut at `rows`, the total still whole
    cut = month_brief(viewer=viewer, year=year, month=month, units=[None], on=on, rows=2)
    assert cut.overdue_total == len(expected)
    assert [c.key_result_id for c in cut.overdue_checkins] == [
        c.key_result_id for c in brief.overdue_checkins[:2]
    ]


@pytest.mark.parametrize("month", [9, 12])
def test_the_brief_gives_the_reviews_figures(org, goals, month):
    viewer = org["head_a"].user
    review = monthly_review(viewer=viewer, year=2025, month=month)
    brief = month_brief(
        viewer=viewer, year=2025, month=month, units=[None], on=TODAY, rows=AGENDA_ROWS
    )
    assert brief.reviewed == sum(p.goal_count for p in review.programmes)
    assert brief.at_risk_total == review.at_risk_total > 0
    weakest = sorted(
        (g for p in review.programmes for g in p.at_risk_goals), key=lambda g: g.progress
    )
    assert [g.progress for g in brief.at_risk_goals] == [g.progress for g in weakest][:AGENDA_ROWS]
    assert {(p.name, p.goal_count, p.at_risk_count) for p in brief.programmes} == {
        (p.name, p.goal_count, p.at_risk_count) for p in review.programmes
    }
    standings = sorted(
        (s.unit_id, s.progress, s.goal_count) for p in review.programmes for s in p.ranking
    )
    assert sorted((s.unit_id, s.progress, s.goal_count) for s in brief.standings) == standings


def test_a_units_brief_counts_only_its_goals(org, goals):
    viewer = org["head_a"].user
    both = month_brief(
        viewer=viewer, year=2025, month=9, units=[org["dept_a"], org["dept_b"]], on=TODAY, rows=50
    )
    a = month_brief(viewer=viewer, year=2025, month=9, units=[org["dept_a"]], on=TODAY, rows=50)
    b = month_brief(viewer=viewer, year=2025, month=9, units=[org["dept_b"]], on=TODAY, rows=50)
    assert a.reviewed and b.reviewed and both.reviewed == a.reviewed + b.reviewed
    assert both.overdue_total == a.overdue_total + b.overdue_total
    assert both.at_risk_total == a.at_risk_total + b.at_risk_total
    in_a = set(
        Goal.objects.filter(scope_unit__path__startswith=org["dept_a"].path).values_list(
            "pk", flat=True
        )
    )
    assert {g.goal_id for g in a.at_risk_goals} <= in_a
    assert {c.goal_id for c in a.overdue_checkins} <= in_a


AGENDA_ROWS = 3


def test_a_programmes_indicators_behind_are_counted_once_over_several_units(org, program):
    """A block's meeting covers several units: the programme's national indicators behind are
    the programme's, named once, not once for each unit with goals in it."""
    from thidua.goals.models import Indicator, IndicatorValue

    for unit in (org["dept_a"], org["dept_b"]):
        goal_create(
            actor=SYSTEM,
            title=f"Chuyển đổi số {unit.name}",
            owner_unit=unit,
            program=program,
            period_kind="year",
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
            status=GoalStatus.ACTIVE,
            key_results=[{"title": "Hồ sơ số hoá", "baseline": 0, "target": 10}],
        )
    for name, value in (("Dịch vụ công toàn trình", "100"), ("Hồ sơ số hoá", "200")):
        indicator = Indicator.objects.create(
            program=program,
            name=name,
            baseline_value=Decimal(0),
            baseline_on=date(2020, 1, 1),
            target_value=Decimal(5000),
            target_on=date(2025, 12, 31),
            direction="up",
        )  # far below the line from 0 in 2020 to 5,000 at the end of 2025
        IndicatorValue.objects.create(
            indicator=indicator, measured_on=date(2025, 8, 31), value=value
        )
    viewer = org["head_a"].user
    kw = {"viewer": viewer, "year": 2025, "month": 9, "on": TODAY, "rows": 5}
    both = month_brief(units=[org["dept_a"], org["dept_b"]], **kw)
    one = month_brief(units=[org["dept_a"]], **kw)
    (line,) = [p for p in both.programmes if p.name == program.name]
    assert (
        line.indicators_behind == 2 == next(p for p in one.programmes if p.name).indicators_behind
    )
    assert line.goal_count == 2
