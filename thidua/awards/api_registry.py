"""Awards API, the registry's reads and the eligibility settings (issue 15, point 2), as on the
pages (thidua/awards/views/registry.py, views/settings.py) and through their selectors and
services: every award given, for any staff member, with the page's filters (year, title or form,
unit), and one award by its id with its ETag; the statistics of a period (from–to, a unit) with
the reward money; the emulation office's yearly eligibility review (computed in the request as
the page does, one page of people at a time), proposals made from it, and one person's verdicts;
the agency's eligibility settings in force on a day, and a dated, reasoned change of them
(If-Match required); the registry's writes, the office's as on the pages: an award recorded, one
revoked (If-Match checked when sent), history imported from the documented CSV (all or nothing,
every row's problem listed). Mounted by thidua/awards/api.py."""

from datetime import date
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError
from ninja.pagination import paginate

from thidua.core.api_etag import (
    ETAG_RESPONSE,
    IfMatch,
    for_update,
    set_etag,
)
from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import (
    ERRORS,
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
from .models import Award
from .rules import require_office
from .selectors import registry as selectors
from .services import registry as registry_services

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
FROM_YEAR = Query(None, alias="from", description="Từ năm (mặc định: năm nay trừ 5).")
TO_YEAR = Query(None, alias="to", description="Đến năm (mặc định: năm nay).")

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


# After /registry/import: the id is matched as text, so this path would also take "import".
@router.get(
    "/registry/{award_id}",
    response={200: AwardOut, **ERRORS},
    summary="Một khen thưởng trong sổ",
    description=(
        "Mọi cán bộ, như sổ khen thưởng (cả khen thưởng đã thu hồi, kèm ngày và lý do). Kèm "
        "ETag: gửi lại trong If-Match khi thu hồi. Không có: 404."
    ),
    openapi_extra=ETAG_RESPONSE,
)
def registry_award(request, response: HttpResponse, award_id: Id):
    return set_etag(response, AwardOut, selectors.award_get(viewer=request.user, pk=award_id))


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
        "Mọi cán bộ: số khen thưởng của các năm `from`–`to` (mặc định năm năm qua và năm nay, như trang) "
        "theo danh hiệu/hình thức, cá nhân và tập thể, và tiền thưởng theo mức lương cơ sở "
        "tại ngày quyết định; lọc theo đơn vị. Khen thưởng đã huỷ không tính."
    ),
)
def statistics(
    request,
    year_from: Year | None = FROM_YEAR,
    year_to: Year | None = TO_YEAR,
    unit_id: Id | None = None,
):
    year_from, year_to = selectors.statistics_period(year_from=year_from, year_to=year_to)
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
