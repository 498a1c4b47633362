"""Writes for movements: launch and steps of a movement, registrations, criteria scores,
published results, lessons and their adoption (nhân rộng). Each write is one transaction,
checks its permission with the predicates of emulation.rules and records an audit event.

Errors carry a code (ValidationError.code) so pages and tests can tell them apart; the
messages are English msgids translated in the Vietnamese catalogue.

Criteria scores are written in services.movement_scores and the helpers these writes share
(acting user, row lock, typed numbers) live in services.movement_common; both stay
importable from here.
"""

from collections.abc import Iterable, Mapping
from datetime import date
from itertools import pairwise
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import audit_record
from thidua.core.transitions import Flow, transition
from thidua.goals.choices import GoalStatus
from thidua.goals.models import Goal, KeyResult
from thidua.org.models import Person, Unit, UnitGroup

from .. import rules
from ..choices import MOVEMENT_FLOW, CriterionSource, EmulationAudit, LessonKind, MovementStatus
from ..models import (
    Criterion,
    Lesson,
    LessonAdoption,
    Movement,
    Registration,
)
from ..selectors.movements import clusters_for
from .movement_checks import check_draft
from .movement_common import CENT, POINTS_LIMIT, _decimal, _lock, _user
from .movement_scores import (
    SCORING_STATUSES,
    criteria_scores_compute,
    criterion_score_set,
    criterion_scores_set,
)

# Criteria scores and the shared helpers live in sibling modules (movement_scores,
# movement_common) and stay importable from here.
__all__ = [
    "MOVEMENT_STEPS",
    "SCORING_STATUSES",
    "WITHDRAW_STATUSES",
    "PUBLISH_STATUSES",
    "POINTS_LIMIT",
    "CENT",
    "movement_create",
    "movement_next_status",
    "movement_advance",
    "results_publish",
    "registration_create",
    "registration_withdraw",
    "criterion_scores_set",
    "criterion_score_set",
    "criteria_scores_compute",
    "lesson_create",
    "lesson_adopt",
]

# A movement moves one step at a time along MOVEMENT_FLOW; each step is audited with its
# from and to.
MOVEMENT_STEPS = Flow(
    "emulation.Movement",
    dict.fromkeys(pairwise(MOVEMENT_FLOW), EmulationAudit.MOVEMENT_STATUS_CHANGED),
    record_from_to=True,
)
# A registrant may withdraw until the final review starts.
WITHDRAW_STATUSES = (
    MovementStatus.REGISTRATION_OPEN,
    MovementStatus.IN_PROGRESS,
    MovementStatus.MID_REVIEW,
)
PUBLISH_STATUSES = (MovementStatus.FINAL_REVIEW, MovementStatus.CLOSED)


# ---------------------------------------------------------------- movements
def _criterion_build(*, movement: Movement, spec: Mapping[str, Any], order: int) -> Criterion:
    name = (spec.get("name") or "").strip()
    if not name:
        raise ValidationError(_("Every criterion needs a name."), code="criterion_name")
    weight = _decimal(spec.get("weight", 1), what=name, code="criterion_weight")
    if weight <= 0:
        raise ValidationError(
            _("The weight of criterion “%(name)s” must be greater than zero.") % {"name": name},
            code="criterion_weight",
        )
    max_points = _decimal(spec.get("max_points"), what=name, code="criterion_max_points")
    if max_points <= 0:
        raise ValidationError(
            _("The maximum points of criterion “%(name)s” must be greater than zero.")
            % {"name": name},
            code="criterion_max_points",
        )
    source = spec.get("source") or CriterionSource.MANUAL
    if source not in CriterionSource.values:
        raise ValidationError(_("Unknown way of scoring a criterion."), code="criterion_source")
    return Criterion(
        movement=movement,
        name=name,
        description=(spec.get("description") or "").strip(),
        weight=weight.quantize(CENT),
        max_points=max_points.quantize(CENT),
        source=source,
        order=order,
    )


