"""The Celery app and the whole beat schedule."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("thidua")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "goals-refresh-nightly": {
        "task": "thidua.goals.tasks.goals_refresh_nightly",
        "schedule": crontab(hour=1, minute=30),
    },
    "messaging-resume-stalled": {
        "task": "messaging.resume_stalled",
        "schedule": crontab(minute="*/10"),
    },
    "core-jobs-resume": {  # jobs the broker never got (Redis down) or whose worker died
        "task": "thidua.core.tasks.jobs_resume",
        "schedule": crontab(minute="*"),
    },
    "notifications-refresh": {  # the bell moves without the person opening the home page
        "task": "thidua.core.tasks.notifications_refresh",
        "schedule": crontab(minute="*/15"),
    },
    "work-digests-morning": {  # at most one e-mail a day per person, only when work waits
        "task": "thidua.core.tasks.work_digests_send",
        "schedule": crontab(hour=7, minute=0),
    },
    "webhooks-send-due": {  # retries, and what the broker never got
        "task": "thidua.core.tasks.webhooks_send_due",
        "schedule": crontab(minute="*"),
    },
    "assistant-index-merge": {  # the delta index into a new build once it has grown
        "task": "thidua.assistant.tasks.index_merge_if_needed",
        "schedule": crontab(minute="*/5"),
    },
    "org-hr-sync-nightly": {  # people from the HR system's export (docs/HR_SYNC.md)
        "task": "thidua.org.tasks.hr_sync_scheduled",
        "schedule": crontab(hour=1, minute=0),
    },
    "purge-finished-jobs": {
        "task": "thidua.core.tasks.job_purge_finished",
        "schedule": crontab(hour=2, minute=0),
    },
}
