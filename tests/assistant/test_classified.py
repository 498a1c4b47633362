"""Classified documents (Mật, Tối mật, Tuyệt mật) — issue 10, point 4: never copied into the
assistant's store, never sent by e-mail or SMS, shown only to their audience."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from thidua.assistant import index
from thidua.assistant.choices import Source
from thidua.assistant.models import Document, Passage
from thidua.assistant.services import document_upload
from thidua.messaging.choices import Channel, DeliveryStatus
from thidua.messaging.models import Delivery
from thidua.messaging.services import dispatch_send
from thidua.party import services
from thidua.party.choices import AudienceKind, Classification
from thidua.party.extract import ExtractionError

from ..messaging.conftest import smtp_server  # noqa: F401
from ..party.conftest import party, resolution_text  # noqa: F401

PHRASE = "dòng chảy vật chất"  # a phrase of the resolution's text


def _upload(party, text, *, who="secretary_a", body="cell_a"):  # noqa: F811
    return services.resolution_upload(
        actor=party[who].user,
        body=party[body],
        title="Nghị quyết về chuyển đổi số",
        file_name="nq.txt",
        data=text.encode(),
    )


def _mirror(resolution):
    return Document.objects.filter(source=Source.RESOLUTION, source_id=resolution.pk)


def test_a_resolution_marked_mat_is_never_copied_into_the_store(party, resolution_text):  # noqa: F811
    resolution = _upload(party, "MẬT\n" + resolution_text)
    assert resolution.classification == Classification.MAT
    assert not _mirror(resolution).exists()
    assert not Document.objects.filter(title=resolution.title).exists()
    assert not Passage.objects.filter(text__contains=PHRASE).exists()


def test_a_resolution_classified_later_loses_its_copy(party, resolution_text, client):  # noqa: F811
    resolution = _upload(party, resolution_text)
    document = _mirror(resolution).get()
    url = reverse("assistant:document", args=[document.pk])
    client.force_login(party["member_a"].user)  # the cell's member: the copy's audience
    assert PHRASE in client.get(url).content.decode()

    services.resolution_set_classification(
        actor=party["secretary_a"].user, resolution=resolution, classification=Classification.MAT
    )
    assert not _mirror(resolution).exists()
    assert not Passage.objects.filter(text__contains=PHRASE).exists()
    assert client.get(url).status_code == 404
    index.build()
    assert document.pk not in index.current().passages_of

    services.resolution_set_classification(  # declassified: back in the store
        actor=party["secretary_a"].user, resolution=resolution, classification=Classification.NONE
    )
    assert _mirror(resolution).exists()


def _approved_top_digest(party, text):  # noqa: F811
    resolution = _upload(party, text, who="office", body="committee")
    return services.digest_approve(actor=party["office"].user, digest=resolution.digests.get())


def _classify(party, digest, marking=Classification.MAT):  # noqa: F811
    services.resolution_set_classification(
        actor=party["office"].user, resolution=digest.resolution, classification=marking
    )


def test_a_campaign_made_before_the_marking_goes_in_the_app_only(
    party,  # noqa: F811
    resolution_text,  # noqa: F811
    smtp_server,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    digest = _approved_top_digest(party, resolution_text)
    campaign = services.campaign_create(
        actor=party["office"].user,
        digest=digest,
        audience=AudienceKind.COMMITTEE_SUBTREE,
        bodies=[party["committee"]],
        channels=[Channel.IN_APP, Channel.EMAIL],
    )
    _classify(party, digest)
    campaign.refresh_from_db()
    assert campaign.channels == [Channel.IN_APP]
    assert "không bao giờ gửi qua thư điện tử" in campaign.channels_note
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_send(actor=party["office"].user, campaign=campaign)
    assert set(Delivery.objects.values_list("channel", flat=True)) == {Channel.IN_APP}
    assert smtp_server.messages == []


def test_email_not_yet_sent_is_refused_once_the_resolution_is_classified(
    party,  # noqa: F811
    resolution_text,  # noqa: F811
    smtp_server,  # noqa: F811
):
    digest = _approved_top_digest(party, resolution_text)
    campaign = services.campaign_create(
        actor=party["office"].user,
        digest=digest,
        audience=AudienceKind.COMMITTEE_SUBTREE,
        bodies=[party["committee"]],
        channels=[Channel.IN_APP, Channel.EMAIL],
    )
    campaign = services.campaign_send(actor=party["office"].user, campaign=campaign)
    queued = Delivery.objects.filter(dispatch=campaign.dispatch, channel=Channel.EMAIL)
    assert queued.exists()  # created, not sent yet (the sending job runs after the commit)

    _classify(party, digest, Classification.TOI_MAT)
    dispatch_send(dispatch_id=campaign.dispatch_id)
    assert smtp_server.messages == []
    assert set(queued.values_list("status", flat=True)) == {DeliveryStatus.FAILED}
    in_app = Delivery.objects.filter(dispatch=campaign.dispatch, channel=Channel.IN_APP)
    assert set(in_app.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_a_reminder_of_a_resolution_classified_since_goes_in_the_app_only(
    party,  # noqa: F811
    resolution_text,  # noqa: F811
):
    digest = _approved_top_digest(party, resolution_text)
    campaign = services.campaign_create(
        actor=party["office"].user,
        digest=digest,
        audience=AudienceKind.COMMITTEE_SUBTREE,
        bodies=[party["committee"]],
        channels=[Channel.IN_APP, Channel.EMAIL],
    )
    campaign = services.campaign_send(actor=party["office"].user, campaign=campaign)
    type(campaign).objects.filter(pk=campaign.pk).update(sent_at=timezone.now() - timedelta(days=5))
    campaign.refresh_from_db()
    _classify(party, digest, Classification.TUYET_MAT)
    reminder = services.campaign_remind(actor=party["office"].user, campaign=campaign, after_days=3)
    assert reminder.classified
    assert set(Delivery.objects.filter(dispatch=reminder).values_list("channel", flat=True)) == {
        Channel.IN_APP
    }


def test_an_uploaded_document_marked_classified_is_refused_and_nothing_stored(org, org_admin):
    with pytest.raises(ExtractionError) as error:
        document_upload(
            actor=org_admin,
            name="ke-hoach.txt",
            data="TUYỆT MẬT\n\nKế hoạch bảo vệ hệ thống thông tin của Bộ năm 2026.".encode(),
        )
    assert error.value.code == "classified"
    assert not Document.objects.exists()


def test_copies_stored_before_the_fix_are_removed_by_the_migration(db):
    Document.objects.create(
        title="Nghị quyết mật",
        text="Nội dung mật.",
        source=Source.RESOLUTION,
        source_id=7,
        classification=Classification.MAT,
    )
    kept = Document.objects.create(
        title="Nghị quyết", text="Nội dung.", source=Source.RESOLUTION, source_id=8
    )
    migration = importlib.import_module(
        "thidua.assistant.migrations.0003_remove_classified_resolution_copies"
    )
    migration.remove_classified_copies(apps, None)
    assert list(Document.objects.all()) == [kept]
