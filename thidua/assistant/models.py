"""The assistant's document store, its search index builds and the questions asked."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.core.models import TimeStampedModel
from thidua.org.models import PartyOrganization, Unit

from .choices import AnswerMode, Audience, Feedback, Source
from .constants import TITLE_MAX_CHARS


def document_path(instance, filename: str) -> str:
    return f"assistant/documents/{filename}"


class Document(TimeStampedModel):
    """A document the assistant answers from (văn bản), with who may read it.

    Uploaded files and the platform's own records (resolutions, movements, lessons,
    programmes) alike; `source`/`source_id` name the record a platform document mirrors."""

    title = models.CharField(_("title"), max_length=TITLE_MAX_CHARS)
    number = models.CharField(pgettext_lazy("document number", "number"), max_length=64, blank=True)
    effective_on = models.DateField(_("effective from"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    source_id = models.PositiveBigIntegerField(_("source record"), null=True, blank=True)
    file = models.FileField(_("original file"), upload_to=document_path, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    text = models.TextField(_("text"))
    is_legal = models.BooleanField(_("legal structure"), default=False)
    # Classified documents (Mật, Tối mật, Tuyệt mật) are never indexed (CLARIFICATIONS).
    classification = models.CharField(_("classification"), max_length=12, blank=True)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE
    )
    audience_unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT
    )
    audience_party = models.ForeignKey(
        PartyOrganization,
        verbose_name=_("Party body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    audience_roles = models.JSONField(_("roles"), default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=models.Q(source_id__isnull=False),
                name="assistant_document_one_per_record",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_indexed(self) -> bool:
        return not self.classification


class Passage(models.Model):
    """A passage of a document (đoạn): one khoản of an Điều, or a paragraph under a heading."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="passages", verbose_name=_("document")
    )
    order = models.PositiveIntegerField(_("order"))
    path = models.CharField(_("place in the document"), max_length=300, blank=True)
    heading = models.CharField(_("heading"), max_length=500, blank=True)
    text = models.TextField(_("text"))
    # Kept by the index build: the words of the indexed text (`nlp.retrieval.segment`) and
    # a hash of that text, so a rebuild segments only new or changed passages.
    segmented = models.TextField(_("segmentation"), blank=True, editable=False)
    segmented_key = models.CharField(
        _("segmented text hash"), max_length=40, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("passage")
        verbose_name_plural = _("passages")
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="assistant_passage_order")
        ]

    def __str__(self) -> str:
        return f"{self.document.title} — {self.path}" if self.path else self.document.title


class IndexState(models.Model):
    """The one row saying which index build is current and whether a newer one is wanted."""

    version = models.PositiveIntegerField(_("version"), default=0)
    folder = models.CharField(_("folder"), max_length=64, blank=True)
    requested_at = models.DateTimeField(_("rebuild requested at"), null=True, blank=True)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    built_for = models.DateTimeField(_("built for the request of"), null=True, blank=True)
    passages = models.PositiveIntegerField(_("passages"), default=0)
    documents = models.PositiveIntegerField(_("documents"), default=0)
    seconds = models.FloatField(_("build time (s)"), default=0)
    # What the current build covers: document changes up to `change_mark` (IndexChange ids),
    # read at `snapshot_at`; later changes are served by each process's delta index.
    change_mark = models.BigIntegerField(_("last change included"), default=0)
    snapshot_at = models.DateTimeField(_("passages read at"), null=True, blank=True)
    # One build at a time across machines: the build holding this token (see index.build).
    build_owner = models.CharField(_("build running"), max_length=64, blank=True)
    build_started_at = models.DateTimeField(_("build running since"), null=True, blank=True)

    class Meta:
        verbose_name = _("search index")
        verbose_name_plural = _("search index")

    def __str__(self) -> str:
        return f"v{self.version} ({self.passages} passages)"


class IndexChange(models.Model):
    """A document added, changed, classified or removed since some index build: the change
    log the delta index is computed from (no foreign key: the document may be gone)."""

    document_id = models.PositiveBigIntegerField(_("document"), db_index=True)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("document change for the index")
        verbose_name_plural = _("document changes for the index")

    def __str__(self) -> str:
        return f"#{self.document_id} @ {self.changed_at:%Y-%m-%d %H:%M:%S}"


class Exchange(models.Model):
    """One question to the assistant and the answer given, kept for the asker's history
    and, with the feedback, for evaluation."""

    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.CASCADE,
        related_name="assistant_exchanges",
    )
    question = models.TextField(_("question"))
    mode = models.CharField(_("answer kind"), max_length=12, choices=AnswerMode.choices)
    answer = models.JSONField(_("answer"), default=dict)
    index_version = models.PositiveIntegerField(_("index version"), default=0)
    feedback = models.CharField(_("feedback"), max_length=12, choices=Feedback.choices, blank=True)
    feedback_at = models.DateTimeField(_("feedback given at"), null=True, blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("question to the assistant")
        verbose_name_plural = _("questions to the assistant")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["asker", "-created_at"])]

    def __str__(self) -> str:
        return self.question[:80]
