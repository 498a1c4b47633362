"""The inbox says where the reader stands with each message, in the sender's words
(walk-through of 07/12/2026, flows 1 and 2): a message not opened yet read "Đã gửi" (the
delivery's status, the sender's side), and a giao ban notice confirmed as read "Đã quán triệt",
a Party word for a meeting notice."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext

from thidua.messaging.choices import Channel
from thidua.messaging.models import Delivery
from thidua.messaging.services import delivery_acknowledge, delivery_mark_read, dispatch_send

from .test_services import make_dispatch

CONTEXT = "message state in the inbox"


def _state(client, subject: str) -> str:
    """The state shown after the subject, as its English msgid (whatever language the page is
    in, with or without the catalogue compiled)."""
    page = client.get(reverse("messaging:inbox")).content.decode()
    shown = page.split(subject, 1)[1].split("</li>", 1)[0].rsplit("·", 1)[1]
    shown = shown.replace("</span>", "").strip()
    lang = re.search(r'<html lang="([^"]+)"', page).group(1)
    with translation.override(lang):
        words = {pgettext(CONTEXT, m): m for m in MSGIDS}
    return words.get(shown, shown)


MSGIDS = (
    "Not read yet",
    "Read, not yet acknowledged",
    "Read, not yet confirmed",
    "Read and understood",
    "Confirmed as read",
)


@pytest.mark.parametrize(
    ("source", "read", "done"),
    [
        ("party.campaign#12", "Read, not yet acknowledged", "Read and understood"),
        ("meetings.notice:3", "Read, not yet confirmed", "Confirmed as read"),
    ],
)
def test_the_inbox_shows_the_readers_state_in_the_senders_words(
    client, members, sms_gateway, source, read, done
):
    subject = f"Tin thử {source}"
    dispatch = make_dispatch(
        members, channels=[Channel.IN_APP], source_label=source, subject=subject
    )
    dispatch_send(dispatch_id=dispatch.pk)
    row = Delivery.objects.get(person=members["full"], channel=Channel.IN_APP)
    user = members["full"].user
    client.force_login(user)

    assert _state(client, subject) == "Not read yet"
    delivery_mark_read(token=row.token, viewer=user)
    assert _state(client, subject) == read
    delivery_acknowledge(token=row.token, viewer=user)
    assert _state(client, subject) == done
