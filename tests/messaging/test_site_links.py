"""E-mail and SMS are read outside the site: their links are absolute, built from the
configured site address (THIDUA_SITE_URL); the in-app page keeps them on the site."""

import pytest

from thidua.messaging.choices import Channel
from thidua.messaging.links import absolute_links
from thidua.messaging.models import Delivery
from thidua.messaging.services import dispatch_create, dispatch_send

SITE = "https://thidua.bo.gov.vn"


@pytest.fixture
def site(settings):
    settings.THIDUA_SITE_URL = SITE
    return SITE


def _dispatch(members, channels):
    return dispatch_create(
        actor=None,
        source_label="party.campaign#7",
        subject="Quán triệt Nghị quyết số 57-NQ/TW",
        body="1. Ý chính thứ nhất, hạn trước ngày 30/9/2024.\n\n"
        "Trả lời câu hỏi: /party/campaigns/7/answers/",
        sms_text="Chi bộ Vụ Pháp chế gửi đồng chí ý chính Nghị quyết 57. Đọc và xác nhận:",
        link_base="/messages/m/",
        sender="Chi bộ Vụ Pháp chế",
        channels=channels,
        recipients=[p.pk for p in members.values()],
    )


def test_email_body_holds_absolute_links_from_the_site_address(members, smtp_server, site):
    dispatch_send(dispatch_id=_dispatch(members, [Channel.EMAIL]).pk)
    row = Delivery.objects.get(channel=Channel.EMAIL)
    [message] = smtp_server.messages
    body = message.get_content()
    assert f"{SITE}/messages/m/{row.token}" in body
    assert f"Trả lời câu hỏi: {SITE}/party/campaigns/7/answers/" in body
    assert "30/9/2024" in body  # a date is not a link
    assert str(message["From"]) == "Chi bộ Vụ Pháp chế <thidua@localhost>"
    # the in-app message keeps the relative link
    assert row.dispatch.body.endswith(" /party/campaigns/7/answers/")


def test_sms_ends_with_the_absolute_personal_link(members, sms_gateway, site):
    dispatch_send(dispatch_id=_dispatch(members, [Channel.SMS]).pk)
    row = Delivery.objects.get(channel=Channel.SMS)
    [request] = sms_gateway.requests
    assert request["text"] == (
        "Chi bộ Vụ Pháp chế gửi đồng chí ý chính Nghị quyết 57. Đọc và xác nhận: "
        f"{SITE}/messages/m/{row.token}"
    )


def test_default_site_address_when_none_is_configured(settings):
    del settings.THIDUA_SITE_URL
    assert absolute_links("Xem /messages/m/abc") == "Xem http://127.0.0.1:8000/messages/m/abc"


def test_only_site_paths_become_links(site):
    text = "Hạn 30/9/2024, và/hoặc 50/100 đơn vị / tổng số; xem (/party/) hoặc https://x.vn/a"
    assert absolute_links(text) == (
        f"Hạn 30/9/2024, và/hoặc 50/100 đơn vị / tổng số; xem ({SITE}/party/) hoặc https://x.vn/a"
    )
