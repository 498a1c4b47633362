"""1% a day, seen by a unit (issue 13, point 3): how many of its people — the units under it
included — kept the working-day streak in the month of the goal tree's date, and how many
recorded at least one improvement; shown on the unit's goal tree to those who may see its
people, in a bounded number of queries whatever the number of people."""

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import PersonFactory
from thidua.goals.models import DailyLog
from thidua.goals.rollup_models import StreakRollupMonth
from thidua.goals.services import daily_log_add
from thidua.goals.streak_rollups import streak_rollups_refresh, streak_rollups_refresh_nightly
from thidua.goals.streaks import UnitStreaks, unit_streak_panel
from thidua.goals.streaks import unit_streaks as live_unit_streaks

pytestmark = pytest.mark.usefixtures("official_calendar")

MONDAY = date(2026, 12, 7)  # working days before it in December: Tue 1 – Fri 4
DEC = [date(2026, 12, d) for d in (1, 2, 3, 4)]
# September 2025: Mon 1 and Tue 2 are Quốc khánh holidays, then 20 working days to Tue 30.
SEPT_2025 = [date(2025, 9, d) for d in range(3, 31) if date(2025, 9, d).weekday() < 5]


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: MONDAY)
    return MONDAY


def improved(person, *days: date, improvement: bool = True) -> None:
    DailyLog.objects.bulk_create(
        DailyLog(person=person, logged_on=d, text="Cải tiến nhỏ", is_improvement=improvement)
        for d in days
    )


@pytest.fixture(params=["live", "stored"])
def unit_streaks(request):
    """The counts live from the entries, or from the stored days per unit once the month is
    rebuilt (as the nightly refresh does): the same figures either way."""

    def counts(*, unit, on: date | None = None):
        if request.param == "stored":
            streak_rollups_refresh(months=[on or MONDAY])
            assert StreakRollupMonth.objects.filter(month=(on or MONDAY).replace(day=1)).exists()
        return live_unit_streaks(unit=unit, on=on)

    return counts


def test_a_weekend_does_not_break_the_streak_a_missed_day_does(org, today, unit_streaks):
    improved(org["staff_a"], *DEC)  # Tue–Fri, then the weekend: kept on Monday
    improved(org["colleague_a"], DEC[0], DEC[1], DEC[3])  # Thursday missed
    improved(org["head_a"], *DEC, improvement=False)  # notes, not improvements
    counts = unit_streaks(unit=org["dept_a"])
    assert (counts.people, counts.kept, counts.active) == (3, 1, 2)
    assert (counts.required_days, counts.until) == (4, date(2026, 12, 4))
    assert counts.is_current_month


def test_a_person_of_a_child_unit_counts_in_the_parent_not_in_a_sibling(org, today, unit_streaks):
    improved(org["staff_a"], *DEC)  # Phòng A1, under Cục A
    improved(org["staff_b"], *DEC)  # Phòng B1, under Cục B
    assert unit_streaks(unit=org["sec_a"]).kept == 1
    assert unit_streaks(unit=org["dept_a"]).kept == 1
    assert unit_streaks(unit=org["dept_b"]).kept == 1
    root = unit_streaks(unit=org["root"])
    assert (root.people, root.kept, root.active) == (4, 2, 2)


def test_holidays_do_not_break_a_streak_in_a_past_month(org, today, unit_streaks):
    # Every working day of September 2025, none on the holidays (1–2/9) or at weekends.
    improved(org["staff_a"], *SEPT_2025)
    improved(org["colleague_a"], *SEPT_2025[:-1])  # missed the month's last working day
    counts = unit_streaks(unit=org["dept_a"], on=date(2025, 9, 15))
    assert len(SEPT_2025) == 20
    assert (counts.kept, counts.active, counts.required_days) == (1, 2, 20)
    assert counts.until == date(2025, 9, 30) and not counts.is_current_month


def test_a_month_still_to_come_has_nothing_to_keep(org, today, unit_streaks):
    counts = unit_streaks(unit=org["dept_a"], on=date(2027, 1, 15))
    assert (counts.kept, counts.active, counts.required_days, counts.until) == (0, 0, 0, None)


@pytest.mark.parametrize("stored", [False, True])
def test_the_counts_take_a_bounded_number_of_queries(
    org, today, django_assert_max_num_queries, stored
):
    for i in range(30):
        improved(PersonFactory(unit=[org["sec_a"], org["sec_b"], org["dept_a"]][i % 3]), *DEC)
    if stored:
        streak_rollups_refresh(months=[MONDAY])
    # The calendar and its weekly days off, whether the month is stored, then its rows (one)
    # or the people and the entries (two).
    with django_assert_max_num_queries(4 if stored else 5):
        counts = live_unit_streaks(unit=org["root"])
    assert (counts.people, counts.kept, counts.active) == (34, 30, 30)


