"""1% a day (seed 004): the improvement streak counts working days — weekends and holidays
neither count nor break it — the compounding 1,01ⁿ / 1,00ⁿ / 0,99ⁿ, and the unit's count of
people who kept the streak this month."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from thidua.core.actors import SYSTEM
from thidua.goals.models import DailyLog
from thidua.goals.services import daily_log_add
from thidua.goals.streaks import compounded, improvement_streak, unit_streaks

FRIDAY = date(2026, 12, 4)

# The official rows, reloaded if a transactional test flushed them.
pytestmark = pytest.mark.usefixtures("official_calendar")


@pytest.fixture
def today(monkeypatch):
    def set_today(day: date) -> date:
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
        return day

    set_today(FRIDAY)
    return set_today


def improved(person, *days: date) -> None:
    DailyLog.objects.bulk_create(
        DailyLog(person=person, logged_on=d, text="Cải tiến nhỏ", is_improvement=True) for d in days
    )


def test_a_weekend_does_not_break_the_streak(org, today):
    monday = today(date(2026, 12, 7))
    improved(org["staff_a"], date(2026, 12, 3), FRIDAY, monday)
    assert improvement_streak(person=org["staff_a"]).days == 3


def test_a_holiday_does_not_break_the_streak_and_a_make_up_saturday_counts(org, today):
    # Quốc khánh 2026: Sat 29/8 – Wed 2/9 off (31/8 swapped for Saturday 22/8).
    thursday = today(date(2026, 9, 3))
    improved(
        org["staff_a"],
        date(2026, 8, 21),
        date(2026, 8, 22),
        date(2026, 8, 24),
        date(2026, 8, 25),
        date(2026, 8, 26),
        date(2026, 8, 27),
        date(2026, 8, 28),
        thursday,
    )
    assert improvement_streak(person=org["staff_a"]).days == 8


def test_a_missed_make_up_saturday_breaks_the_streak(org, today):
    today(date(2026, 8, 25))
    improved(org["staff_a"], date(2026, 8, 21), date(2026, 8, 24), date(2026, 8, 25))
    assert improvement_streak(person=org["staff_a"]).days == 2


def test_a_missed_working_day_breaks_the_streak_today_does_not_yet(org, today):
    # Monday 30/11 logged, Tuesday 1/12 missed, Wednesday and Thursday logged; Friday (today)
    # not yet.
    improved(org["staff_a"], date(2026, 11, 30), date(2026, 12, 2), date(2026, 12, 3))
    streak = improvement_streak(person=org["staff_a"])
    assert streak.days == 2
    assert streak.today_is_working_day and not streak.logged_today


def test_no_improvement_yesterday_means_no_streak(org, today):
    improved(org["staff_a"], date(2026, 12, 1), date(2026, 12, 2))
    assert improvement_streak(person=org["staff_a"]).days == 0


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (date(2026, 9, 2), "Quốc khánh"),  # a public holiday, named
        (date(2026, 8, 31), "Nghỉ hoán đổi"),  # a swapped day off
        (date(2026, 11, 28), "nghỉ hằng tuần"),  # an ordinary Saturday
    ],
)
def test_an_improvement_on_a_day_off_is_refused_in_vietnamese(org, today, day, words):
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        daily_log_add(
            actor=org["staff_a"].user,
            person=org["staff_a"],
            text="Rút gọn biểu mẫu",
            logged_on=day,
            is_improvement=True,
        )
    message = refused.value.message_dict["logged_on"][0]
    assert words in message
    assert "chỉ tính ngày làm việc" in message
    assert not DailyLog.objects.exists()


def test_an_improvement_for_a_future_day_is_refused(org, today):
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        daily_log_add(
            actor=org["staff_a"].user,
            person=org["staff_a"],
            text="Sẽ làm",
            logged_on=date(2026, 12, 7),
            is_improvement=True,
        )
    assert "tương lai" in refused.value.message_dict["logged_on"][0]


def test_a_make_up_saturday_takes_an_improvement_and_a_holiday_takes_a_plain_note(org, today):
    daily_log_add(
        actor=SYSTEM,
        person=org["staff_a"],
        text="Làm bù",
        logged_on=date(2026, 8, 22),
        is_improvement=True,
    )
    daily_log_add(actor=SYSTEM, person=org["staff_a"], text="Trực lễ", logged_on=date(2026, 9, 2))
    assert DailyLog.objects.count() == 2


def test_compounding_figures():
    assert compounded(1.01, 365) == Decimal("37.78")  # seed 004: ≈ 37,8
    assert compounded(0.99, 365) == Decimal("0.03")
    assert compounded(1.0, 250) == Decimal("1.00")
    assert compounded(1.01, 250) == Decimal("12.03")


def test_the_streak_compounds_over_this_years_working_days_with_an_improvement(org, today):
    # Five working days this year with an improvement; a Saturday entry (legacy data) and one
    # of last year do not count.
    improved(
        org["staff_a"],
        date(2025, 12, 31),
        date(2026, 11, 28),
        date(2026, 11, 30),
        date(2026, 12, 1),
        date(2026, 12, 2),
        date(2026, 12, 3),
        FRIDAY,
    )
    streak = improvement_streak(person=org["staff_a"])
    assert streak.days == 5
    assert streak.improvement_days_this_year == 5
    assert streak.better == Decimal("1.05")  # 1,01⁵ = 1,0510…
    assert streak.same == Decimal("1.00")
    assert streak.worse == Decimal("0.95")  # 0,99⁵ = 0,9510…
    assert streak.working_days_in_year == 250
    assert streak.year_better == Decimal("12.03")


def test_the_unit_counts_who_kept_the_streak_this_month(org, today):
    # Working days of December before Friday 4/12: Tue 1, Wed 2, Thu 3.
    improved(org["staff_a"], date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3))
    improved(org["colleague_a"], date(2026, 12, 1), date(2026, 12, 3), FRIDAY)
    improved(org["staff_b"], date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3))  # Cục B
    improved(org["head_a"], date(2026, 11, 30))  # last month
    panel = unit_streaks(unit=org["dept_a"])
    assert (panel.people, panel.kept, panel.active) == (3, 1, 2)
    assert panel.required_days == 3 and panel.until == date(2026, 12, 3)
    assert unit_streaks(unit=org["root"]).kept == 2


def test_on_the_months_first_working_day_today_is_what_counts(org, today):
    today(date(2026, 12, 1))
    improved(org["staff_a"], date(2026, 12, 1))
    panel = unit_streaks(unit=org["dept_a"])
    assert (panel.kept, panel.required_days) == (1, 1)


def test_the_persons_page_shows_the_streak_the_compounding_and_the_chart(org, today, client):
    improved(org["staff_a"], date(2026, 12, 2), date(2026, 12, 3), FRIDAY)
    client.force_login(org["staff_a"].user)
    body = client.get(reverse("goals:mine")).content.decode()
    assert "Chuỗi liên tục: 3 ngày làm việc" in body
    assert "1,01<sup>3</sup> = <strong>1,03</strong>" in body
    assert "1,00<sup>3</sup> = 1,00" in body
    assert "0,99<sup>3</sup> = 0,97" in body
    assert "<h3>1% mỗi ngày</h3>" in body
    assert '<figure class="chart compounding">' in body and '<path d="M' in body
    assert "style=" not in body.split('id="streak"')[1].split("</figure>")[0]


def test_a_holiday_entry_through_the_page_is_refused_with_the_reason(org, today, client):
    client.force_login(org["staff_a"].user)
    response = client.post(
        reverse("goals:log_add"),
        {"text": "Cải tiến", "is_improvement": "on", "logged_on": "2026-09-02"},
        follow=True,
    )
    assert "02/09/2026 là ngày nghỉ lễ" in response.content.decode()
    assert not DailyLog.objects.exists()


def test_the_unit_head_sees_the_units_streak_panel_staff_do_not(org, today, client):
    improved(org["staff_a"], date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3))
    url = reverse("goals:unit_tree", args=[org["dept_a"].pk])
    client.force_login(org["head_a"].user)
    body = client.get(url).content.decode()
    assert 'id="unit-streaks"' in body
    assert "1% mỗi ngày trong tháng này" in body
    assert "1 trên 3 người giữ được chuỗi" in body
    client.force_login(org["staff_a"].user)
    assert 'id="unit-streaks"' not in client.get(url).content.decode()
