"""Bulk-loaded history (the demo, the benchmarks) sets each key result's figures from its latest
check-in in one UPDATE (services.key_results_refresh_from_checkins). Its "current value
verified" flag read the latest check-in through a subquery bound one level too far in, so it
stayed False whenever the latest check-in was verified: on the demo 226 of 597 key results read
"chưa xác minh" and were counted as waiting for verification with nothing left to verify
(walk-through of 06/12/2026, thutruong on /goals/check-ins/to-verify/)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from thidua.goals.models import CheckIn, KeyResult
from thidua.goals.services import key_results_refresh_from_checkins

pytestmark = pytest.mark.django_db

VERIFIED = datetime(2025, 7, 1, 9, 0, tzinfo=UTC)


def _history(kr, *latest_first_verified: bool) -> None:
    """Check-ins at the end of each month back from June, the first the latest."""
    CheckIn.objects.bulk_create(
        CheckIn(
            key_result=kr,
            value=Decimal(100 * (len(latest_first_verified) - i)),
            checked_on=date(2025, 6 - i, 28),
            confidence="on_track",
            progress=Decimal("0.1"),
            target_then=kr.target,
            verified_at=VERIFIED if verified else None,
        )
        for i, verified in enumerate(latest_first_verified)
    )


def test_the_flag_follows_the_latest_check_in(cascade):
    kr = cascade["personal"].key_results.get(title="Hồ sơ số hoá")
    other = cascade["dept"].key_results.get()
    _history(kr, True, False)  # latest verified, an older one not
    _history(other, False, True)  # latest not verified, an older one verified

    key_results_refresh_from_checkins(key_result_ids=[kr.pk, other.pk])

    assert KeyResult.objects.get(pk=kr.pk).current_is_verified is True
    assert KeyResult.objects.get(pk=other.pk).current_is_verified is False
    assert KeyResult.objects.get(pk=kr.pk).current == Decimal(200)
