"""Writes for goals. One transaction per user action, permission checked, audited."""

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from thidua.core.audit import audit_change, audit_record, changes_between, snapshot
from thidua.core.numbers import parse_number
from thidua.org.models import Person, PersonPosition, Unit
from thidua.org.services import tree_set_path
from thidua.org.work_calendar import day_off_reason, is_working_day, work_calendar

from . import rules
from .choices import (
    Confidence,
    Direction,
    GoalStatus,
    KeyResultSource,
    MetricType,
    PeriodKind,
    ProposalStatus,
    TaskStatus,
)
from .constants import BEHIND_SCHEDULE_THRESHOLD, CHECKIN_STALE_DAYS
from .models import (
    CheckIn,
    CheckInDailyCount,
    DailyLog,
    Goal,
    GoalChangeProposal,
    GoalTemplate,
    KeyResult,
    KeyResultTarget,
    Program,
    ProgressSnapshot,
    Task,
)
from .progress import RiskInput, key_result_progress, risk_reasons

# Goals counted in their parent's progress (drafts and cancelled goals are not).
COUNTED = ~Q(status__in=[GoalStatus.DRAFT, GoalStatus.CANCELLED])
PROGRESS_FIELD: "DecimalField[Any, Any]" = DecimalField(max_digits=9, decimal_places=4)


# ---------------------------------------------------------------- validation helpers
def to_decimal(value: Any, *, field: str) -> Decimal:
    """A finite number from user input in the active language's format, or a clear error."""
    if isinstance(value, Decimal | int):
        number = Decimal(value)
    else:
        try:
            number = parse_number(str(value), language=get_language() or "vi")
        except ValueError:
            raise ValidationError({field: _("Enter a number.")}) from None
    if not number.is_finite():
        raise ValidationError({field: _("Enter a number.")})
    if abs(number) >= Decimal("1e15"):
        raise ValidationError({field: _("The number is too large.")})
    return number


