from decimal import Decimal

from django.core.management import call_command

from thidua.goals.models import CheckIn, Goal, Indicator, IndicatorValue, KeyResult, Program


def counts():
    return tuple(m.objects.count() for m in (Program, Indicator, Goal, KeyResult, CheckIn))


def test_thidua_demo_loads_goals_once_with_the_seeds_targets(db):
    call_command("demo")
    first = counts()
    call_command("demo")
    assert counts() == first
    # The seeds' eight programmes of 2020–2025, each going on as an illustrative 2026–2030 one.
    seeds = Program.objects.filter(predecessor__isnull=True)
    assert seeds.count() == 8 and not seeds.filter(is_illustrative=True).exists()
    successors = Program.objects.filter(predecessor__in=seeds)
    assert successors.count() == 8 == Program.objects.count() - 8
    assert {(p.period_start.year, p.period_end.year) for p in successors} == {(2026, 2030)}
    assert all(p.is_illustrative and "minh hoạ" in p.source.lower() for p in successors)
    assert not Indicator.objects.filter(program__in=successors, is_illustrative=False).exists()
    gdp = Indicator.objects.get(name="Tỷ trọng kinh tế số trong GDP", program__in=seeds)
    assert (gdp.target_value, gdp.target_on.year) == (Decimal(20), 2025)
    enterprises = Indicator.objects.get(name="Số doanh nghiệp công nghệ số", program__in=seeds)
    assert (enterprises.baseline_value, enterprises.target_value) == (
        Decimal(50000),
        Decimal(100000),
    )
    gci = Indicator.objects.get(name__contains="GCI", program__in=seeds)
    assert gci.direction == "down"
    assert IndicatorValue.objects.filter(indicator=gci, measured_on__year=2019, value=50).exists()
    # Every figure not stated in the seeds is marked illustrative in its source.
    assert all(
        "minh hoạ" in i.source.lower() for i in Indicator.objects.filter(is_illustrative=True)
    )


def test_demo_cascade_has_a_realistic_mix_and_guides_the_staff_login(db):
    call_command("demo")
    goals_2025 = Goal.objects.filter(period_start__year=2025)
    assert goals_2025.filter(parent__isnull=True, program__isnull=False).count() == 8
    assert goals_2025.filter(owner_person__isnull=False, parent__owner_unit__isnull=False).exists()
    assert CheckIn.objects.filter(checked_on__year=2025).dates("checked_on", "month").count() == 12
    personal = Goal.objects.filter(owner_person__isnull=False, period_start__year=2025)
    assert personal.filter(progress__gte=Decimal("0.95")).exists()
    assert personal.filter(progress__lt=Decimal("0.7")).exists()
    assigned = Goal.objects.get(owner_person__user__username="canbo", status="assigned")
    # assigned by the head nearest above canbo's unit (the deputy minister over his Cục, which
    # has no head login), never by another Cục's head — who would then decide its proposed
    # changes (walk-through of 06/12/2026, F16)
    from thidua.org.rules import viewer_scope

    assert viewer_scope(assigned.assigned_by).covers_unit_path(assigned.scope_unit.path)
    assert assigned.assigned_by.username == "thutruong"
    # 1% a day: the staff login kept a streak of working days through weekends and holidays.
    from django.utils import timezone

    from thidua.goals.streaks import improvement_streak
    from thidua.org.models import Person

    canbo = Person.objects.get(user__username="canbo")
    assert improvement_streak(person=canbo, today=timezone.localdate()).days >= 30


def test_demo_goals_of_the_current_year_serve_the_successors_on_every_page(db):
    from datetime import date

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from thidua.goals.dashboard import ministry_dashboard
    from thidua.goals.review import monthly_review

    call_command("demo")
    today = timezone.localdate()
    tops = Goal.objects.filter(
        period_start__year=today.year, parent__isnull=True, owner_unit__depth=0
    )
    if today.year > 2025:
        assert {g.program.predecessor_id is not None for g in tops} == {True}
    viewer = get_user_model().objects.get(username="quantri")  # the administrator sees all
    for day in (date(2025, 6, 15), today):
        review = monthly_review(viewer=viewer, year=day.year, month=day.month)
        cards = ministry_dashboard(viewer=viewer, today=day).cards
        assert [p.program_id for p in review.programmes] == [c.program.pk for c in cards]
        assert len(cards) == 8
