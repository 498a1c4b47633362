"""Emulation API, records beyond their text (issue 15, point 2): a value-created record's
evidence file (download, replace, remove), editing an initiative of the register, inviting
assessors outside the agency for a director's year and reading their summary, and the good
practices proposed as lessons (the office's queue: publish or decline) — the pages' selectors,
services and rules (thidua/emulation/views/records.py, views/practices.py). Mounted by
thidua/emulation/api.py, which also registers `initiative_update` (its path is the GET's)."""

import os
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from thidua.core.api_etag import IfMatch, for_update
from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import ERRORS, PRECONDITION_ERRORS, Day, Id, InputSchema, model_field
from thidua.goals.models import GoodPractice
from thidua.org.selectors import person_get, unit_get

from . import rules
from .api_schemas import InitiativeOut, RecordOut
from .choices import MovementStatus
from .models import Initiative, Lesson, ValueRecord
from .selectors import movements as movement_selectors
from .selectors import practices as practice_selectors
from .selectors import records as selectors
from .services import practices as practice_services
from .services import records as services

Year = Annotated[int, Field(ge=2000, le=2100)]
AUTHORS_MAX = 50
# The evidence as uploaded (multipart/form-data); its type and size are the service's checks.
EVIDENCE = File(
    ...,
    description="Tệp minh chứng: PDF, ảnh, Word, Excel hoặc văn bản, tối đa 10 MB.",
    max_length=services.EVIDENCE_MAX_BYTES,
)

router = Router(tags=["emulation"])


# ---------------------------------------------------------------- evidence
def _record_for_update(request, record_id: int, if_match: str | None) -> ValueRecord:
    found = selectors.value_record_get(viewer=request.user, pk=record_id)
    if not rules.can_edit_value_record(request.user, found.person):
        raise PermissionDenied(_("You may not edit this person's record."))
    return for_update(found, schema=RecordOut, if_match=if_match)


def _evidence_save(request, record: ValueRecord, **change):
    if record.post_id is None:
        raise ValidationError(_("This record's post was removed from the position history."))
    saved = services.value_record_save(
        actor=request.user,
        person=record.person,
        year=record.year,
        post=record.post,
        achievements=record.achievements,
        products=record.products,
        value_created=record.value_created,
        value_quantity=record.value_quantity,
        value_unit=record.value_unit,
        goals=list(record.goals.all()),
        key_results=list(record.key_results.all()),
        **change,
    )
    return selectors.value_record_get(viewer=request.user, pk=saved.pk)


