"""Lessons and exemplars with their adoptions by other units, and the initiatives register."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel
from thidua.goals.models import GoodPractice
from thidua.org.models import Person, Unit

from ..choices import InitiativeKind, InitiativeScope, LessonKind
from .movements import Movement


class Lesson(TimeStampedModel):
    """A lesson or an exemplary case (điển hình tiên tiến) from a movement, by its authors."""

    movement = models.ForeignKey(
        Movement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lessons",
        verbose_name=_("emulation movement"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=LessonKind.choices, default=LessonKind.LESSON
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="lessons"
    )
    authors = models.ManyToManyField(
        Person, verbose_name=_("authors"), blank=True, related_name="lessons"
    )
    practice = models.OneToOneField(
        GoodPractice,
        verbose_name=_("from the good practice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lesson",
        help_text=_("The inspection, supervision or field-visit finding it was published from."),
    )

    class Meta:
        verbose_name = _("lesson or exemplar")
        verbose_name_plural = _("lessons and exemplars")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class LessonAdoption(models.Model):
    """Another unit took up a lesson (nhân rộng) and says with what result."""

    lesson = models.ForeignKey(
        Lesson,
        on_delete=models.CASCADE,
        related_name="adoptions",
        verbose_name=_("lesson or exemplar"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="lesson_adoptions", verbose_name=_("unit")
    )
    adopted_on = models.DateField(_("adopted on"))
    result = models.TextField(_("result"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("adoption of a lesson")
        verbose_name_plural = _("adoptions of lessons")
        constraints = [
            models.UniqueConstraint(fields=["lesson", "unit"], name="one_adoption_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} ← {self.lesson}"


class Initiative(TimeStampedModel):
    """A recognised initiative (sáng kiến) or accepted research topic, with its scope of effect."""

    kind = models.CharField(
        _("kind"), max_length=12, choices=InitiativeKind.choices, default=InitiativeKind.INITIATIVE
    )
    title = models.CharField(_("title"), max_length=400)
    scope = models.CharField(_("scope of effect"), max_length=10, choices=InitiativeScope.choices)
    year = models.PositiveSmallIntegerField(_("year recognised"))
    decision_number = models.CharField(_("recognition decision"), max_length=120, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    recognized_by = models.CharField(_("recognised by"), max_length=255, blank=True)
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
        verbose_name=_("unit"),
    )
    authors = models.ManyToManyField(Person, verbose_name=_("authors"), related_name="initiatives")

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives register")
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title
