"""Writes for people's annual ratings: self-assessment → head's proposal → approval →
published → appeal. The arithmetic is in scoring.py, the rule versions in law.py, the
permissions in rules.py; every workflow step writes an audit event. Messages are Vietnamese,
as the explanations they sit next to.

Also the import path of every rating write: the work-item catalogue, monthly work and
period scores (`rating_work`), unit ratings (`unit_ratings`), the agency's LĐTT criteria
(`rating_criteria`) and the shared checks (`rating_checks`) live in sibling modules and are
re-exported here."""

from collections.abc import Mapping
from datetime import date, timedelta
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from thidua.core.audit import audit_change, audit_for, snapshot
from thidua.core.transitions import transition
from thidua.core.webhooks import webhook_publish
from thidua.org.choices import PostKind, Role
from thidua.org.models import Person, PersonPosition, RoleAssignment, Unit

from .. import law, rules, scoring
from ..choices import AppealStatus, EmulationAudit, RatingLevel, RatingStatus
from ..models import (
    AnnualRating,
    PeriodScore,
    RatingAppeal,
)
from ..selectors.ratings import rating_params
from .rating_checks import (
    OPEN_STATUSES,
    PERIOD_AUDITED,
    QTY_LIMIT,
    RATING_AUDITED,
    RATING_FLOW,
    STATUS_NAMES,
    UNIT_RATING_AUDITED,
    _check_level,
    _check_level_allowed,
    _check_status,
    _conduct_reasons,
    _discipline_facts,
    _is_self,
    _require,
    _user,
    heads_of,
)
from .rating_criteria import (
    may_record_agency_criteria,
    rating_record_agency_criteria,
    record_agency_criteria,
)
from .rating_work import (
    month_inputs,
    period_score_compute,
    work_assignment_delete,
    work_assignment_record,
    work_item_type_create,
)
from .unit_ratings import UNIT_RATING_FLOW, unit_rating_compute, unit_rating_set

# The catalogue and monthly work, unit ratings and the shared checks live in sibling modules
# (rating_work, unit_ratings, rating_checks) and stay importable from here.
__all__ = [
    "OPEN_STATUSES",
    "RATING_FLOW",
    "UNIT_RATING_FLOW",
    "PERIOD_AUDITED",
    "QTY_LIMIT",
    "RATING_AUDITED",
    "STATUS_NAMES",
    "UNIT_RATING_AUDITED",
    "annual_rating_prepare",
    "annual_ratings_prepare_unit",
    "appeal_decide",
    "heads_of",
    "month_inputs",
    "period_score_compute",
    "rating_appeal",
    "rating_approve",
    "rating_propose",
    "may_record_agency_criteria",
    "rating_publish",
    "rating_record_agency_criteria",
    "rating_record_conduct_facts",
    "rating_self_assess",
    "rating_set_task_group",
    "unit_rating_compute",
    "unit_rating_set",
    "work_assignment_delete",
    "work_assignment_record",
    "work_item_type_create",
]


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
        "Chỉ người được đánh giá, thủ trưởng đơn vị hoặc bộ phận thi đua – khen thưởng mở phiếu "
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
        params=rating_params(year=year),
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
        action=EmulationAudit.RATING_PREPARED,
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
        "Chỉ thủ trưởng đơn vị hoặc bộ phận thi đua – khen thưởng ghi nhận các căn cứ xếp loại "
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
        action=EmulationAudit.RATING_CONDUCT_FACTS_RECORDED,
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
        "Chỉ thủ trưởng đơn vị hoặc bộ phận thi đua – khen thưởng mở phiếu đánh giá cho đơn vị.",
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
    return transition(
        rating,
        flow=RATING_FLOW,
        to=RatingStatus.SELF_ASSESSED,
        actor=actor,
        also={"self_assessment": text},
        audited=["status"],
        length=len(text),
    )


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
        action=EmulationAudit.RATING_TASK_GROUP_SET,
        target=rating,
        previous=previous,
        task_group=task_group,
    )
    return rating


