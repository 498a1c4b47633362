"""Writes for a unit's work-item catalogue, a person's monthly work and the period scores
computed from it (scoring.py does the arithmetic); every write is audited."""

import calendar
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from thidua.core.agency_settings import value as setting_value
from thidua.core.audit import audit_change, audit_record, snapshot
from thidua.goals.choices import GoalStatus
from thidua.goals.models import KeyResult
from thidua.org.models import Person, Unit
from thidua.teams.selectors import team_key_results_of_person
from thidua.teams.settings import TEAM_RESULT_WEIGHT

from .. import rules, scoring
from ..choices import EmulationAudit, ScorePeriod
from ..models import (
    PeriodScore,
    WorkAssignment,
    WorkItemType,
)
from ..selectors.ratings import rating_params
from .rating_checks import (
    PERIOD_AUDITED,
    _check_month,
    _check_scores_open,
    _invalid,
    _number,
    _require,
    _user,
)


# ---------------------------------------------------------------- catalogue and monthly work
@transaction.atomic
def work_item_type_create(
    *,
    actor,
    unit: Unit,
    code: str,
    name: str,
    conversion_factor,
    unit_of_measure: str = "",
) -> WorkItemType:
    """Add a product or kind of work to a unit's catalogue with its conversion factor."""
    _require(
        rules.heads_unit(actor, unit) or rules.is_emulation_office(actor),
        "Chỉ thủ trưởng đơn vị hoặc bộ phận thi đua – khen thưởng lập danh mục sản phẩm.",
    )
    code, name = (code or "").strip(), (name or "").strip()
    if not code:
        raise ValidationError({"code": "Cần nhập mã sản phẩm, công việc."})
    if not name:
        raise ValidationError({"name": "Cần nhập tên sản phẩm, công việc."})
    factor = _number(conversion_factor, field="conversion_factor")
    if not (Decimal("0.001") <= factor < Decimal(100000)):
        raise ValidationError(
            {"conversion_factor": "Hệ số quy đổi phải lớn hơn 0 (từ 0,001 đến dưới 100.000)."}
        )
    if WorkItemType.objects.filter(unit=unit, code=code).exists():
        raise ValidationError({"code": f"Mã “{code}” đã có trong danh mục của {unit}."})
    item = WorkItemType.objects.create(
        unit=unit,
        code=code,
        name=name,
        unit_of_measure=(unit_of_measure or "").strip(),
        conversion_factor=factor.quantize(Decimal("0.001")),
    )
    audit_record(
        actor=actor,
        action=EmulationAudit.WORK_ITEM_TYPE_CREATED,
        target=item,
        unit=unit.code,
        code=code,
        conversion_factor=str(item.conversion_factor),
    )
    return item


@transaction.atomic
def work_assignment_record(
    *,
    actor,
    person: Person,
    item_type: WorkItemType,
    year: int,
    month: int,
    assigned,
    completed=0,
    late=0,
    quality_failed=0,
    objective_cause: bool = False,
    note: str = "",
) -> WorkAssignment:
    """Record work assigned to a person in a month and what became of it (the head)."""
    _require(
        rules.can_score_person(actor, person),
        "Chỉ thủ trưởng đơn vị của người này ghi nhận công việc được giao.",
    )
    _check_month(year, month)
    _check_scores_open(person, year)
    catalogue_units = [*person.unit.ancestor_ids(), person.unit_id]
    if item_type.unit_id not in catalogue_units:
        raise ValidationError(
            {
                "item_type": f"“{item_type}” không thuộc danh mục của {person.unit} hay đơn vị cấp trên."
            }
        )
    quantities: dict[str, Any] = {
        field: _number(value, field=field)
        for field, value in (
            ("assigned", assigned),
            ("completed", completed),
            ("late", late),
            ("quality_failed", quality_failed),
        )
    }
    if quantities["assigned"] <= 0:
        raise ValidationError({"assigned": "Khối lượng giao phải lớn hơn 0."})
    try:
        scoring.check_work_line(
            scoring.WorkLine(
                name=item_type.name,
                objective_cause=objective_cause,
                conversion_factor=item_type.conversion_factor,
                **quantities,
            )
        )
    except scoring.ScoringError as exc:
        raise _invalid(exc) from None
    assignment = WorkAssignment.objects.create(
        person=person,
        item_type=item_type,
        year=year,
        month=month,
        objective_cause=bool(objective_cause),
        note=(note or "").strip()[:500],
        **{k: v.quantize(Decimal("0.01")) for k, v in quantities.items()},
    )
    audit_record(
        actor=actor,
        action=EmulationAudit.WORK_ASSIGNMENT_RECORDED,
        target=person,
        assignment=assignment.pk,
        item=item_type.code,
        year=year,
        month=month,
        **{k: str(v) for k, v in quantities.items()},
        objective_cause=bool(objective_cause),
    )
    return assignment


