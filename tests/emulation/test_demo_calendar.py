"""The demo's movements follow the calendar of the day of loading (issue 12: a 2026 movement
still "open for registration" in December read wrong to the emulation office, and no monthly
score could be entered against it): the year's movement is open for registration in the first
quarter, under way until the mid-year review, reviewed at mid-year until December's final
review; once its registration has closed, a three-month thematic campaign is open instead, so
a unit always has a movement to register for."""

from datetime import date

import pytest
from django.core.management import call_command

from thidua.emulation.choices import MovementKind, MovementStatus
from thidua.emulation.demo_calendar import campaign_movement, year_movement_status
from thidua.emulation.models import Movement


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2026, 1, 5), MovementStatus.REGISTRATION_OPEN),
        (date(2026, 3, 31), MovementStatus.REGISTRATION_OPEN),
        (date(2026, 4, 1), MovementStatus.IN_PROGRESS),
        (date(2026, 6, 30), MovementStatus.IN_PROGRESS),
        (date(2026, 7, 1), MovementStatus.MID_REVIEW),
        (date(2026, 11, 30), MovementStatus.MID_REVIEW),
        (date(2026, 12, 7), MovementStatus.FINAL_REVIEW),
        (date(2025, 12, 7), MovementStatus.REGISTRATION_OPEN),  # before its year
    ],
)
def test_the_years_movement_stands_where_the_calendar_puts_it(today, status):
    assert year_movement_status(today=today, year=2026) == status


@pytest.mark.parametrize(
    ("today", "start", "end"),
    [
        (date(2026, 4, 15), date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 10, 2), date(2026, 10, 1), date(2026, 12, 31)),
        (date(2026, 11, 30), date(2026, 11, 1), date(2027, 1, 31)),
        (date(2026, 12, 7), date(2026, 12, 1), date(2027, 2, 28)),
    ],
)
def test_a_campaign_runs_three_months_from_the_month_of_loading(today, start, end):
    name, kind, got_start, got_end, _programmes = campaign_movement(today=today)
    assert (got_start, got_end) == (start, end)
    assert kind == MovementKind.CAMPAIGN
    assert f"{start:%m/%Y}" in name and f"{end:%m/%Y}" in name


def test_no_campaign_while_the_years_registration_is_open():
    assert campaign_movement(today=date(2026, 2, 10)) is None


def test_the_demo_loaded_in_december_reviews_its_year_and_opens_a_campaign(db, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2026, 12, 7))
    call_command("demo")
    year = Movement.objects.get(kind=MovementKind.REGULAR, period_start=date(2026, 1, 1))
    assert year.status == MovementStatus.FINAL_REVIEW
    # registration has closed: every unit in scope took part
    assert year.registrations.count() == year.scope_units.count() > 0
    [open_movement] = Movement.objects.filter(status=MovementStatus.REGISTRATION_OPEN)
    assert open_movement.kind == MovementKind.CAMPAIGN
    assert (open_movement.period_start, open_movement.period_end) == (
        date(2026, 12, 1),
        date(2027, 2, 28),
    )
    # half the units have registered so far; the others still can
    assert 0 < open_movement.registrations.count() < open_movement.scope_units.count()
