"""Writes for ratings: the work-item catalogue, monthly work and period scores, people's
annual ratings (self-assessment → head's proposal → approval → published → appeal) and unit
ratings. The arithmetic is in scoring.py, the rule versions in law.py, the permissions in
rules.py; every workflow step writes an audit event. Messages are Vietnamese, as the
explanations they sit next to."""

import calendar
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from thidua.core.agency_settings import value as setting_value
from thidua.core.audit import audit_change, audit_for, audit_record, snapshot
from thidua.core.numbers import parse_number
from thidua.core.webhooks import webhook_publish
from thidua.goals.choices import GoalStatus
from thidua.goals.models import KeyResult
from thidua.org.choices import PostKind, Role
from thidua.org.models import Person, PersonPosition, RoleAssignment, Unit
from thidua.org.rules import viewer_scope
from thidua.teams.selectors import team_key_results_of_person
from thidua.teams.settings import TEAM_RESULT_WEIGHT

from .. import law, rules, scoring
from ..choices import AppealStatus, RatingLevel, RatingStatus, ScorePeriod
from ..models import (
    AnnualRating,
    Discipline,
    PeriodScore,
    RatingAppeal,
    UnitRating,
    WorkAssignment,
    WorkItemType,
)
from ..selectors.ratings import cap_for_task_group, cap_for_unit, rating_params, unit_cap_for

STATUS_NAMES: dict[str, str] = {
    RatingStatus.DRAFT: "đang nhập điểm",
    RatingStatus.SELF_ASSESSED: "đã tự đánh giá",
    RatingStatus.PROPOSED: "thủ trưởng đã đề xuất",
    RatingStatus.APPROVED: "đã phê duyệt",
    RatingStatus.PUBLISHED: "đã công bố",
    RatingStatus.APPEALED: "đang giải quyết kiến nghị",
}
# Until the head proposes, period scores and the computed facts may still change.
OPEN_STATUSES = (RatingStatus.DRAFT, RatingStatus.SELF_ASSESSED)
QTY_LIMIT = Decimal("1e12")
# The fields whose before/after the audit keeps (texts and long reasons only by their change).
PERIOD_AUDITED = ("unit", "general_points", "result_points", "total", "scored_by")
RATING_AUDITED = (
    *("unit", "position", "rule_version", "score", "computed_level", "proposed_level"),
    *("level", "head_comment", "status", "published_at", "appeal_until", "task_group"),
)
UNIT_RATING_AUDITED = (
    *("score", "tasks_total", "tasks_done", "tasks_on_time", "tasks_exceeding"),
    *("outstanding", "level", "status"),
)


