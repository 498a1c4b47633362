"""API of the assistant's documents library (issue 15, point 2), under /api/v1/assistant/
(scope `assistant`): the documents the caller may read (paged, by title), one with its
passages count and indexing status (ETag), an upload as multipart/form-data, a change of its
title and audience (If-Match required), and its deletion — the pages' forms, selectors and
services (views/documents.py), so every check is the page's: who may upload
(rules.can_manage_documents), who may change or delete (rules.can_change_document: the
uploader or an administrator; platform documents never), a document the caller may not read
is 404, and a file that cannot be read, is not Vietnamese or is marked classified (MẬT, TỐI
MẬT, TUYỆT MẬT) is refused with 422 and nothing stored."""

from datetime import date, datetime
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from thidua.core.api_etag import ETAG_RESPONSE, IfMatch, for_update, set_etag
from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import ERRORS, Day, Id, InputSchema, form_validation_error, model_field
from thidua.org.choices import Role
from thidua.party.constants import MAX_UPLOAD_BYTES

from . import rules, selectors, services
from .choices import Audience
from .forms import DocumentAudienceForm, DocumentUploadForm
from .models import Document, IndexChange, IndexState

router = Router()

# As the page's search box (views/documents.py).
QUERY_MAX = 100
FORM_FIELDS = DocumentAudienceForm.base_fields

INDEX_STATUS = {
    "indexed": gettext_lazy("In the current index build"),
    "recent": gettext_lazy("Added or changed since the last build: searchable, in the next build"),
    "classified": gettext_lazy("Classified: never indexed"),
}

Title = Annotated[str, Field(max_length=FORM_FIELDS["title"].max_length)]
Number = Annotated[str, Field(max_length=FORM_FIELDS["number"].max_length)]
Roles = Annotated[list[Role], Field(max_length=len(Role.values))]


class DocumentOut(Schema):
    id: int
    title: str
    number: str = Field(description="Số, ký hiệu văn bản.")
    effective_on: date | None = Field(description="Ngày có hiệu lực.")
    source: str = Field(description="Nguồn: tải lên hoặc một hồ sơ của hệ thống.")
    source_label: str = Field(description="Nguồn bằng lời.")
    original_name: str = Field(description="Tên tệp gốc (tài liệu tải lên).")
    is_legal: bool = Field(description="Văn bản có cấu trúc pháp quy (chương, điều, khoản).")
    audience: Audience = Field(description="Ai được đọc.")
    audience_label: str = Field(description="Ai được đọc, bằng lời.")
    audience_unit_id: int | None = Field(description="Đơn vị (audience=unit).")
    audience_unit: str = Field(description="Tên đơn vị (audience=unit).")
    audience_party_id: int | None = Field(description="Tổ chức đảng (audience=party).")
    audience_party: str = Field(description="Tên tổ chức đảng (audience=party).")
    audience_roles: list[str] = Field(description="Các vai trò được đọc (audience=roles).")
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_source_label(obj: Document) -> str:
        return str(obj.get_source_display())

    @staticmethod
    def resolve_audience_label(obj: Document) -> str:
        return str(obj.get_audience_display())

    @staticmethod
    def resolve_audience_unit(obj: Document) -> str:
        return str(obj.audience_unit) if obj.audience_unit_id else ""

    @staticmethod
    def resolve_audience_party(obj: Document) -> str:
        return str(obj.audience_party) if obj.audience_party_id else ""


class DocumentDetailOut(DocumentOut):
    passages: int = Field(description="Số đoạn đã tách để trợ lý trả lời.")
    index_status: str = Field(description="Trạng thái lập chỉ mục: indexed, recent, classified.")
    index_status_label: str = Field(description="Trạng thái lập chỉ mục bằng lời.")
    may_change: bool = Field(description="Người gọi được sửa, xoá tài liệu này.")

    @staticmethod
    def resolve_passages(obj: Document) -> int:
        return obj.passages.count()


