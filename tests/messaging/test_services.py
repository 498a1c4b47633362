import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.choices import JobStatus
from thidua.messaging.channels import message_id_for
from thidua.messaging.choices import Channel, DeliveryStatus, DispatchStatus
from thidua.messaging.models import Delivery
from thidua.messaging.selectors import dispatch_progress
from thidua.messaging.services import (
    delivery_acknowledge,
    delivery_mark_read,
    delivery_report_record,
    dispatch_create,
    dispatch_send,
    dispatch_start,
)

from ..factories import PersonFactory

ALL = [Channel.IN_APP, Channel.EMAIL, Channel.SMS]


def make_dispatch(members, channels=ALL, **kwargs):
    fields = {
        "actor": None,
        "source_label": "party.campaign#12",
        "subject": "Quán triệt Nghị quyết số 57-NQ/TW",
        "body": "Toàn văn bản tóm tắt các điểm chính của Nghị quyết.",
        "sms_text": "Chi bộ gửi đồng chí bản tóm tắt Nghị quyết 57, mời đọc:",
        "link_base": "https://thidua.example/messages/m/",
        "channels": channels,
        "recipients": [p.pk for p in members.values()],
        **kwargs,
    }
    return dispatch_create(**fields)


def rows(dispatch):
    return sorted(
        Delivery.objects.filter(dispatch=dispatch).values_list("person__full_name", "channel")
    )


def test_fan_out_creates_one_row_per_member_and_channel_they_have(members, sms_gateway):
    dispatch = make_dispatch(members)
    assert rows(dispatch) == [
        ("Lê Văn Nam", "in_app"),
        ("Trần Thị Hoa", "email"),
        ("Trần Thị Hoa", "in_app"),
        ("Trần Thị Hoa", "sms"),
    ]
    assert dispatch.status == DispatchStatus.DRAFT


def test_running_the_fan_out_again_creates_nothing(members, sms_gateway):
    first = make_dispatch(members)
    tokens = set(Delivery.objects.values_list("token", flat=True))
    again = make_dispatch(members)
    assert again.pk == first.pk
    assert set(Delivery.objects.values_list("token", flat=True)) == tokens


def test_fan_out_is_set_based(members, sms_gateway, django_assert_max_num_queries):
    people = PersonFactory.create_batch(60)
    with django_assert_max_num_queries(16):
        dispatch = dispatch_create(
            actor=None,
            source_label="party.campaign#60",
            subject="S",
            body="B",
            channels=ALL,
            recipients=[p.pk for p in people],
        )
    assert Delivery.objects.filter(dispatch=dispatch).count() == 180


def test_without_a_gateway_sms_is_skipped_with_a_reason(members, settings):
    settings.SMS_GATEWAY_URL = ""
    dispatch = make_dispatch(members)
    assert Channel.SMS not in dispatch.channels
    assert "cổng gửi SMS" in dispatch.skipped_channels[Channel.SMS]
    assert not Delivery.objects.filter(channel=Channel.SMS).exists()


@pytest.mark.parametrize("channel", [Channel.EMAIL, Channel.SMS])
def test_classified_message_is_refused_by_email_and_sms(members, sms_gateway, channel):
    with pytest.raises(ValidationError):
        make_dispatch(members, channels=[Channel.IN_APP, channel], classified=True)
    assert not Delivery.objects.exists()


def test_classified_message_goes_in_app_only(members, smtp_server):
    dispatch = make_dispatch(members, channels=[Channel.IN_APP], classified=True)
    dispatch_send(dispatch_id=dispatch.pk)
    assert set(Delivery.objects.values_list("channel", flat=True)) == {Channel.IN_APP}
    assert smtp_server.messages == []


def test_email_arrives_once_through_a_real_smtp_server(members, smtp_server):
    dispatch = make_dispatch(members, channels=[Channel.IN_APP, Channel.EMAIL])
    dispatch_send(dispatch_id=dispatch.pk)
    dispatch_send(dispatch_id=dispatch.pk)  # a second run finds nothing to send
    email_row = Delivery.objects.get(channel=Channel.EMAIL)
    assert email_row.status == DeliveryStatus.SENT
    assert smtp_server.message_ids() == {message_id_for(email_row.token): 1}
    message = smtp_server.messages[0]
    assert message["To"] == "hoa@thidua.example"
    assert message["Subject"] == "Quán triệt Nghị quyết số 57-NQ/TW"
    assert email_row.token in message.get_content()
    dispatch.refresh_from_db()
    assert dispatch.status == DispatchStatus.DONE


def test_smtp_temporary_refusal_is_retried_and_sent_once(members, smtp_server, fast_retries):
    smtp_server.answers = ["451 4.3.0 Try again later"]
    dispatch = make_dispatch(members, channels=[Channel.EMAIL])
    dispatch_send(dispatch_id=dispatch.pk)
    row = Delivery.objects.get(channel=Channel.EMAIL)
    assert (row.status, row.attempts) == (DeliveryStatus.SENT, 2)
    assert sum(smtp_server.message_ids().values()) == 1