@transaction.atomic
def work_assignment_delete(*, actor, assignment: WorkAssignment) -> None:
    """Remove a mistaken line (the head), while the year's rating is still open."""
    person = assignment.person
    _require(
        rules.can_score_person(actor, person),
        "Chỉ thủ trưởng đơn vị của người này sửa công việc được giao.",
    )
    _check_scores_open(person, assignment.year)
    audit_record(
        actor=actor,
        action=EmulationAudit.WORK_ASSIGNMENT_DELETED,
        target=person,
        assignment=assignment.pk,
        year=assignment.year,
        month=assignment.month,
    )
    assignment.delete()


def month_inputs(
    *, person: Person, year: int, month: int
) -> tuple[list[scoring.WorkLine], list[scoring.KeyResultLine]]:
    """The month's work lines and the key results of the person's goals active that month
    (their stored progress), two queries."""
    start = date(year, month, 1)
    end = date(year, month, calendar.monthrange(year, month)[1])
    lines = [
        scoring.WorkLine(
            name=a.item_type.name,
            assigned=a.assigned,
            completed=a.completed,
            late=a.late,
            quality_failed=a.quality_failed,
            objective_cause=a.objective_cause,
            conversion_factor=a.item_type.conversion_factor,
            unit_of_measure=a.item_type.unit_of_measure,
        )
        for a in WorkAssignment.objects.filter(person=person, year=year, month=month)
        .select_related("item_type")
        .order_by("id")
    ]
    key_results = [
        scoring.KeyResultLine(title=title, progress=progress, weight=weight)
        for title, progress, weight in KeyResult.objects.filter(
            goal__owner_person=person,
            goal__status__in=GoalStatus.published(),
            goal__period_start__lte=end,
            goal__period_end__gte=start,
        )
        .order_by("goal_id", "id")
        .values_list("title", "progress", "weight")
    ]
    # A team's results count in each member's score, weighted as the agency's criteria say.
    share = Decimal(str(setting_value(TEAM_RESULT_WEIGHT, on=date(year, 12, 31))))
    if share > 0:
        key_results += [
            scoring.KeyResultLine(title=title, progress=progress, weight=weight * share)
            for title, progress, weight in team_key_results_of_person(
                person=person, start=start, end=end
            ).values_list("title", "progress", "weight")
        ]
    return lines, key_results


@transaction.atomic
def period_score_compute(
    *, actor, person: Person, year: int, month: int, general_points
) -> PeriodScore:
    """A month's score: the general points the head enters (0–30) plus the 70 result points
    computed from the month's converted work and the person's key results, explained."""
    _require(
        rules.can_score_person(actor, person),
        "Chỉ thủ trưởng đơn vị của người này chấm điểm tháng (không tự chấm cho mình).",
    )
    _check_month(year, month)
    _check_scores_open(person, year)
    general = _number(general_points, field="general_points")
    settings = rating_params(year=year)
    lines, key_results = month_inputs(person=person, year=year, month=month)
    try:
        result = scoring.month_score(
            general_points=general, work=lines, key_results=key_results, params=settings
        )
    except scoring.ScoringError as exc:
        raise _invalid(exc) from None
    before = snapshot(
        PeriodScore.objects.filter(
            person=person, year=year, period=ScorePeriod.MONTH, number=month
        ).first(),
        PERIOD_AUDITED,
    )
    score, _created = PeriodScore.objects.update_or_create(
        person=person,
        year=year,
        period=ScorePeriod.MONTH,
        number=month,
        defaults={
            "unit": person.unit,
            "general_points": result.general_points,
            "result_points": result.result_points,
            "total": result.total,
            "explanation": list(result.explanation),
            "scored_by": _user(actor),
        },
    )
    audit_change(
        actor=actor,
        action=EmulationAudit.PERIOD_SCORE_COMPUTED,
        target=score,
        before=before,
        after=snapshot(score, PERIOD_AUDITED),
        person=person.pk,
        year=year,
        month=month,
        general_points=str(result.general_points),
        result_points=str(result.result_points),
        total=str(result.total),
    )
    return score
