"""Who a campaign's reminder goes to, and under which label.

Who manages the resolution (its body's secretary, the committee office above) reminds every
member the message reached who has not acknowledged it. A secretary whose cell the campaign
reached — following the committee's campaign — reminds only her own members: those of the
bodies under her Party scope, current members, who have not acknowledged (walk-through C1
of 06/12/2026). Her reminder has a label of its own ("…#remind-7-by-<user id>"), so hers and
the committee office's are each sent once, and both count as the campaign's follow-ups.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from thidua.messaging.models import Delivery

from .. import rules
from ..models import Campaign
from ..selectors import campaign_dispatches, campaign_scoped_deliveries


def remind_scope(*, actor, campaign: Campaign, after_days: int) -> tuple[str, list[int], bool]:
    """(label, recipients' person ids, whole campaign?) of a reminder by `actor`, or
    PermissionDenied when they may not remind anyone of this campaign."""
    whole = rules.follows_whole_campaign(actor, campaign)
    if not whole and not rules.reminds_own_members(actor, campaign):
        raise PermissionDenied(_("Only the body's secretary or its committee office reminds."))
    label = f"{campaign.source_label}#remind-{after_days}"
    dispatch_id = campaign.dispatch_id
    sent = (
        Delivery.objects.filter(dispatch_id=dispatch_id)
        if dispatch_id is not None
        else Delivery.objects.none()  # not sent yet: nobody to remind
    )
    if not whole:
        label = f"{label}-by-{actor.pk}"
        sent = sent.filter(pk__in=campaign_scoped_deliveries(campaign, actor).values("pk"))
    acknowledged = Delivery.objects.filter(
        dispatch__in=campaign_dispatches(campaign), acknowledged_at__isnull=False
    ).values("person_id")
    recipients = list(
        sent.exclude(person_id__in=acknowledged)
        .values_list("person_id", flat=True)
        .distinct()
        .order_by()
    )
    return label, recipients, whole
