"""Party work: resolutions and their key-point digests, cell meetings, inspections."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.core.models import TimeStampedModel, status_is
from thidua.messaging.choices import Channel
from thidua.org.choices import PartyRole
from thidua.org.models import PartyOrganization, Person

from .choices import (
    AudienceKind,
    Classification,
    DigestStatus,
    InspectionKind,
    InspectionStatus,
    MeetingStatus,
)
from .constants import ANSWER_MAX_CHARS, POINT_MAX_CHARS, QUESTION_MAX_CHARS


def resolution_path(instance, filename: str) -> str:
    return f"party/resolutions/{instance.body_id}/{filename}"


class Resolution(TimeStampedModel):
    """A resolution (nghị quyết) of a Party body: the original file, kept, and its text."""

    body = models.ForeignKey(
        PartyOrganization,
        verbose_name=_("Party body"),
        on_delete=models.PROTECT,
        related_name="resolutions",
    )
    title = models.CharField(_("title"), max_length=300)
    # As entered from the body's document register; never invented by the platform.
    number = models.CharField(pgettext_lazy("document number", "number"), max_length=64, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    file = models.FileField(_("original file"), upload_to=resolution_path)
    original_name = models.CharField(_("file name"), max_length=255)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    text = models.TextField(_("extracted text"))
    classification = models.CharField(
        _("classification"),
        max_length=12,
        choices=Classification.choices,
        default=Classification.NONE,
    )
    classification_detected = models.CharField(
        _("classification detected"),
        max_length=12,
        choices=Classification.choices,
        default=Classification.NONE,
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def is_classified(self) -> bool:
        return self.classification != Classification.NONE


class Digest(TimeStampedModel):
    """The key points (5–6 ý chính) of a resolution, drafted by the platform, edited and
    approved by the secretary. Nothing is sent before approval."""

    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="digests", verbose_name=_("resolution")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DigestStatus.choices, default=DigestStatus.DRAFT
    )
    is_draft = status_is(DigestStatus.DRAFT)
    is_approved = status_is(DigestStatus.APPROVED)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.resolution} ({self.get_status_display()})"


class DigestPoint(models.Model):
    """One key point, with the sentences of the resolution it comes from."""

    digest = models.ForeignKey(
        Digest, on_delete=models.CASCADE, related_name="points", verbose_name=_("digest")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("key point"), max_length=POINT_MAX_CHARS)
    sentences = models.JSONField(_("source sentences"), default=list, blank=True)
    question = models.CharField(_("question"), max_length=QUESTION_MAX_CHARS, blank=True)

    class Meta:
        verbose_name = _("key point")
        verbose_name_plural = _("key points")
        ordering = ["digest", "order"]

    def __str__(self) -> str:
        return self.text


class CellMeeting(TimeStampedModel):
    """A cell meeting (sinh hoạt chi bộ) that brings one hard problem to solve together."""

    cell = models.ForeignKey(
        PartyOrganization,
        verbose_name=_("Party cell"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    held_on = models.DateField(_("date"))
    agenda = models.TextField(_("agenda"))
    hard_problem = models.TextField(_("hard problem"))
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    is_planned = status_is(MeetingStatus.PLANNED)
    chosen_solution = models.ForeignKey(
        "SolutionProposal",
        verbose_name=_("chosen solution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    task = models.ForeignKey(
        "goals.Task",
        verbose_name=_("task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("cell meeting")
        verbose_name_plural = _("cell meetings")
        ordering = ["cell", "-held_on", "-id"]
        indexes = [models.Index(fields=["cell", "held_on"], name="cellmeeting_cell_day_idx")]

    def __str__(self) -> str:
        return f"{self.cell} — {self.held_on}"

    @property
    def day_has_come(self) -> bool:
        """Whether the meeting's date is today or past: only then is it recorded as held and
        the cell's choice made (a meeting is not held before its day)."""
        return self.held_on <= timezone.localdate()


class SolutionProposal(models.Model):
    """A member's proposed solution to the meeting's hard problem."""

    meeting = models.ForeignKey(
        CellMeeting,
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("cell meeting"),
    )
    author = models.ForeignKey(
        Person, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("proposed solution"))
    votes = models.PositiveIntegerField(_("votes"), default=0)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("proposed solution")
        verbose_name_plural = _("proposed solutions")
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class Inspection(TimeStampedModel):
    """An inspection or supervision (kiểm tra, giám sát) by a Party committee or its
    inspection commission (Uỷ ban Kiểm tra), of a body or a member."""

    kind = models.CharField(_("kind"), max_length=10, choices=InspectionKind.choices)
    by_body = models.ForeignKey(
        PartyOrganization,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="inspections_made",
    )
    by_commission = models.BooleanField(_("by the inspection commission"), default=False)
    subject_org = models.ForeignKey(
        PartyOrganization,
        verbose_name=_("of Party body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections_received",
    )
    subject_person = models.ForeignKey(
        Person,
        verbose_name=_("of Party member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    planned_on = models.DateField(_("planned on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    follow_ups = models.TextField(_("follow-ups"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InspectionStatus.choices,
        default=InspectionStatus.PLANNED,
    )

    class Meta:
        verbose_name = _("inspection or supervision")
        verbose_name_plural = _("inspections and supervisions")
        ordering = ["-planned_on", "-id"]
        indexes = [
            models.Index(fields=["by_body", "status", "done_on"], name="inspection_body_done_idx")
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} — {self.subject or self.subject_org or self.subject_person}"
        )

    def get_absolute_url(self) -> str:
        return reverse("party:inspection", args=[self.pk])


class Campaign(TimeStampedModel):
    """An approved digest sent to an audience over the members' channels (đợt quán triệt)."""

    digest = models.ForeignKey(
        Digest, verbose_name=_("digest"), on_delete=models.PROTECT, related_name="campaigns"
    )
    audience = models.CharField(_("audience"), max_length=20, choices=AudienceKind.choices)
    bodies = models.ManyToManyField(
        PartyOrganization, verbose_name=_("Party bodies"), related_name="+"
    )
    roles = models.JSONField(_("Party roles"), default=list, blank=True)
    channels = models.JSONField(_("channels"), default=list)
    channels_note = models.CharField(_("channels note"), max_length=255, blank=True)
    sms_without_diacritics = models.BooleanField(_("SMS without diacritics"), default=False)
    dispatch = models.ForeignKey(
        "messaging.Dispatch",
        verbose_name=_("dispatch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.digest.resolution} — {self.get_audience_display()}"

    @property
    def source_label(self) -> str:
        return f"party.campaign#{self.pk}"

    @property
    def channel_labels(self) -> list[str]:
        """The channels by their labels ("Trong ứng dụng", "Thư điện tử", "SMS"), never codes."""
        return [str(Channel(c).label) if c in Channel.values else c for c in self.channels]

    @property
    def role_labels(self) -> list[str]:
        return [str(PartyRole(r).label) if r in PartyRole.values else r for r in self.roles]


class PointAnswer(models.Model):
    """A member's short answer to a key point's question."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="answers", verbose_name=_("campaign")
    )
    person = models.ForeignKey(
        Person, verbose_name=_("Party member"), on_delete=models.CASCADE, related_name="+"
    )
    point = models.ForeignKey(
        DigestPoint, on_delete=models.CASCADE, related_name="answers", verbose_name=_("key point")
    )
    answer = models.CharField(_("answer"), max_length=ANSWER_MAX_CHARS)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["campaign", "person", "point__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person", "point"], name="pointanswer_once_per_point"
            )
        ]

    def __str__(self) -> str:
        return self.answer[:80]