@transaction.atomic
def movement_create(
    *,
    actor,
    name: str,
    kind: str,
    objectives: str,
    period_start: date,
    period_end: date,
    launched_by: Unit,
    scope_units: Iterable[Unit],
    criteria: Iterable[Mapping[str, Any]],
    clusters: Iterable[UnitGroup] = (),
    programs: Iterable = (),
) -> Movement:
    """Draft a movement with its criteria (each with a weight and maximum points), the units
    taking part and the emulation clusters that rank them. It starts as a draft."""
    if not rules.can_manage_movement(actor):
        raise PermissionDenied(_("Only the emulation office may launch movements."))
    name, objectives = (name or "").strip(), (objectives or "").strip()
    scope_units, clusters, criteria = list(scope_units), list(clusters), list(criteria)
    check_draft(
        name=name,
        kind=kind,
        objectives=objectives,
        period_start=period_start,
        period_end=period_end,
        scope_units=scope_units,
        clusters=clusters,
        criteria=criteria,
    )
    movement = Movement.objects.create(
        name=name,
        kind=kind,
        objectives=objectives,
        period_start=period_start,
        period_end=period_end,
        launched_by=launched_by,
    )
    Criterion.objects.bulk_create(
        _criterion_build(movement=movement, spec=spec, order=i) for i, spec in enumerate(criteria)
    )
    movement.scope_units.set(scope_units)
    movement.clusters.set(clusters)
    movement.programs.set(list(programs))
    audit_record(
        actor=actor,
        action=EmulationAudit.MOVEMENT_CREATED,
        target=movement,
        kind=kind,
        criteria=len(criteria),
        scope_units=[u.pk for u in scope_units],
        clusters=[c.pk for c in clusters],
    )
    return movement


def movement_next_status(movement: Movement) -> str | None:
    """The one status a movement may move to next, or None once it is closed."""
    index = MOVEMENT_FLOW.index(movement.status)
    return MOVEMENT_FLOW[index + 1] if index + 1 < len(MOVEMENT_FLOW) else None


@transaction.atomic
def movement_advance(*, actor, movement: Movement, to_status: str | None = None) -> Movement:
    """Move a movement one step forward (draft → launched → registration open → in progress
    → mid-term review → final review → closed). `to_status`, when given, must be that next
    step: a page that shows "advance to X" never advances twice on a double click."""
    if not rules.can_manage_movement(actor):
        raise PermissionDenied(_("Only the emulation office may change a movement's status."))
    movement = _lock(movement)
    labels = dict(MovementStatus.choices)
    following = movement_next_status(movement)
    if following is None:
        raise ValidationError(_("The movement is closed; its status cannot change."), code="closed")
    if to_status is not None and to_status != following:
        raise ValidationError(
            _(
                "A movement moves one step at a time: from “%(current)s” it can only go to "
                "“%(next)s”, not to “%(asked)s”."
            )
            % {
                "current": labels[movement.status],
                "next": labels[following],
                "asked": labels.get(to_status, to_status),
            },
            code="transition",
        )
    return transition(movement, flow=MOVEMENT_STEPS, to=following, actor=actor)


@transaction.atomic
def results_publish(*, actor, movement: Movement) -> Movement:
    """Publish the rankings to everyone, at the final review or after closing."""
    if not rules.can_manage_movement(actor):
        raise PermissionDenied(_("Only the emulation office may publish results."))
    movement = _lock(movement)
    if movement.status not in PUBLISH_STATUSES:
        raise ValidationError(
            _("Results are published at the final review (tổng kết) or after closing."),
            code="publish_status",
        )
    if movement.results_published_at is not None:
        raise ValidationError(_("The results are already published."), code="published")
    movement.results_published_at = timezone.now()
    movement.save(update_fields=["results_published_at", "updated_at"])
    audit_record(
        actor=actor,
        action=EmulationAudit.MOVEMENT_RESULTS_PUBLISHED,
        target=movement,
        registrations=movement.registrations.filter(withdrawn_at__isnull=True).count(),
    )
    return movement


# ---------------------------------------------------------------- registrations
def _in_scope(movement: Movement, unit: Unit) -> bool:
    return any(unit.path.startswith(s.path) for s in movement.scope_units.all())


def _cluster_for(*, movement: Movement, unit: Unit, cluster: UnitGroup | None) -> UnitGroup | None:
    candidates = list(clusters_for(movement=movement, unit=unit))
    if cluster is not None:
        if cluster not in candidates:
            raise ValidationError(
                _("“%(cluster)s” is not one of this movement's clusters holding %(unit)s.")
                % {"cluster": cluster, "unit": unit},
                code="cluster",
            )
        return cluster
    if len(candidates) > 1:
        raise ValidationError(
            _("%(unit)s belongs to several clusters of this movement: choose one.")
            % {"unit": unit},
            code="cluster_choose",
        )
    return candidates[0] if candidates else None


