"""A head verifies the value a key result now holds beside it, without opening its history
(walk-through of 06/12/2026, F14: thutruong had to open each "Lịch sử cập nhật" to find
"Xác minh"); only the latest check-in — the one that sets the value — is offered there, the
owner gets no button, and once verified the value reads so."""

from datetime import date

import pytest
from django.urls import reverse

from thidua.goals.models import CheckIn
from thidua.goals.services import checkin_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2025, 7, 1))


def test_the_latest_check_in_is_verified_beside_the_value(cascade, org, client):
    kr = cascade["personal"].key_results.get(title="Hồ sơ số hoá")
    hoa = org["staff_a"].user
    older = checkin_create(
        actor=hoa, key_result=kr, value=100, confidence="on_track", checked_on=date(2025, 5, 30)
    )
    latest = checkin_create(
        actor=hoa, key_result=kr, value=250, confidence="on_track", checked_on=date(2025, 6, 30)
    )
    url = reverse("goals:detail", args=[cascade["personal"].pk])
    verify_latest = reverse("goals:verify", args=[latest.pk])
    verify_older = reverse("goals:verify", args=[older.pk])

    client.force_login(hoa)
    assert verify_latest not in client.get(url).content.decode()  # her own check-in

    client.force_login(org["head_a"].user)
    page = client.get(url).content.decode()
    assert page.count(verify_latest) == 2  # beside the value, and in the history
    assert page.count(verify_older) == 1  # in the history only
    assert page.index(verify_latest) < page.index("Lịch sử cập nhật")

    client.post(verify_latest)
    assert CheckIn.objects.get(pk=latest.pk).is_verified
    page = client.get(url).content.decode()
    assert verify_latest not in page
    assert page.index(verify_older) > page.index("Lịch sử cập nhật")
