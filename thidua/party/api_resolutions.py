"""Party API, resolutions and their digests: the list and one resolution with its text and
current digest, the upload (multipart, with a declared classification), the original file,
the classification (If-Match), the digest's key points edited (If-Match) and approved, the
digests waiting for the caller's approval. Mounted by thidua/party/api.py."""

from datetime import date, datetime
from typing import Annotated

from django.http import FileResponse, Http404, HttpResponse
from ninja import Field, Form, Schema, Status, UploadedFile
from ninja.pagination import paginate

from thidua.core.api_etag import ETAG_RESPONSE, IfMatch, for_update, set_etag
from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import (
    ERRORS,
    PRECONDITION_ERRORS,
    Day,
    Id,
    InputSchema,
    model_field,
)

from . import selectors, services
from .api_base import (
    UPLOAD,
    PartyRouter,
    bodies_covered,
    refuse_too_large,
    resolution_of,
    stored_name,
)
from .models import DigestPoint, Resolution

router = PartyRouter()

POINTS_MAX = 30  # key points in one digest (the page shows 5–6)
SENTENCES_MAX = 50  # source sentences one point cites
SENTENCE_INDEX_MAX = 1_000_000


class ResolutionOut(Schema):
    id: int
    body_id: int
    number: str
    title: str
    issued_on: date | None
    pages: int | None
    classification: str
    classification_detected: str
    original_name: str


class PointOut(Schema):
    order: int
    text: str
    question: str
    sentences: list[int]


class DigestOut(Schema):
    id: int
    resolution_id: int
    status: str
    approved_at: datetime | None
    points: list[PointOut]

    @staticmethod
    def resolve_points(obj):
        return list(obj.points.all())


class ResolutionDetailOut(ResolutionOut):
    text: str
    digest: DigestOut | None


class ResolutionUploadIn(Schema):
    body_id: Id = Field(description="Tổ chức đảng ban hành (trong phạm vi người gọi).")
    title: model_field(Resolution, "title")
    number: model_field(Resolution, "number") = ""
    issued_on: Day | None = None
    classification: model_field(Resolution, "classification") | None = Field(
        None,
        description=(
            "Độ mật do người gửi xác định (none: không mật; mat: Mật; toi_mat: Tối mật; "
            "tuyet_mat: Tuyệt mật). Bỏ trống để dùng độ mật hệ thống nhận ra từ văn bản."
        ),
    )


class ClassificationIn(InputSchema):
    classification: model_field(Resolution, "classification")


class PointIn(InputSchema):
    text: model_field(DigestPoint, "text")
    question: model_field(DigestPoint, "question") = ""
    sentences: list[Annotated[int, Field(ge=0, le=SENTENCE_INDEX_MAX)]] = Field(
        [], max_length=SENTENCES_MAX
    )


class DigestIn(InputSchema):
    points: list[PointIn] = Field(min_length=1, max_length=POINTS_MAX)


@router.get(
    "/resolutions",
    response={200: list[ResolutionOut], **ERRORS},
    summary="Nghị quyết của các tổ chức đảng tôi phụ trách",
    description=(
        "Nghị quyết của tổ chức đảng người gọi là bí thư hoặc văn phòng cấp trên, mới trước "
        "(không kèm toàn văn). Nghị quyết mật chỉ hiện với người được đọc nó."
    ),
)
@paginate(KeysetPagination, ordering=("-pk",))
def resolutions(request):
    return selectors.resolution_list(viewer=request.user)


@router.get(
    "/resolutions/{resolution_id}",
    response={200: ResolutionDetailOut, **ERRORS},
    summary="Một nghị quyết: toàn văn và bản ý chính hiện tại",
    description=(
        "Chỉ người phụ trách tổ chức đảng ban hành nghị quyết (khác: 404). ETag của nghị "
        "quyết (không gồm bản ý chính, có ETag riêng) dùng để đổi độ mật."
    ),
    openapi_extra=ETAG_RESPONSE,
)
def resolution(request, resolution_id: Id, response: HttpResponse):
    found = resolution_of(request, resolution_id)
    found.digest = selectors.digest_current(resolution=found)
    set_etag(response, ResolutionOut, found)
    return found


@router.post(
    "/resolutions",
    response={201: ResolutionDetailOut, **ERRORS},
    summary="Tải lên nghị quyết (tệp .docx, .pdf, .txt)",
    description=(
        "multipart/form-data: tệp `file` (tối đa 10 MB, có lớp chữ) và các trường. Hệ thống "
        "trích văn bản, nhận ra độ mật (Mật, Tối mật, Tuyệt mật) và đề xuất 5–6 ý chính (bản "
        "nháp). `classification` ghi đè độ mật nhận ra. Nghị quyết mật không bao giờ được sao "
        "sang trợ lý và chỉ người phụ trách tổ chức đảng được đọc. Chỉ tổ chức đảng người gọi "
        "phụ trách (khác: 403). Số nghị quyết đã có ở cùng tổ chức đảng trong cùng năm ban hành "
        "(không phân biệt hoa thường, khoảng trắng): 422."
    ),
)
def resolution_upload(request, payload: Form[ResolutionUploadIn], file: UploadedFile = UPLOAD):
    body = bodies_covered(request, [payload.body_id])[0]
    refuse_too_large(file)
    created = services.resolution_upload(
        actor=request.user,
        body=body,
        title=payload.title,
        number=payload.number,
        issued_on=payload.issued_on,
        file_name=stored_name(file.name or ""),
        data=file.read(),
        classification=payload.classification,  # before the first save: never copied
    )
    found = resolution_of(request, created.pk)
    found.digest = selectors.digest_current(resolution=found)
    return Status(201, found)