class DocumentUploadIn(InputSchema):
    title: Title = Field("", description="Tiêu đề; bỏ trống: lấy từ dòng đầu của tệp.")
    number: Number = Field("", description="Số, ký hiệu văn bản.")
    effective_on: Day | None = Field(None, description="Ngày có hiệu lực (YYYY-MM-DD).")
    audience: model_field(Document, "audience") = Field(
        Audience.EVERYONE, description="Ai được đọc: everyone, unit, party, roles."
    )
    audience_unit: Id | None = Field(None, description="Đơn vị (bắt buộc khi audience=unit).")
    audience_party: Id | None = Field(
        None, description="Tổ chức đảng (bắt buộc khi audience=party)."
    )
    audience_roles: Roles = Field([], description="Các vai trò (bắt buộc khi audience=roles).")


class DocumentPatchIn(InputSchema):
    """Only the fields sent change; the others keep their value."""

    title: Title | None = Field(None, description="Tiêu đề (không được để trống).")
    number: Number | None = None
    effective_on: Day | None = None
    audience: model_field(Document, "audience") | None = None
    audience_unit: Id | None = None
    audience_party: Id | None = None
    audience_roles: Roles | None = None


UPLOAD = File(
    ...,
    description="Tệp .docx, .pdf, .txt hoặc .md, tối đa 10 MB; văn bản mật bị từ chối.",
)
UPLOAD.json_schema_extra["maxLength"] = MAX_UPLOAD_BYTES


# ---------------------------------------------------------------- helpers
def _index_status(document: Document) -> str:
    if document.classification:
        return "classified"
    state = IndexState.objects.filter(pk=1).first()
    if state is None or not state.version:
        return "recent"
    newer = IndexChange.objects.filter(document_id=document.pk, pk__gt=state.change_mark)
    return "recent" if newer.exists() else "indexed"


def _detail(request, document: Document) -> Document:
    """The document with what its detail adds for the caller."""
    document.index_status = _index_status(document)
    document.index_status_label = str(INDEX_STATUS[document.index_status])
    document.may_change = rules.can_change_document(request.user, document)
    return document


def _form_data(values: dict[str, Any]) -> dict[str, Any]:
    """A body's fields as the page's form reads them."""
    return {
        "title": values.get("title") or "",
        "number": values.get("number") or "",
        "effective_on": values.get("effective_on") or "",
        "audience": values.get("audience") or "",
        "audience_unit": values.get("audience_unit") or "",
        "audience_party": values.get("audience_party") or "",
        "audience_roles": [str(r) for r in values.get("audience_roles") or []],
    }


def _described(data: dict) -> dict[str, Any]:
    """The form's cleaned fields as the services' keyword arguments (as the page)."""
    return {
        "title": data["title"],
        "number": data["number"],
        "effective_on": data["effective_on"],
        "audience": data["audience"],
        "unit": data["audience_unit"],
        "party": data["audience_party"],
        "roles": data["audience_roles"],
    }


def _changeable(request, document_id: int, if_match: str | None, *, required: bool) -> Document:
    """The document if the caller may read it (else 404), locked, at the client's version,
    and if they may change it (else 403, as the page)."""
    document = for_update(
        selectors.document_get(viewer=request.user, pk=document_id),
        schema=DocumentOut,
        if_match=if_match,
        required=required,
    )
    if not rules.can_change_document(request.user, document):
        raise PermissionDenied(
            _("Only the uploader or an administrator changes an uploaded document.")
        )
    return document


# ---------------------------------------------------------------- operations
@router.get(
    "/documents",
    response={200: list[DocumentOut], **ERRORS},
    summary="Tài liệu của trợ lý",
    description=(
        "Như trang “Tài liệu”: các tài liệu người gọi được đọc (tải lên và hồ sơ của hệ "
        "thống), theo tiêu đề, phân trang bằng con trỏ; `q` tìm trong tiêu đề và số hiệu."
    ),
)
@paginate(KeysetPagination, ordering=("title", "pk"))
def document_list(
    request,
    q: str = Query("", max_length=QUERY_MAX, description="Tìm trong tiêu đề và số hiệu."),
):
    return selectors.document_list(viewer=request.user, query=q.strip())


