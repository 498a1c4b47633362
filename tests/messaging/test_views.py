import json

import pytest
from django.urls import reverse

from thidua.messaging.choices import Channel, DeliveryStatus
from thidua.messaging.models import Delivery
from thidua.messaging.services import dispatch_send

from ..factories import UserFactory
from .test_services import make_dispatch

SECRET = "report-secret"


@pytest.fixture
def sent(members, sms_gateway, settings):
    settings.SMS_GATEWAY_REPORT_SECRET = SECRET
    dispatch = make_dispatch(members)
    dispatch_send(dispatch_id=dispatch.pk)
    return dispatch


def test_personal_link_shows_the_body_and_marks_it_read(client, members, sent):
    row = Delivery.objects.get(person=members["full"], channel=Channel.SMS)
    client.force_login(members["full"].user)
    response = client.get(reverse("messaging:message", args=[row.token]))
    assert response.status_code == 200
    assert "Toàn văn bản tóm tắt" in response.content.decode()
    row.refresh_from_db()
    assert row.status == DeliveryStatus.READ


def test_link_opened_by_someone_else_shows_nothing(client, members, sent):
    row = Delivery.objects.get(person=members["full"], channel=Channel.SMS)
    client.force_login(members["bare"].user)
    response = client.get(reverse("messaging:message", args=[row.token]))
    assert response.status_code == 404
    assert "Toàn văn bản" not in response.content.decode()
    row.refresh_from_db()
    assert row.read_at is None


def test_link_needs_login(client, members, sent):
    row = Delivery.objects.get(person=members["full"], channel=Channel.SMS)
    response = client.get(reverse("messaging:message", args=[row.token]))
    assert response.status_code == 302


def test_acknowledge_button_records_it(client, members, sent):
    row = Delivery.objects.get(person=members["full"], channel=Channel.IN_APP)
    client.force_login(members["full"].user)
    response = client.post(reverse("messaging:acknowledge", args=[row.token]))
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == DeliveryStatus.ACKNOWLEDGED
    assert row.read_at is not None


def test_inbox_lists_only_my_in_app_messages(client, members, sent):
    client.force_login(members["bare"].user)
    response = client.get(reverse("messaging:inbox"))
    page = response.context["page"]
    assert [d.person_id for d in page.object_list] == [members["bare"].pk]


def test_progress_partial_for_htmx_and_refused_to_others(
    client, members, sms_gateway, django_user_model
):
    # A dispatch no app owns the rule of (a giao ban's notice): its author and the
    # administrator follow it.
    notice = make_dispatch(members, source_label="meetings.notice:7")
    dispatch_send(dispatch_id=notice.pk)
    admin = django_user_model.objects.create_superuser("chief", password="x")
    client.force_login(admin)
    url = reverse("messaging:dispatch_progress", args=[notice.pk])
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "messaging/partials/_progress.html"
    assert 'data-count="created">4<' in response.content.decode()
    client.force_login(UserFactory(username="outsider"))
    assert client.get(url).status_code == 404


def test_party_dispatch_progress_refused_to_the_administrator_a_state_role_gives_no_party_right(
    client, members, sent, django_user_model
):
    # "party.campaign#12" is Party work: only Party roles follow it (issue 10, point 2);
    # tests/messaging/test_party_dispatch_progress.py has who does.
    client.force_login(django_user_model.objects.create_superuser("chief", password="x"))
    response = client.get(reverse("messaging:dispatch_progress", args=[sent.pk]))
    assert response.status_code == 404
    assert 'data-count="created"' not in response.content.decode()


def test_delivery_report_needs_the_secret_and_is_idempotent(client, sent):
    row = Delivery.objects.get(channel=Channel.SMS)
    url = reverse("messaging:sms_report")
    body = json.dumps({"request_id": row.token, "status": "delivered"})
    assert client.post(url, body, content_type="application/json").status_code == 403
    headers = {"X-Gateway-Secret": SECRET}
    first = client.post(url, body, content_type="application/json", headers=headers)
    second = client.post(url, body, content_type="application/json", headers=headers)
    assert (first.json()["changed"], second.json()["changed"]) == (True, False)
    row.refresh_from_db()
    assert row.status == DeliveryStatus.DELIVERED