def _check_fits(*, model, field: str, value: Decimal) -> None:
    """Refuse a number its column cannot hold (digits, places, minimum): SQLite would store
    it anyway and every later read of the row would fail."""
    try:
        for validator in model._meta.get_field(field).validators:
            validator(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


def _check_value_in_range(*, metric_type: str, value: Decimal, field: str = "value") -> None:
    if metric_type == MetricType.PERCENT and not (0 <= value <= 100):
        raise ValidationError({field: _("A percentage must be between 0 and 100.")})
    if metric_type == MetricType.MILESTONE and value not in (0, 1):
        raise ValidationError({field: _("A milestone is 1 (done) or 0 (not done).")})


def _check_period(*, start: date, end: date, parent: Goal | None, program: Program | None) -> None:
    if end < start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    if parent is not None and not (parent.period_start <= start and end <= parent.period_end):
        raise ValidationError(
            {
                "parent": _(
                    "The parent goal's period (%(start)s–%(end)s) does not contain this goal's period."
                )
                % {
                    "start": parent.period_start.strftime("%d/%m/%Y"),
                    "end": parent.period_end.strftime("%d/%m/%Y"),
                }
            }
        )
    if program is not None and not (program.period_start <= start and end <= program.period_end):
        following = Program.objects.filter(predecessor=program).first()
        if following is not None and following.period_start <= start:
            raise ValidationError(
                {
                    "program": _(
                        "The goal's period lies outside the programme's period: from %(start)s "
                        "the programme goes on as “%(successor)s”; attach the goal to it."
                    )
                    % {"start": _day(following.period_start), "successor": following.name}
                }
            )
        raise ValidationError(
            {"program": _("The goal's period lies outside the programme's period.")}
        )


def _scope_unit(*, owner_unit: Unit | None, owner_person: Person | None) -> Unit:
    if (owner_unit is None) == (owner_person is None):
        raise ValidationError(_("A goal belongs to exactly one unit or one person."))
    return owner_unit if owner_unit is not None else cast(Person, owner_person).unit


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
def goal_create(
    *,
    actor,
    title: str,
    period_kind: str,
    period_start: date,
    period_end: date,
    owner_unit: Unit | None = None,
    owner_person: Person | None = None,
    parent: Goal | None = None,
    program: Program | None = None,
    weight: Decimal | int | str = 1,
    is_stretch: bool = False,
    description: str = "",
    key_results: Iterable[dict] = (),
    status: str = GoalStatus.DRAFT,
    template: GoalTemplate | None = None,
) -> Goal:
    """Create a goal with its key results. A goal cascaded to someone else starts as
    "awaiting acceptance" (use goal_assign)."""
    owner = owner_unit or owner_person
    scope_unit = _scope_unit(owner_unit=owner_unit, owner_person=owner_person)
    if actor is not None and not rules.can_create_goal_for(actor, owner):
        raise PermissionDenied(_("You may not set goals for this unit or person."))
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("A goal needs a title.")})
    if period_kind not in PeriodKind.values:
        raise ValidationError({"period_kind": _("Unknown period.")})
    weight = to_decimal(weight, field="weight")
    if weight <= 0:
        raise ValidationError({"weight": _("A weight must be greater than zero.")})
    _check_fits(model=Goal, field="weight", value=weight)
    program = program or (parent.program if parent else None)
    _check_period(start=period_start, end=period_end, parent=parent, program=program)
    goal = Goal.objects.create(
        title=title,
        description=description,
        program=program,
        parent=parent,
        owner_unit=owner_unit,
        owner_person=owner_person,
        scope_unit=scope_unit,
        period_kind=period_kind,
        period_start=period_start,
        period_end=period_end,
        weight=weight,
        is_stretch=is_stretch,
        status=status,
        template=template,
        assigned_by=actor if status == GoalStatus.ASSIGNED and getattr(actor, "pk", None) else None,
    )
    tree_set_path(node=goal)
    krs = KeyResult.objects.bulk_create(
        _key_result_build(goal=goal, spec=spec) for spec in key_results
    )
    KeyResultTarget.objects.bulk_create(
        KeyResultTarget(key_result=kr, target=kr.target, changed_by=_user(actor)) for kr in krs
    )
    audit_record(
        actor=actor,
        action="goal.created",
        target=goal,
        status=status,
        parent=parent.pk if parent else None,
    )
    _refresh_after_change(goal=goal)
    return goal


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def goal_assign(
    *,
    actor,
    parent: Goal,
    title: str,
    owner_unit: Unit | None = None,
    owner_person: Person | None = None,
    **fields,
) -> Goal:
    """A head cascades a goal to a sub-unit or a person; it awaits their acceptance."""
    if actor is not None and not rules.can_edit_goal(actor, parent):
        raise PermissionDenied(_("You may only cascade goals you are responsible for."))
    # As on the page: a goal is cascaded within the parent goal's unit subtree.
    owner_path = (owner_unit or getattr(owner_person, "unit", None) or parent.scope_unit).path
    if not owner_path.startswith(parent.scope_unit.path):
        raise PermissionDenied(_("A goal is cascaded only to units and people under its parent."))
    fields.setdefault("period_kind", parent.period_kind)
    fields.setdefault("period_start", parent.period_start)
    fields.setdefault("period_end", parent.period_end)
    goal = goal_create(
        actor=actor,
        parent=parent,
        title=title,
        owner_unit=owner_unit,
        owner_person=owner_person,
        status=GoalStatus.ASSIGNED,
        **fields,
    )
    audit_record(
        actor=actor, action="goal.assigned", target=goal, owner=str(goal.owner), parent=parent.pk
    )
    return goal


@transaction.atomic
def goal_accept(*, actor, goal: Goal) -> Goal:
    if not rules.can_respond_to_assignment(actor, goal):
        raise PermissionDenied(_("Only the assignee may accept this goal."))
    goal.status = GoalStatus.ACTIVE
    goal.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="goal.accepted", target=goal)
    _refresh_after_change(goal=goal)
    return goal


@transaction.atomic
def goal_activate(*, actor, goal: Goal) -> Goal:
    """Publish a goal its owner or head drafted (no acceptance needed for one's own goal)."""
    if not rules.can_edit_goal(actor, goal) or goal.status != GoalStatus.DRAFT:
        raise PermissionDenied(_("This goal cannot be published by you."))
    goal.status = GoalStatus.ACTIVE
    goal.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="goal.activated", target=goal)
    _refresh_after_change(goal=goal)
    return goal