# ---------------------------------------------------------------- helpers
def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _is_self(actor, person: Person) -> bool:
    return actor is not None and viewer_scope(actor).person_id == person.pk


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _number(value, *, field: str) -> Decimal:
    if isinstance(value, Decimal | int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(str(value))
    else:
        try:
            number = parse_number(str(value), language=get_language() or "vi")
        except ValueError:
            raise ValidationError({field: _("Enter a number.")}) from None
    if not number.is_finite():
        raise ValidationError({field: _("Enter a number.")})
    if abs(number) >= QTY_LIMIT:
        raise ValidationError({field: _("The number is too large.")})
    return number


def _invalid(exc: scoring.ScoringError) -> ValidationError:
    return ValidationError({exc.field: exc.message}) if exc.field else ValidationError(exc.message)


def _check_month(year: int, month: int) -> tuple[date, date]:
    if not (1 <= int(month) <= 12):
        raise ValidationError({"month": f"Tháng phải từ 1 đến 12; đã nhập {month}."})
    if not (2000 <= int(year) <= 2100):
        raise ValidationError({"year": f"Năm không hợp lệ: {year}."})
    start = date(year, month, 1)
    if start > timezone.localdate():
        raise ValidationError({"month": f"Chưa đến tháng {month:02d}/{year}."})
    return start, date(year, month, calendar.monthrange(year, month)[1])


def _check_status(rating: AnnualRating, allowed: tuple[str, ...], action: str) -> None:
    if rating.status not in allowed:
        needed = " hoặc ".join(f"“{STATUS_NAMES[s]}”" for s in allowed)
        raise ValidationError(
            f"Không thể {action}: đánh giá năm {rating.year} của {rating.person} đang ở bước "
            f"“{STATUS_NAMES[rating.status]}”, cần ở bước {needed}."
        )


def _check_scores_open(person: Person, year: int) -> None:
    status = (
        AnnualRating.objects.filter(person=person, year=year)
        .values_list("status", flat=True)
        .first()
    )
    if status is not None and status not in OPEN_STATUSES:
        raise ValidationError(
            f"Xếp loại năm {year} của {person} đã ở bước “{STATUS_NAMES[status]}”: "
            "không sửa công việc hay điểm tháng của năm này nữa."
        )


def _check_level(level: str) -> str:
    if level not in RatingLevel.values:
        raise ValidationError({"level": f"Mức xếp loại không hợp lệ: “{level}”."})
    return level


def heads_of(*, unit: Unit, on: date | None = None) -> "list[int]":
    """Ids of the people who head a unit: their post heads it, or they hold its unit-head role."""
    on = on or timezone.localdate()
    role = RoleAssignment.objects.as_of(on).filter(
        user=OuterRef("user"), role=Role.UNIT_HEAD, unit=unit
    )
    return list(
        Person.objects.filter(Q(unit=unit, position__is_head=True) | Q(Exists(role))).values_list(
            "pk", flat=True
        )
    )


def _unit_rating(unit: Unit, year: int) -> UnitRating | None:
    return UnitRating.objects.filter(unit=unit, year=year).first()


def _forced_kht(rating: AnnualRating) -> list[str]:
    """Reasons that force KHT: discipline from khiển trách up for a duty violation, and the
    facts recorded on the rating (degradation; a leader's corruption or waste)."""
    return [
        *scoring.kht_overrides(
            year=rating.year,
            disciplines=_discipline_facts(person_id=rating.person_id, year=rating.year),
        ),
        *_conduct_reasons(rating),
    ]


def _conduct_reasons(rating: AnnualRating) -> list[str]:
    return scoring.conduct_kht_reasons(
        year=rating.year,
        degradation=rating.kht_degradation,
        corruption_waste=rating.kht_corruption_waste,
        note=rating.kht_facts_note,
    )


def _discipline_facts(*, person_id: int, year: int) -> list[scoring.DisciplineFact]:
    return [
        scoring.DisciplineFact(d.form, d.for_duty_violation, d.decided_on, d.decision_number)
        for d in Discipline.objects.filter(person_id=person_id, decided_on__year=year)
    ]


def _check_level_allowed(rating: AnnualRating, level: str) -> list[str]:
    """Every rule a proposed or approved level must keep; returns the facts checked."""
    forced = _forced_kht(rating)
    if forced and level != scoring.KHT:
        raise ValidationError({"level": f"{forced[0]}: phải xếp loại KHT."})
    rule = next((r for r in law.RATING_RULES if r.code == rating.rule_version), None)
    if (
        rule is not None
        and rule.point_scale
        and rating.computed_level
        and scoring.LEVEL_RANK[level] > scoring.LEVEL_RANK[rating.computed_level]
    ):
        raise ValidationError(
            {
                "level": f"Điểm năm {scoring.fmt(rating.score or 0)} chỉ đạt "
                f"{rating.computed_level}: không xếp loại cao hơn ({level})."
            }
        )
    facts = []
    if rating.person_id in heads_of(unit=rating.unit):
        unit_rating = _unit_rating(rating.unit, rating.year)
        ok, message = scoring.head_within_unit(
            head_level=level, unit_level=unit_rating.level if unit_rating else ""
        )
        if not ok:
            raise ValidationError({"level": message})
        facts.append(message)
    if level == scoring.HTXS:
        cap = cap_for_unit(
            unit=rating.unit, year=rating.year, changes={rating.pk: level}, lock=True
        )
        if not cap.ok:
            raise ValidationError({"level": cap.message})
        facts.extend(cap.reasons)
        if rating.task_group:
            group_cap = cap_for_task_group(
                task_group=rating.task_group,
                year=rating.year,
                changes={rating.pk: level},
                lock=True,
            )
            if not group_cap.ok:
                raise ValidationError({"level": group_cap.message})
            facts.extend(group_cap.reasons)
    return facts


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
        "Chỉ thủ trưởng đơn vị hoặc Phòng Thi đua - Khen thưởng lập danh mục sản phẩm.",
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
        action="work_item_type.created",
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
        action="work_assignment.recorded",
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
        action="work_assignment.deleted",
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
    share = Decimal(str(setting_value(TEAM_RESULT_WEIGHT)))
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
    settings = rating_params()
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
        action="period_score.computed",
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


# ---------------------------------------------------------------- annual ratings of people
@transaction.atomic
def annual_rating_prepare(*, actor, person: Person, year: int) -> AnnualRating:
    """Open (or refresh, while still open) a person's rating for a year: the rule version
    for the year and the person's category, the mean of the year's period scores (those a
    previous unit gave count too; the rating unit is the person's unit now), the computed
    level with the overrides, and the reasons."""
    _require(
        _is_self(actor, person)
        or rules.can_score_person(actor, person)
        or rules.is_emulation_office(actor),
        "Chỉ người được đánh giá, thủ trưởng đơn vị hoặc Phòng Thi đua - Khen thưởng mở phiếu "
        "đánh giá.",
    )
    rating = AnnualRating.objects.select_for_update().filter(person=person, year=year).first()
    if rating is not None:
        _check_status(rating, OPEN_STATUSES, "tính lại kết quả")
    before = snapshot(rating, RATING_AUDITED)
    rule = law.rating_rule_for(category=person.category, year=year)
    periods = [
        scoring.PeriodFact(number=p.number, total=p.total, unit_name=p.unit.name)
        for p in PeriodScore.objects.filter(person=person, year=year)
        .select_related("unit")
        .order_by("number")
    ]
    disciplines = _discipline_facts(person_id=person.pk, year=year)
    outcome = scoring.annual_outcome(
        year=year,
        periods=periods,
        disciplines=disciplines,
        params=rating_params(),
        point_scale=rule.point_scale,
        rating_unit_name=person.unit.name,
        extra_kht_reasons=_conduct_reasons(rating) if rating is not None else (),
    )
    reasons = [f"Quy định áp dụng cho năm {year}: {rule.basis}", *outcome.reasons]
    position = (
        PersonPosition.objects.filter(person=person, kind=PostKind.PRIMARY, valid_to__isnull=True)
        .order_by("-valid_from")
        .first()
    )
    fields = {
        "unit": person.unit,
        "position": position,
        "rule_version": rule.code,
        "score": outcome.score,
        "computed_level": outcome.level,
        "reasons": reasons,
    }
    if rating is None:
        rating = AnnualRating.objects.create(person=person, year=year, **fields)
    else:
        for key, value in fields.items():
            setattr(rating, key, value)
        rating.save(update_fields=[*fields, "updated_at"])
    audit_change(
        actor=actor,
        action="rating.prepared",
        target=rating,
        before=before,
        after=snapshot(rating, RATING_AUDITED),
        year=year,
        rule_version=rule.code,
        score=str(outcome.score) if outcome.score is not None else None,
        computed_level=outcome.level,
        unit=person.unit.code,
    )
    return rating


@transaction.atomic
def rating_record_conduct_facts(
    *,
    actor,
    rating: AnnualRating,
    degradation: bool,
    corruption_waste: bool,
    note: str = "",
) -> AnnualRating:
    """Record the facts that make the year KHT whatever the score — a conclusion of
    degradation in political ideology, ethics or lifestyle; for a leader, corruption or
    waste in a unit under their direct charge — with the conclusion or decision they rest
    on, and recompute the rating (the head of the rating unit or the office, while the
    rating is open)."""
    _require(
        rules.can_score_person(actor, rating.person) or rules.is_emulation_office(actor),
        "Chỉ thủ trưởng đơn vị hoặc Phòng Thi đua - Khen thưởng ghi nhận các căn cứ xếp loại "
        "Không hoàn thành nhiệm vụ.",
    )
    rating = AnnualRating.objects.select_for_update().get(pk=rating.pk)
    _check_status(rating, OPEN_STATUSES, "ghi nhận căn cứ xếp loại Không hoàn thành nhiệm vụ")
    note = (note or "").strip()
    if (degradation or corruption_waste) and not note:
        raise ValidationError(
            {"note": "Ghi rõ kết luận hoặc quyết định làm căn cứ (số, ngày, cơ quan)."}
        )
    if len(note) > 500:
        raise ValidationError({"note": "Tối đa 500 ký tự."})
    if corruption_waste and not _led_in_year(rating.person, rating.year):
        raise ValidationError(
            {
                "corruption_waste": "Chỉ áp dụng với người giữ chức vụ lãnh đạo, quản lý "
                f"(cấp trưởng hoặc cấp phó) trong năm {rating.year}."
            }
        )
    before = {
        "kht_degradation": rating.kht_degradation,
        "kht_corruption_waste": rating.kht_corruption_waste,
        "kht_facts_note": rating.kht_facts_note,
    }
    rating.kht_degradation = bool(degradation)
    rating.kht_corruption_waste = bool(corruption_waste)
    rating.kht_facts_note = note
    rating.save(
        update_fields=["kht_degradation", "kht_corruption_waste", "kht_facts_note", "updated_at"]
    )
    after = {
        "kht_degradation": rating.kht_degradation,
        "kht_corruption_waste": rating.kht_corruption_waste,
        "kht_facts_note": rating.kht_facts_note,
    }
    audit_change(
        actor=actor,
        action="rating.conduct_facts_recorded",
        target=rating,
        before=before,
        after=after,
        year=rating.year,
    )
    return annual_rating_prepare(actor=actor, person=rating.person, year=rating.year)


def _led_in_year(person: Person, year: int) -> bool:
    """Whether a person held a leading post (head or deputy) or a unit-head role in a year."""
    position = person.position
    if position is not None and (position.is_head or position.is_deputy):
        return True
    return (
        RoleAssignment.objects.filter(
            user_id=person.user_id, role=Role.UNIT_HEAD, valid_from__lte=date(year, 12, 31)
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=date(year, 1, 1)))
        .exists()
        if person.user_id is not None
        else False
    )


