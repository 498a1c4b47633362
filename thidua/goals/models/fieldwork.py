"""Fieldwork: leaders' visits to the grassroots and the good practices found there."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel
from thidua.org.models import Person, Unit

from ..choices import PracticeSource, PracticeStatus
from .work import Task


class FieldVisit(TimeStampedModel):
    """A leader's visit to the grassroots (đi cơ sở): who went, where and when, what they
    found, and the follow-up tasks it gave (each a Task owned by a person)."""

    person = models.ForeignKey(
        Person, verbose_name=_("leader"), on_delete=models.PROTECT, related_name="field_visits"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit visited"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="field_visits",
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    visited_on = models.DateField(_("visit date"))
    findings = models.TextField(_("what was found"))
    follow_up_tasks = models.ManyToManyField(
        Task, verbose_name=_("follow-up tasks"), blank=True, related_name="field_visits"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("field visit")
        verbose_name_plural = _("field visits")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["person", "visited_on"], name="fieldvisit_person_day_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | ~Q(place=""), name="fieldvisit_has_place"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.unit or self.place} ({self.visited_on:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("goals:field_visit", args=[self.pk])


class GoodPractice(models.Model):
    """A good practice (cách làm hay) found by an inspection, a supervision or a field visit,
    proposed to the emulation office as a lesson to publish and replicate. Only its text and
    its unit are shared; the source is a generic link (`source`) whose own permission
    ("<app>.view_<model>" in django-rules) decides who may follow it, so Party inspections stay
    with the Party while emulation, below party, publishes the lesson."""

    text = models.TextField(_("good practice"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="good_practices"
    )
    found_on = models.DateField(_("found on"))
    found_by = models.CharField(_("found by"), max_length=16, choices=PracticeSource.choices)
    source_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("source type"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_id = models.PositiveBigIntegerField(_("source record"))
    source = GenericForeignKey("source_type", "source_id")
    status = models.CharField(
        _("status"), max_length=10, choices=PracticeStatus.choices, default=PracticeStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decline_reason = models.CharField(_("reason not published"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="practice_status_idx"),
            models.Index(fields=["source_type", "source_id"], name="practice_source_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:80]