def test_a_new_entry_recounts_a_stored_month(org, today, django_capture_on_commit_callbacks):
    improved(org["staff_a"], *DEC[:3])
    streak_rollups_refresh(months=[MONDAY])
    assert live_unit_streaks(unit=org["dept_a"]).kept == 0
    with django_capture_on_commit_callbacks(execute=True):
        daily_log_add(
            actor=org["staff_a"].user,
            person=org["staff_a"],
            text="Gộp hai biểu mẫu",
            logged_on=DEC[3],
            is_improvement=True,
        )
    assert live_unit_streaks(unit=org["dept_a"]).kept == 1
    with django_capture_on_commit_callbacks(execute=True):
        DailyLog.objects.get(logged_on=DEC[0]).delete()
    assert (
        live_unit_streaks(unit=org["dept_a"]).kept,
        live_unit_streaks(unit=org["dept_a"]).active,
    ) == (0, 1)


def test_the_nightly_refresh_stores_this_and_last_month_and_months_with_entries(org, today):
    improved(org["staff_a"], *SEPT_2025)
    streak_rollups_refresh_nightly(today=MONDAY)
    assert set(StreakRollupMonth.objects.values_list("month", flat=True)) == {
        date(2025, 9, 1),
        date(2026, 11, 1),
        date(2026, 12, 1),
    }
    assert live_unit_streaks(unit=org["root"], on=date(2025, 9, 15)).kept == 1


def test_only_those_who_may_see_the_units_people_get_the_counts(org, today):
    assert unit_streak_panel(viewer=org["head_a"].user, unit=org["sec_a"]) is not None
    assert unit_streak_panel(viewer=org["head_a"].user, unit=org["dept_b"]) is None
    assert unit_streak_panel(viewer=org["staff_b"].user, unit=org["dept_a"]) is None


def _tree(client, user, unit, on: date | None = None) -> str:
    client.force_login(user)
    url = reverse("goals:unit_tree", args=[unit.pk])
    return client.get(url, {"on": on.isoformat()} if on else {}).content.decode()


def test_the_head_sees_this_months_panel_on_the_tree(org, today, client):
    improved(org["staff_a"], *DEC)
    improved(org["colleague_a"], DEC[0])
    body = _tree(client, org["head_a"].user, org["dept_a"])
    panel = body.split('id="unit-streaks"')[1].split("</section>")[0]
    assert "1% mỗi ngày trong tháng này" in panel
    assert "1 trên 3 người giữ được chuỗi “1% mỗi ngày” trong tháng này." in panel
    assert "4 ngày làm việc từ 01/12/2026 đến 04/12/2026" in panel
    assert "2 người đã ghi ít nhất một cải tiến trong tháng này." in panel


def test_the_tree_on_a_date_in_2025_counts_that_month(org, today, client):
    improved(org["staff_a"], *SEPT_2025)
    improved(org["colleague_a"], *DEC)  # this month's: not counted for September 2025
    body = _tree(client, org["head_a"].user, org["dept_a"], on=date(2025, 9, 15))
    panel = body.split('id="unit-streaks"')[1].split("</section>")[0]
    assert "1% mỗi ngày trong tháng 09/2025" in panel
    assert "1 trên 3 người giữ được chuỗi “1% mỗi ngày” trong tháng 09/2025." in panel
    assert "20 ngày làm việc từ 01/09/2025 đến 30/09/2025" in panel
    assert "1 người đã ghi ít nhất một cải tiến trong tháng 09/2025." in panel
    assert "hôm nay" not in panel


def test_the_tree_on_the_last_day_there_is_says_no_working_day_has_passed(org, today, client):
    body = _tree(client, org["head_a"].user, org["dept_a"], on=date(9999, 12, 31))
    assert "Tháng 12/9999 chưa qua ngày làm việc nào." in body


def test_a_staff_member_of_another_unit_does_not_see_the_panel(org, today, client):
    improved(org["staff_a"], *DEC)
    assert 'id="unit-streaks"' not in _tree(client, org["staff_b"].user, org["dept_a"])
    assert 'id="unit-streaks"' not in _tree(
        client, org["staff_b"].user, org["dept_a"], on=date(2025, 9, 15)
    )


def test_large_counts_are_written_the_vietnamese_way(rf):
    from django.template.loader import render_to_string
    from django.utils import translation

    counts = UnitStreaks(
        people=100_000,
        kept=12_345,
        active=54_321,
        month_start=date(2026, 12, 1),
        required_days=4,
        until=date(2026, 12, 4),
    )
    with translation.override("vi"):
        html = render_to_string("goals/partials/_unit_streaks.html", {"s": counts})
    assert "12.345 trên 100.000 người giữ được chuỗi" in html
    assert "54.321 người đã ghi ít nhất một cải tiến" in html


def test_the_page_keeps_a_bounded_number_of_queries(
    org, today, client, django_assert_max_num_queries
):
    client.force_login(org["head_a"].user)
    url = reverse("goals:unit_tree", args=[org["dept_a"].pk])
    client.get(url)  # warm the per-process caches
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for _ in range(20):
        improved(PersonFactory(unit=org["sec_a"]), *DEC)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url).content.decode()
    assert "20 trên 23 người giữ được chuỗi" in body