@transaction.atomic
def annual_ratings_prepare_unit(*, actor, unit: Unit, year: int) -> int:
    """Open or refresh the ratings of everyone now under a unit (its head or the office);
    ratings already proposed are left as they are. Returns how many were prepared."""
    _require(
        rules.heads_unit(actor, unit) or rules.is_emulation_office(actor),
        "Chỉ thủ trưởng đơn vị hoặc Phòng Thi đua - Khen thưởng mở phiếu đánh giá cho đơn vị.",
    )
    people = Person.objects.filter(unit__path__startswith=unit.path, is_active=True)
    closed = set(
        AnnualRating.objects.filter(person__in=people, year=year)
        .exclude(status__in=OPEN_STATUSES)
        .values_list("person_id", flat=True)
    )
    count = 0
    for person in people.select_related("unit").order_by("unit__path", "full_name"):
        if person.pk not in closed:
            annual_rating_prepare(actor=actor, person=person, year=year)
            count += 1
    return count


@transaction.atomic
def rating_self_assess(*, actor, rating: AnnualRating, text: str) -> AnnualRating:
    """The person's own assessment of their year (may be revised until the head proposes)."""
    _require(rules.can_self_assess(actor, rating), "Chỉ người được đánh giá tự đánh giá.")
    _check_status(rating, OPEN_STATUSES, "tự đánh giá")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Cần viết nội dung tự đánh giá."})
    before = snapshot(rating, ["status"])
    rating.self_assessment = text
    rating.status = RatingStatus.SELF_ASSESSED
    rating.save(update_fields=["self_assessment", "status", "updated_at"])
    audit_change(
        actor=actor,
        action="rating.self_assessed",
        target=rating,
        before=before,
        after=snapshot(rating, ["status"]),
        length=len(text),
    )
    return rating


