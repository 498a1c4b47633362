"""What every rating write checks: the status names and open steps, numbers as entered,
months, levels, discipline and conduct facts that force KHT, and the caps and head-within-unit
rule a proposed or approved level must keep. Messages are Vietnamese, as the explanations
they sit next to."""

import calendar
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from thidua.core.numbers import parse_number
from thidua.core.transitions import Flow
from thidua.org.choices import Role
from thidua.org.models import Person, RoleAssignment, Unit
from thidua.org.rules import viewer_scope

from .. import law, scoring
from ..choices import EmulationAudit, RatingLevel, RatingStatus
from ..models import (
    AnnualRating,
    Discipline,
    UnitRating,
)
from ..selectors.ratings import cap_for_task_group, cap_for_unit

STATUS_NAMES: dict[str, str] = {
    RatingStatus.DRAFT: "đang nhập điểm",
    RatingStatus.SELF_ASSESSED: "đã tự đánh giá",
    RatingStatus.PROPOSED: "thủ trưởng đã đề xuất",
    RatingStatus.APPROVED: "đã phê duyệt",
    RatingStatus.PUBLISHED: "đã công bố",
    RatingStatus.APPEALED: "đang giải quyết kiến nghị",
}
# Every step of a person's annual rating, and the audit event that records it.
RATING_FLOW = Flow(
    "emulation.AnnualRating",
    {
        (RatingStatus.DRAFT, RatingStatus.SELF_ASSESSED): EmulationAudit.RATING_SELF_ASSESSED,
        (
            RatingStatus.SELF_ASSESSED,
            RatingStatus.SELF_ASSESSED,
        ): EmulationAudit.RATING_SELF_ASSESSED,
        (RatingStatus.DRAFT, RatingStatus.PROPOSED): EmulationAudit.RATING_PROPOSED,  # no account
        (RatingStatus.SELF_ASSESSED, RatingStatus.PROPOSED): EmulationAudit.RATING_PROPOSED,
        (RatingStatus.PROPOSED, RatingStatus.PROPOSED): EmulationAudit.RATING_PROPOSED,
        (RatingStatus.PROPOSED, RatingStatus.APPROVED): EmulationAudit.RATING_APPROVED,
        (RatingStatus.APPROVED, RatingStatus.PUBLISHED): EmulationAudit.RATING_PUBLISHED,
        (RatingStatus.PUBLISHED, RatingStatus.APPEALED): EmulationAudit.RATING_APPEALED,
        (RatingStatus.APPEALED, RatingStatus.PUBLISHED): EmulationAudit.RATING_APPEAL_DECIDED,
    },
)
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
    if not level:  # "Đề xuất" pressed with the level left at "—"
        raise ValidationError({"level": "Chưa chọn mức xếp loại: hãy chọn một mức."})
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
