"""A slow job for the fault tests' real Celery workers (loaded with `celery worker -I`)."""

import os
import time

from celery import shared_task

from thidua.core.choices import AuditAction


class FaultsAudit(AuditAction):
    """The fault tests' own action (declared as an app declares its own)."""

    SLOW_JOB_DONE = "tests.faults.slow_job_done", "Slow test job done"


@shared_task(name="tests.faults.slow_job")
def slow_job(job_id: int) -> None:
    """Counts slowly (saying which process runs it), then records one audit event per
    completed run."""
    from thidua.core.audit import audit_record
    from thidua.core.jobs import job_run

    def work(job, progress):
        steps = job.params["steps"]
        for step in range(1, steps + 1):
            time.sleep(0.2)
            progress(step, steps, stage=f"pid {os.getpid()}")
        audit_record(actor=None, action=FaultsAudit.SLOW_JOB_DONE, target=job)
        return {"ok": True}

    job_run(job_id=job_id, work=work)