@transaction.atomic
def rating_set_task_group(*, actor, rating: AnnualRating, task_group: str) -> AnnualRating:
    """The head puts a person in a group with similar tasks (or takes them out with an empty
    name): an HTXS proposed for them must then also keep the cap of that group, counted over
    every unit's ratings of the year. Only while the rating is open, before the proposal."""
    _require(
        rules.can_propose_rating(actor, rating),
        "Chỉ thủ trưởng của đơn vị đánh giá xếp người vào nhóm có nhiệm vụ tương đồng "
        "(không tự xếp cho mình).",
    )
    _check_status(rating, OPEN_STATUSES, "đổi nhóm có nhiệm vụ tương đồng")
    task_group = " ".join((task_group or "").split())
    limit = cast(int, AnnualRating._meta.get_field("task_group").max_length)
    if len(task_group) > limit:
        raise ValidationError(
            {"task_group": f"Tên nhóm dài tối đa {limit} ký tự; đã nhập {len(task_group)}."}
        )
    previous = rating.task_group
    if task_group == previous:
        return rating
    rating.task_group = task_group
    rating.save(update_fields=["task_group", "updated_at"])
    audit_change(
        before={"task_group": previous},
        after={"task_group": task_group},
        actor=actor,
        action="rating.task_group_set",
        target=rating,
        previous=previous,
        task_group=task_group,
    )
    return rating


