"""Key results, their targets and check-ins: writes, recomputation from check-ins."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import (
    Exists,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.actors import acting_as_system
from thidua.core.audit import audit_change, audit_record, snapshot

from .. import rules
from ..checkin_checks import refuse_unusual
from ..choices import (
    Confidence,
    Direction,
    GoalsAudit,
    GoalStatus,
    KeyResultSource,
    MetricType,
)
from ..models import (
    CheckIn,
    Goal,
    KeyResult,
    KeyResultTarget,
)
from ..progress import key_result_progress
from ._common import PROGRESS_FIELD, _check_fits, _check_value_in_range, _user, to_decimal
from .refresh import _refresh_after_change


# ---------------------------------------------------------------- goals
def _key_result_build(*, goal: Goal, spec: dict) -> KeyResult:
    metric_type = spec.get("metric_type", MetricType.NUMBER)
    baseline = to_decimal(spec.get("baseline", 0), field="baseline")
    target = to_decimal(spec["target"], field="target")
    for number, field in ((baseline, "baseline"), (target, "target")):
        _check_value_in_range(metric_type=metric_type, value=number, field=field)
    weight = to_decimal(spec.get("weight", 1), field="weight")
    if weight <= 0:
        raise ValidationError({"weight": _("A weight must be greater than zero.")})
    _check_fits(model=KeyResult, field="weight", value=weight)
    due_date = spec.get("due_date")
    if due_date and not (goal.period_start <= due_date <= goal.period_end):
        raise ValidationError({"due_date": _("The due date lies outside the goal's period.")})
    title = (spec.get("title") or "").strip()
    if not title:
        raise ValidationError({"title": _("A key result needs a title.")})
    previous = spec.get("previous_actual")
    source = spec.get("source") or KeyResultSource.MANUAL
    if source not in KeyResultSource.values:
        raise ValidationError({"source": _("Unknown source of the value.")})
    if source != KeyResultSource.MANUAL and (
        spec.get("direction", "up") != Direction.DOWN or metric_type != MetricType.NUMBER
    ):
        raise ValidationError(
            {
                "source": _(
                    "A cycle time measured in days is a number where lower is better: choose "
                    "the metric “Number” and the direction “Lower is better”."
                )
            }
        )
    return KeyResult(
        goal=goal,
        title=title,
        metric_type=metric_type,
        baseline=baseline,
        target=target,
        direction=spec.get("direction", "up"),
        due_date=due_date,
        weight=weight,
        unit_of_measure=spec.get("unit_of_measure", ""),
        is_stretch=bool(spec.get("is_stretch", False)),
        previous_actual=to_decimal(previous, field="previous_actual")
        if previous not in (None, "")
        else None,
        source=source,
    )


@transaction.atomic
def key_result_add(*, actor, goal: Goal, **spec) -> KeyResult:
    if not acting_as_system(actor) and not rules.can_edit_goal(actor, goal):
        raise PermissionDenied(_("You may not change this goal."))
    kr = _key_result_build(goal=goal, spec=spec)
    kr.save()
    KeyResultTarget.objects.create(key_result=kr, target=kr.target, changed_by=_user(actor))
    audit_record(actor=actor, action=GoalsAudit.KEY_RESULT_ADDED, target=kr, goal=goal.pk)
    _refresh_after_change(goal=goal)
    return kr


def _set_target(*, key_result: KeyResult, target: Decimal, actor, reason: str) -> None:
    _check_value_in_range(metric_type=key_result.metric_type, value=target, field="target")
    KeyResultTarget.objects.create(
        key_result=key_result, target=target, changed_by=_user(actor), reason=reason
    )
    key_result.target = target
    _recompute_key_result(key_result=key_result)


@transaction.atomic
def key_result_set_target(*, actor, key_result: KeyResult, target, reason: str = "") -> KeyResult:
    """Change a target mid-period: the old one stays in history, and check-ins made before
    the change keep being judged against it."""
    if not acting_as_system(actor) and not rules.can_edit_goal(actor, key_result.goal):
        raise PermissionDenied(_("You may not change this goal."))
    old = key_result.target
    _set_target(
        key_result=key_result, target=to_decimal(target, field="target"), actor=actor, reason=reason
    )
    audit_change(
        actor=actor,
        action=GoalsAudit.KEY_RESULT_TARGET_CHANGED,
        target=key_result,
        before={"target": old},
        after={"target": key_result.target},
        old=str(old),
        new=str(key_result.target),
        reason=reason,
    )
    _refresh_after_change(goal=key_result.goal)
    return key_result


# ---------------------------------------------------------------- check-ins
# The fields of a check-in whose before/after the audit keeps.
CHECKIN_AUDITED = ("value", "target_then", "progress", "confidence", "comment", "checked_on")


def _checkin_day(goal, checked_on: date | None) -> date:
    """The check-in's day (today by default): not in the future, within the goal's period."""
    today = timezone.localdate()
    checked_on = checked_on or today
    if checked_on > today:
        raise ValidationError({"checked_on": _("A check-in cannot be dated in the future.")})
    if not (goal.period_start <= checked_on <= goal.period_end):
        raise ValidationError(
            {
                "checked_on": _("The date lies outside the goal's period (%(start)s–%(end)s).")
                % {
                    "start": goal.period_start.strftime("%d/%m/%Y"),
                    "end": goal.period_end.strftime("%d/%m/%Y"),
                }
            }
        )
    return checked_on


@transaction.atomic
def checkin_create(
    *,
    actor,
    key_result: KeyResult,
    value,
    confidence: str,
    checked_on: date | None = None,
    comment: str = "",
    evidence=None,
    confirmed: bool = False,
) -> CheckIn:
    """Record a value for a key result. The key result's current value becomes its latest
    check-in's; the goal and everything above it are refreshed in SQL. A value far outside
    the key result's range or jump (checkin_checks.py) is refused with the reason
    (UnusualCheckIn) unless `confirmed`; a measured value (the system) is never asked."""
    # Lock the key result row: two check-ins at once are serialised, none is lost.
    key_result = (
        KeyResult.objects.select_for_update()
        .select_related("goal", "goal__scope_unit")
        .get(pk=key_result.pk)
    )
    goal = key_result.goal
    if goal.status == GoalStatus.CLOSED:
        raise ValidationError(_("This goal is closed: it takes no more check-ins."))
    if not acting_as_system(actor) and not rules.can_check_in(actor, key_result):
        raise PermissionDenied(_("You may only check in on your own goals or those you manage."))
    number = to_decimal(value, field="value")
    _check_value_in_range(metric_type=key_result.metric_type, value=number)
    if confidence not in Confidence.values:
        raise ValidationError({"confidence": _("Choose on track, at risk or off track.")})
    checked_on = _checkin_day(goal, checked_on)
    if not confirmed and not acting_as_system(actor):
        refuse_unusual(
            baseline=key_result.baseline,
            target=key_result.target,
            previous=key_result.current,
            value=number,
        )
    checkin = CheckIn.objects.create(
        key_result=key_result,
        value=number,
        target_then=key_result.target,
        progress=key_result_progress(
            baseline=key_result.baseline,
            target=key_result.target,
            value=number,
            direction=key_result.direction,
            metric_type=key_result.metric_type,
            stretch=key_result.is_stretch or goal.is_stretch,
        ),
        confidence=confidence,
        comment=comment.strip(),
        checked_on=checked_on,
        created_by=_user(actor),
        evidence=evidence or "",
    )
    _recompute_key_result(key_result=key_result)
    audit_change(
        actor=actor,
        action=GoalsAudit.CHECKIN_CREATED,
        target=key_result,
        before={},
        after=snapshot(checkin, CHECKIN_AUDITED),
        checkin=checkin.pk,
        value=str(number),
        confidence=confidence,
    )
    _refresh_after_change(goal=goal)
    return checkin


@transaction.atomic
def checkin_update(
    *,
    actor,
    checkin: CheckIn,
    value=None,
    confidence: str | None = None,
    comment: str | None = None,
    confirmed: bool = False,
) -> CheckIn:
    """The author corrects an unverified check-in. A new value far outside the key result's
    range or jump from the check-in before is refused with the reason (UnusualCheckIn)
    unless `confirmed`, as when it was created."""
    if not rules.can_edit_checkin(actor, checkin):
        raise PermissionDenied(_("You may only correct your own unverified check-ins."))
    kr = KeyResult.objects.select_for_update().select_related("goal").get(pk=checkin.key_result_id)
    before = snapshot(checkin, CHECKIN_AUDITED)
    if value is not None:
        number = to_decimal(value, field="value")
        _check_value_in_range(metric_type=kr.metric_type, value=number)
        if not confirmed and number != checkin.value:
            refuse_unusual(
                baseline=kr.baseline,
                target=checkin.target_then,
                previous=_value_before(checkin),
                value=number,
            )
        checkin.value = number
        checkin.progress = key_result_progress(
            baseline=kr.baseline,
            target=checkin.target_then,
            value=number,
            direction=kr.direction,
            metric_type=kr.metric_type,
            stretch=kr.is_stretch or kr.goal.is_stretch,
        )
    if confidence is not None:
        if confidence not in Confidence.values:
            raise ValidationError({"confidence": _("Choose on track, at risk or off track.")})
        checkin.confidence = confidence
    if comment is not None:
        checkin.comment = comment.strip()
    checkin.save()
    _recompute_key_result(key_result=kr)
    audit_change(
        actor=actor,
        action=GoalsAudit.CHECKIN_UPDATED,
        target=kr,
        before=before,
        after=snapshot(checkin, CHECKIN_AUDITED),
        checkin=checkin.pk,
        value=str(checkin.value),
    )
    _refresh_after_change(goal=kr.goal)
    return checkin


@transaction.atomic
def checkin_verify(*, actor, checkin: CheckIn) -> CheckIn:
    """A head confirms the evidence; verified and unverified values are told apart everywhere."""
    if not rules.can_verify_checkin(actor, checkin):
        raise PermissionDenied(_("Only a head responsible for this goal may verify its check-ins."))
    if checkin.verified_at is None:
        checkin.verified_by, checkin.verified_at = actor, timezone.now()
        checkin.save(update_fields=["verified_by", "verified_at"])
        kr = KeyResult.objects.select_for_update().get(pk=checkin.key_result_id)
        _recompute_key_result(key_result=kr)
        audit_change(
            actor=actor,
            action=GoalsAudit.CHECKIN_VERIFIED,
            target=kr,
            before={"verified_by": None, "verified_at": None},
            after=snapshot(checkin, ["verified_by", "verified_at"]),
            checkin=checkin.pk,
        )
        _refresh_after_change(goal=kr.goal)
    return checkin


def _value_before(checkin: CheckIn) -> Decimal | None:
    """The value of the key result's check-in just before this one (in the latest-first
    order _recompute_key_result reads), or None."""
    return (
        CheckIn.objects.filter(key_result_id=checkin.key_result_id)
        .filter(
            Q(checked_on__lt=checkin.checked_on)
            | Q(checked_on=checkin.checked_on, id__lt=checkin.pk)
        )
        .order_by("-checked_on", "-id")
        .values_list("value", flat=True)
        .first()
    )


def _recompute_key_result(*, key_result: KeyResult) -> None:
    """Current value, progress and confidence from the latest check-in (and the latest
    verified one); the current target applies to the current value."""
    latest = key_result.checkins.order_by("-checked_on", "-id").first()
    verified = (
        key_result.checkins.filter(verified_at__isnull=False).order_by("-checked_on", "-id").first()
    )
    stretch = key_result.is_stretch or key_result.goal.is_stretch

    def progress_of(checkin):
        if checkin is None:
            return Decimal(0)
        return key_result_progress(
            baseline=key_result.baseline,
            target=key_result.target,
            value=checkin.value,
            direction=key_result.direction,
            metric_type=key_result.metric_type,
            stretch=stretch,
        )

    key_result.current = latest.value if latest else None
    key_result.last_checkin_on = latest.checked_on if latest else None
    key_result.confidence = latest.confidence if latest else ""
    key_result.current_is_verified = bool(latest and latest.verified_at)
    key_result.progress = progress_of(latest)
    key_result.progress_verified = progress_of(verified)
    key_result.save(
        update_fields=[
            "target",
            "current",
            "last_checkin_on",
            "confidence",
            "current_is_verified",
            "progress",
            "progress_verified",
            "updated_at",
        ]
    )


def key_results_refresh_from_checkins(*, key_result_ids: Iterable[int] | None = None) -> int:
    """Set every key result's current value, confidence and progress from its latest
    check-in (and latest verified one) in one UPDATE. For bulk-loaded history (demo,
    benchmarks), where each check-in's progress was computed against the current target."""
    latest = CheckIn.objects.filter(key_result=OuterRef("pk")).order_by("-checked_on", "-id")
    verified = latest.filter(verified_at__isnull=False)
    # the latest check-in's id, one level further out: inside `verified`, a plain OuterRef
    # would be the check-in's own id, not the key result's
    latest_pk = (
        CheckIn.objects.filter(key_result=OuterRef(OuterRef("pk")))
        .order_by("-checked_on", "-id")
        .values("pk")[:1]
    )
    qs = KeyResult.objects.all()
    if key_result_ids is not None:
        qs = qs.filter(pk__in=list(key_result_ids))
    return qs.update(
        current=Subquery(latest.values("value")[:1]),
        last_checkin_on=Subquery(latest.values("checked_on")[:1]),
        confidence=Coalesce(Subquery(latest.values("confidence")[:1]), Value("")),
        current_is_verified=Exists(verified.filter(pk=Subquery(latest_pk))),
        progress=Coalesce(
            Subquery(latest.values("progress")[:1]), Value(Decimal(0)), output_field=PROGRESS_FIELD
        ),
        progress_verified=Coalesce(
            Subquery(verified.values("progress")[:1]),
            Value(Decimal(0)),
            output_field=PROGRESS_FIELD,
        ),
    )
