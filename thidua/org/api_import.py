"""Organisation API, the Excel import of units and people (issue 15, point 2) for
administrators, as on its page (thidua/org/views/importing.py) and through org.importing:
the page's empty template (.xlsx); the upload of it filled in (multipart; too large or not
an .xlsx: refused before it is stored) starts the same background job, 202; the job answers
its progress and result — the counts, or every row problem with nothing written. Mounted by
thidua/org/api.py."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Schema, Status, UploadedFile

from thidua.core.api_schemas import ERRORS, Id, InputSchema

from . import importing
from .api_base import OrgRouter

router = OrgRouter()

WORKBOOK = File(
    ...,
    description="Tệp .xlsx theo mẫu của trang nhập.",
    max_length=settings.THIDUA_MAX_UPLOAD_BYTES,
)


class ImportCountsOut(Schema):
    created: int
    updated: int
    unchanged: int


class ImportProblemOut(Schema):
    sheet: str
    row: int | None
    column: str
    message: str


class ImportResultOut(Schema):
    ok: bool
    dry_run: bool
    units: ImportCountsOut
    people: ImportCountsOut
    error_count: int
    errors: list[ImportProblemOut]


class ImportJobOut(Schema):
    id: int
    status: str
    stage: str
    progress_done: int
    progress_total: int
    file_name: str
    created_at: datetime
    finished_at: datetime | None
    result: ImportResultOut | None

    @staticmethod
    def resolve_file_name(job) -> str:
        return job.params.get("filename", "")

    @staticmethod
    def resolve_result(job) -> dict[str, Any] | None:
        return job.result or None


class ImportIn(InputSchema):
    dry_run: bool = False


def _require_import_permission(request) -> None:
    # Before anything is read or built, as the page does.
    if not request.user.has_perm(importing.IMPORT_PERMISSION):
        raise PermissionDenied(_("Only an administrator may import units and people."))


@router.get(
    "/import/template",
    response={200: bytes, **ERRORS},
    summary="Tệp mẫu nhập đơn vị và cán bộ (.xlsx)",
    description=(
        "Quản trị (khác: 403): tệp Excel mẫu của trang nhập, với các trang tính Đơn vị, Cán bộ "
        "và Hướng dẫn, các giá trị được chấp nhận; điền rồi gửi bằng POST /import."
    ),
    openapi_extra={
        "responses": {
            200: {
                "description": "Tệp mẫu",
                "content": {
                    importing.XLSX_CONTENT_TYPE: {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    },
)
def import_template(request):
    _require_import_permission(request)
    response = HttpResponse(
        importing.import_template(actor=request.user), content_type=importing.XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{importing.TEMPLATE_FILENAME}"'
    return response


@router.post(
    "/import",
    response={202: ImportJobOut, **ERRORS},
    summary="Nhập đơn vị và cán bộ từ Excel (quản trị, công việc nền)",
    description=(
        "multipart/form-data: tệp `file` theo mẫu của trang “Nhập đơn vị và cán bộ từ Excel”, "
        "`dry_run` (chỉ kiểm tra, không lưu). Như trang: mọi dòng được kiểm tra trước, có lỗi thì không "
        "lưu gì; việc nhập chạy nền, theo dõi ở GET /import/jobs/{id}. Tệp quá lớn hoặc không "
        "phải .xlsx: 422, không lưu tệp. Không phải quản trị: 403."
    ),
)
def import_start(request, payload: Form[ImportIn], file: UploadedFile = WORKBOOK):
    _require_import_permission(request)  # before the file is read
    try:
        job = importing.people_import_start(
            actor=request.user, file=file, filename=file.name or "", dry_run=payload.dry_run
        )
    except importing.ImportRejected as rejected:
        raise ValidationError({"file": [e.message for e in rejected.row_errors]}) from None
    return Status(202, job)


@router.get(
    "/import/jobs/{job_id}",
    response={200: ImportJobOut, **ERRORS},
    summary="Tiến độ và kết quả một lần nhập từ Excel",
    description=(
        "Người đã tải tệp lên hoặc quản trị (khác: 403): trạng thái, tiến độ, và khi xong số "
        "đơn vị, cán bộ thêm mới, cập nhật, giữ nguyên — hoặc các lỗi theo trang tính, dòng, "
        "cột (tối đa 1.000; `error_count` là tổng), khi đó không gì được lưu."
    ),
)
def import_job(request, job_id: Id):
    return importing.import_job_get(viewer=request.user, pk=job_id)
