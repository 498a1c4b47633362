"""Awards API, the registry's reads and the eligibility settings (issue 15, point 2), as on
the pages (thidua/awards/views/registry.py, views/settings.py) and through their selectors
and services: every award given, for any staff member, with the page's filters (year, title
or form, unit); the statistics of a period (from–to, a unit) with the reward money; the
emulation office's yearly eligibility review (computed in the request as the page does, one
page of people at a time), proposals made from it, and one person's verdicts; the agency's eligibility settings in
force on a day, and a dated, reasoned change of them (If-Match required); the registry's
writes, the office's as on the pages: an award recorded, one revoked (If-Match checked when
sent), history imported from the documented CSV (all or nothing, every row's problem listed).
Mounted by thidua/awards/api.py."""

import base64
import binascii
import json
from datetime import date
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.pagination import paginate

from thidua.core.api_etag import (
    ETAG_RESPONSE,
    IfMatch,
    check_if_match,
    for_update,
    set_etag,
)
from thidua.core.api_pagination import CURSOR_MAX, LIMIT_DEFAULT, LIMIT_MAX, KeysetPagination
from thidua.core.api_schemas import (
    ERRORS,
    PRECONDITION_ERRORS,
    Day,
    Id,
    InputSchema,
    MessageOut,
    ValidationErrorOut,
    model_field,
)
from thidua.org import selectors as org_selectors
from thidua.org.models import Person, Unit

from .choices import AwardCode
from .forms import unit_choices
from .law import LAW_2022_FROM
from .models import Award, EligibilitySettings
from .rules import require_office
from .selectors import registry as selectors
from .selectors import settings as settings_selectors
from .services import registry as registry_services
from .services import settings as settings_services
from .services.council import proposals_create_from_verdicts

YEAR_MIN, YEAR_MAX = 1945, 2100
Code = Literal[tuple(AwardCode.values)]  # type: ignore[valid-type]
Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]
Show = Literal["eligible", "problems", "all"]
# At most this many (person, title) pairs proposed at once (the page's limit).
PICKS_MAX = 500
# The largest award history file the import reads (the page's limit).
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
UPLOAD = File(..., description="Tệp CSV (UTF-8, tối đa 10 MB).", max_length=UPLOAD_MAX_BYTES)

# The statistics' period, named `from` and `to` as on the page (defaults: the page's).
FROM_YEAR = Query(2015, alias="from", description="Từ năm.")
TO_YEAR = Query(2020, alias="to", description="Đến năm.")

router = Router()


# ---------------------------------------------------------------- schemas
class AwardOut(Schema):
    id: int
    code: str
    kind: str
    year: int
    person_id: int | None
    unit_id: int | None
    subject: str
    subject_unit: str
    decision_id: int | None
    decision_number: str
    decision_date: date
    issuer: str
    imported: bool
    revoked_on: date | None
    revoke_reason: str

    @staticmethod
    def resolve_subject(obj):
        return str(obj.person or obj.unit or "")

    @staticmethod
    def resolve_subject_unit(obj):
        return obj.person.unit.name if obj.person is not None else ""


class StatRowOut(Schema):
    code: str
    name: str
    individual: int
    collective: int
    total: int
    multiple: float | None = Field(description="Hệ số mức lương cơ sở; null: chưa có hệ số.")
    money: int | None = Field(description="Tiền thưởng (đồng); null: chưa tính được.")
    unpriced: int


class SummaryOut(Schema):
    key: str
    label: str
    count: int


class StatisticsOut(Schema):
    year_from: int
    year_to: int
    unit_id: int | None
    base_salary: int
    rows: list[StatRowOut]
    summary: list[SummaryOut]
    individual: int
    collective: int
    total: int
    money: int
    without_multiple: int


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


class AwardIn(InputSchema):
    person_id: Id | None = Field(None, description="Cá nhân được khen (hoặc unit_id).")
    unit_id: Id | None = Field(
        None, description="Tập thể được khen: một đơn vị đang hoạt động (hoặc person_id)."
    )
    code: Code
    kind: model_field(Award, "kind") = Field("cong_trang")  # type: ignore[valid-type]
    year: Year = Field(description="Năm thành tích.")
    decision_number: model_field(Award, "decision_number") = Field(  # type: ignore[valid-type]
        description="Số quyết định, ghi đúng như trong sổ văn thư."
    )
    decision_date: Day
    issuer: model_field(Award, "issuer") = Field(  # type: ignore[valid-type]
        description="Cấp, cơ quan ra quyết định."
    )


