"""How a message page addresses the member (walk-through F10): "đồng chí" — the Party's
register — only on what a Party body sends; a state notice such as a giao ban's, the inbox,
and the rest of the app say "anh/chị"."""

import pytest
from django.urls import reverse

from thidua.messaging.choices import Channel
from thidua.messaging.models import Delivery
from thidua.messaging.services import dispatch_send

from .test_services import make_dispatch


@pytest.mark.parametrize(
    ("source", "register", "other"),
    [
        ("party.campaign#12", "Tất cả tin nhắn của đồng chí", "anh/chị"),
        ("meetings.notice:3", "Tất cả tin nhắn của anh/chị", "đồng chí"),
    ],
)
def test_the_message_page_speaks_in_the_senders_register(
    client, members, sms_gateway, source, register, other
):
    dispatch = make_dispatch(members, channels=[Channel.IN_APP], source_label=source)
    dispatch_send(dispatch_id=dispatch.pk)
    row = Delivery.objects.get(person=members["full"], channel=Channel.IN_APP)
    client.force_login(members["full"].user)
    page = client.get(reverse("messaging:message", args=[row.token]), HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 200
    html = page.content.decode()
    assert register in html
    assert f"Tất cả tin nhắn của {other}" not in html


def test_an_empty_inbox_says_anh_chi(client, members):
    client.force_login(members["full"].user)
    html = client.get(reverse("messaging:inbox"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Anh/chị chưa có tin nhắn nào." in html
    assert "đồng chí" not in html.lower()


def test_a_message_not_sent_to_you_says_anh_chi(client, members, sms_gateway):
    dispatch = make_dispatch(members, channels=[Channel.IN_APP], source_label="meetings.notice:3")
    dispatch_send(dispatch_id=dispatch.pk)
    row = Delivery.objects.exclude(person=members["full"]).filter(channel=Channel.IN_APP).first()
    assert row is not None
    client.force_login(members["full"].user)
    page = client.get(reverse("messaging:message", args=[row.token]), HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code in (403, 404)
    assert "đồng chí" not in page.content.decode().lower()