def _own_links(
    *, unit: Unit | None, person: Person | None, goals: list[Goal], key_results: list[KeyResult]
) -> None:
    """A unit links the unit's own goals and key results; a person their own."""
    owner: dict[str, Any] = {"owner_unit": unit} if unit is not None else {"owner_person": person}
    owned_goals = set(
        Goal.objects.filter(pk__in=[g.pk for g in goals], **owner)
        .exclude(status=GoalStatus.CANCELLED)
        .values_list("pk", flat=True)
    )
    owner_kr = {f"goal__{k}": v for k, v in owner.items()}
    owned_krs = set(
        KeyResult.objects.filter(pk__in=[k.pk for k in key_results], **owner_kr)
        .exclude(goal__status=GoalStatus.CANCELLED)
        .values_list("pk", flat=True)
    )
    foreign = [g.title for g in goals if g.pk not in owned_goals] + [
        k.title for k in key_results if k.pk not in owned_krs
    ]
    if foreign:
        raise ValidationError(
            _("Only the registrant's own goals and key results can be linked, not: %(items)s.")
            % {"items": "; ".join(foreign)},
            code="foreign_goal",
        )


@transaction.atomic
def registration_create(
    *,
    actor,
    movement: Movement,
    commitments: str,
    unit: Unit | None = None,
    person: Person | None = None,
    cluster: UnitGroup | None = None,
    goals: Iterable[Goal] = (),
    key_results: Iterable[KeyResult] = (),
) -> Registration:
    """A unit (through its head) or a person registers (đăng ký thi đua) with commitments,
    linked to their own goals and key results. Only while registration is open, only for
    units and people within the movement's scope. A withdrawn registration is renewed."""
    if (unit is None) == (person is None):
        raise ValidationError(_("Register either a unit or a person."), code="registrant")
    registrant = unit if unit is not None else person
    if not rules.can_register(actor, registrant):
        raise PermissionDenied(_("You may register only yourself or a unit you head."))
    movement = _lock(movement)
    if movement.status != MovementStatus.REGISTRATION_OPEN:
        raise ValidationError(
            _("Registration for this movement is not open (status: %(status)s).")
            % {"status": movement.get_status_display()},
            code="registration_closed",
        )
    home_unit = unit if unit is not None else cast(Person, person).unit
    if person is not None and not person.is_active:
        raise ValidationError(_("This person is no longer active."), code="inactive")
    if unit is not None and unit.valid_to is not None and unit.valid_to <= timezone.localdate():
        raise ValidationError(_("This unit no longer exists."), code="inactive")
    if not _in_scope(movement, home_unit):
        raise ValidationError(
            _("%(who)s is not among the units taking part in this movement.") % {"who": registrant},
            code="out_of_scope",
        )
    commitments = (commitments or "").strip()
    if not commitments:
        raise ValidationError(
            _("Write down your commitments: what you will achieve and by when."),
            code="commitments",
        )
    chosen_cluster = _cluster_for(movement=movement, unit=home_unit, cluster=cluster)
    goals, key_results = list(goals), list(key_results)
    _own_links(unit=unit, person=person, goals=goals, key_results=key_results)

    registrant_filter: dict[str, Any] = {"unit": unit} if unit is not None else {"person": person}
    registration = (
        Registration.objects.select_for_update()
        .filter(movement=movement, **registrant_filter)
        .first()
    )
    renewed = registration is not None
    if registration is not None and registration.withdrawn_at is None:
        raise ValidationError(
            _("%(who)s is already registered for this movement.") % {"who": registrant},
            code="already_registered",
        )
    if registration is None:
        registration = Registration(movement=movement, **registrant_filter)
    registration.cluster = chosen_cluster
    registration.commitments = commitments
    registration.registered_by = _user(actor)
    registration.withdrawn_at = None
    registration.save()
    registration.goals.set(goals)
    registration.key_results.set(key_results)
    audit_record(
        actor=actor,
        action=EmulationAudit.REGISTRATION_CREATED,
        target=registration,
        movement=movement.pk,
        registrant=str(registrant),
        cluster=chosen_cluster.pk if chosen_cluster else None,
        goals=[g.pk for g in goals],
        key_results=[k.pk for k in key_results],
        renewed=renewed,
    )
    return registration