@transaction.atomic
def goal_propose_changes(
    *, actor, goal: Goal, changes: list[dict], comment: str = ""
) -> GoalChangeProposal:
    """The assignee proposes other targets or wording for the key results."""
    if not rules.can_respond_to_assignment(actor, goal):
        raise PermissionDenied(_("Only the assignee may propose changes."))
    if not changes:
        raise ValidationError(_("Propose at least one change."))
    own_ids = set(goal.key_results.values_list("pk", flat=True))
    clean = []
    for change in changes:
        kr_id = int(change.get("key_result", 0))
        if kr_id not in own_ids:
            raise ValidationError(_("A proposed change refers to a key result of another goal."))
        item: dict[str, Any] = {"key_result": kr_id}
        if change.get("target") not in (None, ""):
            item["target"] = str(to_decimal(change["target"], field="target"))
        if change.get("title"):
            item["title"] = str(change["title"]).strip()[:300]
        clean.append(item)
    proposal = GoalChangeProposal.objects.create(
        goal=goal, proposed_by=actor, changes=clean, comment=comment
    )
    goal.status = GoalStatus.CHANGES_PROPOSED
    goal.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="goal.changes_proposed",
        target=goal,
        proposal=proposal.pk,
        changes=clean,
    )
    return proposal


@transaction.atomic
def goal_proposal_decide(
    *, actor, proposal: GoalChangeProposal, approve: bool, comment: str = ""
) -> Goal:
    if proposal.status != ProposalStatus.PENDING:
        raise ValidationError(_("This proposal has already been decided."))
    if not rules.can_decide_proposal(actor, proposal):
        raise PermissionDenied(_("Only the head who assigned the goal may decide."))
    goal = proposal.goal
    before = {"status": proposal.status, "goal_status": goal.status}
    kr_changes: dict[str, dict] = {}
    if approve:
        krs = {kr.pk: kr for kr in goal.key_results.all()}
        for change in proposal.changes:
            kr = krs[change["key_result"]]
            kr_before = snapshot(kr, ["title", "target"])
            if "title" in change:
                kr.title = change["title"]
                kr.save(update_fields=["title", "updated_at"])
            if "target" in change:
                _set_target(
                    key_result=kr,
                    target=Decimal(change["target"]),
                    actor=actor,
                    reason=_("Approved proposal #%(n)s") % {"n": proposal.pk},
                )
            kr_changes[str(kr.pk)] = changes_between(kr_before, snapshot(kr, ["title", "target"]))
        goal.status = GoalStatus.ACTIVE
    else:
        goal.status = GoalStatus.ASSIGNED
    goal.save(update_fields=["status", "updated_at"])
    proposal.status = ProposalStatus.APPROVED if approve else ProposalStatus.REJECTED
    proposal.decided_by, proposal.decided_at = actor, timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    audit_change(
        actor=actor,
        action="goal.proposal_decided",
        target=goal,
        before=before,
        after={"status": proposal.status, "goal_status": goal.status},
        key_results=kr_changes,
        proposal=proposal.pk,
        approved=approve,
        comment=comment,
    )
    _refresh_after_change(goal=goal)
    return goal


@transaction.atomic
def goal_set_parent(*, actor, goal: Goal, parent: Goal | None) -> Goal:
    """Re-link a goal in the cascade; a cycle is impossible."""
    if actor is not None and not rules.can_edit_goal(actor, goal):
        raise PermissionDenied(_("You may not change this goal."))
    if parent is not None and parent.path.startswith(goal.path):
        raise ValidationError(
            {"parent": _("A goal cannot be placed under itself or one of its sub-goals.")}
        )
    _check_period(start=goal.period_start, end=goal.period_end, parent=parent, program=goal.program)
    from thidua.org.services import _move_subtree

    old_parent = goal.parent
    _move_subtree(node=goal, new_parent=parent)
    audit_record(
        actor=actor, action="goal.parent_set", target=goal, parent=parent.pk if parent else None
    )
    goals_refresh_progress(
        goal_ids=_ancestor_ids(goal)
        + (_ancestor_ids(old_parent, include_self=True) if old_parent else [])
    )
    return goal


