"""The import as a service and a background job: check, plan, write (or only check)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from io import BytesIO
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from thidua.core.jobs import job_start
from thidua.core.models import Job

from ..rules import is_org_administrator
from .checking import Check
from .format import (
    COLUMNS,
    JOB_KIND,
    PEOPLE_SHEET,
    TASK_NAME,
    UNITS_SHEET,
    UPLOAD_DIR,
    ImportRejected,
    ImportResult,
    Progress,
    RowError,
    require_import_permission,
)
from .reading import check_upload, read_workbook
from .writing import plan_write


def people_import(
    *,
    actor,
    file: IO[bytes] | bytes,
    dry_run: bool = False,
    progress: Callable[..., None] | None = None,
    filename: str = "",
) -> ImportResult:
    """Check a workbook and, when every row is right and it is not a dry run, write it all
    in one transaction with one "org.imported" audit event (none when nothing changed).

    `progress(done, total, stage)` is called as rows are checked, outside the transaction
    that writes, so a page polling the job sees it."""
    require_import_permission(actor)
    if isinstance(file, bytes | bytearray):
        file = BytesIO(file)
    filename = filename or str(getattr(file, "name", "") or "")
    report = Progress(progress)
    report(0, None, _("Reading the file"))
    errors = check_upload(file)
    sheets = read_workbook(file, errors, report) if not errors else {}
    if not errors and not any(s.rows for s in sheets.values()):
        errors.append(
            RowError(
                "",
                None,
                "",
                _("The file has no rows to import: fill in the “%(units)s” or “%(people)s” sheet.")
                % {"units": UNITS_SHEET, "people": PEOPLE_SHEET},
            )
        )
    if errors:
        report(report.done, None, _("Problems found; nothing was saved"))
        return ImportResult(errors=errors, dry_run=dry_run)

    report.total, report.done = sum(len(s.rows) for s in sheets.values()), 0
    report(0, report.total, _("Checking rows"))
    check = Check(sheets, errors, report.tick)
    plan, result = check.run()
    result.dry_run = dry_run
    report(report.total, report.total)
    if errors:
        report(report.total, report.total, _("Problems found; nothing was saved"))
        result.errors = sorted(errors, key=_error_order)
        return result
    if not dry_run and (result.units.changed or result.people.changed):
        report(report.total, report.total, _("Saving"))
        with transaction.atomic():
            plan_write(plan, check, actor=actor, filename=filename)
    report(report.total, report.total, _("Done"))
    return result


_SHEET_ORDER = {"": 0, UNITS_SHEET: 1, PEOPLE_SHEET: 2}
_COLUMN_ORDER = {
    (sheet, c.name): i for sheet, columns in COLUMNS.items() for i, c in enumerate(columns)
}


def _error_order(error: RowError) -> tuple:
    return (
        _SHEET_ORDER.get(error.sheet, 0),
        error.row or 0,
        _COLUMN_ORDER.get((error.sheet, error.column), 0),
    )


@transaction.atomic
def people_import_start(*, actor, file: IO[bytes], filename: str, dry_run: bool = False) -> Job:
    """Refuse a file that is too large or not an Excel file, store it where a worker can
    read it, and start the import as a background job."""
    require_import_permission(actor)
    errors = check_upload(file)
    if errors:
        raise ImportRejected(errors)
    stored = default_storage.save(f"{UPLOAD_DIR}/{uuid.uuid4().hex}.xlsx", file)
    return job_start(
        kind=JOB_KIND,
        task_name=TASK_NAME,
        params={
            "file": stored,
            "filename": filename[:200],
            "dry_run": dry_run,
            "language": translation.get_language() or settings.LANGUAGE_CODE,
        },
        actor=actor,
    )


def people_import_job(job: Job, progress: Callable[..., None]) -> dict[str, Any]:
    """The job's work (see tasks.people_import_run): import the stored file as the person who
    uploaded it, in their language, then delete the file."""
    params = job.params
    with translation.override(params.get("language") or settings.LANGUAGE_CODE):
        try:
            with default_storage.open(params["file"], "rb") as stored:
                result = people_import(
                    actor=job.created_by,
                    file=stored,
                    dry_run=params.get("dry_run", False),
                    progress=progress,
                    filename=params.get("filename", ""),
                )
        finally:
            default_storage.delete(params["file"])
    return result.as_dict()


def import_job_get(*, viewer, pk: int) -> Job:
    """An import job, for the person who started it or an administrator."""
    job = Job.objects.get(pk=pk, kind=JOB_KIND)
    if not viewer.is_authenticated or not (
        job.created_by_id == viewer.pk or is_org_administrator(viewer)
    ):
        raise PermissionDenied
    return job
