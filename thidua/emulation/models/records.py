"""Value-created records of people and anonymous external assessments of them."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel
from thidua.goals.models import Goal, KeyResult
from thidua.org.models import Person, PersonPosition

from .sizes import QTY


def record_evidence_path(instance, filename: str) -> str:
    return f"records/{instance.person_id}/{instance.year}/{filename}"


class ValueRecord(TimeStampedModel):
    """A person's value-created record (hồ sơ thành tích) for a year and a post: achievements,
    products and the value created for the organisation, linked to goals and evidence."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="value_records", verbose_name=_("person")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    post = models.ForeignKey(
        PersonPosition,
        verbose_name=_("post"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="value_records",
    )
    achievements = models.TextField(_("achievements"), blank=True)
    products = models.TextField(_("products"), blank=True)
    value_created = models.TextField(_("value created"), blank=True)
    value_quantity = models.DecimalField(_("value, quantified"), null=True, blank=True, **QTY)
    value_unit = models.CharField(_("unit of the value"), max_length=64, blank=True)
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="value_records", verbose_name=_("goals")
    )
    key_results = models.ManyToManyField(
        KeyResult, blank=True, related_name="value_records", verbose_name=_("key results")
    )
    evidence = models.FileField(_("evidence"), upload_to=record_evidence_path, blank=True)

    class Meta:
        verbose_name = _("value-created record")
        verbose_name_plural = _("value-created records")
        ordering = ["person", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year", "post"], name="one_record_per_post_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.year}"


class ExternalAssessment(models.Model):
    """An invitation to an assessor outside the agency to rate a director-level person
    anonymously through a one-time link; only a hash of the link's token is stored."""

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="external_assessments",
        verbose_name=_("person"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    token_hash = models.CharField(max_length=64, unique=True, verbose_name=_("token hash"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    invited_at = models.DateTimeField(auto_now_add=True, verbose_name=_("invited at"))
    expires_at = models.DateTimeField(_("link expires at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("external assessment")
        verbose_name_plural = _("external assessments")
        indexes = [models.Index(fields=["person", "year"], name="external_person_year_idx")]

    def __str__(self) -> str:
        return f"{self.person} {self.year}"


class ExternalAssessmentAnswer(models.Model):
    """An anonymous answer: kept apart from the invitations, with a random id and no time,
    so no answer can be tied to the link (or the moment) it came through."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="external_answers", verbose_name=_("person")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    score = models.PositiveSmallIntegerField(
        _("rating (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("external assessment answer")
        verbose_name_plural = _("external assessment answers")
        indexes = [models.Index(fields=["person", "year"], name="external_answer_idx")]

    def __str__(self) -> str:
        return f"{self.person} {self.year}"