@transaction.atomic
def rating_propose(
    *,
    actor,
    rating: AnnualRating,
    level: str,
    comment: str = "",
    agency_criteria: Mapping | None = None,
) -> AnnualRating:
    """The head proposes a level, within the cap of the unit and of the person's group with
    similar tasks (when set), never above the unit for its
    head, never above the score, and KHT where discipline forces it. A person without an
    account cannot self-assess, so the head may propose straight from the draft. The agency's
    LĐTT criteria given (met or not) are recorded with the proposal, in one transaction."""
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
    if agency_criteria:
        record_agency_criteria(actor=actor, rating=rating, criteria=agency_criteria)
    return transition(
        rating,
        flow=RATING_FLOW,
        to=RatingStatus.PROPOSED,
        actor=actor,
        also={"proposed_level": level, "head_comment": (comment or "").strip()},
        audited=RATING_AUDITED,
        level=level,
        facts=facts,
    )


def _proposer_id(rating: AnnualRating) -> int | None:
    return (
        audit_for(rating)
        .filter(action=EmulationAudit.RATING_PROPOSED)
        .order_by("-created_at", "-id")
        .values_list("actor_id", flat=True)
        .first()
    )


@transaction.atomic
def rating_approve(
    *,
    actor,
    rating: AnnualRating,
    level: str | None = None,
    comment: str = "",
    agency_criteria: Mapping | None = None,
) -> AnnualRating:
    """The level above approves the proposal, or another level under the same rules; the
    agency's LĐTT criteria given (met or not) are recorded with it, in one transaction."""
    _require(
        rules.can_approve_rating(actor, rating),
        "Chỉ cấp trên của đơn vị đánh giá phê duyệt (không ai tự phê duyệt cho mình).",
    )
    _check_status(rating, (RatingStatus.PROPOSED,), "phê duyệt")
    if _proposer_id(rating) == getattr(actor, "pk", None):
        raise PermissionDenied("Người đã đề xuất không tự phê duyệt đề xuất của mình.")
    level = _check_level(level or rating.proposed_level)
    facts = _check_level_allowed(rating, level)
    if agency_criteria:
        record_agency_criteria(actor=actor, rating=rating, criteria=agency_criteria)
    reasons = rating.reasons
    if comment.strip():
        reasons = [*rating.reasons, f"Ý kiến phê duyệt: {comment.strip()}"]
    transition(
        rating,
        flow=RATING_FLOW,
        to=RatingStatus.APPROVED,
        actor=actor,
        also={"level": level, "reasons": reasons},
        audited=RATING_AUDITED,
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
        "Chỉ cấp phê duyệt hoặc bộ phận thi đua – khen thưởng công bố kết quả.",
    )
    _check_status(rating, (RatingStatus.APPROVED,), "công bố")
    appeal_until = timezone.localdate() + timedelta(days=rating_params().appeal_days)
    return transition(
        rating,
        flow=RATING_FLOW,
        to=RatingStatus.PUBLISHED,
        actor=actor,
        also={"published_at": timezone.now(), "appeal_until": appeal_until},
        audited=RATING_AUDITED,
        level=rating.level,
        appeal_until=appeal_until.isoformat(),
    )


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
    transition(rating, flow=RATING_FLOW, to=RatingStatus.APPEALED, actor=actor, appeal=appeal.pk)
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
        "Chỉ cấp phê duyệt hoặc bộ phận thi đua – khen thưởng giải quyết kiến nghị.",
    )
    if appeal.status != AppealStatus.OPEN:
        raise ValidationError("Kiến nghị này đã được giải quyết.")
    _check_status(rating, (RatingStatus.APPEALED,), "giải quyết kiến nghị")
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Cần ghi nội dung giải quyết."})
    previous = rating.level
    if upheld:
        level = _check_level(level)
        if level == rating.level:
            raise ValidationError({"level": "Chấp nhận kiến nghị thì mức xếp loại phải thay đổi."})
        _check_level_allowed(rating, level)
    else:
        level = rating.level
    appeal.status = AppealStatus.UPHELD if upheld else AppealStatus.DISMISSED
    appeal.decided_by = _user(actor)
    appeal.decision_note = note
    appeal.save(update_fields=["status", "decided_by", "decision_note"])
    transition(
        rating,
        flow=RATING_FLOW,
        to=RatingStatus.PUBLISHED,
        actor=actor,
        also={"level": level},
        audited=RATING_AUDITED,
        appeal=appeal.pk,
        upheld=upheld,
        previous_level=previous,
        level=level,
    )
    return appeal
