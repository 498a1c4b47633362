"""Changes to targets, check-ins and goal change proposals are audited with before/after."""

from datetime import date

import pytest

from thidua.core.audit import audit_for
from thidua.goals.services import (
    checkin_create,
    checkin_update,
    checkin_verify,
    goal_assign,
    goal_proposal_decide,
    goal_propose_changes,
    key_result_set_target,
)

TODAY = date(2025, 7, 1)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def last(target, action):
    return audit_for(target).filter(action=action).latest("id")


def test_target_change_records_who_and_the_old_and_new_target(cascade):
    head = cascade["head_a"].user
    kr = cascade["personal"].key_results.get(title="Hồ sơ số hoá")
    key_result_set_target(actor=head, key_result=kr, target=2000, reason="Mở rộng phạm vi")
    event = last(kr, "key_result.target_changed")
    assert event.actor == head
    assert event.actor_name == head.username
    assert event.data["changes"] == {"target": ["1000", "2000"]}


def test_check_in_correction_and_verification_record_before_and_after(cascade):
    hoa, head = cascade["staff_a"].user, cascade["head_a"].user
    kr = cascade["personal"].key_results.get(title="Hồ sơ số hoá")
    checkin = checkin_create(actor=hoa, key_result=kr, value=400, confidence="on_track")
    created = last(kr, "checkin.created")
    assert created.data["changes"]["value"] == [None, "400"]

    checkin_update(actor=hoa, checkin=checkin, value=450, confidence="at_risk")
    updated = last(kr, "checkin.updated").data["changes"]
    assert updated["value"] == ["400", "450"]
    assert updated["confidence"] == ["on_track", "at_risk"]
    assert "checked_on" not in updated  # unchanged fields are not listed

    checkin_verify(actor=head, checkin=checkin)
    verified = last(kr, "checkin.verified")
    assert verified.actor == head
    assert verified.data["changes"]["verified_by"] == [None, head.pk]


def test_approved_change_proposal_records_the_key_result_targets_it_changed(cascade):
    head, hoa = cascade["head_a"].user, cascade["staff_a"].user
    goal = goal_assign(
        actor=head,
        parent=cascade["dept"],
        title="Tập huấn người dùng",
        owner_person=cascade["staff_a"],
        key_results=[{"title": "Số lớp tập huấn", "target": 10, "due_date": date(2025, 11, 30)}],
    )
    kr = goal.key_results.get()
    proposal = goal_propose_changes(
        actor=hoa, goal=goal, changes=[{"key_result": kr.pk, "target": "8"}]
    )
    goal_proposal_decide(actor=head, proposal=proposal, approve=True)
    event = last(goal, "goal.proposal_decided")
    assert event.data["changes"]["status"] == ["pending", "approved"]
    assert event.data["key_results"][str(kr.pk)] == {"target": ["10", "8"]}
