"""The Party secretary's rights that memberships carry (`org.rules.secretary_memberships`),
recorded in the audit when a change of memberships gives or takes them.

The rights are derived from the memberships valid on a day, never stored: every path that
changes a membership moves them. Each path that writes memberships (the membership services,
the Party member import, the administration) takes `rights_held` of the bodies concerned on
the days the change takes effect before writing, and calls `rights_record` after: one event
per right that began or ended, on the person, with the body, the Party role and the day.

A Party secretary role granted by hand to the same person over the same body is the copy of
that post made before the rights followed the membership: it ends with the post (the role is
ended that day, audited as a revocation), so it cannot outlive it. A role over another body —
the committee office's over the committee — is never touched."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from thidua.core.audit import audit_change, audit_record, snapshot

from ..choices import OrgAudit, Role
from ..models import PartyMembership, Person, RoleAssignment
from ..rules import secretary_memberships

# (person id, body id) -> the membership carrying the right, on each day
Held = dict[date, dict[tuple[int, int], PartyMembership]]


@dataclass(frozen=True)
class RightsHeld:
    body_ids: frozenset[int]
    days: tuple[date, ...]
    held: Held


def _held(body_ids: frozenset[int], days: tuple[date, ...]) -> Held:
    """One query per day."""
    return {
        day: {
            (m.person_id, m.organization_id): m
            for m in secretary_memberships(day)
            .filter(organization_id__in=body_ids)
            .select_related("organization")
        }
        for day in days
    }


def rights_held(*, body_ids: Iterable[int | None], days: Iterable[date | None]) -> RightsHeld:
    """Who holds the secretary rights of these bodies by membership on these days."""
    bodies = frozenset(b for b in body_ids if b is not None)
    on = tuple(sorted({d for d in days if d is not None}))
    return RightsHeld(bodies, on, _held(bodies, on))


def rights_record(*, actor, before: RightsHeld, cause: str) -> int:
    """Record the rights that began or ended since `before` was taken (on its bodies and
    days), each once, on its first day; `cause` is the audit action of the membership change
    that moved them. Returns how many events were recorded."""
    after = _held(before.body_ids, before.days)
    seen: set[tuple[str, int, int]] = set()
    events = []
    for day in before.days:
        was, now = before.held[day], after[day]
        for action, rows, other in (
            (OrgAudit.PARTY_SECRETARY_RIGHTS_ENDED, was, now),
            (OrgAudit.PARTY_SECRETARY_RIGHTS_BEGAN, now, was),
        ):
            for key, membership in rows.items():
                if key in other or (action, *key) in seen:
                    continue
                seen.add((action, *key))
                events.append((action, membership, day))
    if not events:
        return 0
    people = Person.objects.in_bulk({m.person_id for _a, m, _d in events})
    for action, membership, day in events:
        person = people.get(membership.person_id)
        audit_record(
            actor=actor,
            action=action,
            target=person,  # a person's Party history is read on them
            organization=membership.organization.code,
            party_role=membership.role,
            on=day,
            membership=membership.pk,
            cause=str(cause),
        )
        if action == OrgAudit.PARTY_SECRETARY_RIGHTS_ENDED and person and person.user_id:
            _copied_role_end(actor, person.user_id, membership, day)
    return len(events)


def _copied_role_end(actor, user_id: int, membership: PartyMembership, day: date) -> None:
    for assignment in RoleAssignment.objects.as_of(day).filter(
        user_id=user_id, role=Role.PARTY_SECRETARY, party_organization=membership.organization_id
    ):
        role_end(actor=actor, assignment=assignment, valid_to=day, membership=membership.pk)


def role_end(*, actor, assignment: RoleAssignment, valid_to: date, **data) -> RoleAssignment:
    """End a role assignment on `valid_to` and audit it (ROLE_REVOKED, with `data`); the
    caller has checked the actor may."""
    before = snapshot(assignment, ["valid_to"])
    assignment.valid_to = valid_to
    assignment.save(update_fields=["valid_to"])
    audit_change(
        actor=actor,
        action=OrgAudit.ROLE_REVOKED,
        target=assignment,
        before=before,
        after=snapshot(assignment, ["valid_to"]),
        valid_to=valid_to.isoformat(),
        **data,
    )
    return assignment