@router.get(
    "/records/{record_id}/evidence",
    response={200: None, **ERRORS},
    summary="Tệp minh chứng của một hồ sơ giá trị tạo ra",
    description=(
        "Với người được xem hồ sơ (chính người đó, thủ trưởng phụ trách, bộ phận thi đua); "
        "hồ sơ chưa có minh chứng: 404."
    ),
    openapi_extra={
        "responses": {
            200: {
                "description": "Tệp minh chứng",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    },
)
def record_evidence(request, record_id: Id):
    found = selectors.value_record_get(viewer=request.user, pk=record_id)
    if not found.evidence:
        raise Http404
    try:
        handle = found.evidence.open("rb")
    except OSError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=os.path.basename(found.evidence.name),
        content_type="application/octet-stream",
    )


@router.post(
    "/records/{record_id}/evidence",
    response={200: RecordOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Đính kèm (hoặc thay) tệp minh chứng của hồ sơ (cần If-Match)",
    description=(
        "Người sửa được hồ sơ (chính người đó, thủ trưởng phụ trách); tệp gửi dạng "
        "multipart/form-data, trường `file`. Bắt buộc If-Match bằng ETag của GET "
        "/records/{id}: thiếu → 428, đã cũ → 412. Trả về hồ sơ."
    ),
)
def record_evidence_attach(
    request, record_id: Id, file: UploadedFile = EVIDENCE, if_match: str | None = IfMatch
):
    found = _record_for_update(request, record_id, if_match)
    return _evidence_save(request, found, evidence=file)


@router.delete(
    "/records/{record_id}/evidence",
    response={200: RecordOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Gỡ tệp minh chứng của hồ sơ (cần If-Match)",
    description="Người sửa được hồ sơ; bắt buộc If-Match: thiếu → 428, đã cũ → 412.",
)
def record_evidence_delete(request, record_id: Id, if_match: str | None = IfMatch):
    found = _record_for_update(request, record_id, if_match)
    return _evidence_save(request, found, remove_evidence=True)


# ---------------------------------------------------------------- initiatives
class InitiativeUpdateIn(InputSchema):
    kind: model_field(Initiative, "kind") | None = None
    title: model_field(Initiative, "title") | None = None
    scope: model_field(Initiative, "scope") | None = None
    year: Year | None = None
    decision_number: model_field(Initiative, "decision_number") | None = None
    decision_date: Day | None = None
    recognized_by: model_field(Initiative, "recognized_by") | None = None
    unit_id: Id | None = None
    author_ids: list[Id] | None = Field(None, min_length=1, max_length=AUTHORS_MAX)


def initiative_update(
    request, initiative_id: Id, payload: InitiativeUpdateIn, if_match: str | None = IfMatch
):
    """PATCH /initiatives/{id}: registered by api.py next to the GET of the same path."""
    if not rules.can_manage_initiatives(request.user):
        raise PermissionDenied(_("Only the emulation office edits the register."))
    found = for_update(
        selectors.initiative_get(viewer=request.user, pk=initiative_id),
        schema=InitiativeOut,
        if_match=if_match,
    )
    sent = payload.model_dump(exclude_unset=True)
    authors = (
        [person_get(viewer=request.user, pk=pk) for pk in dict.fromkeys(payload.author_ids)]
        if payload.author_ids is not None
        else list(found.authors.all())
    )
    if "unit_id" in sent:
        unit = unit_get(viewer=request.user, pk=payload.unit_id) if payload.unit_id else None
    else:
        unit = found.unit
    fields = {
        name: sent[name] if sent.get(name) is not None else getattr(found, name)
        for name in ("kind", "title", "scope", "year", "decision_number", "recognized_by")
    }
    decision_date = sent.get("decision_date", found.decision_date)
    services.initiative_update(
        actor=request.user,
        initiative=found,
        authors=authors,
        unit=unit,
        decision_date=decision_date,
        **fields,
    )
    return selectors.initiative_get(viewer=request.user, pk=initiative_id)


# ---------------------------------------------------------------- external assessors
class InviteIn(InputSchema):
    count: int = Field(
        3, ge=1, le=services.INVITATIONS_PER_CALL_MAX, description="Số đường dẫn (mỗi người một)."
    )
    valid_days: int = Field(
        services.INVITATION_DAYS_DEFAULT,
        ge=1,
        le=services.INVITATION_DAYS_MAX,
        description="Số ngày đường dẫn còn hiệu lực.",
    )


class InvitationOut(Schema):
    id: int
    expires_at: datetime
    url: str = Field(description="Đường dẫn dùng một lần; chỉ trả về một lần, không lưu.")


class AssessmentSummaryOut(Schema):
    year: int
    invited: int
    answered: int
    open: int
    minimum: int
    enough: bool
    mean: Decimal | None
    comments: list[str]


def _director(request, person_id: int, year: int):
    person = person_get(viewer=request.user, pk=person_id)
    if not services.EARLIEST_YEAR <= year <= timezone.localdate().year:
        raise ValidationError({"year": _("Choose a year up to this one.")})
    return person


@router.post(
    "/people/{person_id}/records/{year}/invitations",
    response={201: list[InvitationOut], **ERRORS},
    summary="Mời người ngoài cơ quan đánh giá một lãnh đạo trong năm",
    description=(
        "Bộ phận thi đua hoặc thủ trưởng phụ trách (không tự mời cho mình), với người giữ "
        "chức vụ cấp Vụ, Cục trở lên: các đường dẫn dùng một lần, chỉ trả về trong câu trả "
        "lời này (cơ sở dữ liệu chỉ giữ mã băm)."
    ),
)
def invitations_create(request, person_id: Id, year: Year, payload: InviteIn):
    person = _director(request, person_id, year)
    if not rules.can_invite_assessors(request.user, person):
        raise PermissionDenied(_("You may not invite assessors for this person."))
    invitations = services.external_assessment_invite(
        actor=request.user,
        person=person,
        year=year,
        count=payload.count,
        valid_days=payload.valid_days,
    )
    answer = [
        {
            "id": i.assessment.pk,
            "expires_at": i.assessment.expires_at,
            "url": request.build_absolute_uri(i.path),
        }
        for i in invitations
    ]
    return Status(201, answer)


@router.get(
    "/people/{person_id}/records/{year}/assessments",
    response={200: AssessmentSummaryOut, **ERRORS},
    summary="Tổng hợp đánh giá của người ngoài cơ quan",
    description=(
        "Số đã mời, đã trả lời, còn hiệu lực; điểm bình quân và nhận xét chỉ khi đủ số câu "
        "trả lời tối thiểu (không gắn với lời mời nào). Với người được xem hồ sơ."
    ),
)
def assessments(request, person_id: Id, year: Year):
    person = _director(request, person_id, year)
    summary = selectors.external_assessment_summary(viewer=request.user, person=person, year=year)
    return {**summary.__dict__, "comments": list(summary.comments)}


# ---------------------------------------------------------------- good practices
class PracticeToPublishOut(Schema):
    id: int
    text: str
    unit_id: int
    unit_name: str
    found_on: date
    found_by: str

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name


class PracticePublishIn(InputSchema):
    title: model_field(Lesson, "title")
    summary: model_field(Lesson, "summary")
    kind: model_field(Lesson, "kind") = "lesson"
    unit_id: Id | None = Field(None, description="Mặc định đơn vị của cách làm hay.")
    movement_id: Id | None = None


class PracticeDeclineIn(InputSchema):
    reason: model_field(GoodPractice, "decline_reason")


class PublishedOut(Schema):
    lesson_id: int


def _practice(request, practice_id: int) -> GoodPractice:
    if not rules.is_emulation_office(request.user):
        raise PermissionDenied(_("Only the emulation office publishes proposed lessons."))
    return practice_selectors.practice_proposed_get(viewer=request.user, pk=practice_id)


@router.get(
    "/practices/proposed",
    response={200: list[PracticeToPublishOut], **ERRORS},
    summary="Cách làm hay được đề xuất thành bài học",
    description=(
        "Hàng chờ của bộ phận thi đua (người khác: danh sách rỗng): nội dung, đơn vị, ngày và "
        "nguồn phát hiện (kiểm tra, giám sát, đi cơ sở); cũ trước."
    ),
)
@paginate(KeysetPagination, ordering=("created_at", "pk"))
def practices(request):
    return practice_selectors.practices_proposed(viewer=request.user)


@router.post(
    "/practices/{practice_id}/publish",
    response={201: PublishedOut, **ERRORS},
    summary="Công bố một cách làm hay thành bài học kinh nghiệm",
    description=(
        "Bộ phận thi đua: tiêu đề, tóm tắt, loại, đơn vị, phong trào (đã phát động); các đơn vị "
        "khác nhân rộng được như mọi bài học. Đã xử lý: 404."
    ),
)
def practice_publish(request, practice_id: Id, payload: PracticePublishIn):
    practice = _practice(request, practice_id)
    unit = unit_get(viewer=request.user, pk=payload.unit_id) if payload.unit_id else practice.unit
    movement = None
    if payload.movement_id is not None:
        movement = (
            movement_selectors.movement_list(viewer=request.user)
            .exclude(status=MovementStatus.DRAFT)
            .filter(pk=payload.movement_id)
            .first()
        )
        if movement is None:
            raise ValidationError({"movement_id": _("Choose one of the movements offered.")})
    lesson = practice_services.practice_publish(
        actor=request.user,
        practice=practice,
        title=payload.title,
        summary=payload.summary,
        kind=payload.kind,
        unit=unit,
        movement=movement,
    )
    return Status(201, {"lesson_id": lesson.pk})


@router.post(
    "/practices/{practice_id}/decline",
    response={200: PracticeToPublishOut, **ERRORS},
    summary="Không công bố một cách làm hay được đề xuất",
    description="Bộ phận thi đua, nêu lý do (được lưu lại). Đã xử lý: 404.",
)
def practice_decline(request, practice_id: Id, payload: PracticeDeclineIn):
    practice = _practice(request, practice_id)
    return practice_services.practice_decline(
        actor=request.user, practice=practice, reason=payload.reason
    )
