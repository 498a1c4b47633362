"""Pages of the HR sync (hr_sync.py): the runs, one run's report, and "Sync now"."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.core.view_helpers import error_text

from .. import hr_sync, hr_sync_file, hr_sync_lock
from ..choices import EmploymentStatus, HrChangeKind
from ..models import HrSyncRun, Person

RUNS_PER_PAGE = 50


def _date(value) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


@login_required
@require_GET
def sync_list(request):
    runs = hr_sync.hr_sync_runs(viewer=request.user).select_related("actor__person")
    page = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "org/sync/list.html",
        {
            "page": page,
            # a job queued or running, or the nightly sync holding the lock
            "running": hr_sync.hr_sync_running() or hr_sync_lock.hr_sync_lock_held(),
            "configured": hr_sync_file.hr_sync_configured(),
            # "file" (the HR system's export) or "directory" (THIDUA_HR_SYNC_SOURCE): the
            # page speaks of what is read
            "from_directory": hr_sync_file.hr_sync_source() == "directory",
            "full_export": hr_sync_file.full_export(),
        },
    )


@login_required
@require_GET
def sync_detail(request, pk: int):
    try:
        run = hr_sync.hr_sync_run_get(viewer=request.user, pk=pk)
    except HrSyncRun.DoesNotExist as missing:
        raise Http404 from missing
    kinds = dict(HrChangeKind.choices)
    statuses = dict(EmploymentStatus.choices)
    fields = {
        f.name: f.verbose_name for f in Person._meta.get_fields() if hasattr(f, "verbose_name")
    }
    changes = [
        {
            **line,
            "kind_label": kinds.get(line.get("kind"), ""),
            "on_date": _date(line.get("on")),
            "status_label": statuses.get(line.get("status"), ""),
            "detail_labels": ", ".join(
                str(fields.get(name, name)) for name in line.get("details", [])
            ),
            "local_labels": ", ".join(
                str(fields.get(name, name)) for name in line.get("local_edits", [])
            ),
        }
        for line in run.changes
    ]
    return render(
        request,
        "org/sync/detail.html",
        {
            "run": run,
            "changes": changes,
            "changes_cut": len(changes) >= hr_sync.MAX_CHANGES_KEPT,
            "not_in_file": run.not_in_file,
        },
    )


@login_required
@require_POST
def sync_start(request):
    try:
        hr_sync.hr_sync_start(actor=request.user)
    except hr_sync.HrSyncRefused as refused:
        messages.error(request, error_text(refused))
    else:
        messages.success(
            request, _("The sync has started; its report appears here when it finishes.")
        )
    return redirect("org:hr_sync")
