"""Permission predicates for Party work.

- The secretary of a body manages its resolutions, digests and — for a cell — its
  meetings. The secretary is whoever holds a PARTY_SECRETARY role scoped to the body (the
  committee office's, given and ended by hand), or whose Party membership valid today is
  the body's secretary or deputy secretary (`org.rules.secretary_memberships`): recording a
  new secretary's membership, by any path, gives her the rights that day and takes them from
  her predecessor; ending or changing it ends them. Nothing is stored for the latter, so
  nothing can outlive the membership; the change is audited as
  `party.secretary_rights.began|ended` (`org.services.party_rights`).
- An office covering a body (a secretary role on an ancestor body: the committee office)
  sees and manages that body's resolutions, campaigns, members and inspections, and sees
  its meetings.
- State and Party are kept apart: a ministry-wide state role (administrator, emulation
  office, leadership) or a Django superuser account gives no Party right by itself — only a
  Party role over the body does (`Scope.covers_party_path`).
- A member is moved, added or closed only by someone who manages both the person's current
  Party place and the target body (`can_manage_member`, `org.rules.party_places`).
- A member of a cell sees its meetings and proposes solutions; members see digests only
  once a campaign has sent them (`selectors.digest_visible_to_member`).
"""

import re

import rules
from django.utils import timezone

from thidua.org.choices import Role
from thidua.org.models import PartyMembership
from thidua.org.rules import party_places, viewer_scope

from .models import Campaign


@rules.predicate
def is_secretary_of(user, body) -> bool:
    if body is None or not user.is_authenticated:
        return False
    scope = viewer_scope(user)
    return Role.PARTY_SECRETARY in scope.roles and body.path in scope.party_paths


@rules.predicate
def covers_party_body(user, body) -> bool:
    return (
        body is not None
        and user.is_authenticated
        and viewer_scope(user).covers_party_path(body.path)
    )


@rules.predicate
def is_member_of_cell(user, cell) -> bool:
    if cell is None or not user.is_authenticated:
        return False
    person_id = viewer_scope(user).person_id
    return (
        person_id is not None
        and PartyMembership.objects.as_of(timezone.localdate())
        .filter(person_id=person_id, organization=cell)
        .exists()
    )


@rules.predicate
def can_manage_member(user, person) -> bool:
    """Whether the user manages the person's current Party place: the body of their current
    membership, or — for a person who is not a member — the Party body of their unit (the
    nearest unit above with one; the top bodies when there is none)."""
    if person is None or not user.is_authenticated:
        return False
    scope = viewer_scope(user)
    places = party_places([person]).get(person.pk, [])
    return any(scope.covers_party_path(path) for path in places)


@rules.predicate
def can_manage_resolution(user, resolution) -> bool:
    return resolution is not None and covers_party_body(user, resolution.body)


@rules.predicate
def can_manage_meeting(user, meeting) -> bool:
    return meeting is not None and is_secretary_of(user, meeting.cell)


@rules.predicate
def can_view_meeting(user, meeting) -> bool:
    return meeting is not None and (
        covers_party_body(user, meeting.cell) or is_member_of_cell(user, meeting.cell)
    )


@rules.predicate
def can_propose_solution(user, meeting) -> bool:
    return meeting is not None and (
        is_member_of_cell(user, meeting.cell) or is_secretary_of(user, meeting.cell)
    )


@rules.predicate
def follows_whole_campaign(user, campaign) -> bool:
    """Who sends a campaign — the resolution's body's secretary or the committee office
    above it — follows every member it reached; anyone else who sees it (a cell's secretary
    whose cell it reached) follows only the members of the bodies under their own Party
    scope (`selectors.campaign_progress`, `selectors.acknowledgement_rates`)."""
    return campaign is not None and can_manage_resolution(user, campaign.digest.resolution)


@rules.predicate
def reminds_own_members(user, campaign) -> bool:
    """A secretary whose body a sent campaign reached (a cell's, following the committee's
    campaign) sees which of her own members — those of the bodies under her Party scope — have
    not acknowledged it and reminds them, and only them (`services.remind`); the resolution's
    managers remind everyone (`follows_whole_campaign`). Walk-through C1 of 06/12/2026."""
    if campaign is None or campaign.dispatch_id is None or not user.is_authenticated:
        return False
    scope = viewer_scope(user)
    if Role.PARTY_SECRETARY not in scope.roles:
        return False
    reached = [body.path for body in campaign.bodies.all()]
    return any(mine.startswith(path) for mine in scope.party_paths for path in reached)


# Party work's messages: every dispatch the Party app sends is labelled "party.…"; a
# campaign's is "party.campaign#<id>", its reminders "party.campaign#<id>#remind-<days>".
DISPATCH_PREFIX = "party."
_CAMPAIGN_LABEL = re.compile(r"party\.campaign#(\d+)(?:#|$)")


def campaign_of_dispatch(dispatch) -> Campaign | None:
    """The campaign a Party dispatch (its message or a reminder) was sent for, or None."""
    found = _CAMPAIGN_LABEL.match(getattr(dispatch, "source_label", "") or "")
    if found is None:
        return None
    campaign = (
        Campaign.objects.select_related("digest__resolution__body")
        .filter(pk=int(found.group(1)), dispatch__isnull=False)
        .first()
    )
    if campaign is None:
        return None
    if dispatch.source_label == campaign.source_label and campaign.dispatch_id != dispatch.pk:
        return None  # a label that is not this campaign's own message
    return campaign


@rules.predicate
def follows_party_dispatch(user, dispatch) -> bool:
    """messaging's progress rule for "party.…" dispatches (registered in apps.py through
    `messaging.rules.register_progress_rule`, as messaging may not import this app): a
    campaign's message and reminders are followed on messaging's progress page by whoever
    follows the whole campaign (`follows_whole_campaign`) — never by a state role, nor by
    their author once they no longer manage it. A cell's secretary follows their own cell's
    part on the campaign's page (`selectors.campaign_progress`), not there. A Party dispatch
    that is no campaign's is followed by no one there."""
    if dispatch is None or not user.is_authenticated:
        return False
    campaign = campaign_of_dispatch(dispatch)
    return campaign is not None and follows_whole_campaign(user, campaign)


rules.add_perm("party.upload_resolution", covers_party_body)
rules.add_perm("party.manage_resolution", can_manage_resolution)
rules.add_perm("party.manage_meeting", can_manage_meeting)
rules.add_perm("party.view_meeting", can_view_meeting)
rules.add_perm("party.propose_solution", can_propose_solution)
rules.add_perm("party.manage_inspections", covers_party_body)
rules.add_perm("party.manage_member", can_manage_member)


@rules.predicate
def can_view_inspection(user, inspection) -> bool:
    """An inspection's content (findings, follow-ups, subject) is Party work: only those whose
    Party scope covers the body that made it. A good practice proposed from it shares its
    text and unit only (goals.GoodPractice); following it back here asks this."""
    return inspection is not None and covers_party_body(user, inspection.by_body)


rules.add_perm("party.view_inspection", can_view_inspection)