@transaction.atomic
def goal_delete(*, actor, goal: Goal) -> None:
    if actor is not None and not rules.can_edit_goal(actor, goal):
        raise PermissionDenied(_("You may not delete this goal."))
    if goal.children.exists():
        raise ValidationError(
            _("This goal has sub-goals cascaded from it. Move or delete them first.")
        )
    parent = goal.parent
    audit_record(actor=actor, action="goal.deleted", target=goal, title=goal.title)
    goal.delete()
    if parent is not None:
        goals_refresh_progress(goal_ids=_ancestor_ids(parent, include_self=True))


@transaction.atomic
def goal_link_supports(*, actor, goal: Goal, supported: Goal) -> Goal:
    """Show that a goal also supports another, without counting toward its progress."""
    if actor is not None and not rules.can_edit_goal(actor, goal):
        raise PermissionDenied(_("You may not change this goal."))
    if supported.pk == goal.pk:
        raise ValidationError(_("A goal cannot support itself."))
    goal.supports.add(supported)
    audit_record(actor=actor, action="goal.supports_linked", target=goal, supported=supported.pk)
    return goal


# ---------------------------------------------------------------- key results
@transaction.atomic
def key_result_add(*, actor, goal: Goal, **spec) -> KeyResult:
    if actor is not None and not rules.can_edit_goal(actor, goal):
        raise PermissionDenied(_("You may not change this goal."))
    kr = _key_result_build(goal=goal, spec=spec)
    kr.save()
    KeyResultTarget.objects.create(key_result=kr, target=kr.target, changed_by=_user(actor))
    audit_record(actor=actor, action="key_result.added", target=kr, goal=goal.pk)
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
    if actor is not None and not rules.can_edit_goal(actor, key_result.goal):
        raise PermissionDenied(_("You may not change this goal."))
    old = key_result.target
    _set_target(
        key_result=key_result, target=to_decimal(target, field="target"), actor=actor, reason=reason
    )
    audit_change(
        actor=actor,
        action="key_result.target_changed",
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
) -> CheckIn:
    """Record a value for a key result. The key result's current value becomes its latest
    check-in's; the goal and everything above it are refreshed in SQL."""
    # Lock the key result row: two check-ins at once are serialised, none is lost.
    key_result = (
        KeyResult.objects.select_for_update()
        .select_related("goal", "goal__scope_unit")
        .get(pk=key_result.pk)
    )
    goal = key_result.goal
    if actor is not None and not rules.can_check_in(actor, key_result):
        raise PermissionDenied(_("You may only check in on your own goals or those you manage."))
    number = to_decimal(value, field="value")
    _check_value_in_range(metric_type=key_result.metric_type, value=number)
    if confidence not in Confidence.values:
        raise ValidationError({"confidence": _("Choose on track, at risk or off track.")})
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
        action="checkin.created",
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
) -> CheckIn:
    """The author corrects an unverified check-in."""
    if not rules.can_edit_checkin(actor, checkin):
        raise PermissionDenied(_("You may only correct your own unverified check-ins."))
    kr = KeyResult.objects.select_for_update().select_related("goal").get(pk=checkin.key_result_id)
    before = snapshot(checkin, CHECKIN_AUDITED)
    if value is not None:
        number = to_decimal(value, field="value")
        _check_value_in_range(metric_type=kr.metric_type, value=number)
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
        action="checkin.updated",
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
            action="checkin.verified",
            target=kr,
            before={"verified_by": None, "verified_at": None},
            after=snapshot(checkin, ["verified_by", "verified_at"]),
            checkin=checkin.pk,
        )
        _refresh_after_change(goal=kr.goal)
    return checkin


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
    qs = KeyResult.objects.all()
    if key_result_ids is not None:
        qs = qs.filter(pk__in=list(key_result_ids))
    return qs.update(
        current=Subquery(latest.values("value")[:1]),
        last_checkin_on=Subquery(latest.values("checked_on")[:1]),
        confidence=Coalesce(Subquery(latest.values("confidence")[:1]), Value("")),
        current_is_verified=Exists(verified.filter(pk=Subquery(latest.values("pk")[:1]))),
        progress=Coalesce(
            Subquery(latest.values("progress")[:1]), Value(Decimal(0)), output_field=PROGRESS_FIELD
        ),
        progress_verified=Coalesce(
            Subquery(verified.values("progress")[:1]),
            Value(Decimal(0)),
            output_field=PROGRESS_FIELD,
        ),
    )


