# ruff: noqa: F811 (the Party tests' fixtures, imported)
"""The sender of a campaign is led back to it (walk-through of 06/12/2026, F7): a campaign made
but not sent waits on her "Việc của tôi" until she sends it; once sent, and a week on (the
reminder form's default), the members who have not acknowledged it are counted there, leading
to the campaign's page where she reminds them — gone when all have. Not before the week, not
for anyone else (another cell's secretary, the committee office above her cell)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.messaging.models import Delivery
from thidua.party import services
from thidua.party.choices import AudienceKind
from thidua.party.nextsteps import party_next_steps

from .conftest import party, resolution_text  # noqa: F401
from .test_campaigns import _digest

pytestmark = pytest.mark.django_db


def own(user, prefix):
    return [s for s in party_next_steps(user) if s.key.startswith(prefix)]


def test_the_cells_secretary_sends_then_follows_her_campaign(
    client, party, resolution_text, django_capture_on_commit_callbacks
):
    secretary = party["secretary_a"].user
    digest = _digest(party, resolution_text, who="secretary_a", body="cell_a")
    campaign = services.campaign_create(
        actor=secretary, digest=digest, channels=["in_app"],
        audience=AudienceKind.CELLS, bodies=[party["cell_a"]],
    )  # fmt: skip
    [send] = own(secretary, "party.send:")
    assert send.title.startswith("Kiểm tra số liệu rồi gửi đợt quán triệt: ")
    client.force_login(secretary)
    assert client.get(send.url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_send(actor=secretary, campaign=campaign)
    assert not own(secretary, "party.send:")
    assert not own(secretary, "party.follow_own:")  # just sent: not yet a week

    campaign.refresh_from_db()
    campaign.sent_at -= timedelta(days=8)
    campaign.save(update_fields=["sent_at"])
    [follow] = own(secretary, "party.follow_own:")
    assert follow.count == 2  # herself and member_a
    assert "2 đảng viên chưa xác nhận quán triệt sau một tuần" in follow.title
    assert follow.url == reverse("party:campaign", args=[campaign.pk])
    assert 'value="remind"' in client.get(follow.url).content.decode()
    for who in ("secretary_b", "office", "member_a"):
        assert not own(party[who].user, "party.follow_own:"), who
        assert not own(party[who].user, "party.send:"), who

    now = timezone.now()
    Delivery.objects.filter(dispatch=campaign.dispatch).update(
        read_at=now, acknowledged_at=now, status="acknowledged"
    )
    assert not own(secretary, "party.follow_own:")
