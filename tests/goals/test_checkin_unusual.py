"""A check-in far outside its key result's range asks for confirmation and says why."""

from datetime import date
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


# ---------------------------------------------------------------- every caller gets it
# The check lives in the services (issue 12, point 5): correcting a check-in on the page and
# creating or correcting one through the API ask for the same confirmation.
DAY = date(2025, 6, 30)


@pytest.fixture
def typed(cascade):
    """Hồ sơ số hoá (0 → 1.000) with an ordinary check-in of 500 by its owner."""
    from thidua.goals.services import checkin_create

    staff = cascade["staff_a"]
    key_result = cascade["personal"].key_results.get(title="Hồ sơ số hoá")
    made = checkin_create(
        actor=staff.user, key_result=key_result, value=500, confidence="on_track", checked_on=DAY
    )
    return staff, key_result, made


@pytest.mark.django_db
def test_the_services_refuse_an_unusual_value_unless_confirmed(typed):
    from django.core.exceptions import ValidationError

    from thidua.goals.checkin_checks import UnusualCheckIn
    from thidua.goals.services import checkin_create, checkin_update

    staff, key_result, made = typed
    with pytest.raises(UnusualCheckIn) as refused:
        checkin_create(
            actor=staff.user,
            key_result=key_result,
            value=88000,
            confidence="on_track",
            checked_on=DAY,
        )
    assert isinstance(refused.value, ValidationError)
    assert "lần trước là 500" in refused.value.message_dict["value"][0]
    with pytest.raises(UnusualCheckIn):
        checkin_update(actor=staff.user, checkin=made, value=88000)
    made.refresh_from_db()
    assert made.value == Decimal(500) and CheckIn.objects.filter(key_result=key_result).count() == 1
    # unchanged value (only the comment corrected): nothing to confirm again
    checkin_update(actor=staff.user, checkin=made, value=500, comment="Sửa ghi chú")
    checkin_update(actor=staff.user, checkin=made, value=88000, confirmed=True)
    assert CheckIn.objects.get(pk=made.pk).value == Decimal(88000)


@pytest.mark.django_db
def test_the_page_asks_before_correcting_to_an_unusual_value(client, typed):
    staff, key_result, made = typed
    client.force_login(staff.user)
    url = reverse("goals:checkin_edit", args=[made.pk])
    data = {"value": "88.000", "comment": "Sửa"}

    asked = client.post(url, data)
    page = asked.content.decode()
    assert asked.status_code == 200 and "nằm xa ngoài khoảng" in page
    assert 'name="confirm_unusual"' in page and 'value="88.000"' in page
    made.refresh_from_db()
    assert made.value == Decimal(500) and made.comment == ""

    confirmed = client.post(url, {**data, "confirm_unusual": "on"})
    assert confirmed.status_code == 302
    made.refresh_from_db()
    assert made.value == Decimal(88000) and made.comment == "Sửa"


@pytest.mark.django_db
def test_the_api_refuses_an_unusual_new_check_in_unless_confirmed(client, typed):
    staff, key_result, _made = typed
    client.force_login(staff.user)
    url = f"/api/v1/goals/key-results/{key_result.pk}/check-ins"
    body = {"value": "88000", "confidence": "on_track", "checked_on": "2025-06-30"}

    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 422
    [error] = refused.json()["detail"]
    assert error["loc"] == ["body", "value"]
    assert "88.000 nằm xa ngoài khoảng" in error["msg"] and "1.000" in error["msg"]
    assert CheckIn.objects.filter(key_result=key_result).count() == 1

    saved = client.post(url, {**body, "confirmed": True}, content_type="application/json")
    assert saved.status_code == 201, saved.content
    assert Decimal(saved.json()["value"]) == 88000


@pytest.mark.django_db
def test_the_api_refuses_an_unusual_upload_unless_confirmed(client, typed):
    from django.core.files.uploadedfile import SimpleUploadedFile

    staff, key_result, _made = typed
    client.force_login(staff.user)
    url = f"/api/v1/goals/key-results/{key_result.pk}/check-ins/with-evidence"

    def form(**extra):
        pdf = SimpleUploadedFile("bb.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
        return {
            "value": "88.000",
            "confidence": "on_track",
            "checked_on": "2025-06-30",
            "evidence": pdf,
            **extra,
        }

    refused = client.post(url, form())
    assert (
        refused.status_code == 422 and "nằm xa ngoài khoảng" in refused.json()["detail"][0]["msg"]
    )
    assert CheckIn.objects.filter(key_result=key_result).count() == 1
    assert client.post(url, form(confirmed="true")).status_code == 201


@pytest.mark.django_db
def test_the_api_refuses_an_unusual_correction_unless_confirmed(client, typed):
    staff, _key_result, made = typed
    client.force_login(staff.user)
    url = f"/api/v1/goals/check-ins/{made.pk}"
    etag = client.get(url)["ETag"]

    def patch(body):
        return client.patch(url, body, content_type="application/json", HTTP_IF_MATCH=etag)

    refused = patch({"value": "88000"})
    assert refused.status_code == 422
    [error] = refused.json()["detail"]
    assert error["loc"] == ["body", "value"] and "lần trước" not in error["msg"]
    assert "nằm xa ngoài khoảng" in error["msg"]
    assert CheckIn.objects.get(pk=made.pk).value == Decimal(500)

    saved = patch({"value": "88000", "confirmed": True})
    assert saved.status_code == 200, saved.content
    assert CheckIn.objects.get(pk=made.pk).value == Decimal(88000)
