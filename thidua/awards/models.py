"""Awards: the registry of every award given, proposals with the engine's verdict, council
sessions with secret ballots, decisions and certificate layouts."""

import unicodedata
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.core.models import TimeStampedModel, status_is
from thidua.org.models import Person, Unit

from .choices import (
    AwardCode,
    AwardKind,
    BallotStatus,
    GrantingAuthority,
    ProposalStatus,
    RoundStep,
    RoundStepStatus,
    SessionStatus,
    VoteChoice,
)


class Decision(TimeStampedModel):
    """A commendation decision (quyết định khen thưởng). Its number comes from the agency's
    document register (văn thư) and is never invented by the platform."""

    number = models.CharField(
        pgettext_lazy("document number", "number"), max_length=120, blank=True
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=255)
    summary = models.CharField(_("subject (trích yếu)"), max_length=500)
    signer_name = models.CharField(_("signed by"), max_length=255, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=255, blank=True)
    authority = models.CharField(
        _("granting authority"),
        max_length=16,
        choices=GrantingAuthority.choices,
        default=GrantingAuthority.MINISTER,
        help_text=_(
            "Who decides the awards: the minister's decision is signed by the ministry; for the "
            "Prime Minister or the President the ministry submits them and records the decision."
        ),
    )
    # the ministry's Tờ trình for a higher authority: numbered once when drafted, in the
    # year's sequence ("15/TTr-BKHCN"); blank for the minister's own decision
    submission_number = models.CharField(
        _("submission number"), max_length=120, blank=True, editable=False
    )
    submission_year = models.PositiveSmallIntegerField(
        _("submission year"), null=True, blank=True, editable=False
    )
    submission_seq = models.PositiveIntegerField(
        _("submission sequence number"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("commendation decision")
        verbose_name_plural = _("commendation decisions")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission_year", "submission_seq"], name="one_submission_number_a_year"
            )
        ]

    def __str__(self) -> str:
        return self.number or self.summary

    @property
    def is_higher(self) -> bool:
        """Decided by a higher authority: the ministry submits and records, it does not sign."""
        return self.authority != GrantingAuthority.MINISTER