def test_sms_carries_the_notice_and_the_personal_link(members, sms_gateway):
    dispatch = make_dispatch(members)
    dispatch_send(dispatch_id=dispatch.pk)
    row = Delivery.objects.get(channel=Channel.SMS)
    [request] = sms_gateway.requests
    assert request["request_id"] == row.token
    assert request["to"] == "0912345678"
    assert request["text"].endswith(f"https://thidua.example/messages/m/{row.token}")
    assert request["authorization"] == "Bearer gateway-api-token"
    assert (row.status, row.provider_message_id) == (DeliveryStatus.SENT, "gw-1")


@pytest.mark.parametrize("failure", ["500", "timeout"])
def test_sms_retry_after_failure_reaches_the_member_once(
    members, sms_gateway, fast_retries, failure
):
    sms_gateway.script = [failure]
    dispatch = make_dispatch(members)
    dispatch_send(dispatch_id=dispatch.pk)
    row = Delivery.objects.get(channel=Channel.SMS)
    assert (row.status, row.attempts) == (DeliveryStatus.SENT, 2)
    assert len(sms_gateway.requests) == 2
    assert sms_gateway.delivered_counts() == {row.token: 1}


def test_sms_rejected_by_the_gateway_fails_without_retry(members, sms_gateway, fast_retries):
    sms_gateway.script = ["400"]
    dispatch = make_dispatch(members)
    dispatch_send(dispatch_id=dispatch.pk)
    row = Delivery.objects.get(channel=Channel.SMS)
    assert (row.status, row.attempts) == (DeliveryStatus.FAILED, 1)
    assert "400" in row.last_error


def test_retryable_failure_waits_for_its_backoff(members, sms_gateway, settings):
    settings.MESSAGING_RETRY_BASE_SECONDS = 60
    sms_gateway.script = ["500"]
    dispatch = make_dispatch(members)
    result = dispatch_send(dispatch_id=dispatch.pk)
    row = Delivery.objects.get(channel=Channel.SMS)
    assert (row.status, result["pending"]) == (DeliveryStatus.QUEUED, 1)
    assert row.next_attempt_at is not None
    assert len(sms_gateway.requests) == 1


def test_duplicated_delivery_report_changes_nothing(members, sms_gateway):
    dispatch = make_dispatch(members)
    dispatch_send(dispatch_id=dispatch.pk)
    row = Delivery.objects.get(channel=Channel.SMS)
    assert delivery_report_record(request_id=row.token, status="delivered") is True
    row.refresh_from_db()
    delivered_at = row.delivered_at
    assert delivery_report_record(request_id=row.token, status="delivered") is False
    assert delivery_report_record(request_id=row.token, status="failed") is False
    row.refresh_from_db()
    assert (row.status, row.delivered_at) == (DeliveryStatus.DELIVERED, delivered_at)


def test_link_opened_by_someone_else_is_refused(members, sms_gateway):
    dispatch = make_dispatch(members)
    dispatch_send(dispatch_id=dispatch.pk)
    hoa_sms = Delivery.objects.get(channel=Channel.SMS)
    with pytest.raises(PermissionDenied):
        delivery_mark_read(token=hoa_sms.token, viewer=members["bare"].user)
    hoa_sms.refresh_from_db()
    assert hoa_sms.read_at is None


def test_progress_counts_in_one_query(members, sms_gateway, django_assert_num_queries):
    dispatch = make_dispatch(members)
    sms_gateway.script = ["400"]
    dispatch_send(dispatch_id=dispatch.pk)  # e-mail goes to the console backend
    hoa_app = Delivery.objects.get(person=members["full"], channel=Channel.IN_APP)
    nam_app = Delivery.objects.get(person=members["bare"], channel=Channel.IN_APP)
    delivery_mark_read(token=nam_app.token, viewer=members["bare"].user)
    delivery_acknowledge(token=hoa_app.token, viewer=members["full"].user)
    with django_assert_num_queries(1):
        progress = dispatch_progress(dispatch)
    assert {k: progress[k] for k in ("created", "sent", "failed", "read", "acknowledged")} == {
        "created": 4,
        "sent": 3,
        "failed": 1,
        "read": 2,
        "acknowledged": 1,
    }
    assert progress["finished"] is True


def test_start_runs_the_job_and_finishes_the_dispatch(
    members, smtp_server, django_capture_on_commit_callbacks
):
    dispatch = make_dispatch(members, channels=[Channel.IN_APP, Channel.EMAIL])
    with django_capture_on_commit_callbacks(execute=True):
        job = dispatch_start(dispatch=dispatch, actor=None)
    job.refresh_from_db()
    dispatch.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert dispatch.status == DispatchStatus.DONE
    assert len(smtp_server.messages) == 1