# ---------------------------------------------------------------- roll-up (set-based)
def _ancestor_ids(goal: Goal | None, include_self: bool = True) -> list[int]:
    if goal is None:
        return []
    ids = goal.ancestor_ids()
    return [*ids, goal.pk] if include_self else ids


def _weighted_mean(field: str) -> ExpressionWrapper:
    """(Σ KR weight·progress + Σ child weight·progress) / (Σ weights), per goal, in SQL."""
    krs = KeyResult.objects.filter(goal=OuterRef("pk")).order_by().values("goal")
    children = Goal.objects.filter(COUNTED, parent=OuterRef("pk")).order_by().values("parent")

    def total(qs, expr):
        return Coalesce(
            Subquery(
                qs.annotate(s=Sum(expr, output_field=PROGRESS_FIELD)).values("s")[:1],
                output_field=PROGRESS_FIELD,
            ),
            Value(Decimal(0)),
            output_field=PROGRESS_FIELD,
        )

    numerator = total(krs, F("weight") * F(field)) + total(children, F("weight") * F(field))
    denominator = total(krs, F("weight")) + total(children, F("weight"))
    return _ratio(numerator, denominator)


def _ratio(numerator, denominator) -> ExpressionWrapper:
    """numerator / denominator, 0 when the denominator is 0. Divided as floating point:
    SQLite stores whole decimals as integers and would divide them as integers."""
    quotient = Cast(numerator, FloatField()) / NullIf(Cast(denominator, FloatField()), Value(0.0))
    return ExpressionWrapper(Coalesce(quotient, Value(0.0)), output_field=PROGRESS_FIELD)


def goals_refresh_progress(*, goal_ids: Iterable[int] | None = None) -> None:
    """Recompute stored goal progress bottom-up, one UPDATE per tree level, all in SQL.

    With `goal_ids`, only those goals are recomputed (pass a goal and its ancestors).
    """
    qs = Goal.objects.all()
    if goal_ids is not None:
        goal_ids = list(set(goal_ids))
        if not goal_ids:
            return
        qs = qs.filter(pk__in=goal_ids)
    depths = sorted(set(qs.values_list("depth", flat=True)), reverse=True)
    for depth in depths:
        qs.filter(depth=depth).update(
            progress=_weighted_mean("progress"),
            progress_verified=_weighted_mean("progress_verified"),
        )


# ---------------------------------------------------------------- programmes that go on
def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def program_check_predecessor(*, program: Program, predecessor: Program | None) -> None:
    """A programme's period is whole; a successor starts after its predecessor ends (their
    periods never overlap), each programme has at most one successor, and a programme that
    already has a successor keeps ending before it starts."""
    if program.period_end < program.period_start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    following = Program.objects.filter(predecessor_id=program.pk).first() if program.pk else None
    if following is not None and following.period_start <= program.period_end:
        raise ValidationError(
            {
                "period_end": _(
                    "This programme goes on as “%(successor)s” from %(start)s: "
                    "it must end before that day."
                )
                % {"successor": following.name, "start": _day(following.period_start)}
            }
        )
    if predecessor is None:
        return
    if program.pk is not None and predecessor.pk == program.pk:
        raise ValidationError({"predecessor": _("A programme cannot continue itself.")})
    if program.period_start <= predecessor.period_end:
        raise ValidationError(
            {
                "predecessor": _(
                    "The successor's period (%(start)s–%(end)s) overlaps the period of "
                    "“%(predecessor)s” (%(pstart)s–%(pend)s): a successor programme starts "
                    "after its predecessor ends."
                )
                % {
                    "start": _day(program.period_start),
                    "end": _day(program.period_end),
                    "predecessor": predecessor.name,
                    "pstart": _day(predecessor.period_start),
                    "pend": _day(predecessor.period_end),
                }
            }
        )
    taken = Program.objects.filter(predecessor=predecessor).exclude(pk=program.pk).first()
    if taken is not None:
        raise ValidationError(
            {
                "predecessor": _("“%(predecessor)s” already goes on as “%(successor)s”.")
                % {"predecessor": predecessor.name, "successor": taken.name}
            }
        )


