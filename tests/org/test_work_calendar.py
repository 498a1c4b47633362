"""The working calendar: the official Vietnamese holidays of 2024–2026 as dated rows, the weekly
days off as an agency setting, and the pure functions that count working days."""

from datetime import date

import pytest

from thidua.core.actors import SYSTEM
from thidua.core.agency_settings import setting_override
from thidua.org.choices import CalendarDayKind
from thidua.org.models import WorkCalendarDay
from thidua.org.work_calendar import (
    WorkCalendar,
    is_working_day,
    work_calendar,
    working_days,
)

# The official rows, reloaded if a transactional test flushed them.
pytestmark = pytest.mark.usefixtures("official_calendar")


def test_a_weekend_and_a_holiday_are_not_working_days_a_make_up_saturday_is():
    calendar = WorkCalendar(
        days={
            date(2026, 9, 2): CalendarDayKind.HOLIDAY,
            date(2026, 8, 31): CalendarDayKind.DAY_OFF,
            date(2026, 8, 22): CalendarDayKind.WORKING,
        }
    )
    assert is_working_day(date(2026, 9, 3), calendar)  # Thursday
    assert not is_working_day(date(2026, 9, 5), calendar)  # Saturday
    assert not is_working_day(date(2026, 9, 2), calendar)  # Quốc khánh
    assert not is_working_day(date(2026, 8, 31), calendar)  # swapped day off
    assert is_working_day(date(2026, 8, 22), calendar)  # Saturday worked in exchange
    assert working_days(date(2026, 8, 28), date(2026, 9, 4), calendar) == [
        date(2026, 8, 28),
        date(2026, 9, 1),
        date(2026, 9, 3),
        date(2026, 9, 4),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2024, 2, 12), False),  # Tết Giáp Thìn
        (date(2024, 4, 29), False),  # swapped for Saturday 4/5
        (date(2024, 5, 4), True),
        (date(2024, 9, 3), False),
        (date(2025, 1, 29), False),  # mùng 1 Tết Ất Tỵ
        (date(2025, 4, 26), True),  # Saturday worked for Friday 2/5
        (date(2025, 5, 2), False),
        (date(2025, 9, 1), False),
        (date(2026, 1, 2), False),
        (date(2026, 1, 10), True),
        (date(2026, 2, 17), False),  # mùng 1 Tết Bính Ngọ
        (date(2026, 2, 23), True),
        (date(2026, 4, 27), False),  # Giỗ Tổ on a Sunday, made up on Monday
        (date(2026, 8, 22), True),
        (date(2026, 8, 31), False),
        (date(2026, 9, 1), False),
        (date(2026, 12, 4), True),
        (date(2026, 12, 5), False),  # an ordinary Saturday
    ],
)
def test_the_official_holidays_are_loaded(day, working):
    assert is_working_day(day) is working


@pytest.mark.django_db
def test_every_row_says_its_legal_basis_and_how_sure_it_is():
    rows = WorkCalendarDay.objects.all()
    assert rows.filter(day__year=2024).exists()
    assert rows.filter(day__year=2025).exists()
    assert rows.filter(day__year=2026).exists()
    assert not rows.filter(basis="").exists()
    derived = rows.get(day=date(2026, 4, 27))
    assert derived.confidence == "derived" and derived.note
    assert rows.get(day=date(2026, 2, 17)).name == "Tết Nguyên đán Bính Ngọ"


@pytest.mark.django_db
def test_working_days_of_2026():
    """261 weekdays, less 13 weekdays off (1–2/1, five of Tết, 27/4, 30/4, 1/5, 31/8, 1–2/9),
    plus the two Saturdays worked in exchange (10/1, 22/8)."""
    calendar = work_calendar(start=date(2026, 1, 1), end=date(2026, 12, 31))
    assert len(working_days(date(2026, 1, 1), date(2026, 12, 31), calendar)) == 250


@pytest.mark.django_db
def test_the_weekly_days_off_are_an_agency_setting():
    saturday = date(2026, 12, 5)
    assert not is_working_day(saturday)
    setting_override(
        actor=SYSTEM,
        key="org.weekdays_off",
        value=[6],
        reason="Làm việc cả thứ Bảy",
        valid_from=date(2026, 12, 1),
    )
    assert is_working_day(saturday)
    assert not is_working_day(date(2026, 12, 6))
    assert not is_working_day(date(2026, 9, 2))  # a holiday stays a holiday
    # dated: a Saturday before the change stays a day off
    assert not is_working_day(date(2026, 11, 28))
