from django.db import models
from django.utils.translation import gettext_lazy as _

from .law import NAMES


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
