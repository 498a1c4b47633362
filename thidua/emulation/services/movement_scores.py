"""Writes for a movement's criteria scores: points entered by hand for the manual criteria
(a whole grid, all or nothing, or one cell) and the criteria computed from the registrants'
key results. Each write is one transaction, checks its permission with the predicates of
emulation.rules and records an audit event; services.movements re-exports them.

Errors carry a code (ValidationError.code) so pages and tests can tell them apart; the
messages are English msgids translated in the Vietnamese catalogue.
"""

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.audit import audit_record
from thidua.goals.choices import GoalStatus

from .. import rules
from ..choices import CriterionSource, EmulationAudit, MovementStatus
from ..models import Criterion, CriterionScore, Movement, Registration
from .movement_common import CENT, _decimal, _lock, _user

# Scores may be entered while the movement runs and is reviewed, until results are published.
SCORING_STATUSES = (
    MovementStatus.IN_PROGRESS,
    MovementStatus.MID_REVIEW,
    MovementStatus.FINAL_REVIEW,
)


def _points_text(value: Decimal) -> str:
    from django.utils import formats

    return formats.number_format(value.normalize(), force_grouping=True)


def _registrant_name(registration: Registration) -> str:
    return str(registration.unit or registration.person)


# ---------------------------------------------------------------- criteria scores
def _check_may_score(actor, registration: Registration | None) -> None:
    """PermissionDenied unless the actor scores (the office, the council) and, for a
    registration, it is not their own or their unit's — saying why."""
    if rules.can_score_registration(actor, registration):
        return
    reason = rules.own_registration_reason(actor, registration)
    if registration is not None and reason:
        raise PermissionDenied(f"{_registrant_name(registration)}: {reason}")
    raise PermissionDenied(_("Only the emulation office and the council enter scores."))


def _check_scoring_open(movement: Movement) -> None:
    if movement.status not in SCORING_STATUSES:
        raise ValidationError(
            _(
                "Scores are entered while the movement is in progress or under review, "
                "not when it is “%(status)s”."
            )
            % {"status": movement.get_status_display()},
            code="scoring_status",
        )
    if movement.results_published_at is not None:
        raise ValidationError(
            _("The results are published; scores can no longer change."), code="published"
        )


@transaction.atomic
def criterion_scores_set(
    *, actor, movement: Movement, entries: Mapping[tuple[int, int], Any], note: str = ""
) -> list[CriterionScore]:
    """Enter points for manual criteria: `entries` maps (registration id, criterion id) to
    points as typed. All or nothing: any cell out of 0..maximum refuses the whole grid with
    one message per cell. Ids outside the movement are refused."""
    movement = _lock(movement)
    registrations = {
        r.pk: r
        for r in Registration.objects.filter(
            movement=movement, withdrawn_at__isnull=True
        ).select_related("unit", "person")
    }
    _check_may_score(actor, None)
    _check_scoring_open(movement)
    criteria = {c.pk: c for c in movement.criteria.all()}
    errors: list[ValidationError] = []
    rows: list[CriterionScore] = []
    for (registration_id, criterion_id), raw in entries.items():
        registration = registrations.get(int(registration_id))
        criterion = criteria.get(int(criterion_id))
        if registration is None or criterion is None:
            raise ValidationError(
                _("A score refers to a registration or criterion of another movement."),
                code="foreign_score",
            )
        _check_may_score(actor, registration)
        if criterion.source != CriterionSource.MANUAL:
            raise ValidationError(
                _("Criterion “%(name)s” is computed from key results, not entered by hand.")
                % {"name": criterion.name},
                code="computed_criterion",
            )
        label = f"{_registrant_name(registration)} — {criterion.name}"
        try:
            points = _decimal(raw, what=label, code="points")
        except ValidationError as exc:
            errors.append(exc)
            continue
        if not (0 <= points <= criterion.max_points):
            errors.append(
                ValidationError(
                    _("%(what)s: points must be between 0 and %(max)s.")
                    % {"what": label, "max": _points_text(criterion.max_points)},
                    code="points_range",
                )
            )
            continue
        rows.append(
            CriterionScore(
                registration=registration,
                criterion=criterion,
                points=points.quantize(CENT, rounding=ROUND_HALF_UP),
                source=CriterionSource.MANUAL,
                note=(note or "").strip()[:500],
                scored_by=_user(actor),
            )
        )
    if errors:
        raise ValidationError(errors)
    saved = _scores_upsert(rows)
    if saved:
        audit_record(
            actor=actor,
            action=EmulationAudit.CRITERION_SCORES_SET,
            target=movement,
            scores=[
                {
                    "registration": s.registration_id,
                    "criterion": s.criterion_id,
                    "points": str(s.points),
                }
                for s in saved
            ],
        )
    return saved


