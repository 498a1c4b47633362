"""What Party work tells other systems (webhooks, thidua.core.webhooks): a digest approved,
a campaign finished sending. A classified resolution is named by its number only."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.dispatch import receiver
from django.urls import reverse

from thidua.core.webhooks import site_url, webhook_publish
from thidua.messaging.choices import DeliveryStatus
from thidua.messaging.models import Delivery, Dispatch
from thidua.messaging.signals import dispatch_finished

from .models import Campaign, Resolution


def resolution_payload(resolution: Resolution) -> dict[str, Any]:
    """The resolution as another system may read it: never a classified one's title."""
    return {
        "id": resolution.pk,
        "number": resolution.number,
        "title": "" if resolution.is_classified else resolution.title,
        "classified": resolution.is_classified,
        "body_id": resolution.body_id,
        "issued_on": resolution.issued_on,
        "url": site_url(reverse("party:resolution", args=[resolution.pk])),
    }


@receiver(dispatch_finished, sender=Dispatch, dispatch_uid="party.campaign.finished")
def campaign_finished(sender, dispatch: Dispatch, **kwargs) -> None:
    """A campaign's own dispatch (not a reminder) finished: tell the subscribed systems."""
    campaign = (
        Campaign.objects.filter(dispatch=dispatch).select_related("digest__resolution").first()
    )
    if campaign is None:
        return
    counts = Delivery.objects.filter(dispatch=dispatch).aggregate(
        recipients=Count("person_id", distinct=True),
        failed=Count("pk", filter=Q(status=DeliveryStatus.FAILED)),
    )
    webhook_publish(
        event="party.campaign.finished",
        payload={
            "campaign": {
                "id": campaign.pk,
                "sent_at": campaign.sent_at,
                "finished_at": dispatch.finished_at,
                "channels": campaign.channels,
                "recipients": counts["recipients"],
                "failed_deliveries": counts["failed"],
                "url": site_url(reverse("party:campaign", args=[campaign.pk])),
            },
            "digest_id": campaign.digest_id,
            "resolution": resolution_payload(campaign.digest.resolution),
        },
    )
