"""The goals API's answers shared by its routers (api.py, api_actions.py, api_fieldwork.py)
and by the teams API, and the description of the check-in inputs' `confirmed`."""

from datetime import date
from decimal import Decimal

from ninja import Schema

# The description of the check-in inputs' `confirmed`: a value far outside the key result's
# range or jump is refused (422 on `value`, with the reason) until it is sent again
# confirmed, as the page asks (checkin_checks.py).
CONFIRMED = (
    "true: giá trị đã được kiểm tra là đúng dù trông bất thường. Khi giá trị nằm xa ngoài "
    "khoảng từ giá trị ban đầu đến chỉ tiêu, hoặc thay đổi quá lớn so với lần trước, yêu cầu "
    "không kèm true bị từ chối (422 ở trường value, nêu lý do) và không ghi gì."
)


class KeyResultOut(Schema):
    id: int
    title: str
    metric_type: str
    baseline: Decimal
    target: Decimal
    current: Decimal | None
    current_is_verified: bool
    direction: str
    due_date: date | None
    weight: Decimal
    progress: Decimal
    progress_verified: Decimal
    is_at_risk: bool
    risk_reasons: list[str]


class GoalOut(Schema):
    id: int
    title: str
    parent_id: int | None
    program_id: int | None
    owner_unit_id: int | None
    owner_person_id: int | None
    period_kind: str
    period_start: date
    period_end: date
    weight: Decimal
    is_stretch: bool
    status: str
    progress: Decimal
    progress_verified: Decimal
    is_at_risk: bool
    risk_reasons: list[str]
    key_results: list[KeyResultOut]

    @staticmethod
    def resolve_key_results(obj):
        return list(obj.key_results.all())


class CheckInOut(Schema):
    id: int
    key_result_id: int
    value: Decimal
    target_then: Decimal
    progress: Decimal
    confidence: str
    comment: str
    checked_on: date
    verified_at: str | None

    @staticmethod
    def resolve_verified_at(obj):
        return obj.verified_at.isoformat() if obj.verified_at else None
