"""A past year's paper dossier entered later keeps the day it was received: judged as of
that day, never dated in the future nor within the year of the achievement."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from thidua.awards.models import Proposal
from thidua.awards.services import council as services

pytestmark = pytest.mark.django_db


def test_a_dossier_received_earlier_is_dated_and_judged_on_that_day(org, histories):
    head = org["head_a"].user
    proposal = services.proposal_create(
        actor=head, code="LDTT", year=2025, person=histories["steady"]
    )
    today = timezone.localdate()

    for bad in (today + timedelta(days=1), date(2025, 12, 31)):
        with pytest.raises(ValidationError, match="Ngày nhận hồ sơ"):
            services.proposal_submit(actor=head, proposal=proposal, received_on=bad)
        assert Proposal.objects.get(pk=proposal.pk).received_on is None  # nothing half-sent

    services.proposal_submit(actor=head, proposal=proposal, received_on=date(2026, 1, 15))
    proposal.refresh_from_db()
    assert proposal.received_on == date(2026, 1, 15)
    assert proposal.verdict["received_on"] == "2026-01-15"
    assert proposal.verdict["eligible"] is True