@transaction.atomic
def program_create(
    *,
    code: str,
    number: int,
    name: str,
    period_start: date,
    period_end: date,
    predecessor: Program | None = None,
    **fields: Any,
) -> Program:
    """A programme; with a predecessor, the programme that continues it in the next period.
    Other fields (description, lead_unit, source, is_illustrative) as given."""
    program = Program(
        code=code,
        number=number,
        name=name,
        period_start=period_start,
        period_end=period_end,
        predecessor=predecessor,
        **fields,
    )
    if predecessor is not None:
        Program.objects.select_for_update().filter(pk=predecessor.pk).first()
    program_check_predecessor(program=program, predecessor=predecessor)
    program.full_clean(exclude=["predecessor"])
    program.save()
    return program


@transaction.atomic
def program_set_predecessor(*, program: Program, predecessor: Program | None) -> Program:
    """Make a programme the successor of another (or of none)."""
    if predecessor is not None:
        Program.objects.select_for_update().filter(pk=predecessor.pk).first()
    program_check_predecessor(program=program, predecessor=predecessor)
    program.predecessor = predecessor
    program.save(update_fields=["predecessor", "updated_at"])
    return program


def programs_refresh_progress(*, program_ids: Iterable[int] | None = None) -> None:
    """A programme's progress is the weighted mean of its top-level goals."""
    top = (
        Goal.objects.filter(COUNTED, program=OuterRef("pk"), parent__isnull=True)
        .order_by()
        .values("program")
    )

    def mean(field):
        num = Subquery(
            top.annotate(s=Sum(F("weight") * F(field), output_field=PROGRESS_FIELD)).values("s")[
                :1
            ],
            output_field=PROGRESS_FIELD,
        )
        den = Subquery(
            top.annotate(s=Sum("weight", output_field=PROGRESS_FIELD)).values("s")[:1],
            output_field=PROGRESS_FIELD,
        )
        return _ratio(num, den)

    qs = (
        Program.objects.all()
        if program_ids is None
        else Program.objects.filter(pk__in=list(program_ids))
    )
    qs.update(progress=mean("progress"), progress_verified=mean("progress_verified"))


def goals_refresh_risk(
    *,
    today: date | None = None,
    goal_ids: Iterable[int] | None = None,
    threshold: Decimal = BEHIND_SCHEDULE_THRESHOLD,
    stale_days: int = CHECKIN_STALE_DAYS,
) -> int:
    """Flag key results and goals at risk, with the reasons. Runs on each check-in for the
    goals touched and nightly for all (time passing puts goals at risk on its own)."""
    today = today or timezone.localdate()
    goals = Goal.objects.filter(status=GoalStatus.ACTIVE)
    if goal_ids is not None:
        goals = goals.filter(pk__in=list(goal_ids))
    goal_rows = {
        g.pk: g
        for g in goals.only(
            "id",
            "period_start",
            "period_end",
            "progress",
            "created_at",
            "is_at_risk",
            "risk_reasons",
        )
    }
    krs = list(
        KeyResult.objects.filter(goal_id__in=goal_rows).only(
            "id",
            "goal_id",
            "progress",
            "due_date",
            "last_checkin_on",
            "confidence",
            "created_at",
            "is_at_risk",
            "risk_reasons",
        )
    )
    reasons_by_goal: dict[int, set[str]] = {pk: set() for pk in goal_rows}
    changed_krs: dict[tuple, list[int]] = {}
    for kr in krs:
        goal = goal_rows[kr.goal_id]
        started = max(goal.period_start, timezone.localtime(kr.created_at).date())
        reasons = risk_reasons(
            RiskInput(
                progress=kr.progress,
                period_start=goal.period_start,
                period_end=goal.period_end,
                due_date=kr.due_date,
                last_checkin_on=kr.last_checkin_on,
                confidence=kr.confidence,
                started_on=started,
            ),
            today=today,
            threshold=threshold,
            stale_days=stale_days,
        )
        reasons_by_goal[kr.goal_id].update(reasons)
        if reasons != kr.risk_reasons or bool(reasons) != kr.is_at_risk:
            changed_krs.setdefault(tuple(reasons), []).append(kr.pk)
    changed_goals: dict[tuple, list[int]] = {}
    for pk, goal in goal_rows.items():
        reasons = sorted(reasons_by_goal[pk])
        if reasons != goal.risk_reasons or bool(reasons) != goal.is_at_risk:
            changed_goals.setdefault(tuple(reasons), []).append(pk)
    # Few distinct sets of reasons: one UPDATE per set (and per chunk of ids), not per row.
    for model, changes in ((KeyResult, changed_krs), (Goal, changed_goals)):
        for codes, ids in changes.items():
            for i in range(0, len(ids), 5000):
                model.objects.filter(pk__in=ids[i : i + 5000]).update(
                    risk_reasons=list(codes), is_at_risk=bool(codes)
                )
    return sum(len(ids) for ids in changed_goals.values())