@transaction.atomic
def rating_propose(*, actor, rating: AnnualRating, level: str, comment: str = "") -> AnnualRating:
    """The head proposes a level, within the cap of the unit and of the person's group with
    similar tasks (when set), never above the unit for its
    head, never above the score, and KHT where discipline forces it. A person without an
    account cannot self-assess, so the head may propose straight from the draft."""
    _require(
        rules.can_propose_rating(actor, rating),
        "Chỉ thủ trưởng của đơn vị đánh giá đề xuất mức xếp loại (không tự đề xuất cho mình).",
    )
    allowed: tuple[str, ...] = (RatingStatus.SELF_ASSESSED, RatingStatus.PROPOSED)
    if rating.person.user_id is None:
        allowed = (RatingStatus.DRAFT, *allowed)
    _check_status(rating, allowed, "đề xuất mức xếp loại")
    _check_level(level)
    facts = _check_level_allowed(rating, level)
    before = snapshot(rating, RATING_AUDITED)
    rating.proposed_level = level
    rating.head_comment = (comment or "").strip()
    rating.status = RatingStatus.PROPOSED
    rating.save(update_fields=["proposed_level", "head_comment", "status", "updated_at"])
    audit_change(
        actor=actor,
        action="rating.proposed",
        target=rating,
        before=before,
        after=snapshot(rating, RATING_AUDITED),
        level=level,
        facts=facts,
    )
    return rating


def _proposer_id(rating: AnnualRating) -> int | None:
    return (
        audit_for(rating)
        .filter(action="rating.proposed")
        .order_by("-created_at", "-id")
        .values_list("actor_id", flat=True)
        .first()
    )


@transaction.atomic
def rating_approve(
    *, actor, rating: AnnualRating, level: str | None = None, comment: str = ""
) -> AnnualRating:
    """The level above approves the proposal, or another level under the same rules."""
    _require(
        rules.can_approve_rating(actor, rating),
        "Chỉ cấp trên của đơn vị đánh giá phê duyệt (không ai tự phê duyệt cho mình).",
    )
    _check_status(rating, (RatingStatus.PROPOSED,), "phê duyệt")
    if _proposer_id(rating) == getattr(actor, "pk", None):
        raise PermissionDenied("Người đã đề xuất không tự phê duyệt đề xuất của mình.")
    level = _check_level(level or rating.proposed_level)
    facts = _check_level_allowed(rating, level)
    before = snapshot(rating, RATING_AUDITED)
    rating.level = level
    if comment.strip():
        rating.reasons = [*rating.reasons, f"Ý kiến phê duyệt: {comment.strip()}"]
    rating.status = RatingStatus.APPROVED
    rating.save(update_fields=["level", "reasons", "status", "updated_at"])
    audit_change(
        actor=actor,
        action="rating.approved",
        target=rating,
        before=before,
        after=snapshot(rating, RATING_AUDITED),
        level=level,
        proposed_level=rating.proposed_level,
        facts=facts,
    )
    with translation.override("vi"):
        level_label = str(RatingLevel(rating.level).label)
    webhook_publish(
        event="emulation.rating.approved",
        payload={
            "rating": {
                "id": rating.pk,
                "year": rating.year,
                "level": rating.level,
                "level_label": level_label,
                "rule_version": rating.rule_version,
            },
            "person": {"id": rating.person_id, "employee_code": rating.person.employee_code},
            "unit_id": rating.unit_id,
        },
    )
    return rating


def _may_publish(actor, rating: AnnualRating) -> bool:
    return rules.can_approve_rating(actor, rating) or (
        rules.is_emulation_office(actor) and not _is_self(actor, rating.person)
    )


@transaction.atomic
def rating_publish(*, actor, rating: AnnualRating) -> AnnualRating:
    """Publish an approved rating; appeals are open for `appeal_days` days from today."""
    _require(
        _may_publish(actor, rating),
        "Chỉ cấp phê duyệt hoặc Phòng Thi đua - Khen thưởng công bố kết quả.",
    )
    _check_status(rating, (RatingStatus.APPROVED,), "công bố")
    before = snapshot(rating, RATING_AUDITED)
    rating.status = RatingStatus.PUBLISHED
    rating.published_at = timezone.now()
    rating.appeal_until = timezone.localdate() + timedelta(days=rating_params().appeal_days)
    rating.save(update_fields=["status", "published_at", "appeal_until", "updated_at"])
    audit_change(
        actor=actor,
        action="rating.published",
        target=rating,
        before=before,
        after=snapshot(rating, RATING_AUDITED),
        level=rating.level,
        appeal_until=rating.appeal_until.isoformat(),
    )
    return rating


