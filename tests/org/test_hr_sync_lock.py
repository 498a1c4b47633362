"""One HR sync at a time (hr_sync_lock.py): the nightly beat task and "Sync now" never run
together. Another sync is played by a thread holding the lock: its own database connection
on PostgreSQL (an advisory lock is per connection), its own open file on SQLite (flock is
per open file), so it is another holder as another process would be."""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from thidua.core.actors import SYSTEM
from thidua.core.models import Job
from thidua.org.choices import HrSyncStatus, Role
from thidua.org.hr_sync import JOB_KIND, TASK_NAME, hr_sync_job
from thidua.org.hr_sync_lock import hr_sync_lock, hr_sync_lock_held
from thidua.org.models import HrSyncRun, Person
from thidua.org.services import role_grant
from thidua.org.tasks import hr_sync_scheduled

from ..factories import UserFactory
from .test_hr_sync import everyone, new_row, write_csv

BUSY_VI = "Một lần đồng bộ cán bộ khác đang chạy"


@contextmanager
def another_sync_running() -> Iterator[None]:
    """Hold the sync lock in another thread (another connection, another open file)."""
    taken, release = threading.Event(), threading.Event()
    state: dict[str, bool] = {}

    def hold() -> None:
        try:
            with hr_sync_lock() as acquired:
                state["acquired"] = acquired
                taken.set()
                release.wait(30)
        finally:
            connection.close()
            taken.set()

    thread = threading.Thread(target=hold, name="other-hr-sync")
    thread.start()
    try:
        assert taken.wait(30) and state.get("acquired"), "the other sync did not get the lock"
        yield
    finally:
        release.set()
        thread.join(30)


@pytest.fixture
def admin(db):
    user = UserFactory(username="hr-admin")
    role_grant(actor=SYSTEM, user=user, role=Role.ADMINISTRATOR, valid_from=date(2020, 1, 1))
    return user


@pytest.fixture
def drop(org, tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    write_csv(folder / "nhansu.csv", [*everyone(org), new_row()])
    with override_settings(THIDUA_HR_SYNC_PATH=str(folder)):
        yield folder


def test_the_lock_is_free_then_held_then_free_again(db):
    assert hr_sync_lock_held() is False
    with another_sync_running():
        assert hr_sync_lock_held() is True
        with hr_sync_lock() as acquired:
            assert acquired is False
    assert hr_sync_lock_held() is False
    with hr_sync_lock() as acquired:
        assert acquired is True


def test_the_nightly_sync_is_skipped_with_a_log_line_while_another_runs(org, drop, caplog):
    with caplog.at_level(logging.WARNING, logger="thidua.org.hr_sync"), another_sync_running():
        assert hr_sync_scheduled() is None

    assert "another sync is running; the scheduled sync is skipped" in caplog.text
    assert not HrSyncRun.objects.exists()
    assert not Person.objects.filter(employee_code="HR0001").exists()

    run = HrSyncRun.objects.get(pk=hr_sync_scheduled())  # once it is over, the next one runs
    assert run.status == HrSyncStatus.APPLIED and run.created == 1


def test_sync_now_is_refused_in_vietnamese_while_the_nightly_sync_runs(org, admin, drop, client):
    client.force_login(admin)
    with translation.override("vi"), another_sync_running():
        listing = client.get(reverse("org:hr_sync"), HTTP_ACCEPT_LANGUAGE="vi")
        response = client.post(reverse("org:hr_sync_start"), HTTP_ACCEPT_LANGUAGE="vi")

    assert "Đang đồng bộ." in listing.content.decode()  # no "Sync now" button meanwhile
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith(BUSY_VI)
    assert not Job.objects.filter(kind=JOB_KIND).exists()
    assert not HrSyncRun.objects.exists()


def test_a_manual_job_that_starts_while_the_nightly_sync_runs_reads_nothing(org, admin, drop):
    job = Job.objects.create(
        kind=JOB_KIND, task_name=TASK_NAME, params={"language": "vi"}, created_by=admin
    )
    with another_sync_running():
        result = hr_sync_job(job, lambda *args, **kwargs: None)

    assert result["ok"] is False and result["status"] == "busy"
    assert result["message"].startswith(BUSY_VI)
    assert not HrSyncRun.objects.exists()
    assert not Person.objects.filter(employee_code="HR0001").exists()


def test_the_lock_is_let_go_when_the_sync_fails(org, drop, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("thidua.org.hr_sync.hr_changes_due", broken)
    with pytest.raises(RuntimeError):
        hr_sync_scheduled()
    assert hr_sync_lock_held() is False


def test_a_job_and_the_nightly_sync_hold_the_same_lock(org, admin, drop):
    """The job's work takes the lock: a nightly run during it is skipped."""
    job = Job.objects.create(
        kind=JOB_KIND, task_name=TASK_NAME, params={"language": "vi"}, created_by=admin
    )
    seen: dict[str, object] = {}

    def progress(*args, **kwargs) -> None:
        if "nightly" not in seen:
            result: dict[str, object] = {}

            def nightly() -> None:
                try:
                    result["run"] = hr_sync_scheduled()
                finally:
                    connection.close()

            thread = threading.Thread(target=nightly)
            thread.start()
            thread.join(30)
            seen["nightly"] = result.get("run", "failed")

    result = hr_sync_job(job, progress)

    assert seen["nightly"] is None  # skipped: the job held the lock
    assert result["ok"] is True
    assert HrSyncRun.objects.get().created == 1
