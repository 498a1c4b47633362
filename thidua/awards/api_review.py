"""Awards API, the emulation office's yearly eligibility review (computed in the request as
the page does, one page of people at a time), proposals made from it, one person's verdicts,
and the agency's eligibility settings in force on a day with a dated, reasoned change of them
(If-Match required) — as on the pages (thidua/awards/views/registry.py, views/settings.py),
through their selectors and services (issue 15, point 2). Mounted by thidua/awards/api.py."""

import base64
import binascii
import json
from datetime import date
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError as SchemaValidationError

from thidua.core.api_etag import (
    ETAG_RESPONSE,
    IfMatch,
    check_if_match,
    set_etag,
)
from thidua.core.api_pagination import CURSOR_MAX, LIMIT_DEFAULT, LIMIT_MAX
from thidua.core.api_schemas import (
    ERRORS,
    PRECONDITION_ERRORS,
    Day,
    Id,
    InputSchema,
    model_field,
)
from thidua.org import selectors as org_selectors
from thidua.org.models import Person

from .api_registry import (
    PICKS_MAX,
    Code,
    Show,
    Year,
    _unit,
)
from .law import LAW_2022_FROM
from .models import EligibilitySettings
from .rules import require_office
from .selectors import registry as selectors
from .selectors import settings as settings_selectors
from .services import registry as registry_services
from .services import settings as settings_services
from .services.council import proposals_create_from_verdicts

router = Router()


# ---------------------------------------------------------------- schemas
class ReviewRowOut(Schema):
    person_id: int
    name: str
    unit: str
    eligible: list[str]
    problems: list[str]


class ReviewPageOut(Schema):
    year: int
    received_on: date
    people: int = Field(description="Số người được xét.")
    shown: int = Field(description="Số người theo bộ lọc.")
    counts: dict[str, int] = Field(description="Số người đủ điều kiện theo danh hiệu/hình thức.")
    settings_note: str
    items: list[ReviewRowOut]
    next_cursor: str | None = Field(None, description="Con trỏ của trang sau; null khi đã hết.")


class ReviewVerdictOut(Schema):
    code: str
    name: str
    eligible: bool
    already_granted: bool
    basis: str
    confidence: str
    rule_version: str
    reasons: list[str]


class ReviewPersonOut(Schema):
    person_id: int
    name: str
    year: int
    received_on: date
    eligible: list[str]
    problems: list[str]
    verdicts: list[ReviewVerdictOut]


class ReviewPickIn(InputSchema):
    person_id: Id
    code: Code = Field(description="Danh hiệu/hình thức người đó đủ điều kiện theo kết quả xét.")


class ReviewProposeIn(InputSchema):
    year: Year | None = Field(None, description="Năm xét (mặc định như trang).")
    received_on: Day | None = Field(None, description="Ngày nhận hồ sơ (mặc định như trang).")
    picks: list[ReviewPickIn] = Field(min_length=1, max_length=PICKS_MAX)


class ReviewProposedOut(Schema):
    created: int
    skipped: int = Field(description="Đã có đề nghị (bỏ qua) hoặc không đủ điều kiện.")
    proposal_ids: list[int]


class ParameterOut(Schema):
    code: str
    rule_name: str
    parameter: str
    label: str
    kind: str
    choices: list[str]
    default: Any
    value: Any
    changed: bool
    basis: str
    confidence: str
    uncertain: bool


class EligibilitySettingsOut(Schema):
    on: date
    valid_from: date | None = Field(description="Ngày áp dụng của thiết lập đang có hiệu lực.")
    values: dict
    reason: str
    parameters: list[ParameterOut]


class EligibilitySettingsIn(InputSchema):
    valid_from: Day = Field(description="Ngày bắt đầu áp dụng.")
    values: dict = Field(
        description=(
            'Như thiết lập của trang: {"rules": {"CSTDCS": {"min_htxs": 1}}, '
            '"more_favourable": false}; bộ máy xét kiểm tra từng khoá và giá trị (422).'
        )
    )
    reason: model_field(EligibilitySettings, "reason")


