"""Party bodies and memberships changed one at a time (issue 15, point 2), as the
administration's Party forms allow them — under the same Party rules (issue 10): only a
Party role over the body (its secretary, a committee office above it), never a state role.

- A new body goes under a body the actor covers (no new top body), through
  `org.services.party_org_create` after the checks a form would make (code not taken, the
  parent in force, a cell has no bodies under it).
- A body is renamed by whoever covers it; it is closed (dissolved) from a date by whoever
  covers the body above it, once no member and no body under it remain on that date.
- A membership is added, moved or given another Party role from a date through
  `org.services.party_membership_set` (which checks that the actor manages both the
  person's current Party place and the target body) after the date checks; ending one
  (transferred out, ended) needs the same right over the person (`can_manage_member`).
Each is one transaction and records an audit event; a membership change that gives or takes
a body's secretary rights (org.rules.secretary_memberships) records that too."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.actors import acting_as_system
from thidua.core.audit import audit_change, snapshot
from thidua.core.transitions import Flow, transition
from thidua.org import services as org_services
from thidua.org.choices import MembershipStatus, PartyOrgKind
from thidua.org.models import PartyMembership, PartyOrganization, Person, Unit
from thidua.org.services import party_rights

from .. import rules
from ..choices import PartyAudit

# How a membership ends (the status it keeps).
END_STATUSES = (MembershipStatus.TRANSFERRED, MembershipStatus.ENDED)
MEMBERSHIP_FLOW = Flow(
    "org.PartyMembership",
    {
        (held, end): PartyAudit.MEMBERSHIP_ENDED
        for held in (MembershipStatus.PROBATIONARY, MembershipStatus.OFFICIAL)
        for end in END_STATUSES
    },
)


def _refuse() -> PermissionDenied:
    return PermissionDenied(
        _("Only someone holding a Party role over this Party body may change it.")
    )


def _covers(actor, body: PartyOrganization | None) -> None:
    if not acting_as_system(actor) and not rules.covers_party_body(actor, body):
        raise _refuse()


def _in_force(body: PartyOrganization, on: date, field: str) -> None:
    if on < body.valid_from or (body.valid_to is not None and on >= body.valid_to):
        raise ValidationError({field: _("The Party body is not active on that day.")})


@transaction.atomic
def body_create(
    *,
    actor,
    code: str,
    name: str,
    kind: str,
    parent: PartyOrganization,
    valid_from: date,
    unit: Unit | None = None,
) -> PartyOrganization:
    """A new Party body under `parent` from `valid_from`."""
    _covers(actor, parent)
    code, name = code.strip(), " ".join(name.split())
    if parent.kind == PartyOrgKind.CELL:
        raise ValidationError({"parent_id": _("A Party cell has no Party bodies under it.")})
    _in_force(parent, valid_from, "valid_from")
    candidate = PartyOrganization(
        code=code, name=name, kind=kind, parent=parent, unit=unit, valid_from=valid_from
    )
    candidate.full_clean(exclude=["path", "depth"])
    return org_services.party_org_create(
        actor=actor,
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        unit=unit,
    )


@transaction.atomic
def body_rename(*, actor, body: PartyOrganization, name: str) -> PartyOrganization:
    _covers(actor, body)
    name = " ".join(name.split())
    if name == body.name:
        return body
    before = snapshot(body, ["name"])
    body.name = name
    body.full_clean(exclude=["path", "depth", "parent", "unit"])
    body.save(update_fields=["name", "updated_at"])
    audit_change(
        actor=actor,
        action=PartyAudit.PARTY_ORG_RENAMED,
        target=body,
        before=before,
        after=snapshot(body, ["name"]),
        code=body.code,
    )
    return body


@transaction.atomic
def body_close(*, actor, body: PartyOrganization, valid_to: date) -> PartyOrganization:
    """The body is dissolved from `valid_to`: decided by the body above it."""
    if body.parent_id is None:
        raise _refuse()
    _covers(actor, body.parent)
    if body.valid_to is not None:
        raise ValidationError(_("This Party body has already been dissolved."))
    if valid_to <= body.valid_from:
        raise ValidationError({"valid_to": _("A Party body ends after the day it began.")})
    if PartyOrganization.objects.as_of(valid_to).filter(parent=body).exists():
        raise ValidationError(
            _("Party bodies under this one are still active on that day: close them first.")
        )
    if PartyMembership.objects.as_of(valid_to).filter(organization=body).exists():
        raise ValidationError(
            _("Members still belong to this Party body on that day: move them first.")
        )
    before = snapshot(body, ["valid_to"])
    body.valid_to = valid_to
    body.save(update_fields=["valid_to", "updated_at"])
    audit_change(
        actor=actor,
        action=PartyAudit.PARTY_ORG_CLOSED,
        target=body,
        before=before,
        after=snapshot(body, ["valid_to"]),
        code=body.code,
    )
    return body


@transaction.atomic
def membership_set(
    *,
    actor,
    person: Person,
    organization: PartyOrganization,
    role: str,
    status: str,
    joined_party_on: date,
    valid_from: date,
) -> PartyMembership:
    """A membership from `valid_from` (closing the person's open one that day): a new
    member, a move to another body or another Party role."""
    if status in END_STATUSES:
        raise ValidationError({"status": _("A current membership is probationary or official.")})
    if joined_party_on > valid_from:
        raise ValidationError(
            {"joined_party_on": _("One joins the Party before or on the membership's first day.")}
        )
    _in_force(organization, valid_from, "valid_from")
    current = PartyMembership.objects.filter(person=person, valid_to__isnull=True).first()
    if current is not None and valid_from <= current.valid_from:
        raise ValidationError(
            {"valid_from": _("The new membership must begin after the current one began.")}
        )
    return org_services.party_membership_set(
        actor=actor,
        person=person,
        organization=organization,
        role=role,
        status=status,
        joined_party_on=joined_party_on,
        valid_from=valid_from,
    )


@transaction.atomic
def membership_role_change(
    *, actor, membership: PartyMembership, role: str, valid_from: date
) -> PartyMembership:
    """Another Party role in the same body from `valid_from`: the open membership ends that
    day and a new one begins (the history of roles is kept)."""
    if membership.valid_to is not None:
        raise ValidationError(_("This membership has already ended."))
    if role == membership.role:
        raise ValidationError({"role": _("The member already holds this Party role.")})
    return membership_set(
        actor=actor,
        person=membership.person,
        organization=membership.organization,
        role=role,
        status=membership.status,
        joined_party_on=membership.joined_party_on,
        valid_from=valid_from,
    )


@transaction.atomic
def membership_end(
    *, actor, membership: PartyMembership, valid_to: date, status: str
) -> PartyMembership:
    """The person's open membership ends on `valid_to` (transferred out, or ended)."""
    _covers(actor, membership.organization)
    if membership.valid_to is not None:  # the person's place is no longer this body
        raise ValidationError(_("This membership has already ended."))
    if not acting_as_system(actor) and not rules.can_manage_member(actor, membership.person):
        raise _refuse()
    if status not in END_STATUSES:
        raise ValidationError({"status": _("A membership ends as transferred out or ended.")})
    if valid_to <= membership.valid_from:
        raise ValidationError({"valid_to": _("A membership ends after the day it began.")})
    rights = party_rights.rights_held(body_ids=[membership.organization_id], days=[valid_to])
    ended = transition(
        membership,
        flow=MEMBERSHIP_FLOW,
        to=status,
        actor=actor,
        also={"valid_to": valid_to},
        audited=["valid_to", "status"],
        target=membership.person,  # a person's Party history is read on the person
        membership=membership.pk,
        organization=membership.organization.code,
    )
    party_rights.rights_record(actor=actor, before=rights, cause=PartyAudit.MEMBERSHIP_ENDED)
    return ended