@transaction.atomic
def rating_appeal(*, actor, rating: AnnualRating, text: str) -> RatingAppeal:
    """The person appeals a published rating, within the appeal window only."""
    _require(rules.can_appeal(actor, rating), "Chỉ người được đánh giá kiến nghị về kết quả.")
    _check_status(rating, (RatingStatus.PUBLISHED,), "kiến nghị")
    today = timezone.localdate()
    if rating.appeal_until is None or today > rating.appeal_until:
        until = f" (đến hết ngày {rating.appeal_until:%d/%m/%Y})" if rating.appeal_until else ""
        raise ValidationError(f"Đã hết thời hạn kiến nghị{until}.")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Cần nêu lý do kiến nghị."})
    appeal = RatingAppeal.objects.create(rating=rating, text=text)
    before = snapshot(rating, ["status"])
    rating.status = RatingStatus.APPEALED
    rating.save(update_fields=["status", "updated_at"])
    audit_change(
        actor=actor,
        action="rating.appealed",
        target=rating,
        before=before,
        after=snapshot(rating, ["status"]),
        appeal=appeal.pk,
    )
    return appeal


@transaction.atomic
def appeal_decide(
    *, actor, appeal: RatingAppeal, upheld: bool, level: str = "", note: str = ""
) -> RatingAppeal:
    """Decide an appeal: upheld with a new level (under the same rules), or dismissed. The
    rating is published again either way."""
    rating = appeal.rating
    _require(
        _may_publish(actor, rating),
        "Chỉ cấp phê duyệt hoặc Phòng Thi đua - Khen thưởng giải quyết kiến nghị.",
    )
    if appeal.status != AppealStatus.OPEN:
        raise ValidationError("Kiến nghị này đã được giải quyết.")
    _check_status(rating, (RatingStatus.APPEALED,), "giải quyết kiến nghị")
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Cần ghi nội dung giải quyết."})
    previous = rating.level
    before = snapshot(rating, RATING_AUDITED)
    if upheld:
        level = _check_level(level)
        if level == rating.level:
            raise ValidationError({"level": "Chấp nhận kiến nghị thì mức xếp loại phải thay đổi."})
        _check_level_allowed(rating, level)
        rating.level = level
    appeal.status = AppealStatus.UPHELD if upheld else AppealStatus.DISMISSED
    appeal.decided_by = _user(actor)
    appeal.decision_note = note
    appeal.save(update_fields=["status", "decided_by", "decision_note"])
    rating.status = RatingStatus.PUBLISHED
    rating.save(update_fields=["level", "status", "updated_at"])
    audit_change(
        actor=actor,
        action="rating.appeal_decided",
        target=rating,
        before=before,
        after=snapshot(rating, RATING_AUDITED),
        appeal=appeal.pk,
        upheld=upheld,
        previous_level=previous,
        level=rating.level,
    )
    return appeal


# ---------------------------------------------------------------- unit ratings
def _unit_facts(unit_rating: UnitRating) -> scoring.UnitFacts:
    sub_levels = tuple(
        UnitRating.objects.filter(unit__parent=unit_rating.unit, year=unit_rating.year)
        .exclude(level="")
        .values_list("level", flat=True)
    )
    return scoring.UnitFacts(
        score=unit_rating.score,
        tasks_total=unit_rating.tasks_total,
        tasks_done=unit_rating.tasks_done,
        tasks_on_time=unit_rating.tasks_on_time,
        tasks_exceeding=unit_rating.tasks_exceeding,
        sub_unit_levels=sub_levels,
    )


