"""The demo on today's date (issue 12, walk-through of every role's working day on
07/12/2026): a year that ended more than a month ago was verified at its review, so a unit
head opening "Cập nhật tiến độ cần xác nhận" in December is not asked to verify last year's
plans ("Kế hoạch công tác năm 2025 của …") beside this year's; and each check-in is dated the
day it was recorded, so the list says how long it has waited and the dashboard's
"ghi nhận → xác minh" has days to show (all were "chờ từ" the day of loading)."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from thidua.goals.models import CheckIn, Goal
from thidua.goals.selectors import checkins_awaiting_verification


def closed_years() -> list[int]:
    """The years of the demo that ended more than a month before today."""
    today = timezone.localdate()
    return [y for y in (2025, today.year) if (today - date(y, 12, 31)).days > 31]


@pytest.mark.parametrize("username", ["truongdonvi", "thutruong"])
def test_no_head_is_asked_to_verify_a_year_closed_more_than_a_month_ago(demo_read_only, username):
    head = get_user_model().objects.get(username=username)
    goals = [work.goal_id for work in checkins_awaiting_verification(viewer=head)]
    assert goals  # this year's check-ins still wait for them
    years = set(Goal.objects.filter(pk__in=goals).values_list("period_end__year", flat=True))
    assert not years & set(closed_years())


def test_the_check_ins_of_a_closed_year_are_verified_and_this_years_still_wait(demo_read_only):
    for year in closed_years():
        assert not CheckIn.objects.filter(checked_on__year=year, verified_at__isnull=True).exists()
    this_year = CheckIn.objects.filter(checked_on__year=timezone.localdate().year)
    # the current year keeps its mix: recent check-ins wait for their heads
    assert this_year.filter(verified_at__isnull=True).exists()
    assert this_year.filter(verified_at__isnull=False).exists()


def test_a_check_in_waits_since_the_day_it_was_recorded_not_the_day_of_loading(demo_read_only):
    monthly = CheckIn.objects.filter(comment__startswith="Cập nhật tháng")
    assert monthly.exists()
    assert all(
        timezone.localtime(created).date() == checked_on
        for created, checked_on in monthly.values_list("created_at", "checked_on")
    )
    head = get_user_model().objects.get(username="truongdonvi")
    waiting = checkins_awaiting_verification(viewer=head)
    assert min(work.since for work in waiting).date() < timezone.localdate()
    # the dashboard's "ghi nhận → xác minh" counts days, never a verification before recording
    assert not any(
        verified < created
        for created, verified in monthly.filter(verified_at__isnull=False).values_list(
            "created_at", "verified_at"
        )
    )