# ---------------------------------------------------------------- helpers
def _review_dates(year: int | None, received_on: date | None) -> tuple[int, date]:
    """The page's defaults: last year, received on 15 January after it (not before the
    2022 law); a receipt date before the year or the law: 422."""
    today = timezone.localdate()
    year = year if year is not None else today.year - 1
    received_on = received_on or max(date(year + 1, 1, 15), LAW_2022_FROM)
    if year > today.year or year < registry_services.EARLIEST_YEAR:
        raise SchemaValidationError(
            [{"loc": ["query", "year"], "msg": "Year out of range", "type": "value_error"}]
        )
    if received_on < LAW_2022_FROM or received_on.year < year:
        raise SchemaValidationError(
            [
                {
                    "loc": ["query", "received_on"],
                    "msg": "Receipt date out of range",
                    "type": "value_error",
                }
            ]
        )
    return year, received_on


def _cursor_after(cursor: str | None) -> int:
    """The person id a review cursor names (the last one of the previous page)."""
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw.decode("utf-8"))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        value = None
    if not (isinstance(value, list) and len(value) == 1 and type(value[0]) is int):
        raise SchemaValidationError(
            [{"loc": ["query", "cursor"], "msg": "Invalid cursor", "type": "cursor_invalid"}]
        )
    return value[0]


def _cursor_of(person_id: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([person_id]).encode()).decode().rstrip("=")


def _settings(request, on: date) -> dict:
    in_force = settings_selectors.eligibility_settings_in_force(on=on)
    return {
        "on": on,
        "valid_from": in_force.valid_from if in_force else None,
        "values": in_force.values if in_force else {},
        "reason": in_force.reason if in_force else "",
        "parameters": [
            {**row.__dict__, "choices": [str(c) for c in row.choices]}
            for row in settings_selectors.settings_table(viewer=request.user, on=on)
        ],
    }


# ---------------------------------------------------------------- yearly review
@router.get(
    "/review",
    response={200: ReviewPageOut, **ERRORS},
    summary="Xét điều kiện khen thưởng hằng năm (theo trang)",
    description=(
        "Bộ phận thi đua (khác: 403): xét mọi người của năm `year` theo quy định áp dụng "
        "vào ngày nhận hồ sơ `received_on` (mặc định như trang), lọc theo đơn vị, danh "
        "hiệu/hình thức (`code`) và `show` (eligible: đủ điều kiện hoặc có vấn đề về hồ sơ; "
        "problems: chỉ có vấn đề; all: mọi người). Phân trang bằng con trỏ theo mã người; "
        "mỗi trang tính lại việc xét như trang web."
    ),
)
def review(
    request,
    year: Year | None = None,
    received_on: Day | None = None,
    unit_id: Id | None = None,
    code: Code | None = None,
    show: Show = "eligible",
    cursor: str | None = Query(
        None, max_length=CURSOR_MAX, pattern=r"^[A-Za-z0-9_-]*={0,2}$", description="Con trỏ."
    ),
    limit: int = Query(LIMIT_DEFAULT, ge=1, le=LIMIT_MAX, description="Số người mỗi trang."),
):
    require_office(request.user, explain=True)
    year, received_on = _review_dates(year, received_on)
    after = _cursor_after(cursor)
    unit = _unit(request, unit_id)
    review = selectors.review_shown(
        viewer=request.user, year=year, received_on=received_on, unit=unit, code=code or "",
        show=show,
    )  # fmt: skip
    rows, shown, counts = review.rows, review.shown, review.counts
    remaining = sorted((r for r in shown if r.person_id > after), key=lambda r: r.person_id)
    page = remaining[:limit]
    units = dict(
        Person.objects.filter(pk__in=[r.person_id for r in page]).values_list("pk", "unit__name")
    )
    return {
        "year": year,
        "received_on": received_on,
        "people": len(rows),
        "shown": len(shown),
        "counts": counts,
        "settings_note": settings_selectors.settings_note(on=received_on),
        "items": [
            {
                "person_id": r.person_id,
                "name": r.name,
                "unit": units.get(r.person_id, ""),
                "eligible": list(r.eligible),
                "problems": list(r.problems),
            }
            for r in page
        ],
        "next_cursor": _cursor_of(page[-1].person_id) if len(remaining) > limit else None,
    }