@transaction.atomic
def unit_rating_compute(
    *,
    actor,
    unit: Unit,
    year: int,
    score,
    tasks_total: int,
    tasks_done: int,
    tasks_on_time: int,
    tasks_exceeding: int,
    outstanding: bool = False,
) -> UnitRating:
    """Record a unit's facts for the year and compute its level (NĐ 233/2026 art. 7); the
    office confirms the level with unit_rating_set."""
    _require(rules.can_rate_units(actor), "Chỉ Phòng Thi đua - Khen thưởng xếp loại đơn vị.")
    existing = UnitRating.objects.select_for_update().filter(unit=unit, year=year).first()
    if existing is not None and existing.status != RatingStatus.DRAFT:
        raise ValidationError(
            f"Xếp loại năm {year} của {unit} đã được xác nhận ({existing.level}): không tính lại."
        )
    numbers = {
        "tasks_total": tasks_total,
        "tasks_done": tasks_done,
        "tasks_on_time": tasks_on_time,
        "tasks_exceeding": tasks_exceeding,
    }
    counts = {}
    for field, value in numbers.items():
        number = _number(value, field=field)
        if number != number.to_integral_value():
            raise ValidationError({field: "Số nhiệm vụ phải là số nguyên."})
        counts[field] = int(number)
    draft = UnitRating(
        unit=unit, year=year, score=_number(score, field="score"), outstanding=outstanding, **counts
    )
    facts = _unit_facts(draft)
    try:
        level, reasons = scoring.unit_level(facts, rating_params())
    except scoring.ScoringError as exc:
        raise _invalid(exc) from None
    if level == scoring.HTXS:
        reasons = (*reasons, unit_cap_for(unit=unit, year=year, level=level).message)
    defaults = {
        "score": scoring.points(draft.score),
        "outstanding": bool(outstanding),
        "level": level,
        "reasons": list(reasons),
        **counts,
    }
    before = snapshot(existing, UNIT_RATING_AUDITED)
    rating, _created = UnitRating.objects.update_or_create(unit=unit, year=year, defaults=defaults)
    audit_change(
        actor=actor,
        action="unit_rating.computed",
        target=rating,
        before=before,
        after=snapshot(rating, UNIT_RATING_AUDITED),
        year=year,
        level=level,
        score=str(defaults["score"]),
        **counts,
    )
    return rating


@transaction.atomic
def unit_rating_set(*, actor, unit_rating: UnitRating, level: str, note: str = "") -> UnitRating:
    """Confirm a unit's level: never above what its facts support, within the cap among
    the units under the same parent, and never below a head already rated higher."""
    _require(rules.can_rate_units(actor), "Chỉ Phòng Thi đua - Khen thưởng xếp loại đơn vị.")
    if unit_rating.status != RatingStatus.DRAFT:
        raise ValidationError(
            f"Xếp loại năm {unit_rating.year} của {unit_rating.unit} đã được xác nhận."
        )
    level = _check_level(level)
    computed, _reasons = scoring.unit_level(_unit_facts(unit_rating), rating_params())
    if scoring.LEVEL_RANK[level] > scoring.LEVEL_RANK[computed]:
        raise ValidationError(
            {
                "level": f"Theo kết quả thực hiện nhiệm vụ, đơn vị chỉ đạt {computed}: không xếp {level}."
            }
        )
    unit = unit_rating.unit
    facts = []
    if level == scoring.HTXS:
        cap = unit_cap_for(unit=unit, year=unit_rating.year, level=level, lock=True)
        if not cap.ok:
            raise ValidationError({"level": cap.message})
        facts.append(cap.message)
    head_levels = [
        rated_level or proposed
        for rated_level, proposed in AnnualRating.objects.filter(
            person_id__in=heads_of(unit=unit), unit=unit, year=unit_rating.year
        ).values_list("level", "proposed_level")
    ]
    for head_level in filter(None, head_levels):
        ok, message = scoring.head_within_unit(head_level=head_level, unit_level=level)
        if not ok:
            raise ValidationError({"level": message})
    before = snapshot(unit_rating, UNIT_RATING_AUDITED)
    unit_rating.level = level
    unit_rating.status = RatingStatus.APPROVED
    unit_rating.reasons = [
        *unit_rating.reasons,
        *facts,
        f"Phòng Thi đua - Khen thưởng xác nhận mức {scoring.level_label(level)}"
        + (f": {note.strip()}" if note.strip() else ""),
    ]
    unit_rating.save(update_fields=["level", "status", "reasons", "updated_at"])
    audit_change(
        actor=actor,
        action="unit_rating.set",
        target=unit_rating,
        before=before,
        after=snapshot(unit_rating, UNIT_RATING_AUDITED),
        level=level,
        computed_level=computed,
    )
    return unit_rating
