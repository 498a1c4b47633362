"""What emulation asks of a person next, for the home page (registered with
thidua.core.nextsteps.register):

- open registrations the person, or a unit they head, may still register for;
- for the emulation office and the council: movements at a review (sơ kết, tổng kết)
  whose scores are to be entered, and (the office) final reviews whose results are
  still unpublished;
- the most replicated lessons and exemplars (nhân rộng điển hình), for a home-page panel.

A fixed number of queries whatever the number of movements.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.core.nextsteps import NextStep
from thidua.org.models import Person, Unit
from thidua.org.rules import viewer_scope

from . import rules
from .choices import MovementStatus
from .models import Movement, Registration
from .selectors.movements import most_replicated_lessons

REVIEW_STATUSES = (MovementStatus.MID_REVIEW, MovementStatus.FINAL_REVIEW)


def _registration_steps(user) -> list[NextStep]:
    scope = viewer_scope(user)
    movements = list(
        Movement.objects.filter(status=MovementStatus.REGISTRATION_OPEN)
        .prefetch_related("scope_units")
        .order_by("period_start", "name")
    )
    if not movements:
        return []
    me = (
        Person.objects.select_related("unit").filter(pk=scope.person_id, is_active=True).first()
        if scope.person_id is not None
        else None
    )
    # Units the person heads (the roots of their scope), not every unit under them.
    headed = (
        list(Unit.objects.filter(path__in=scope.unit_paths, valid_to__isnull=True))
        if scope.unit_paths and not scope.everything
        else []
    )
    mine = Q(unit_id__in=[u.pk for u in headed])
    if me is not None:
        mine |= Q(person_id=me.pk)
    registered = set(
        Registration.objects.filter(
            mine, movement__in=movements, withdrawn_at__isnull=True
        ).values_list("movement_id", "unit_id", "person_id")
    )
    done = {(m, f"u{u}" if u else f"p{p}") for m, u, p in registered}
    steps = []
    for movement in movements:
        paths = [u.path for u in movement.scope_units.all()]
        url = reverse("emulation:movement_register", args=[movement.pk])
        candidates = ([(f"p{me.pk}", me.unit, me)] if me else []) + [
            (f"u{u.pk}", u, u) for u in headed
        ]
        for key, unit, registrant in candidates:
            if (movement.pk, key) in done or not any(unit.path.startswith(p) for p in paths):
                continue
            if key.startswith("u") and not rules.can_register(user, registrant):
                continue
            steps.append(
                NextStep(
                    title=_("Register for the movement “%(movement)s”") % {"movement": movement},
                    url=f"{url}?as={key}",
                    detail=(
                        _("for %(unit)s") % {"unit": registrant}
                        if key.startswith("u")
                        else _("your own commitments, linked to your goals")
                    ),
                    priority=30,
                )
            )
    return steps


def _review_steps(user) -> list[NextStep]:
    office = rules.is_emulation_office(user)
    if not (office or rules.is_council_member(user)):
        return []
    steps = []
    movements = Movement.objects.filter(status__in=REVIEW_STATUSES).order_by("period_start", "name")
    for movement in movements:
        steps.append(
            NextStep(
                title=_("Enter the scores of “%(movement)s”") % {"movement": movement},
                url=reverse("emulation:movement_scores", args=[movement.pk]),
                detail=movement.get_status_display(),
                priority=35,
            )
        )
        if (
            office
            and movement.status == MovementStatus.FINAL_REVIEW
            and movement.results_published_at is None
        ):
            steps.append(
                NextStep(
                    title=_("Publish the results of “%(movement)s”") % {"movement": movement},
                    url=reverse("emulation:movement_detail", args=[movement.pk]) + "#rankings",
                    detail=_("after the final review (tổng kết)"),
                    priority=36,
                )
            )
    return steps


def emulation_next_steps(user) -> list[NextStep]:
    """The home page's emulation steps for a user (see the module docstring)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return _registration_steps(user) + _review_steps(user)


def most_replicated_for_home(user, *, limit: int = 5) -> list[NextStep]:
    """The most replicated lessons and exemplars, as links with their adoption counts."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        NextStep(
            title=lesson.title,
            url=reverse("emulation:lesson_detail", args=[lesson.pk]),
            detail=ngettext(
                "taken up by %(counter)s unit",
                "taken up by %(counter)s units",
                lesson.adoption_count,
            )
            % {"counter": lesson.adoption_count},
            priority=80,
            section="highlight",
        )
        for lesson in most_replicated_lessons(viewer=user, limit=limit)
    ]