def _refresh_after_change(*, goal: Goal) -> None:
    ids = _ancestor_ids(goal)
    goals_refresh_progress(goal_ids=ids)
    goals_refresh_risk(goal_ids=ids)
    program_id = (
        goal.program_id
        or Goal.objects.filter(pk=goal.pk).values_list("program_id", flat=True).first()
    )
    if program_id:
        programs_refresh_progress(program_ids=[program_id])


@transaction.atomic
def snapshots_take(*, on: date | None = None) -> int:
    """Record today's progress of every programme and unit (for progress-over-time charts)."""
    on = on or timezone.localdate()
    ProgressSnapshot.objects.filter(taken_on=on).delete()
    rows = [
        ProgressSnapshot(
            program_id=p["pk"],
            taken_on=on,
            progress=p["progress"],
            progress_verified=p["progress_verified"],
            at_risk_goals=Goal.objects.filter(program_id=p["pk"], is_at_risk=True).count(),
        )
        for p in Program.objects.values("pk", "progress", "progress_verified")
    ]
    ProgressSnapshot.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def checkin_counts_refresh(*, since: date, until: date) -> int:
    """Recount the check-ins dated each day in [since, until] (one grouped query)."""
    counts = dict(
        CheckIn.objects.filter(checked_on__gte=since, checked_on__lte=until)
        .values("checked_on")
        .annotate(n=Count("*"))
        .values_list("checked_on", "n")
    )
    CheckInDailyCount.objects.filter(day__gte=since, day__lte=until).delete()
    CheckInDailyCount.objects.bulk_create(
        CheckInDailyCount(day=d, checkins=n) for d, n in counts.items()
    )
    return len(counts)


@transaction.atomic
def goals_refresh_nightly(*, today: date | None = None) -> int:
    """The nightly job: progress, programme progress, risk flags and today's snapshot."""
    today = today or timezone.localdate()
    goals_refresh_progress()
    programs_refresh_progress()
    changed = goals_refresh_risk(today=today)
    snapshots_take(on=today)
    checkin_counts_refresh(since=today - timedelta(days=14), until=today - timedelta(days=1))
    from . import cycle_time

    cycle_time.refresh_summary(today=today)
    cycle_time.measured_checkins_record(today=today)
    audit_record(
        actor=None, action="goals.refreshed_nightly", changed=changed, on=today.isoformat()
    )
    return changed


# ---------------------------------------------------------------- tasks and daily work
@transaction.atomic
def task_create(
    *,
    actor,
    title: str,
    owner: Person,
    key_result: KeyResult | None = None,
    due_date: date | None = None,
) -> Task:
    task = Task(title=title.strip(), owner=owner, key_result=key_result, due_date=due_date)
    if not task.title:
        raise ValidationError({"title": _("A task needs a title.")})
    if actor is not None and not rules.can_manage_task(actor, task):
        raise PermissionDenied(_("You may only plan tasks for yourself or people you manage."))
    if (
        actor is not None
        and key_result is not None
        and not rules.can_view_goal(actor, key_result.goal)
    ):
        raise PermissionDenied(_("You may only link a task to a key result you can see."))
    if (
        key_result is not None
        and due_date
        and not (key_result.goal.period_start <= due_date <= key_result.goal.period_end)
    ):
        raise ValidationError({"due_date": _("The due date lies outside the goal's period.")})
    task.save()
    audit_record(actor=actor, action="task.created", target=task, owner=owner.pk)
    return task


