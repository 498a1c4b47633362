"""A signed commendation decision is told to the subscribed systems (the document register,
the HR database): its number, date and each award with the person's employee code."""

import json
from datetime import date

from thidua.awards.selectors import council as selectors
from thidua.awards.services import council as services
from thidua.core import webhooks
from thidua.core.models import WebhookEndpoint

from .test_council_services import (  # noqa: F401 (fixtures)
    approved_path,
    council,
    decision,
)


def test_signing_a_decision_sends_its_number_date_and_awards(
    officer,
    decision,  # noqa: F811
    webhook_receiver,
    django_capture_on_commit_callbacks,
    settings,
):
    settings.THIDUA_SITE_URL = "https://thidua.bo.gov.vn"
    endpoint = WebhookEndpoint.objects.create(
        name="Sổ văn bản",
        url=webhook_receiver.url,
        secret=webhooks.secret_new(),
        events=["awards.decision.signed"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.decision_sign(
            actor=officer.user, decision=decision, number="125/QĐ-BTN", signed_on=date(2026, 2, 1)
        )
    [received] = webhook_receiver.received
    assert webhooks.signature_valid(
        secret=endpoint.secret, header=received.headers["x-thidua-signature"], body=received.body
    )
    data = json.loads(received.body)["data"]
    assert data["decision"]["number"] == "125/QĐ-BTN"
    assert data["decision"]["signed_on"] == "2026-02-01"
    assert data["decision"]["url"] == f"https://thidua.bo.gov.vn/awards/decisions/{decision.pk}/"
    [award] = data["awards"]
    [proposal] = selectors.decision_proposals(decision)
    assert award["code"] == "LDTT" and award["id"] == proposal.award_id
    assert award["employee_code"] == proposal.person.employee_code
