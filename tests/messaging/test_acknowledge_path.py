"""The personal link and its acknowledgement are the busiest requests of a campaign (millions
of members): few queries each, nothing written when nothing changes, one audit event per
change even when the button is pressed twice."""

from datetime import date

import pytest
from django.urls import reverse

from thidua.core.actors import SYSTEM
from thidua.core.models import AuditEvent
from thidua.messaging.choices import Channel, DeliveryStatus
from thidua.messaging.models import Delivery
from thidua.messaging.services import dispatch_send
from thidua.org.choices import Role
from thidua.org.services import role_grant

from ..factories import PersonFactory, UserFactory
from .test_services import make_dispatch

# session, user, the delivery with its dispatch; then, when it changes, the conditional
# UPDATE and its audit event inside one transaction (savepoint or BEGIN/COMMIT).
OPEN_QUERIES = 7
UNCHANGED_QUERIES = 3


@pytest.fixture
def hoa_row(members, sms_gateway):
    dispatch_send(dispatch_id=make_dispatch(members, channels=[Channel.IN_APP]).pk)
    return Delivery.objects.get(person=members["full"], channel=Channel.IN_APP)


def _signed_in(client, user):
    client.force_login(user)
    client.get(reverse("messaging:inbox"))  # the session's first request stamps its times


def _events(row, action):
    return AuditEvent.objects.filter(action=action, target_id=str(row.pk)).count()


def test_opening_and_acknowledging_take_a_bounded_number_of_queries(
    client, members, hoa_row, django_assert_max_num_queries
):
    _signed_in(client, members["full"].user)
    with django_assert_max_num_queries(OPEN_QUERIES):
        page = client.get(reverse("messaging:message", args=[hoa_row.token]))
    assert "Toàn văn bản tóm tắt" in page.content.decode()
    with django_assert_max_num_queries(OPEN_QUERIES):
        done = client.post(
            reverse("messaging:acknowledge", args=[hoa_row.token]), headers={"HX-Request": "true"}
        )
    assert done.status_code == 200
    hoa_row.refresh_from_db()
    assert hoa_row.status == DeliveryStatus.ACKNOWLEDGED


def test_opening_again_writes_nothing(client, members, hoa_row, django_assert_max_num_queries):
    _signed_in(client, members["full"].user)
    url = reverse("messaging:message", args=[hoa_row.token])
    client.get(url)
    hoa_row.refresh_from_db()
    first_read = hoa_row.read_at
    with django_assert_max_num_queries(UNCHANGED_QUERIES):
        again = client.get(url)
    assert again.status_code == 200
    hoa_row.refresh_from_db()
    assert (hoa_row.status, hoa_row.read_at) == (DeliveryStatus.READ, first_read)
    assert _events(hoa_row, "messaging.delivery_read") == 1


def test_pressing_acknowledge_twice_records_it_once(
    client, members, hoa_row, django_assert_max_num_queries
):
    _signed_in(client, members["full"].user)
    url = reverse("messaging:acknowledge", args=[hoa_row.token])
    first = client.post(url, headers={"HX-Request": "true"})
    hoa_row.refresh_from_db()
    acknowledged_at = hoa_row.acknowledged_at
    with django_assert_max_num_queries(UNCHANGED_QUERIES):
        second = client.post(url, headers={"HX-Request": "true"})
    assert first.content == second.content  # both say "read and understood on …"
    hoa_row.refresh_from_db()
    assert hoa_row.acknowledged_at == acknowledged_at
    assert _events(hoa_row, "messaging.delivery_acknowledged") == 1


def test_acknowledging_someone_elses_link_is_not_found_and_changes_nothing(
    client, members, hoa_row
):
    _signed_in(client, members["bare"].user)
    response = client.post(reverse("messaging:acknowledge", args=[hoa_row.token]))
    assert response.status_code == 404
    hoa_row.refresh_from_db()
    assert hoa_row.status == DeliveryStatus.SENT
    assert _events(hoa_row, "messaging.delivery_acknowledged") == 0


def test_an_administrator_reading_a_message_costs_no_permission_lookups(
    client, members, sms_gateway, django_assert_max_num_queries
):
    admin = UserFactory(username="admin-reader", is_staff=True)
    person = PersonFactory(full_name="Đỗ Quản Trị", user=admin)
    role_grant(actor=SYSTEM, user=admin, role=Role.ADMINISTRATOR, valid_from=date(2020, 1, 1))
    dispatch_send(dispatch_id=make_dispatch({"admin": person}, channels=[Channel.IN_APP]).pk)
    row = Delivery.objects.get(person=person)
    _signed_in(client, admin)
    assert "/admin/" in client.get(reverse("messaging:inbox")).content.decode()
    with django_assert_max_num_queries(OPEN_QUERIES):
        page = client.get(reverse("messaging:message", args=[row.token]))
    assert page.status_code == 200
