"""Việc của tôi, messages: an in-app message waits for its reader until they acknowledge it
(on any channel's link); a reminder counts once with the message it follows up."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.core import nextsteps
from thidua.messaging.choices import Channel
from thidua.messaging.models import Delivery
from thidua.messaging.nextsteps import messaging_next_steps
from thidua.messaging.services import delivery_acknowledge, dispatch_send

from ..factories import PersonFactory, UserFactory
from .test_services import make_dispatch

pytestmark = pytest.mark.django_db


def items(person) -> dict:
    return {s.key: s for s in messaging_next_steps(person.user)}


def sent(members, **kwargs):
    dispatch = make_dispatch(members, channels=kwargs.pop("channels", [Channel.IN_APP]), **kwargs)
    dispatch_send(dispatch_id=dispatch.pk)
    return dispatch


def token(dispatch, person, channel=Channel.IN_APP) -> str:
    return Delivery.objects.get(dispatch=dispatch, person=person, channel=channel).token


def test_the_provider_is_registered():
    assert messaging_next_steps in nextsteps._providers


def test_a_message_waits_until_it_is_acknowledged_not_just_read(client, members):
    dispatch = make_dispatch(members, channels=[Channel.IN_APP])
    assert not items(members["full"])  # not delivered yet
    dispatch_send(dispatch_id=dispatch.pk)
    key = f"messaging.acknowledge:{dispatch.pk}"
    step = items(members["full"])[key]
    assert step.section == nextsteps.TODO and step.count == 1 and step.since is not None
    assert "Quán triệt Nghị quyết số 57-NQ/TW" in step.title
    assert key in items(members["bare"])  # every recipient has it
    stranger = PersonFactory(user=UserFactory(username="khac"))
    assert not items(stranger)

    client.force_login(members["full"].user)
    page = client.get(step.url)
    assert page.status_code == 200 and "Toàn văn bản tóm tắt" in page.content.decode()
    assert key in items(members["full"])  # opened, not yet acknowledged

    delivery_acknowledge(token=token(dispatch, members["full"]), viewer=members["full"].user)
    assert not items(members["full"])
    assert key in items(members["bare"])


def test_acknowledged_through_the_email_link_is_done_in_the_app_too(members, smtp_server):
    dispatch = sent(members, channels=[Channel.IN_APP, Channel.EMAIL])
    person = members["full"]
    assert f"messaging.acknowledge:{dispatch.pk}" in items(person)
    delivery_acknowledge(token=token(dispatch, person, Channel.EMAIL), viewer=person.user)
    assert not items(person)


def test_a_reminder_and_its_message_are_one_item(client, members):
    first = sent(members)
    reminder = sent(members, source_label="party.campaign#12#remind-3", subject="Nhắc: NQ 57")
    other = sent(members, source_label="party.campaign#13", subject="Nghị quyết khác")
    person = members["full"]
    work = items(person)
    assert set(work) == {
        f"messaging.acknowledge:{first.pk}",
        f"messaging.acknowledge:{other.pk}",
    }
    step = work[f"messaging.acknowledge:{first.pk}"]
    assert "Nhắc: NQ 57" in step.title  # the newest of the two is the one to open
    client.force_login(person.user)
    assert client.get(step.url).status_code == 200

    delivery_acknowledge(token=token(reminder, person), viewer=person.user)
    assert set(items(person)) == {f"messaging.acknowledge:{other.pk}"}
    # the other way round: the first message acknowledged, its reminder is done too
    bare = members["bare"]
    delivery_acknowledge(token=token(first, bare), viewer=bare.user)
    assert set(items(bare)) == {f"messaging.acknowledge:{other.pk}"}


def test_a_classified_messages_subject_is_not_in_the_item(members):
    sent(members, classified=True)
    (step,) = items(members["full"]).values()
    assert "57-NQ/TW" not in step.title


def test_queries_do_not_grow_with_the_messages(members):
    sent(members)
    person = members["full"]
    items(person)
    with CaptureQueriesContext(connection) as one:
        items(person)
    for n in range(3):
        sent(members, source_label=f"party.campaign#{20 + n}")
        sent(members, source_label=f"party.campaign#{20 + n}#remind-3")
    with CaptureQueriesContext(connection) as more:
        assert len(items(person)) == 4
    assert len(more) == len(one)


def test_a_classified_message_is_marked_so_on_its_page_and_in_the_inbox(client, members):
    """Its reader is told it is classified where they read it (walk-through of 08/12/2026:
    the home page hid the title, the message page and the inbox said nothing)."""
    secret = sent(members, classified=True)
    plain = sent(members, source_label="party.campaign#13", subject="Thông báo thường")
    person = members["full"]
    client.force_login(person.user)
    page = client.get(f"/messages/m/{token(secret, person)}/").text
    assert '<span class="badge risk" id="classified">Mật</span>' in page
    assert 'id="classified"' not in client.get(f"/messages/m/{token(plain, person)}/").text
    inbox = client.get("/messages/").text
    assert inbox.count('<span class="badge risk">Mật</span>') == 1
