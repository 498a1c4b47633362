"""The organisation's import and HR sync name who acts: an administrator, or SYSTEM (the
`import_people` command, the nightly sync); a missing actor (`actor=None`) is refused
instead of skipping the permission check (issue 16, point 2)."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import translation

from thidua.core.actors import SYSTEM, MissingActor
from thidua.core.models import AuditEvent, Job
from thidua.org.choices import HrSyncTrigger, Role
from thidua.org.hr_sync import hr_sync_nightly, hr_sync_run, hr_sync_start
from thidua.org.importing import import_template, people_import, people_import_start
from thidua.org.models import HrSyncRun, Person
from thidua.org.services import role_grant

from ..factories import UserFactory, import_person_row, import_workbook


@pytest.fixture
def admin(db):
    user = UserFactory(username="org-admin")
    role_grant(actor=SYSTEM, user=user, role=Role.ADMINISTRATOR, valid_from=date(2020, 1, 1))
    return user


def test_an_import_without_an_actor_is_refused_and_writes_nothing(org):
    content = import_workbook(people=[import_person_row()])
    with pytest.raises(MissingActor):
        people_import(actor=None, file=content)
    with pytest.raises(MissingActor):
        import_template(actor=None)
    with pytest.raises(MissingActor):
        people_import_start(actor=None, file=io.BytesIO(content), filename="nhap.xlsx")
    assert not Person.objects.filter(employee_code="NK0001").exists()
    assert not AuditEvent.objects.filter(action="org.imported").exists()
    assert not Job.objects.exists()


def test_an_import_by_someone_without_the_right_is_still_refused(org):
    with pytest.raises(PermissionDenied):
        people_import(actor=org["staff_a"].user, file=import_workbook(people=[import_person_row()]))
    assert not Person.objects.filter(employee_code="NK0001").exists()


def test_the_command_imports_as_the_system(org, tmp_path):
    path = tmp_path / "nhap.xlsx"
    path.write_bytes(import_workbook(people=[import_person_row()]))
    with translation.override("en"):
        call_command("import_people", str(path))
    assert Person.objects.filter(employee_code="NK0001").exists()
    event = AuditEvent.objects.get(action="org.imported")
    assert event.actor is None and event.actor_name == ""


def test_an_hr_sync_without_an_actor_is_refused_and_stores_no_run(org, tmp_path):
    with pytest.raises(MissingActor):
        hr_sync_run(actor=None, source=str(tmp_path / "none.csv"))
    with pytest.raises(MissingActor):
        hr_sync_start(actor=None)
    assert not HrSyncRun.objects.exists() and not Job.objects.exists()


def test_the_system_syncs_nightly_but_does_not_press_sync_now(org, admin, tmp_path):
    run = hr_sync_nightly(source=str(tmp_path / "none.csv"))
    assert run is not None and run.trigger == HrSyncTrigger.SCHEDULED and run.actor is None
    with pytest.raises(PermissionDenied):
        hr_sync_start(actor=SYSTEM)  # "Sync now" runs as the administrator who pressed it
    assert not Job.objects.exists()
    with pytest.raises(PermissionDenied):
        hr_sync_run(actor=org["staff_a"].user, source=str(tmp_path / "none.csv"))
