"""Cycle time of award proposals (thidua.goals.cycle_time): from the day a proposal is made
to the day its commendation decision is signed. The office counts every proposal, a head
those their units made; each links to the proposal, shown only when the viewer may open it."""

from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thidua.awards.rules import is_emulation_office
from thidua.goals.cycle_time import (
    CycleKind,
    Opened,
    ViewerReach,
    local_date,
    register,
    top_unit_paths,
    unit_names,
)
from thidua.org.rules import viewer_scope

from .choices import ProposalStatus
from .models import Proposal
from .selectors.council import proposal_list

KIND = "awards.proposal"
WAITING = [
    ProposalStatus.SUBMITTED,
    ProposalStatus.CHECKED,
    ProposalStatus.IN_COUNCIL,
    ProposalStatus.APPROVED,
]


def proposals():
    """Proposals past their draft: made (a local date) → decision signed."""
    return Proposal.objects.exclude(status=ProposalStatus.DRAFT).annotate(
        c_start=local_date("created_at"),
        c_end=F("decision__signed_on"),
        c_path=F("proposing_unit__path"),
    )


def reach(viewer) -> ViewerReach:
    """Proposals are a unit's private data: the office sees all, a head their units'."""
    if not viewer.is_authenticated:
        return ViewerReach()
    if is_emulation_office(viewer):
        return ViewerReach(everything=True)
    return ViewerReach(paths=viewer_scope(viewer).unit_paths)


def opened(viewer, ids: list[int]) -> dict[int, Opened]:
    return {
        p.pk: Opened(str(p), reverse("awards:proposal_detail", args=[p.pk]), p.proposing_unit.name)
        for p in proposal_list(viewer=viewer).filter(pk__in=ids)
    }


def register_award_kinds() -> None:
    register(
        CycleKind(
            key=KIND,
            label=_("Award proposals (made → decided)"),
            order=50,
            items=proposals,
            reach=reach,
            opened=opened,
            group_names=unit_names,
            top_paths=top_unit_paths,
            dates=True,
            open_q=Q(status__in=WAITING),
        )
    )
