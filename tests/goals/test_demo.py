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
    assert Program.objects.count() == 8
    gdp = Indicator.objects.get(name="Tỷ trọng kinh tế số trong GDP")
    assert (gdp.target_value, gdp.target_on.year) == (Decimal(20), 2025)
    enterprises = Indicator.objects.get(name="Số doanh nghiệp công nghệ số")
    assert (enterprises.baseline_value, enterprises.target_value) == (
        Decimal(50000),
        Decimal(100000),
    )
    gci = Indicator.objects.get(name__contains="GCI")
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
    assert Goal.objects.filter(owner_person__user__username="canbo", status="assigned").exists()
