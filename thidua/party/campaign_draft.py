"""A Party campaign checked before it is created: who may send it, to which bodies, roles and
channels (a classified resolution in the app only). `campaign_create` saves what this
returns; the page's and the API's preview show it unsaved (thidua.party.services)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from thidua.messaging.choices import Channel
from thidua.org.choices import PartyOrgKind, PartyRole
from thidua.org.models import PartyOrganization

from . import rules
from .choices import AudienceKind, DigestStatus
from .models import Campaign, Digest


def classified_note() -> str:
    return _("Classified document: sent in the app only, never by e-mail or SMS.")


def campaign_draft(
    *,
    actor,
    digest: Digest,
    audience: str,
    bodies: list[PartyOrganization],
    roles: list[str] | None = None,
    channels: list[str] | None = None,
    sms_without_diacritics: bool = False,
) -> tuple[Campaign, list[PartyOrganization]]:
    """The campaign `campaign_create` makes from this input, checked, not saved (the page's and
    the API's preview before creating): (the draft, its bodies). A classified resolution goes
    in the app only, and the draft's `channels_note` says so."""
    resolution = digest.resolution
    if not rules.can_manage_resolution(actor, resolution):
        raise PermissionDenied(_("Only the body's secretary or its committee office sends it."))
    if digest.status != DigestStatus.APPROVED:
        raise ValidationError(_("Only approved key points are sent."))
    if audience not in AudienceKind.values:
        raise ValidationError({"audience": _("Unknown audience.")})
    bodies = list(bodies)
    if not bodies:
        raise ValidationError({"bodies": _("Choose at least one Party body.")})
    for body in bodies:
        if not rules.covers_party_body(actor, body):
            raise PermissionDenied(_("You may only send to Party bodies you cover."))
        if audience == AudienceKind.CELLS and body.kind != PartyOrgKind.CELL:
            raise ValidationError({"bodies": _("Choose Party cells only.")})
    roles = list(dict.fromkeys(roles or []))
    if set(roles) - set(PartyRole.values):
        raise ValidationError({"roles": _("Unknown Party role.")})
    if audience == AudienceKind.ROLES and not roles:
        raise ValidationError({"roles": _("Choose at least one Party role.")})
    channels = list(dict.fromkeys(channels or []))
    if set(channels) - set(Channel.values):
        raise ValidationError({"channels": _("Unknown channel.")})
    if Channel.IN_APP not in channels:
        channels.insert(0, Channel.IN_APP.value)
    note = ""
    if resolution.is_classified:
        channels = [Channel.IN_APP.value]
        note = classified_note()
    draft = Campaign(
        digest=digest,
        audience=audience,
        roles=roles,
        channels=channels,
        channels_note=note,
        sms_without_diacritics=sms_without_diacritics,
    )
    return draft, bodies
