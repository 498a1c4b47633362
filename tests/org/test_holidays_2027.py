"""Vietnam's public holidays of 2027 in the working calendar (migration 0009): Tết Dương lịch,
Tết Nguyên đán Đinh Mùi (mùng 1 = 6/2/2027; the span assumed until the schedule is announced,
marked so), Giỗ Tổ, 30/4–1/5 with the day made up, Quốc khánh — so the "1 % a day" streak
neither breaks nor counts over the new year and Tết."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from thidua.goals.models import DailyLog
from thidua.goals.services import daily_log_add
from thidua.goals.streaks import improvement_streak
from thidua.org.models import WorkCalendarDay
from thidua.org.work_calendar import is_working_day, work_calendar, working_days

# The official rows, reloaded if a transactional test flushed them.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("official_calendar")]


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 12, 31), True),
        (date(2027, 1, 1), False),  # Tết Dương lịch (a Friday)
        (date(2027, 1, 4), True),  # the first Monday of the year
        (date(2027, 2, 3), True),
        (date(2027, 2, 4), False),  # 28 tháng Chạp (assumed span)
        (date(2027, 2, 5), False),  # 29 tháng Chạp, giao thừa
        (date(2027, 2, 8), False),  # mùng 3 Tết Đinh Mùi (a Monday)
        (date(2027, 2, 10), False),  # mùng 5
        (date(2027, 2, 11), True),
        (date(2027, 4, 16), False),  # Giỗ Tổ Hùng Vương, 10/3 âm lịch
        (date(2027, 4, 30), False),
        (date(2027, 5, 3), False),  # 1/5 is a Saturday: made up on Monday
        (date(2027, 5, 4), True),
        (date(2027, 9, 2), False),
        (date(2027, 9, 3), False),  # the day next to Quốc khánh (assumed)
        (date(2027, 9, 6), True),
    ],
)
def test_the_2027_holidays_are_in_the_working_calendar(day, working):
    assert is_working_day(day) is working


def test_assumed_rows_say_so_with_the_labour_code_as_basis():
    tet = WorkCalendarDay.objects.get(day=date(2027, 2, 8))
    assert tet.name == "Tết Nguyên đán Đinh Mùi"
    assert "Bộ luật Lao động 2019" in tet.basis and "Điều 112" in tet.basis
    assert tet.confidence == "derived" and tet.note.startswith("Giả định")
    new_year = WorkCalendarDay.objects.get(day=date(2027, 1, 1))
    assert new_year.confidence == "official" and "Điều 112" in new_year.basis
    assert not WorkCalendarDay.objects.filter(day__year=2027, basis="").exists()
    # every 2027 row that no announcement backs is marked derived with a note
    for row in WorkCalendarDay.objects.filter(day__year=2027, confidence="derived"):
        assert row.note


def test_working_days_of_2027():
    """261 weekdays, less 11 weekdays off (1/1, five of Tết, 16/4, 30/4, 3/5, 2–3/9)."""
    calendar = work_calendar(start=date(2027, 1, 1), end=date(2027, 12, 31))
    assert len(working_days(date(2027, 1, 1), date(2027, 12, 31), calendar)) == 250


@pytest.fixture
def today(monkeypatch):
    def set_today(day: date) -> date:
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
        return day

    return set_today


def improved(person, *days: date) -> None:
    DailyLog.objects.bulk_create(
        DailyLog(person=person, logged_on=d, text="Cải tiến nhỏ", is_improvement=True) for d in days
    )


def test_the_streak_goes_on_over_the_new_year(org, today):
    today(date(2027, 1, 4))
    improved(org["staff_a"], date(2026, 12, 30), date(2026, 12, 31), date(2027, 1, 4))
    assert improvement_streak(person=org["staff_a"]).days == 3


def test_the_streak_goes_on_over_tet_2027(org, today):
    today(date(2027, 2, 11))
    improved(org["staff_a"], date(2027, 2, 2), date(2027, 2, 3), date(2027, 2, 11))
    assert improvement_streak(person=org["staff_a"]).days == 3


def test_an_improvement_dated_inside_tet_2027_is_refused(org, today):
    today(date(2027, 2, 11))
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        daily_log_add(
            actor=org["staff_a"].user,
            person=org["staff_a"],
            text="Cải tiến ngày Tết",
            logged_on=date(2027, 2, 9),
            is_improvement=True,
        )
    assert "Tết Nguyên đán Đinh Mùi" in refused.value.message_dict["logged_on"][0]
