"""The notice of conclusions names every assignment, so it is read only by those who take part
in the meeting and by the people it assigns work to (walk-through of 07/12/2026, flow 2: the
Vụ TCCB council member, who only works in the ministry, downloaded the ministry's notice with
the Cục's and the Phòng's assignments her page hides from her)."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from thidua.meetings import services

from ..factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(org):
    huy = org["head_a"]
    meeting = services.meeting_create(
        actor=huy.user, unit=org["dept_a"], year=2026, month=11,
        held_on=date(2026, 12, 3), chair=huy,
    )  # fmt: skip
    services.conclusion_add(actor=huy.user, meeting=meeting, text="Các phòng cập nhật số liệu.")
    services.conclusion_add(
        actor=huy.user, meeting=meeting, text="Hoàn thành báo cáo an toàn hệ thống.",
        assignee=org["staff_a"], deadline=date(2026, 12, 20),
    )  # fmt: skip
    return meeting


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_someone_below_the_meeting_reads_the_conclusions_but_not_the_notice(org, meeting):
    reader = PersonFactory(unit=org["sec_a"], full_name="Ngô Thị Lan", user=UserFactory())
    client = _as(reader.user)
    page = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert page.status_code == 200
    assert "Các phòng cập nhật số liệu." in page.text
    assert "Hoàn thành báo cáo an toàn hệ thống." not in page.text
    notice = reverse("meetings:notice", args=[meeting.pk])
    assert notice not in page.text
    assert client.get(notice).status_code == 403
    api = client.get(f"/api/v1/meetings/briefings/{meeting.pk}/notice")
    assert api.status_code == 403


@pytest.mark.parametrize("who", ["head_a", "staff_a"])
def test_the_chair_and_an_assignee_read_the_notice(org, meeting, who):
    client = _as(org[who].user)
    page = client.get(reverse("meetings:detail", args=[meeting.pk]))
    notice = reverse("meetings:notice", args=[meeting.pk])
    assert notice in page.text
    assert client.get(notice).status_code == 200
    assert client.get(f"/api/v1/meetings/briefings/{meeting.pk}/notice").status_code == 200


def test_the_notice_message_leads_the_assignee_to_where_they_report_the_work_done(
    org, meeting, django_capture_on_commit_callbacks
):
    """Walk-through of 07/12/2026, flow 2: the assignee opened the notice under the bell and
    found no way to the meeting page, where 'Xong' is; the e-mail had none either."""
    from thidua.messaging.links import absolute_links, absolute_url
    from thidua.messaging.models import Delivery

    with django_capture_on_commit_callbacks(execute=False):
        services.meeting_close(actor=org["head_a"].user, meeting=meeting)
    delivery = Delivery.objects.get(person=org["staff_a"], channel="in_app")
    page_path = reverse("meetings:detail", args=[meeting.pk])
    assert absolute_url(page_path) in absolute_links(delivery.dispatch.body)  # the e-mail
    client = _as(org["staff_a"].user)
    message = client.get(reverse("messaging:message", args=[delivery.token]))
    assert message.status_code == 200
    assert f'<a href="{page_path}">Xem việc được giao và báo đã xong</a>' in message.text
    assert client.get(page_path).status_code == 200
