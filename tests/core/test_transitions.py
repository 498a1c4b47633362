"""core.transitions: a declared table of status moves, and the one helper that makes a move
and records it (issue 16, point 2)."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import translation

from thidua.core.audit import audit_for
from thidua.core.audit_labels import ACTION_LABELS
from thidua.core.choices import AuditAction, JobStatus
from thidua.core.models import Job
from thidua.core.transitions import Flow, flows, transition


class ProbeAudit(AuditAction):
    """This test's own actions (declared as an app declares its own)."""

    JOB_STARTED = "job.started", "Job started"
    JOB_FINISHED = "job.finished", "Job finished"
    JOB_RESUMED = "job.resumed", "Job resumed"


FLOW = Flow(
    "core.Job",
    {
        (JobStatus.QUEUED, JobStatus.RUNNING): ProbeAudit.JOB_STARTED,
        (JobStatus.RUNNING, JobStatus.SUCCEEDED): ProbeAudit.JOB_FINISHED,
    },
    registered=False,
)


@pytest.fixture
def job(db):
    return Job.objects.create(kind="probe", task_name="probe.task", params={})


def test_a_declared_move_changes_the_status_and_records_before_and_after(job):
    transition(job, flow=FLOW, to=JobStatus.RUNNING, actor=None, note="go")

    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING
    (event,) = audit_for(job)
    assert event.action == "job.started"
    assert event.data["changes"] == {"status": ["queued", "running"]}
    assert event.data["note"] == "go"
    assert "from" not in event.data


def test_a_move_the_table_does_not_declare_is_refused_and_changes_nothing(job):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        transition(job, flow=FLOW, to=JobStatus.SUCCEEDED, actor=None)
    # In words, never the model's label or the status codes.
    assert refused.value.messages == [
        "This step is not allowed: background job cannot go from “Queued” to “Succeeded”."
    ]

    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert not audit_for(job).exists()


def test_fields_changed_with_the_status_are_saved_and_audited(job):
    transition(
        job,
        flow=FLOW,
        to=JobStatus.RUNNING,
        actor=None,
        also={"error": "none yet", "progress_total": 3},
        audited=["status", "progress_total"],
    )

    job.refresh_from_db()
    assert (job.error, job.progress_total) == ("none yet", 3)
    (event,) = audit_for(job)
    assert event.data["changes"] == {"status": ["queued", "running"], "progress_total": [0, 3]}


def test_a_call_site_naming_another_event_than_the_table_is_a_programming_error(job):
    with pytest.raises(ValueError):
        transition(job, flow=FLOW, to=JobStatus.RUNNING, actor=None, action=ProbeAudit.JOB_FINISHED)
    assert not audit_for(job).exists()


def test_a_move_recorded_by_several_events_needs_the_call_to_name_one(job):
    flow = Flow(
        "core.Job",
        {(JobStatus.QUEUED, JobStatus.RUNNING): (ProbeAudit.JOB_STARTED, ProbeAudit.JOB_RESUMED)},
        registered=False,
    )
    with pytest.raises(ValueError):
        transition(job, flow=flow, to=JobStatus.RUNNING, actor=None)

    transition(job, flow=flow, to=JobStatus.RUNNING, actor=None, action=ProbeAudit.JOB_RESUMED)
    assert audit_for(job).get().action == "job.resumed"


def test_the_event_is_recorded_on_the_target_named(job, db):
    other = Job.objects.create(kind="probe", task_name="probe.task", params={})
    transition(job, flow=FLOW, to=JobStatus.RUNNING, actor=None, target=other)

    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and not audit_for(job).exists()
    (event,) = audit_for(other)
    assert event.data["changes"] == {"status": ["queued", "running"]}


def test_from_and_to_are_recorded_when_the_flow_or_the_call_asks(job):
    transition(job, flow=FLOW, to=JobStatus.RUNNING, actor=None, record_from_to=True)

    (event,) = audit_for(job)
    assert (event.data["from"], event.data["to"]) == ("queued", "running")


def test_every_declared_flow_names_a_real_model_and_labelled_actions():
    """The apps' flows: each action has its words on the audit page, each status is one of
    the model's choices."""
    for module in (
        "thidua.awards.services.council",
        "thidua.awards.services.round",
        "thidua.emulation.services.movements",
        "thidua.emulation.services.practices",
        "thidua.emulation.services.ratings",
        "thidua.goals.services",
        "thidua.meetings.services",
        "thidua.messaging.services",
        "thidua.party.services",
        "thidua.party.services.org",
    ):
        importlib.import_module(module)
    declared = flows()
    assert declared, "the apps declare their flows"
    for flow in declared:
        model = apps.get_model(flow.model)
        choices = {value for value, _label in model._meta.get_field(flow.field).choices}
        for before, after in flow.moves:
            assert {before, after} <= choices, (flow.model, before, after)
        for action in flow.actions:
            assert action in ACTION_LABELS, (flow.model, action)
