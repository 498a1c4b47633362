"""A check-in far outside its key result's range asks for confirmation and says why."""

from decimal import Decimal

import pytest
from django.urls import reverse

from thidua.goals.checkin_checks import checkin_unusual
from thidua.goals.models import CheckIn


@pytest.mark.django_db  # the thresholds are agency settings
def test_a_value_far_outside_the_range_is_unusual():
    reason = checkin_unusual(
        baseline=Decimal(0), target=Decimal(6), previous=Decimal(5), value=Decimal(88)
    )
    assert reason and "88" in reason and "6" in reason and "lần trước là 5" in reason
    assert (
        checkin_unusual(
            baseline=Decimal(0), target=Decimal(6), previous=Decimal(5), value=Decimal(6)
        )
        is None
    )
    # a fall back to the baseline is a big jump, but within the range: fine
    assert (
        checkin_unusual(
            baseline=Decimal(0), target=Decimal(6), previous=Decimal(5), value=Decimal(0)
        )
        is None
    )
    # a decreasing key result: 40 → 10, a typed 1000 is unusual
    assert checkin_unusual(
        baseline=Decimal(40), target=Decimal(10), previous=None, value=Decimal(1000)
    )
    # vi numbers in the sentence
    assert "8,5" in checkin_unusual(
        baseline=Decimal(0), target=Decimal(1), previous=None, value=Decimal("8.5")
    )


@pytest.mark.django_db
def test_the_page_asks_before_recording_an_unusual_value(client, cascade):
    key_result = cascade["personal"].key_results.get(title="Hồ sơ số hoá")  # 0 → 1.000
    client.force_login(cascade["staff_a"].user)
    url = reverse("goals:checkin", args=[key_result.pk])
    data = {"value": "88.000", "confidence": "on_track", "checked_on": "30/06/2025"}

    asked = client.post(url, data)
    assert asked.status_code == 200 and "nằm xa ngoài khoảng" in asked.content.decode()
    assert not CheckIn.objects.filter(key_result=key_result).exists()

    confirmed = client.post(url, {**data, "confirm_unusual": "on"})
    assert confirmed.status_code == 302
    assert CheckIn.objects.get(key_result=key_result).value == Decimal(88000)


@pytest.mark.django_db
def test_the_reason_is_in_the_readers_language():
    from django.utils import translation

    with translation.override("en"):
        reason = checkin_unusual(
            baseline=Decimal(0), target=Decimal(1), previous=Decimal("0.5"), value=Decimal("8.5")
        )
    assert reason.startswith("The value 8.5 lies far outside") and "last time it was 0.5" in reason