def _scores_upsert(rows: list[CriterionScore]) -> list[CriterionScore]:
    """Insert or update (registration, criterion) scores in one statement."""
    if not rows:
        return []
    return CriterionScore.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["registration", "criterion"],
        update_fields=["points", "source", "note", "scored_by", "scored_at"],
    )


@transaction.atomic
def criterion_score_set(
    *, actor, registration: Registration, criterion: Criterion, points: Any, note: str = ""
) -> CriterionScore:
    """Enter the points of one registration on one manual criterion (0..maximum)."""
    if criterion.movement_id != registration.movement_id:
        raise ValidationError(
            _("A score refers to a registration or criterion of another movement."),
            code="foreign_score",
        )
    _check_may_score(actor, registration)
    criterion_scores_set(
        actor=actor,
        movement=registration.movement,
        entries={(registration.pk, criterion.pk): points},
        note=note,
    )
    return CriterionScore.objects.get(registration=registration, criterion=criterion)


def _linked_key_results(*, movement: Movement, field: str) -> dict[int, dict[int, tuple]]:
    """registration id → {key result id: (weight, progress)}: the key results linked
    directly and those of linked goals, each counted once. Two queries for the movement."""
    active = {
        "registration__movement": movement,
        "registration__withdrawn_at__isnull": True,
    }
    direct = Registration.key_results.through.objects.filter(**active).values_list(
        "registration_id", "keyresult_id", "keyresult__weight", f"keyresult__{field}"
    )
    via_goals = (
        Registration.goals.through.objects.filter(**active, goal__key_results__isnull=False)
        .exclude(goal__status=GoalStatus.CANCELLED)
        .values_list(
            "registration_id",
            "goal__key_results__id",
            "goal__key_results__weight",
            f"goal__key_results__{field}",
        )
    )
    linked: dict[int, dict[int, tuple]] = {}
    for registration_id, kr_id, weight, progress in [*direct, *via_goals]:
        linked.setdefault(registration_id, {})[kr_id] = (Decimal(weight), Decimal(progress))
    return linked


@transaction.atomic
def criteria_scores_compute(*, actor, movement: Movement, verified: bool = False) -> int:
    """Score every registration on the criteria computed from key results:

        points = max_points × Σ(weight × min(progress, 1)) / Σ weight

    over the registration's key results (linked directly or through a linked goal); each
    key result's progress is capped at 1, so a stretch result cannot make up for another's
    shortfall. No linked key result scores 0. `verified` uses verified progress only.
    A fixed number of queries for the whole movement; returns how many scores were written."""
    movement = _lock(movement)
    registrations = list(Registration.objects.filter(movement=movement, withdrawn_at__isnull=True))
    # computed by formula from the registrants' key results, not judged: the scorer's own
    # unit is computed like any other
    _check_may_score(actor, None)
    _check_scoring_open(movement)
    criteria = list(movement.criteria.filter(source=CriterionSource.KR_PROGRESS))
    if not criteria or not registrations:
        return 0
    linked = _linked_key_results(
        movement=movement, field="progress_verified" if verified else "progress"
    )
    rows: list[CriterionScore] = []
    for registration in registrations:
        krs = linked.get(registration.pk, {}).values()
        total_weight = sum((w for w, _p in krs), Decimal(0))
        mean = (
            sum((w * min(max(p, Decimal(0)), Decimal(1)) for w, p in krs), Decimal(0))
            / total_weight
            if total_weight
            else Decimal(0)
        )
        note = _("Mean progress %(percent)s%% of %(count)s key results") % {
            "percent": _points_text((mean * 100).quantize(Decimal("0.1"))),
            "count": len(krs),
        }
        rows.extend(
            CriterionScore(
                registration=registration,
                criterion=criterion,
                points=(criterion.max_points * mean).quantize(CENT, rounding=ROUND_HALF_UP),
                source=CriterionSource.KR_PROGRESS,
                note=note[:500],
                scored_by=_user(actor),
            )
            for criterion in criteria
        )
    _scores_upsert(rows)
    audit_record(
        actor=actor,
        action=EmulationAudit.CRITERION_SCORES_COMPUTED,
        target=movement,
        criteria=[c.pk for c in criteria],
        registrations=len(registrations),
        verified=verified,
    )
    return len(rows)
