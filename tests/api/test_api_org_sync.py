"""Organisation API, the HR sync: an administrator reads the runs and a run's report and
starts "Sync now" as on the pages; anyone else is refused and starts nothing."""

from django.test import override_settings

from thidua.core.models import Job
from thidua.org.choices import HrSyncStatus, HrSyncTrigger
from thidua.org.models import HrSyncRun

from ..org import test_hr_sync as hr
from ..org.test_hr_sync import everyone, new_row, row_of, sync, write_csv

admin = hr.admin  # the fixture: an administrator

RUNS = "/api/v1/org/hr-sync/runs"


def test_an_administrator_reads_the_runs_newest_first_and_a_report(org, admin, client, tmp_path):
    bad = row_of(org["staff_a"], unit="KHONG-CO", post_from="01/02/2026")
    refused = sync(admin, write_csv(tmp_path / "sai.csv", everyone(org, staff_a=bad)))
    applied = sync(admin, write_csv(tmp_path / "dung.csv", [*everyone(org), new_row()]))
    client.force_login(admin)

    page = client.get(RUNS, {"limit": 1}).json()
    assert [(r["id"], r["status"], r["created"]) for r in page["items"]] == [
        (applied.pk, HrSyncStatus.APPLIED, 1)
    ]
    older = client.get(RUNS, {"limit": 1, "cursor": page["next_cursor"]}).json()
    assert [(r["id"], r["status"], r["error_count"]) for r in older["items"]] == [
        (refused.pk, HrSyncStatus.REFUSED, 1)
    ]
    assert older["items"][0]["actor"] == "hr-admin"
    assert "changes" not in older["items"][0]  # the list stays light

    report = client.get(f"{RUNS}/{refused.pk}").json()
    assert report["changes"] == []
    assert any("KHONG-CO" in str(error) for error in report["errors"])
    changes = client.get(f"{RUNS}/{applied.pk}").json()["changes"]
    assert [(c["code"], c["unit_to"]) for c in changes if c["kind"] == "new"] == [
        ("HR0001", "CB-P1")
    ]


def test_sync_now_starts_the_sync_as_a_job(
    org,
    admin,
    client,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    folder = tmp_path / "drop"
    folder.mkdir()
    write_csv(folder / "nhansu.csv", [*everyone(org), new_row()])
    client.force_login(admin)

    with (
        override_settings(THIDUA_HR_SYNC_PATH=str(folder)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(RUNS)

    assert response.status_code == 202
    job = Job.objects.get(kind="org.hr_sync")
    assert response.json()["id"] == job.pk
    run = HrSyncRun.objects.get()
    assert (run.trigger, run.actor, run.created) == (HrSyncTrigger.MANUAL, admin, 1)


def test_a_second_start_while_one_is_queued_is_a_422(org, admin, client):
    client.force_login(admin)
    assert client.post(RUNS).status_code == 202  # queued: its task runs after the commit
    again = client.post(RUNS)
    assert again.status_code == 422
    assert "hãy chờ nó xong" in again.json()["detail"][0]["msg"]  # in Vietnamese
    assert Job.objects.filter(kind="org.hr_sync").count() == 1


def test_a_non_administrator_reads_nothing_and_starts_nothing(org, admin, client, tmp_path):
    run = sync(admin, write_csv(tmp_path / "a.csv", everyone(org)))
    client.force_login(org["head_a"].user)  # a unit head: still not an administrator
    assert client.get(RUNS).status_code == 403
    assert client.get(f"{RUNS}/{run.pk}").status_code == 403
    assert client.post(RUNS).status_code == 403
    assert not Job.objects.filter(kind="org.hr_sync").exists()
