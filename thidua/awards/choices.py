from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.choices import AuditAction

from . import authority
from .law import NAMES

# The earliest year an award may be recorded for in the registry (and counted in its
# statistics): the Democratic Republic's first commendations.
REGISTRY_EARLIEST_YEAR = 1945


class AwardCode(models.TextChoices):
    """Titles and forms, with the codes of the eligibility engine (docs/eligibility.md)."""

    LDTT = "LDTT", NAMES["LDTT"]
    CSTDCS = "CSTDCS", NAMES["CSTDCS"]
    CSTD_BO = "CSTD_BO", NAMES["CSTD_BO"]
    CSTD_TQ = "CSTD_TQ", NAMES["CSTD_TQ"]
    TLDTT = "TLDTT", NAMES["TLDTT"]
    TLDXS = "TLDXS", NAMES["TLDXS"]
    CO_BO = "CO_BO", NAMES["CO_BO"]
    CO_CP = "CO_CP", NAMES["CO_CP"]
    GK = "GK", NAMES["GK"]
    BK_BO = "BK_BO", NAMES["BK_BO"]
    BK_TTG = "BK_TTG", NAMES["BK_TTG"]
    HCLD3 = "HCLD3", NAMES["HCLD3"]
    HCLD2 = "HCLD2", NAMES["HCLD2"]
    HCLD1 = "HCLD1", NAMES["HCLD1"]


class GrantingAuthority(models.TextChoices):
    """Whose decision grants the awards (awards/authority.py: who grants which title or form):
    the minister's is the ministry's own, signed by it; the higher ones are recorded when they
    come, the ministry having submitted a Tờ trình."""

    MINISTER = authority.MINISTER, authority.NAMES_VI[authority.MINISTER]
    PRIME_MINISTER = authority.PRIME_MINISTER, authority.NAMES_VI[authority.PRIME_MINISTER]
    PRESIDENT = authority.PRESIDENT, authority.NAMES_VI[authority.PRESIDENT]


class AwardKind(models.TextChoices):
    MERIT = "cong_trang", _("For merit (công trạng)")
    CAMPAIGN = "chuyen_de", _("For a campaign (chuyên đề)")
    SUDDEN = "dot_xuat", _("For a sudden feat (đột xuất)")
    SENIORITY = "nien_han", _("For seniority (niên hạn)")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted by the unit")
    CHECKED = "checked", _("Dossier checked by the office")
    IN_COUNCIL = "in_council", _("Before the council")
    APPROVED = "approved", _("Approved by the council")
    REJECTED = "rejected", _("Not approved")
    DECIDED = "decided", _("Decided")
    RETURNED = "returned", _("Returned to the unit")


class SessionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class BallotStatus(models.TextChoices):
    OPEN = "open", _("Voting")
    CLOSED = "closed", _("Counted")


class VoteChoice(models.TextChoices):
    YES = "yes", _("Agree")
    NO = "no", _("Disagree")
    ABSTAIN = "abstain", _("Abstain")


class RoundStep(models.TextChoices):
    """The steps of the yearly commendation round, in order."""

    RATINGS = "ratings", _("Individual ratings final")
    UNIT_RATINGS = "unit_ratings", _("Unit ratings")
    TITLES = "titles", _("Individual titles (LĐTT, CSTĐCS) and caps")
    COLLECTIVES = "collectives", _("Collective titles")
    FLAGS = "flags", _("Emulation flags")
    CHAINS = "chains", _("Higher titles and forms")
    PROPOSALS = "proposals", _("Proposals")


class RoundStepStatus(models.TextChoices):
    NOT_RUN = "not_run", _("Not run yet")
    RUNNING = "running", _("Running")
    COMPUTED = "computed", _("Computed, to be confirmed")
    CONFIRMED = "confirmed", _("Confirmed")
    FAILED = "failed", _("Stopped with a problem")


class AwardsAudit(AuditAction):
    """The awards app's audit actions: proposals, the council and its ballots, decisions, the
    registry of awards and the yearly commendation round."""

    # Proposals
    PROPOSAL_CREATED = "proposal.created", _("Award proposal created")
    PROPOSAL_CREATED_FROM_ROUND = (
        "proposal.created_from_round",
        _("Award proposal created from the yearly round"),
    )
    PROPOSALS_CREATED_FROM_ROUND = (
        "proposals.created_from_round",
        _("Award proposals created in bulk from the yearly round"),
    )
    PROPOSAL_SUBMITTED = "proposal.submitted", _("Award proposal submitted")
    PROPOSAL_RETURNED = "proposal.returned", _("Award proposal returned")
    PROPOSAL_EDITED = "proposal.edited", _("Returned award proposal completed by its unit")
    PROPOSAL_CHECKED = "proposal.checked", _("Award proposal checked")
    PROPOSAL_OVERRIDDEN = "proposal.overridden", _("Award proposal accepted by exception")
    PROPOSAL_IN_COUNCIL = "proposal.in_council", _("Award proposal sent to the council")
    PROPOSAL_DEFERRED = "proposal.deferred", _("Award proposal deferred to a later session")
    PROPOSAL_BALLOT_OPENED = "proposal.ballot_opened", _("Ballot opened on a proposal")
    PROPOSAL_APPROVED = "proposal.approved", _("Award proposal approved")
    PROPOSAL_REJECTED = "proposal.rejected", _("Award proposal rejected")
    PROPOSAL_DECIDED = "proposal.decided", _("Award proposal decided")

    # The council
    SESSION_CREATED = "session.created", _("Council session created")
    SESSION_ATTENDANCE = "session.attendance", _("Council attendance recorded")
    SESSION_RESCHEDULED = "session.rescheduled", _("Council session date changed")
    SESSION_PROPOSALS_ADDED = "session.proposals_added", _("Proposals added to a council session")
    SESSION_CLOSED = "session.closed", _("Council session closed")
    BALLOT_OPENED = "ballot.opened", _("Ballot opened")
    BALLOT_PARTICIPATED = "ballot.participated", _("Council member voted")
    BALLOT_CLOSED = "ballot.closed", _("Ballot closed")

    # Decisions and the registry
    DECISION_CREATED = "decision.created", _("Award decision drafted")
    DECISION_SIGNED = "decision.signed", _("Award decision signed")
    DECISION_RECORDED = (
        "decision.recorded",
        _("Award decision of a higher authority recorded"),
    )
    CERTIFICATE_LAYOUT_CHANGED = "certificate_layout.changed", _("Certificate layout changed")
    AWARD_RECORDED = "award.recorded", _("Award recorded in the registry")
    AWARD_REVOKED = "award.revoked", _("Award revoked")
    AWARD_IMPORTED = "award.imported", _("Awards imported")

    # The yearly round and the eligibility settings
    ROUND_STARTED = "awards.round_started", _("Commendation round opened")
    ROUND_STEP_CONFIRMED = "awards.round_step_confirmed", _("Round step confirmed")
    ROUND_STEP_REOPENED = "awards.round_step_reopened", _("Round step reopened")
    ROUND_VERDICT_CHOSEN = (
        "awards.round_verdict_chosen",
        _("Round verdict kept or dropped by the office"),
    )
    SETTINGS_CHANGED = "awards.settings_changed", _("Eligibility settings changed")
