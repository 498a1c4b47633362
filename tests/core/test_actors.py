"""core.actors: the system acts by name (SYSTEM); a missing actor is refused instead of
silently skipping the permission check (issue 16, point 2)."""

from datetime import date

import pytest
from django.utils import translation

from thidua.core.actors import SYSTEM, MissingActor, account_of, acting_as_system
from thidua.core.audit import audit_for
from thidua.core.views.audit import _actor
from thidua.goals.models import Goal, Task
from thidua.goals.services import goal_create, task_create
from thidua.org.choices import Role
from thidua.org.models import RoleAssignment
from thidua.org.services import role_grant

YEAR = {"period_kind": "year", "period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}


def test_system_is_named_and_none_is_refused():
    assert acting_as_system(SYSTEM) is True
    with pytest.raises(MissingActor):
        acting_as_system(None)
    assert account_of(SYSTEM) is None


def test_a_goal_created_by_the_system_is_audited_without_an_account(org):
    goal = goal_create(actor=SYSTEM, title="Mục tiêu", owner_unit=org["dept_a"], **YEAR)

    (event,) = audit_for(goal).filter(action="goal.created")
    assert event.actor is None and event.actor_name == ""


def test_a_service_called_without_an_actor_refuses_and_writes_nothing(org):
    with pytest.raises(MissingActor):
        goal_create(actor=None, title="Mục tiêu", owner_unit=org["dept_a"], **YEAR)
    with pytest.raises(MissingActor):
        task_create(actor=None, title="Việc", owner=org["staff_a"])
    assert not Goal.objects.exists() and not Task.objects.exists()


def test_the_audit_page_shows_the_system_as_such(org):
    """An event of the system has no account: the log names it "hệ thống"."""
    goal = goal_create(actor=SYSTEM, title="Mục tiêu", owner_unit=org["dept_a"], **YEAR)
    event = audit_for(goal).get(action="goal.created")
    assert _actor(event) == ""  # the template prints the translated "the system"
    with translation.override("vi"):
        assert translation.gettext("the system") == "hệ thống"


def test_a_role_granted_without_an_actor_is_refused(org):
    before = RoleAssignment.objects.count()
    with pytest.raises(MissingActor):
        role_grant(
            actor=None,
            user=org["staff_a"].user,
            role=Role.ADMINISTRATOR,
            valid_from=date(2025, 1, 1),
        )
    assert RoleAssignment.objects.count() == before


def test_an_agency_setting_overridden_without_an_actor_is_refused(db):
    from thidua.core.agency_settings import setting_override
    from thidua.core.models import AgencySetting, AuditEvent

    with pytest.raises(MissingActor):
        setting_override(actor=None, key="org.weekdays_off", value=[6], reason="Thử")
    assert not AgencySetting.objects.exists()
    assert not AuditEvent.objects.filter(action="setting.overridden").exists()


def test_the_system_overrides_a_setting_without_an_account_and_a_user_needs_the_right(org):
    from django.core.exceptions import PermissionDenied

    from thidua.core.agency_settings import setting_override

    with pytest.raises(PermissionDenied):
        setting_override(actor=org["staff_a"].user, key="org.weekdays_off", value=[6], reason="Thử")
    row = setting_override(actor=SYSTEM, key="org.weekdays_off", value=[6], reason="Thử")
    assert row.updated_by is None
    (event,) = audit_for(row).filter(action="setting.overridden")
    assert event.actor is None and event.actor_name == ""


def test_the_stalled_dispatches_are_resumed_by_the_system_by_name(db):
    """The beat's task passes SYSTEM; the service has no silent default any more."""
    from thidua.messaging import tasks
    from thidua.messaging.services import dispatches_resume_stalled

    with pytest.raises(TypeError):
        dispatches_resume_stalled()  # type: ignore[call-arg]
    assert tasks.dispatches_resume_stalled() == []