@router.patch(
    "/resolutions/{resolution_id}",
    response={200: ResolutionOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Đổi độ mật của nghị quyết (cần If-Match)",
    description=(
        "Người phụ trách tổ chức đảng xác định độ mật. Khi thành mật: bản sao ở trợ lý bị xoá, "
        "các đợt quán triệt chưa gửi chỉ gửi trong ứng dụng. Bắt buộc If-Match bằng ETag của "
        "GET /resolutions/{id}: thiếu → 428, đã có người đổi → 412."
    ),
)
def resolution_classify(
    request, resolution_id: Id, payload: ClassificationIn, if_match: str | None = IfMatch
):
    found = for_update(
        resolution_of(request, resolution_id), schema=ResolutionOut, if_match=if_match
    )
    return services.resolution_set_classification(
        actor=request.user, resolution=found, classification=payload.classification
    )


@router.get(
    "/resolutions/{resolution_id}/file",
    response={200: bytes, **ERRORS},
    summary="Tệp gốc của nghị quyết",
    description="Tệp đã tải lên; chỉ người phụ trách tổ chức đảng ban hành (khác: 404).",
    openapi_extra={
        "responses": {
            200: {
                "description": "Tệp gốc",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    },
)
def resolution_file(request, resolution_id: Id):
    found = resolution_of(request, resolution_id)
    try:
        handle = found.file.open("rb")
    except OSError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=found.original_name,
        content_type="application/octet-stream",
    )


def _digest(request, resolution_id: int):
    return selectors.digest_current(resolution=resolution_of(request, resolution_id))


@router.get(
    "/resolutions/{resolution_id}/digest",
    response={200: DigestOut, **ERRORS},
    summary="Bản ý chính hiện tại của một nghị quyết",
    description=(
        "Các ý chính (5–6 ý) do hệ thống đề xuất, bí thư sửa và duyệt trước khi gửi. Kèm ETag "
        "để sửa."
    ),
    openapi_extra=ETAG_RESPONSE,
)
def digest(request, resolution_id: Id, response: HttpResponse):
    found = _digest(request, resolution_id)
    if found is None:
        raise Http404
    return set_etag(response, DigestOut, found)


@router.put(
    "/resolutions/{resolution_id}/digest",
    response={200: DigestOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Sửa các ý chính của bản nháp (cần If-Match)",
    description=(
        "Thay toàn bộ các ý chính theo thứ tự gửi lên (mỗi ý tối đa 300 ký tự, câu hỏi tối đa "
        "200). Chỉ bản nháp; bản đã duyệt: 422. Bắt buộc If-Match bằng ETag của GET "
        ".../digest: thiếu → 428, đã có người sửa → 412."
    ),
)
def digest_edit(request, resolution_id: Id, payload: DigestIn, if_match: str | None = IfMatch):
    found = for_update(_digest(request, resolution_id), schema=DigestOut, if_match=if_match)
    points = [point.dict() for point in payload.points]
    return services.digest_edit(actor=request.user, digest=found, points=points)


@router.post(
    "/resolutions/{resolution_id}/digest/approve",
    response={200: DigestOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Duyệt bản ý chính",
    description=(
        "Bí thư của tổ chức đảng (hoặc văn phòng cấp trên) duyệt bản ý chính; chỉ bản đã "
        "duyệt mới được gửi. Bản đã duyệt hoặc chưa có ý nào: 422. If-Match (ETag của GET "
        ".../digest) được kiểm tra khi có gửi: duyệt đúng bản đã đọc."
    ),
)
def digest_approve(request, resolution_id: Id, if_match: str | None = IfMatch):
    found = for_update(
        _digest(request, resolution_id), schema=DigestOut, if_match=if_match, required=False
    )
    return services.digest_approve(actor=request.user, digest=found)


@router.get(
    "/digests/to-approve",
    response={200: list[DigestOut], **ERRORS},
    summary="Bản ý chính chờ tôi duyệt",
    description="Bản nháp của các nghị quyết người gọi phụ trách, cũ trước.",
)
@paginate(KeysetPagination, ordering=("created_at", "pk"))
def digests_to_approve(request):
    return selectors.digests_to_approve(viewer=request.user).prefetch_related("points")
