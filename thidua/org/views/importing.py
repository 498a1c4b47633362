"""Pages of the Excel import: the template, the upload, and the job's progress."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from thidua.core.htmx import render_page
from thidua.core.models import Job

from .. import importing


class _SizeLimit(FileUploadHandler):
    """Stops reading an upload once it passes the limit, before it reaches the disk or a
    parser (the rest of the request body is read and dropped, so the page can answer)."""

    def __init__(self, request=None, *, limit: int):
        super().__init__(request)
        self.limit, self.received, self.exceeded = limit, 0, False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


def _require_permission(request) -> None:
    if not request.user.has_perm(importing.IMPORT_PERMISSION):
        raise PermissionDenied


@csrf_exempt  # checked by _upload once the size limit is in place (Django's documented way)
@login_required
@require_http_methods(["GET", "POST"])
def import_page(request):
    _require_permission(request)
    if request.method == "POST":
        limit = _SizeLimit(request, limit=settings.THIDUA_MAX_UPLOAD_BYTES)
        request.upload_handlers.insert(0, limit)
        return _upload(request, limit)
    return _render_form(request)


@csrf_protect
def _upload(request, limit: _SizeLimit):
    upload = request.FILES.get("file")
    if limit.exceeded:
        return _render_form(request, [importing.too_large_error().message], status=413)
    if upload is None:
        return _render_form(request, [_choose_a_file()], status=400)
    try:
        job = importing.people_import_start(
            actor=request.user,
            file=upload,
            filename=upload.name,
            dry_run=request.POST.get("dry_run") == "1",
        )
    except importing.ImportRejected as rejected:
        return _render_form(request, [e.message for e in rejected.row_errors], status=400)
    return redirect("org:job", pk=job.pk)


def _choose_a_file() -> str:
    return _("Choose an Excel file (.xlsx) to upload.")


def _render_form(request, errors: list[str] | None = None, *, status: int = 200):
    context = {
        "errors": errors or [],
        "max_mb": f"{settings.THIDUA_MAX_UPLOAD_BYTES / (1024 * 1024):g}",
        "units_sheet": importing.UNITS_SHEET,
        "people_sheet": importing.PEOPLE_SHEET,
        "guide_sheet": importing.GUIDE_SHEET,
    }
    return render(request, "org/import.html", context, status=status)


@login_required
@require_GET
def import_template(request):
    _require_permission(request)
    content = importing.import_template(actor=request.user)
    response = HttpResponse(content, content_type=importing.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{importing.TEMPLATE_FILENAME}"'
    return response


@login_required
@require_GET
def job_detail(request, pk: int):
    try:
        job = importing.import_job_get(viewer=request.user, pk=pk)
    except Job.DoesNotExist as missing:
        raise Http404 from missing
    return render_page(
        request,
        "org/job.html",
        {"job": job, "result": job.result or {}},
        partial="org/partials/_job_progress.html",
    )