@router.post(
    "/review/propose",
    response={200: ReviewProposedOut, **ERRORS},
    summary="Lập đề nghị từ kết quả xét hằng năm",
    description=(
        "Bộ phận thi đua, như nút “Lập đề nghị” của trang: đề nghị cho các cặp (người, danh "
        "hiệu/hình thức) đã chọn mà người đó đủ điều kiện, mỗi đề nghị mang kết quả xét; trong "
        "một giao dịch (có lỗi: 422, không tạo đề nghị nào). Cặp đã có đề nghị được bỏ qua."
    ),
)
def review_propose(request, payload: ReviewProposeIn):
    require_office(request.user, explain=True)
    year, received_on = _review_dates(payload.year, payload.received_on)
    picks: dict[int, set[str]] = {}
    for pick in payload.picks:
        picks.setdefault(pick.person_id, set()).add(pick.code)
    rows = selectors.yearly_review(
        year=year,
        received_on=received_on,
        viewer=request.user,
        person_ids=list(picks),
        processes=1,
    )
    people = Person.objects.in_bulk([r.person_id for r in rows])
    note = settings_selectors.settings_note(on=received_on)
    items = [
        {
            "code": v.code,
            "person": people[row.person_id],
            "unit": None,
            "verdict": {
                **v.to_dict(),
                "received_on": received_on.isoformat(),
                "settings_note": note,
            },
        }
        for row in rows
        for v in row.verdicts
        if v.code in picks.get(row.person_id, ()) and v.eligible
    ]
    created = proposals_create_from_verdicts(
        actor=request.user, year=year, received_on=received_on, items=items
    )
    return {
        "created": len(created),
        "skipped": len(payload.picks) - len(created),
        "proposal_ids": sorted(p.pk for p in created),
    }


# After the paths under /review/ that are words (propose), which it would take.
@router.get(
    "/review/{person_id}",
    response={200: ReviewPersonOut, **ERRORS},
    summary="Kết quả xét điều kiện của một người",
    description="Bộ phận thi đua: mọi danh hiệu/hình thức với căn cứ và lý do, như trang.",
)
def review_person(request, person_id: Id, year: Year | None = None, received_on: Day | None = None):
    require_office(request.user, explain=True)
    year, received_on = _review_dates(year, received_on)
    person = org_selectors.person_get(viewer=request.user, pk=person_id)
    row, _history = selectors.review_person(
        viewer=request.user, person=person, year=year, received_on=received_on
    )
    return {
        "person_id": row.person_id,
        "name": row.name,
        "year": year,
        "received_on": received_on,
        "eligible": list(row.eligible),
        "problems": list(row.problems),
        "verdicts": [v.to_dict() for v in row.verdicts],
    }


# ---------------------------------------------------------------- eligibility settings
@router.get(
    "/eligibility-settings",
    response={200: EligibilitySettingsOut, **ERRORS},
    summary="Thiết lập xét điều kiện của cơ quan",
    description=(
        "Bộ phận thi đua: thiết lập có hiệu lực vào ngày `on` (mặc định hôm nay) và từng "
        "tham số của từng quy định (mặc định, giá trị đang áp dụng, căn cứ). Kèm ETag (gửi "
        "trong If-Match khi đổi thiết lập từ ngày `on`)."
    ),
    openapi_extra=ETAG_RESPONSE,
)
def eligibility_settings(request, response: HttpResponse, on: Day | None = None):
    require_office(request.user, explain=True)
    return set_etag(
        response, EligibilitySettingsOut, _settings(request, on or timezone.localdate())
    )


@router.put(
    "/eligibility-settings",
    response={200: EligibilitySettingsOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Đổi thiết lập xét điều kiện từ một ngày (cần If-Match)",
    description=(
        "Bộ phận thi đua, kèm lý do; bộ máy xét kiểm tra từng giá trị (422, không ghi gì). "
        "Ghi lại cho cùng một ngày thì thay thiết lập của ngày đó. Bắt buộc If-Match bằng "
        "ETag của GET /eligibility-settings?on=<valid_from>: thiếu → 428, đã có người đổi → "
        "412."
    ),
)
def eligibility_settings_set(
    request, payload: EligibilitySettingsIn, if_match: str | None = IfMatch
):
    require_office(request.user, explain=True)
    # Every dated row locked: the settings in force on a day depend on the rows before it.
    list(EligibilitySettings.objects.select_for_update().values_list("pk"))
    check_if_match(
        if_match,
        schema=EligibilitySettingsOut,
        obj=_settings(request, payload.valid_from),
        required=True,
    )
    settings_services.eligibility_settings_save(
        actor=request.user,
        valid_from=payload.valid_from,
        values=payload.values,
        reason=payload.reason,
    )
    return _settings(request, payload.valid_from)
