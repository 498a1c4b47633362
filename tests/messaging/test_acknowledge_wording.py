"""What the member confirms depends on who sends: a Party campaign asks that what is sent be
read and taken in (quán triệt); a giao ban's notice only that it was read."""

import pytest
from django.urls import reverse
from django.utils import translation

from thidua.core.nextsteps import TODO
from thidua.messaging.choices import Channel
from thidua.messaging.models import Delivery
from thidua.messaging.nextsteps import messaging_next_steps
from thidua.messaging.services import dispatch_send

from .test_services import make_dispatch


@pytest.mark.parametrize(
    ("source", "button", "done", "item"),
    [
        ("party.campaign#12", "Đã đọc và quán triệt", "Đã đọc và quán triệt lúc", "Đọc và xác nhận đã quán triệt"),
        ("meetings.notice:3", "Xác nhận đã đọc", "Đã đọc lúc", "Đọc và xác nhận đã đọc"),
    ],
)  # fmt: skip
def test_the_member_confirms_in_the_senders_words(
    client, members, sms_gateway, source, button, done, item
):
    dispatch = make_dispatch(members, channels=[Channel.IN_APP], source_label=source)
    dispatch_send(dispatch_id=dispatch.pk)
    row = Delivery.objects.get(person=members["full"], channel=Channel.IN_APP)
    user = members["full"].user
    with translation.override("vi"):
        [step] = [s for s in messaging_next_steps(user) if s.section == TODO]
    assert step.title.startswith(item)
    client.force_login(user)
    page = client.get(reverse("messaging:message", args=[row.token]), HTTP_ACCEPT_LANGUAGE="vi")
    html = page.content.decode()
    assert button in html
    assert ("quán triệt" in html) == source.startswith("party.")
    answer = client.post(
        reverse("messaging:acknowledge", args=[row.token]),
        headers={"HX-Request": "true"},
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert done in answer.content.decode()
