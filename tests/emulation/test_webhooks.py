"""An approved rating is told to the subscribed systems (the HR database)."""

import json

from thidua.core import webhooks
from thidua.core.models import WebhookEndpoint
from thidua.emulation.services import ratings as services

from .test_ratings_services import (  # noqa: F401 (fixtures)
    _rated_staff,
    drafting,
    frozen_today,
    score_month,
)


def test_approving_a_rating_sends_the_level_to_the_hr_system(
    org,
    drafting,  # noqa: F811
    minister,
    webhook_receiver,
    django_capture_on_commit_callbacks,
):
    WebhookEndpoint.objects.create(
        name="CSDL cán bộ",
        url=webhook_receiver.url,
        secret=webhooks.secret_new(),
        events=["emulation.rating.approved"],
    )
    staff, rating = _rated_staff(org, drafting)
    services.rating_self_assess(actor=staff.user, rating=rating, text="Đã hoàn thành tốt.")
    with django_capture_on_commit_callbacks(execute=True):
        services.rating_propose(actor=org["head_a"].user, rating=rating, level="HTT")
    assert webhook_receiver.received == []  # a proposal is not an approval
    with django_capture_on_commit_callbacks(execute=True):
        services.rating_approve(actor=minister.user, rating=rating, level="HT")
    [received] = webhook_receiver.received
    data = json.loads(received.body)["data"]
    assert data["rating"]["level"] == "HT" and data["rating"]["year"] == 2026
    assert data["rating"]["level_label"] == "Hoàn thành nhiệm vụ"
    assert data["person"]["employee_code"] == staff.employee_code
