"""How the demo's monthly check-ins go in time: the share of the target reached by a month,
the day each is recorded and the years already reviewed (walk-through of 07/12/2026: the
head's list of check-ins to verify says how long each has waited, the dashboard's
"ghi nhận → xác minh" has days to show, and no head is asked in December to verify last
year's plans)."""

import random
from datetime import date, datetime, time

from django.utils import timezone

from .models import CheckIn, KeyResult

REVIEWED_AFTER_DAYS = 31  # a year is reviewed, its check-ins verified, a month after it ends


def pace(profile: str, month: int, rng: random.Random) -> float:
    """Share of the year's target reached after `month` months, by how the work goes."""
    base = {"strong": 1.08, "steady": 0.95, "slow": 0.55, "stalled": 0.6}[profile] * month / 12
    return max(0.0, base + rng.uniform(-0.04, 0.04))


def year_reviewed(*, year: int, today: date) -> bool:
    """Whether `year` ended long enough before `today` for its review to have verified every
    check-in of its goals."""
    return (today - date(year, 12, 31)).days > REVIEWED_AFTER_DAYS


def recorded_on_their_day(*, key_results: list[KeyResult], day: date) -> int:
    """Dates the check-ins of `day` on `key_results` as recorded that afternoon, not when the
    demo was loaded (bulk_create stamps them now)."""
    at = timezone.make_aware(datetime.combine(day, time(15)))
    return CheckIn.objects.filter(key_result__in=key_results, checked_on=day).update(created_at=at)