class Award(TimeStampedModel):
    """An award given (a row of the registry), to a person or a collective, for a year;
    imported history included."""

    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
        verbose_name=_("person"),
    )
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
        verbose_name=_("unit"),
    )
    code = models.CharField(_("title or form"), max_length=8, choices=AwardCode.choices)
    kind = models.CharField(
        _("kind"), max_length=12, choices=AwardKind.choices, default=AwardKind.MERIT
    )
    year = models.PositiveSmallIntegerField(_("year of the achievement"))
    decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
        verbose_name=_("decision"),
    )
    decision_number = models.CharField(_("decision number"), max_length=120)
    decision_date = models.DateField(_("decision date"))
    issuer = models.CharField(_("issued by"), max_length=255)
    imported = models.BooleanField(_("imported history"), default=False)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoke_reason = models.CharField(_("reason for revocation"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards registry")
        ordering = ["-year", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True)
                | Q(person__isnull=True, unit__isnull=False),
                name="award_one_recipient",
            ),
        ]
        indexes = [
            models.Index(fields=["year", "code"], name="award_year_code_idx"),
            # the registry's order (selectors.registry.award_list): its first page read from
            # the index instead of sorting a year's awards (10,553 at 10,000 people)
            models.Index(
                fields=["-year", "code", "-decision_date", "id"], name="award_registry_order_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} {self.year} — {self.person or self.unit}"


class Proposal(TimeStampedModel):
    """A unit's proposal (đề nghị khen thưởng) of a person or a collective for a title or a
    form, with the engine's verdict at submission and any officer's override."""

    proposing_unit = models.ForeignKey(
        Unit,
        verbose_name=_("proposing unit"),
        on_delete=models.PROTECT,
        related_name="proposals_made",
    )
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("person"),
    )
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("unit"),
    )
    code = models.CharField(_("title or form"), max_length=8, choices=AwardCode.choices)
    year = models.PositiveSmallIntegerField(_("year of the achievement"))
    received_on = models.DateField(_("dossier received on"), null=True, blank=True)
    achievements = models.TextField(_("achievements (summary)"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    is_in_council = status_is(ProposalStatus.IN_COUNCIL)
    verdict = models.JSONField(_("eligibility verdict"), default=dict, blank=True)
    override = models.BooleanField(_("verdict overridden"), default=False)
    override_reason = models.TextField(_("reason for the override"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("override by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    award = models.OneToOneField(
        Award,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal",
        verbose_name=_("award"),
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True)
                | Q(person__isnull=True, unit__isnull=False),
                name="proposal_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} {self.year} — {self.person or self.unit}"


class CouncilSession(TimeStampedModel):
    """A session of the emulation & commendation council (Hội đồng Thi đua – Khen thưởng)."""

    title = models.CharField(_("title"), max_length=300)
    held_on = models.DateField(_("held on"))
    status = models.CharField(
        _("status"), max_length=8, choices=SessionStatus.choices, default=SessionStatus.OPEN
    )
    is_open = status_is(SessionStatus.OPEN)
    proposals = models.ManyToManyField(
        Proposal, blank=True, related_name="sessions", verbose_name=_("proposals")
    )
    chair = models.ForeignKey(
        Person,
        verbose_name=_("chair"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("council session")
        verbose_name_plural = _("council sessions")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.title

    # A title that already names the meeting ("Phiên họp Hội đồng Thi đua – Khen thưởng năm
    # 2025") is not given the word again: "Phiên họp Phiên họp …" reads as a mistake.
    MEETING_WORDS = ("phiên họp", "cuộc họp", "kỳ họp", "họp ", "hội nghị", "session", "meeting")

    @property
    def names_the_meeting(self) -> bool:
        title = unicodedata.normalize("NFC", self.title).strip().casefold()  # typed or pasted
        return title.startswith(self.MEETING_WORDS)

    @property
    def display_name(self) -> str:
        """How pages and messages name the session: its title as it is when the title names
        the meeting, else the word and the title ("Phiên họp Xét khen thưởng năm 2025")."""
        if self.names_the_meeting:
            return self.title.strip()
        return _("Session %(title)s") % {"title": self.title.strip()}


class CouncilMember(models.Model):
    """A council member at a session, and whether they attend (absent members may vote in
    writing where the rule counts all members)."""

    session = models.ForeignKey(
        CouncilSession, on_delete=models.CASCADE, related_name="members", verbose_name=_("session")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="council_seats", verbose_name=_("person")
    )
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="one_seat_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.session}"


class Ballot(TimeStampedModel):
    """A secret ballot on one proposal, with the quorum and threshold in force when opened."""

    session = models.ForeignKey(
        CouncilSession, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("session")
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, related_name="ballots", verbose_name=_("proposal")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=BallotStatus.choices, default=BallotStatus.OPEN
    )
    is_open = status_is(BallotStatus.OPEN)
    rule = models.JSONField(_("quorum and threshold applied"), default=dict)
    result = models.JSONField(_("tally"), default=dict, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("secret ballot")
        verbose_name_plural = _("secret ballots")
        constraints = [
            models.UniqueConstraint(fields=["session", "proposal"], name="one_ballot_per_proposal")
        ]

    def __str__(self) -> str:
        return f"{self.proposal} ({self.get_status_display()})"


class BallotParticipation(models.Model):
    """That a member has voted on a ballot — once, enforced by the database — kept apart
    from the votes so a vote cannot be linked to its voter."""

    ballot = models.ForeignKey(
        Ballot,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("secret ballot"),
    )
    member = models.ForeignKey(
        CouncilMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("council member")
    )

    class Meta:
        verbose_name = _("ballot participation")
        verbose_name_plural = _("ballot participations")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "member"], name="one_vote_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} voted"


class BallotVote(models.Model):
    """A vote, with a random id and no voter and no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(
        Ballot, on_delete=models.CASCADE, related_name="votes", verbose_name=_("secret ballot")
    )
    choice = models.CharField(_("vote"), max_length=8, choices=VoteChoice.choices)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")

    def __str__(self) -> str:
        return self.get_choice_display()


class CertificateLayout(models.Model):
    """Where each field is printed on a pre-printed certificate blank (phôi), in millimetres,
    adjustable per printer."""

    code = models.CharField(
        _("title or form"), max_length=8, choices=AwardCode.choices, unique=True
    )
    page_width_mm = models.PositiveSmallIntegerField(_("page width (mm)"), default=297)
    page_height_mm = models.PositiveSmallIntegerField(_("page height (mm)"), default=210)
    fields = models.JSONField(
        _("field positions"),
        default=dict,
        help_text=_('{"name": {"x": 100, "y": 80, "size": 20}, ...}'),
    )
    offset_x_mm = models.DecimalField(
        _("printer offset x (mm)"), max_digits=5, decimal_places=1, default=0
    )
    offset_y_mm = models.DecimalField(
        _("printer offset y (mm)"), max_digits=5, decimal_places=1, default=0
    )

    class Meta:
        verbose_name = _("certificate layout")
        verbose_name_plural = _("certificate layouts")

    def __str__(self) -> str:
        return self.get_code_display()


class EligibilitySettings(models.Model):
    """The agency's eligibility settings (cấu hình xét khen thưởng) from a date on, in the
    engine's settings format (docs/eligibility.md): a change applies from its date, so an
    earlier round keeps the settings it was judged with."""

    valid_from = models.DateField(_("applies from"), unique=True)
    values = models.JSONField(_("settings"), default=dict, blank=True)
    reason = models.CharField(_("reason for the change"), max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("eligibility settings")
        verbose_name_plural = _("eligibility settings")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from:%d/%m/%Y}"


class CommendationRound(TimeStampedModel):
    """A year's commendation round (đợt xét thi đua, khen thưởng năm) run by the emulation
    office step by step: ratings → unit ratings → individual titles and caps → collective
    titles → emulation flags → higher titles and forms → proposals."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    received_on = models.DateField(
        _("dossiers received on"),
        help_text=_("Picks the rules and the agency's settings in force."),
    )
    settings_used = models.JSONField(_("eligibility settings used"), default=dict, blank=True)
    settings_from = models.DateField(_("settings in force from"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    job = models.ForeignKey(
        "core.Job",
        verbose_name=_("current background job"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("commendation round")
        verbose_name_plural = _("commendation rounds")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}"


class RoundStepResult(models.Model):
    """One step of a round: its status, counts and the lists it found (who is missing, who
    was capped, why)."""

    round = models.ForeignKey(
        CommendationRound,
        on_delete=models.CASCADE,
        related_name="steps",
        verbose_name=_("commendation round"),
    )
    step = models.CharField(_("step"), max_length=16, choices=RoundStep.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=RoundStepStatus.choices, default=RoundStepStatus.NOT_RUN
    )
    is_not_run = status_is(RoundStepStatus.NOT_RUN)
    is_computed = status_is(RoundStepStatus.COMPUTED)
    is_confirmed = status_is(RoundStepStatus.CONFIRMED)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    error = models.TextField(_("problem"), blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("confirmed by"),
    )

    class Meta:
        verbose_name = _("round step")
        verbose_name_plural = _("round steps")
        constraints = [
            models.UniqueConstraint(fields=["round", "step"], name="one_result_per_round_step")
        ]

    def __str__(self) -> str:
        return f"{self.round} {self.step}: {self.status}"


class RoundVerdict(models.Model):
    """One subject's verdict on one title or form in a round, and what the office decided:
    kept for a proposal, capped, or overridden with a written reason."""

    round = models.ForeignKey(
        CommendationRound,
        on_delete=models.CASCADE,
        related_name="verdicts",
        verbose_name=_("commendation round"),
    )
    step = models.CharField(_("step"), max_length=16, choices=RoundStep.choices)
    code = models.CharField(_("title or form"), max_length=8, choices=AwardCode.choices)
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit counted in"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    eligible = models.BooleanField(_("eligible"))
    capped = models.BooleanField(_("over the cap"), default=False)
    kept = models.BooleanField(_("kept for a proposal"), default=False)
    verdict = models.JSONField(_("verdict"), default=dict)
    override_reason = models.CharField(
        _("reason for the office's choice"), max_length=500, blank=True
    )
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("override by"),
    )
    proposal = models.ForeignKey(
        Proposal,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("proposal"),
    )

    class Meta:
        verbose_name = _("round verdict")
        verbose_name_plural = _("round verdicts")
        indexes = [models.Index(fields=["round", "step", "code"], name="round_verdict_idx")]

    def __str__(self) -> str:
        return f"{self.round} {self.code}: {self.person or self.unit}"
