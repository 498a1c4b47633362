"""A dispatch is queued through core.transitions (issue 16, point 2): from draft or done
only, with the same "messaging.dispatch_queued" event as before; a dispatch already queued
or sending is not queued again and gets no event."""

import pytest
from django.core.exceptions import ValidationError

from thidua.core.actors import SYSTEM
from thidua.core.audit import audit_for
from thidua.core.transitions import transition
from thidua.messaging.choices import Channel, DispatchStatus
from thidua.messaging.models import Dispatch
from thidua.messaging.services import DISPATCH_FLOW, dispatch_create, dispatch_start


@pytest.fixture
def dispatch(members):
    return dispatch_create(
        actor=SYSTEM,
        source_label="party.campaign#flow",
        subject="Quán triệt Nghị quyết",
        body="Nội dung.",
        channels=[Channel.IN_APP],
        recipients=[p.pk for p in members.values()],
    )


def test_a_draft_dispatch_is_queued_with_the_same_event_as_before(dispatch):
    dispatch_start(dispatch=dispatch, actor=SYSTEM)
    assert Dispatch.objects.get(pk=dispatch.pk).status == DispatchStatus.QUEUED
    (event,) = audit_for(dispatch).filter(action="messaging.dispatch_queued")
    assert event.data == {} and event.actor is None


def test_a_sending_dispatch_is_not_queued_again_and_gets_no_event(dispatch):
    Dispatch.objects.filter(pk=dispatch.pk).update(status=DispatchStatus.SENDING)
    dispatch.refresh_from_db()
    dispatch_start(dispatch=dispatch, actor=SYSTEM)  # its job is started again, as before
    with pytest.raises(ValidationError):
        transition(dispatch, flow=DISPATCH_FLOW, to=DispatchStatus.QUEUED, actor=SYSTEM)
    assert Dispatch.objects.get(pk=dispatch.pk).status == DispatchStatus.SENDING
    assert not audit_for(dispatch).filter(action="messaging.dispatch_queued").exists()