class RevokeIn(InputSchema):
    reason: model_field(Award, "revoke_reason") = Field(  # type: ignore[valid-type]
        description="Lý do thu hồi (bắt buộc)."
    )


class ImportOut(Schema):
    created: int = Field(description="Số khen thưởng đã nhập.")
    unchanged: int = Field(description="Số dòng đã có trong sổ (bỏ qua).")


class RowErrorOut(Schema):
    row: int = Field(description="Dòng trong tệp; dòng tiêu đề là dòng 1.")
    column: str
    message: str


class ImportProblemsOut(Schema):
    detail: str
    errors: list[RowErrorOut]


# ---------------------------------------------------------------- helpers
def _award(pk: int) -> Award:
    return Award.objects.select_related("person__unit", "unit").get(pk=pk)


def _recipient(payload: AwardIn) -> tuple[Person | None, Unit | None]:
    """The award's person or unit, as the page's form offers them (a unit in force); an
    unknown one: 422 on its field."""
    person = unit = None
    if payload.person_id is not None:
        person = Person.objects.filter(pk=payload.person_id).first()
        if person is None:
            raise ValidationError({"person_id": _("No person has this id.")})
    if payload.unit_id is not None:
        unit = unit_choices().filter(pk=payload.unit_id).first()
        if unit is None:
            raise ValidationError({"unit_id": _("No unit in force has this id.")})
    return person, unit


def _unit(request, unit_id: int | None) -> Unit | None:
    return org_selectors.unit_get(viewer=request.user, pk=unit_id) if unit_id else None


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


# ---------------------------------------------------------------- registry
@router.get(
    "/registry",
    response={200: list[AwardOut], **ERRORS},
    summary="Sổ khen thưởng",
    description=(
        "Mọi khen thưởng đã trao (cả lịch sử nhập vào, cả khen thưởng đã huỷ), cho mọi cán "
        "bộ: lọc theo năm, danh hiệu/hình thức (`code`) và đơn vị (kèm các đơn vị trực "
        "thuộc); năm mới trước."
    ),
)
@paginate(KeysetPagination, ordering=("-year", "code", "-decision_date", "pk"))
def registry(
    request, year: Year | None = None, code: Code | None = None, unit_id: Id | None = None
):
    return selectors.award_list(
        viewer=request.user, year=year, code=code or "", unit=_unit(request, unit_id)
    )


@router.post(
    "/registry",
    response={201: AwardOut, **ERRORS},
    summary="Ghi một khen thưởng vào sổ",
    description=(
        "Bộ phận thi đua (khác: 403), như trang “Ghi khen thưởng”: đúng một người nhận "
        "(`person_id` hoặc `unit_id`), danh hiệu/hình thức phù hợp với cá nhân hay tập thể, "
        "số, ngày và cấp quyết định ghi đúng như sổ văn thư; sai: 422, không ghi gì. Trả lại "
        "khen thưởng (201) kèm ETag."
    ),
    openapi_extra={"responses": {201: ETAG_RESPONSE["responses"][200]}},
)
def registry_record(request, response: HttpResponse, payload: AwardIn):
    require_office(request.user, explain=True)
    person, unit = _recipient(payload)
    award = registry_services.award_record(
        actor=request.user,
        person=person,
        unit=unit,
        code=payload.code,
        kind=payload.kind,
        year=payload.year,
        decision_number=payload.decision_number,
        decision_date=payload.decision_date,
        issuer=payload.issuer,
    )
    return Status(201, set_etag(response, AwardOut, _award(award.pk)))


@router.post(
    "/registry/import",
    response={200: ImportOut, **ERRORS, 422: ImportProblemsOut | ValidationErrorOut},
    summary="Nhập lịch sử khen thưởng từ tệp CSV",
    description=(
        "Bộ phận thi đua, như trang “Nhập lịch sử”: multipart/form-data, tệp `file` CSV "
        "UTF-8 (phân cách bằng dấu phẩy hoặc chấm phẩy) với các cột employee_code hoặc "
        "unit_code, code, kind, year, decision_number, decision_date (dd/mm/yyyy), issuer. "
        "Tất cả hoặc không: có lỗi ở bất kỳ dòng nào → 422 liệt kê mọi lỗi (dòng, cột, nội "
        "dung), không nhập gì. Dòng đã có trong sổ được bỏ qua, nên nhập lại cùng tệp không "
        "đổi gì."
    ),
)
def registry_import(request, file: UploadedFile = UPLOAD):
    require_office(request.user, explain=True)
    if file.size is not None and file.size > UPLOAD_MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    data = file.read()
    if b"\x00" in data:  # no text file holds one (and PostgreSQL refuses it in a value)
        raise ValidationError({"file": _("The file is not UTF-8 text.")})
    try:
        result = registry_services.awards_import_csv(actor=request.user, data=data)
    except registry_services.AwardImportError as exc:
        return Status(
            422,
            {
                "detail": _("The file has problems: nothing was imported."),
                "errors": [
                    {"row": e.row, "column": e.column, "message": e.message} for e in exc.errors
                ],
            },
        )
    return {"created": result.created, "unchanged": result.unchanged}