@transaction.atomic
def registration_withdraw(*, actor, registration: Registration) -> Registration:
    """The registrant withdraws, before the final review; scores stay but are not ranked."""
    registrant = registration.unit or registration.person
    if not rules.can_register(actor, registrant):
        raise PermissionDenied(_("You may withdraw only your own or your unit's registration."))
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    movement = registration.movement
    if registration.withdrawn_at is not None:
        raise ValidationError(_("This registration is already withdrawn."), code="withdrawn")
    if movement.status not in WITHDRAW_STATUSES:
        raise ValidationError(
            _("A registration can no longer be withdrawn once the final review has started."),
            code="withdraw_status",
        )
    registration.withdrawn_at = timezone.now()
    registration.save(update_fields=["withdrawn_at", "updated_at"])
    audit_record(
        actor=actor,
        action=EmulationAudit.REGISTRATION_WITHDRAWN,
        target=registration,
        movement=movement.pk,
        registrant=str(registrant),
    )
    return registration


# ---------------------------------------------------------------- lessons
@transaction.atomic
def lesson_create(
    *,
    actor,
    unit: Unit,
    title: str,
    summary: str,
    kind: str = LessonKind.LESSON,
    movement: Movement | None = None,
    authors: Iterable[Person] = (),
) -> Lesson:
    """Record a lesson or an exemplary case (điển hình tiên tiến) of a unit, by its authors."""
    if not rules.can_record_lesson(actor, unit):
        raise PermissionDenied(_("You may record lessons only of your own unit."))
    title, summary = (title or "").strip(), (summary or "").strip()
    if not title:
        raise ValidationError(_("A lesson needs a title."), code="title")
    if not summary:
        raise ValidationError(
            _("Summarise the lesson: what was done and what came of it."), code="summary"
        )
    if kind not in LessonKind.values:
        raise ValidationError(_("Choose a lesson or an exemplary case."), code="kind")
    if movement is not None and movement.status == MovementStatus.DRAFT:
        raise ValidationError(
            _("A lesson can be linked only to a movement that has been launched."),
            code="movement_draft",
        )
    lesson = Lesson.objects.create(
        movement=movement, kind=kind, title=title, summary=summary, unit=unit
    )
    authors = list(authors)
    lesson.authors.set(authors)
    audit_record(
        actor=actor,
        action=EmulationAudit.LESSON_CREATED,
        target=lesson,
        unit=unit.pk,
        movement=movement.pk if movement else None,
        authors=[a.pk for a in authors],
    )
    return lesson


@transaction.atomic
def lesson_adopt(
    *, actor, lesson: Lesson, unit: Unit, result: str = "", adopted_on: date | None = None
) -> LessonAdoption:
    """Another unit records that it took the lesson up (nhân rộng) and with what result."""
    if not rules.can_record_adoption(actor, unit):
        raise PermissionDenied(_("Only the head of a unit may record that it adopted a lesson."))
    if unit.pk == lesson.unit_id:
        raise ValidationError(
            _("A unit cannot adopt its own lesson: it is spread when other units take it up."),
            code="own_lesson",
        )
    today = timezone.localdate()
    adopted_on = adopted_on or today
    if adopted_on > today:
        raise ValidationError(_("The adoption cannot be dated in the future."), code="future")
    duplicate = _("%(unit)s has already recorded adopting this lesson.") % {"unit": unit}
    if LessonAdoption.objects.filter(lesson=lesson, unit=unit).exists():
        raise ValidationError(duplicate, code="already_adopted")
    try:
        with transaction.atomic():
            adoption = LessonAdoption.objects.create(
                lesson=lesson,
                unit=unit,
                adopted_on=adopted_on,
                result=(result or "").strip(),
                recorded_by=_user(actor),
            )
    except IntegrityError:  # recorded at the same moment by someone else
        raise ValidationError(duplicate, code="already_adopted") from None
    audit_record(
        actor=actor,
        action=EmulationAudit.LESSON_ADOPTED,
        target=lesson,
        unit=unit.pk,
        adoption=adoption.pk,
        adopted_on=adopted_on.isoformat(),
    )
    return adoption
