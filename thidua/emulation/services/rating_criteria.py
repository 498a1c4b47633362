"""The agency's own criteria for Lao động tiên tiến, met or not, recorded on a person's annual
rating by whoever sets its level: the head of the rating unit until the level is approved, or
the level above while approving (thidua/emulation/agency_criteria.py says where the criteria
come from). What is kept is `AnnualRating.agency_criteria`, {code: met or not}, the shape the
eligibility history reads; every change is audited. Messages are Vietnamese."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from thidua.core.audit import audit_change

from .. import rules
from ..agency_criteria import criteria_for_year
from ..choices import EmulationAudit, RatingStatus
from ..models import AnnualRating
from .rating_checks import OPEN_STATUSES, _check_status, _require

# The head records them until the level is approved, the level above while approving.
HEAD_STATUSES = (*OPEN_STATUSES, RatingStatus.PROPOSED)
APPROVER_STATUSES = (RatingStatus.PROPOSED,)


def may_record_agency_criteria(actor, rating: AnnualRating) -> bool:
    """Whether `actor` may record the criteria on this rating now (the pages' and the API's
    question before showing the form)."""
    return (rules.can_propose_rating(actor, rating) and rating.status in HEAD_STATUSES) or (
        rules.can_approve_rating(actor, rating) and rating.status in APPROVER_STATUSES
    )


def agency_criteria_clean(*, year: int, criteria: Mapping) -> dict[str, bool]:
    """The criteria given, checked against those in force for the year's ratings: an unknown
    code or a value that is not met / not met is refused, naming each one."""
    known = {c.code: c for c in criteria_for_year(year=year)}
    unknown = [str(code) for code in criteria if code not in known]
    if unknown:
        names = ", ".join(f"“{code}”" for code in unknown)
        configured = ", ".join(f"“{c.label}”" for c in known.values())
        raise ValidationError(
            {
                "agency_criteria": (
                    f"Không có tiêu chí riêng của cơ quan {names} áp dụng cho xếp loại năm {year}"
                    + (
                        f" (các tiêu chí áp dụng: {configured})."
                        if configured
                        else " (cơ quan chưa cấu hình tiêu chí riêng nào)."
                    )
                )
            }
        )
    wrong = [code for code, met in criteria.items() if not isinstance(met, bool)]
    if wrong:
        raise ValidationError(
            {
                "agency_criteria": "Mỗi tiêu chí ghi “đạt” hoặc “chưa đạt”; không hợp lệ: "
                + ", ".join(f"“{known[code].label}”" for code in wrong)
                + "."
            }
        )
    return {str(code): met for code, met in criteria.items()}


def record_agency_criteria(*, actor, rating: AnnualRating, criteria: Mapping) -> bool:
    """Record the criteria on a rating already locked by the caller's transaction (the other
    ones recorded before are kept) and audit the change. Returns whether anything changed."""
    cleaned = agency_criteria_clean(year=rating.year, criteria=criteria)
    before = dict(rating.agency_criteria or {})
    after = {**before, **cleaned}
    if after == before:
        return False
    rating.agency_criteria = after
    rating.save(update_fields=["agency_criteria", "updated_at"])
    audit_change(
        actor=actor,
        action=EmulationAudit.RATING_AGENCY_CRITERIA_RECORDED,
        target=rating,
        before={"agency_criteria": before},
        after={"agency_criteria": after},
        year=rating.year,
        criteria=cleaned,
    )
    return True


@transaction.atomic
def rating_record_agency_criteria(
    *, actor, rating: AnnualRating, criteria: Mapping
) -> AnnualRating:
    """The head of the rating unit (until the level is approved) or the level above (while
    approving) records, for each of the agency's criteria in force for the year, met or
    not met."""
    _require(
        rules.can_propose_rating(actor, rating) or rules.can_approve_rating(actor, rating),
        "Chỉ thủ trưởng của đơn vị đánh giá hoặc cấp phê duyệt ghi nhận tiêu chí riêng của cơ "
        "quan (không tự ghi nhận cho mình).",
    )
    rating = (
        AnnualRating.objects.select_for_update().select_related("person", "unit").get(pk=rating.pk)
    )
    allowed = HEAD_STATUSES if rules.can_propose_rating(actor, rating) else APPROVER_STATUSES
    _check_status(rating, allowed, "ghi nhận tiêu chí riêng của cơ quan")
    record_agency_criteria(actor=actor, rating=rating, criteria=criteria)
    return rating