@router.get(
    "/documents/{document_id}",
    response={200: DocumentDetailOut, **ERRORS},
    summary="Một tài liệu của trợ lý",
    description=(
        "Thông tin của tài liệu, số đoạn đã tách và trạng thái lập chỉ mục, kèm ETag (gửi lại "
        "trong If-Match khi sửa). Tài liệu người gọi không được đọc: 404."
    ),
    openapi_extra=ETAG_RESPONSE,
)
def document_detail(request, document_id: Id, response: HttpResponse):
    document = selectors.document_get(viewer=request.user, pk=document_id)
    set_etag(response, DocumentOut, document)
    return _detail(request, document)


@router.post(
    "/documents",
    response={201: DocumentDetailOut, **ERRORS},
    summary="Tải lên một tài liệu cho trợ lý",
    description=(
        "multipart/form-data: tệp `file` (.docx, .pdf, .txt, .md, tối đa 10 MB) và các trường "
        "tiêu đề, số hiệu, ngày hiệu lực, ai được đọc — như trang. Người quản lý tài liệu "
        "(khác: 403). Tệp không đọc được, không phải tiếng Việt, hoặc văn bản mang dấu MẬT, "
        "TỐI MẬT, TUYỆT MẬT: 422 với lời báo, không lưu gì. Tài liệu được tách đoạn và trợ lý "
        "trả lời được từ nó ngay."
    ),
)
def document_upload(request, payload: Form[DocumentUploadIn], file: UploadedFile = UPLOAD):
    if not rules.can_manage_documents(request.user):
        raise PermissionDenied(_("Only the document managers upload documents."))
    form = DocumentUploadForm(_form_data(payload.dict()), {"file": file})
    if not form.is_valid():
        raise form_validation_error(form)
    upload = form.cleaned_data["file"]
    document = services.document_upload(
        actor=request.user,
        name=upload.name,
        data=upload.read(),
        **_described(form.cleaned_data),
    )
    return Status(201, _detail(request, document))


@router.patch(
    "/documents/{document_id}",
    response={200: DocumentDetailOut, **ERRORS},
    summary="Sửa tiêu đề và người được đọc một tài liệu",
    description=(
        "Chỉ các trường gửi lên thay đổi. **Cần If-Match** (ETag của GET): thiếu 428, cũ 412. "
        "Người tải lên hoặc quản trị hệ thống (khác: 403; tài liệu của hệ thống thay đổi theo "
        "hồ sơ của nó: 403); tài liệu không được đọc: 404. Tiêu đề trống, thiếu đơn vị, tổ "
        "chức đảng hoặc vai trò theo `audience`: 422, không ghi gì."
    ),
)
def document_change(
    request, document_id: Id, payload: DocumentPatchIn, if_match: str | None = IfMatch
):
    document = _changeable(request, document_id, if_match, required=True)
    sent = payload.dict(exclude_unset=True)
    current = {
        "title": document.title,
        "number": document.number,
        "effective_on": document.effective_on,
        "audience": document.audience,
        "audience_unit": document.audience_unit_id,
        "audience_party": document.audience_party_id,
        "audience_roles": document.audience_roles,
    }
    form = DocumentAudienceForm(_form_data({**current, **sent}))
    if not form.is_valid():
        raise form_validation_error(form)
    services.document_update(actor=request.user, document=document, **_described(form.cleaned_data))
    return _detail(request, selectors.document_get(viewer=request.user, pk=document.pk))


@router.delete(
    "/documents/{document_id}",
    response={204: None, **ERRORS},
    summary="Xoá một tài liệu của trợ lý",
    description=(
        "Người tải lên hoặc quản trị hệ thống (khác: 403); tài liệu không được đọc: 404. Trợ "
        "lý không trả lời từ tài liệu này nữa. If-Match được kiểm tra khi gửi (cũ: 412)."
    ),
)
def document_delete(request, document_id: Id, if_match: str | None = IfMatch):
    document = _changeable(request, document_id, if_match, required=False)
    services.document_delete(actor=request.user, document=document)
    return Status(204, None)
