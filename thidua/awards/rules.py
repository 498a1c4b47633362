"""Permission predicates for awards: proposals, the council and its ballots, the registry,
the yearly round and the eligibility settings. Services and selectors check them (a page
only uses them to hide what the service would refuse anyway).

Who is the emulation office, a council member or the head of a unit is emulation's to say
(`thidua.emulation.rules`); this module says what each may do with awards."""

from __future__ import annotations

from typing import cast

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from thidua.core.actors import acting_as_system
from thidua.emulation.rules import heads_unit, is_council_member, is_emulation_office
from thidua.org.models import Person, Unit
from thidua.org.rules import viewer_scope

from .choices import ProposalStatus

__all__ = [
    "can_edit_returned",
    "can_propose",
    "can_see_ballots",
    "heads_unit",
    "is_council_member",
    "is_emulation_office",
    "may_propose_somewhere",
    "require_office",
]


def require_office(actor, *, system: bool = False, explain: bool = False) -> None:
    """Refuse (PermissionDenied, saying why when `explain`) anyone but the emulation office.
    `system=True`: the system (`SYSTEM`: the operator's command line, a background job) acts
    for the office; a missing actor (None) is refused either way."""
    if system and acting_as_system(actor):
        return
    if actor is None or not is_emulation_office(actor):
        if explain:
            raise PermissionDenied(_("Only the emulation & commendation office may do this."))
        raise PermissionDenied


def unit_of_subject(*, person: Person | None, unit: Unit | None) -> Unit:
    """The unit a proposal's subject belongs to: the person's unit, or the collective."""
    return person.unit if person is not None else cast(Unit, unit)


def can_propose(actor, *, person: Person | None = None, unit: Unit | None = None) -> bool:
    """The office, or a head whose subtree holds the person or the collective."""
    return is_emulation_office(actor) or heads_unit(
        actor, unit_of_subject(person=person, unit=unit)
    )


def heads_proposing_unit(actor, proposal) -> bool:
    """A head (or leader) whose scope covers the unit that made the proposal."""
    return heads_unit(actor, proposal.proposing_unit)


def can_edit_returned(actor, proposal) -> bool:
    """The office returned the proposal to its unit: the unit's head completes its text
    before sending it again. Nobody edits a proposal in any other status."""
    return proposal.status == ProposalStatus.RETURNED and heads_proposing_unit(actor, proposal)


@rules.predicate
def may_propose_somewhere(user) -> bool:
    """The office, or someone whose scope holds units (a head may propose their people)."""
    return is_emulation_office(user) or bool(viewer_scope(user).unit_paths)


@rules.predicate
def can_see_ballots(user) -> bool:
    """Council members vote; the office runs the ballots."""
    return is_council_member(user) or is_emulation_office(user)