@router.post(
    "/registry/{award_id}/revoke",
    response={200: AwardOut, **ERRORS, 409: MessageOut, 412: MessageOut},
    summary="Thu hồi một khen thưởng",
    description=(
        "Bộ phận thi đua, như trang “Thu hồi”: kèm lý do (bắt buộc); khen thưởng vẫn ở trong "
        "sổ, ghi ngày và lý do thu hồi. Đã thu hồi rồi: 409. Gửi If-Match (ETag của lần ghi "
        "hoặc thu hồi trước) thì được kiểm tra: đã có người đổi → 412. Trả lại khen thưởng kèm "
        "ETag."
    ),
    openapi_extra=ETAG_RESPONSE,
)
def registry_revoke(
    request,
    response: HttpResponse,
    award_id: Id,
    payload: RevokeIn,
    if_match: str | None = IfMatch,
):
    require_office(request.user, explain=True)
    award = for_update(
        Award.objects.select_related("person__unit", "unit"),
        schema=AwardOut,
        if_match=if_match,
        pk=award_id,
        required=False,
    )
    if award.revoked_on is not None:
        raise HttpError(409, _("This award was already revoked."))
    registry_services.award_revoke(actor=request.user, award=award, reason=payload.reason)
    return set_etag(response, AwardOut, _award(award.pk))


@router.get(
    "/statistics",
    response={200: StatisticsOut, **ERRORS},
    summary="Thống kê khen thưởng theo giai đoạn",
    description=(
        "Mọi cán bộ: số khen thưởng của các năm `from`–`to` (mặc định 2015–2020, như trang) "
        "theo danh hiệu/hình thức, cá nhân và tập thể, và tiền thưởng theo mức lương cơ sở "
        "tại ngày quyết định; lọc theo đơn vị. Khen thưởng đã huỷ không tính."
    ),
)
def statistics(
    request,
    year_from: Year = FROM_YEAR,
    year_to: Year = TO_YEAR,
    unit_id: Id | None = None,
):
    this_year = timezone.localdate().year
    year_from = max(registry_services.EARLIEST_YEAR, min(year_from, this_year))
    year_to = max(year_from, min(year_to, this_year))
    unit = _unit(request, unit_id)
    stats = selectors.statistics(
        viewer=request.user, year_from=year_from, year_to=year_to, unit=unit
    )
    return {
        "year_from": stats.year_from,
        "year_to": stats.year_to,
        "unit_id": unit.pk if unit else None,
        "base_salary": stats.base_salary,
        "rows": [
            {
                "code": r.code,
                "name": str(r.name),
                "individual": r.individual,
                "collective": r.collective,
                "total": r.total,
                "multiple": r.multiple,
                "money": int(r.money) if r.money is not None else None,
                "unpriced": r.unpriced,
            }
            for r in stats.rows
        ],
        "summary": [{"key": k, "label": str(label), "count": n} for k, label, n in stats.summary],
        "individual": stats.individual,
        "collective": stats.collective,
        "total": stats.total,
        "money": int(stats.money),
        "without_multiple": stats.without_multiple,
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
    person_ids = None
    if unit is not None:
        person_ids = list(
            Person.objects.filter(unit__path__startswith=unit.path).values_list("pk", flat=True)
        )
    rows = []
    if person_ids != []:
        # one process: a web request never forks (the round runs as a background job)
        rows = selectors.yearly_review(
            year=year,
            received_on=received_on,
            viewer=request.user,
            person_ids=person_ids,
            processes=1,
        )
    if code:
        shown = [r for r in rows if code in r.eligible]
    elif show == "problems":
        shown = [r for r in rows if r.problems]
    elif show == "eligible":
        shown = [r for r in rows if r.eligible or r.problems]
    else:
        shown = rows
    counts: dict[str, int] = {}
    for row in rows:
        for eligible in row.eligible:
            counts[eligible] = counts.get(eligible, 0) + 1
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