@transaction.atomic
def task_set_status(*, actor, task: Task, status: str) -> Task:
    if actor is not None and not rules.can_manage_task(actor, task):
        raise PermissionDenied(
            _("You may only update your own tasks or those of people you manage.")
        )
    if status not in TaskStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    task.status = status
    task.done_on = timezone.localdate() if status == TaskStatus.DONE else None
    task.save(update_fields=["status", "done_on", "updated_at"])
    audit_record(actor=actor, action="task.status_set", target=task, status=status)
    return task


def _check_streak_day(day: date) -> None:
    """An improvement counts toward the "1% a day" streak, which counts working days only: one
    dated on a public holiday, a day off or a weekly day off (unless worked in exchange) is
    refused, saying why."""
    calendar = work_calendar(start=day, end=day)
    if is_working_day(day, calendar):
        return
    shown = date_format(day, "SHORT_DATE_FORMAT")
    reason = day_off_reason(day, calendar)
    if reason:
        message = _(
            "%(day)s is a public holiday or day off (%(name)s). The improvement streak counts "
            "working days only: record the improvement on a working day."
        ) % {"day": shown, "name": reason}
    else:
        message = _(
            "%(day)s is a weekly day off. The improvement streak counts working days only: "
            "record the improvement on a working day."
        ) % {"day": shown}
    raise ValidationError({"logged_on": message})


@transaction.atomic
def daily_log_add(
    *,
    actor,
    person: Person,
    text: str,
    logged_on: date | None = None,
    task: Task | None = None,
    is_improvement: bool = False,
) -> DailyLog:
    if actor is not None and getattr(getattr(actor, "person", None), "pk", None) != person.pk:
        raise PermissionDenied(_("You may only write your own daily log."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write what you did.")})
    logged_on = logged_on or timezone.localdate()
    if logged_on > timezone.localdate():
        raise ValidationError({"logged_on": _("A log entry cannot be dated in the future.")})
    if is_improvement:
        _check_streak_day(logged_on)
    return DailyLog.objects.create(
        person=person, logged_on=logged_on, text=text, task=task, is_improvement=is_improvement
    )


# ---------------------------------------------------------------- templates
@transaction.atomic
def goal_template_apply(
    *,
    actor,
    template: GoalTemplate,
    period_kind: str,
    period_start: date,
    period_end: date,
    parent: Goal | None = None,
    on: date | None = None,
) -> list[Goal]:
    """Give every holder of the template's position — or every unit of its unit type — within
    the actor's scope a copy of the template as a goal awaiting acceptance; each copy points
    back to its template, and applying it twice for one period adds nothing."""
    on = on or timezone.localdate()
    if template.position_id is not None:
        holders = (
            PersonPosition.objects.as_of(on)
            .filter(position_id=template.position_id)
            .values("person_id")
        )
        owners: list[Any] = list(
            Person.objects.filter(pk__in=holders, is_active=True).select_related("unit")
        )
        owner_field = "owner_person"
    elif template.unit_kind:
        owners = list(Unit.objects.as_of(on).filter(kind=template.unit_kind))
        owner_field = "owner_unit"
    else:
        raise ValidationError(_("A template needs a position or a unit type."))
    if actor is not None:
        owners = [owner for owner in owners if rules.can_create_goal_for(actor, owner)]
    already = set(
        Goal.objects.filter(
            template=template, period_start=period_start, period_end=period_end
        ).values_list(f"{owner_field}_id", flat=True)
    )
    created = [
        goal_create(
            actor=None,
            title=template.name,
            description=template.description,
            **{owner_field: owner},
            period_kind=period_kind,
            period_start=period_start,
            period_end=period_end,
            parent=parent,
            key_results=template.key_results,
            status=GoalStatus.ASSIGNED,
            template=template,
        )
        for owner in owners
        if owner.pk not in already
    ]
    Goal.objects.filter(pk__in=[g.pk for g in created]).update(assigned_by=_user(actor))
    audit_record(actor=actor, action="goal_template.applied", target=template, goals=len(created))
    return created
