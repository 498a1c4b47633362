"""Party fixes from the walk-through of 07/12/2026: the upload form's "Độ mật" (a resolution
declared classified is never copied to the assistant), a cell meeting neither held nor its
solution chosen before its day, an optional question that stops waiting once the member
acknowledged, the home item of an inspection opening that inspection, and the demo's
conclusions in Vietnamese only."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone, translation

from thidua.assistant.choices import Source
from thidua.assistant.models import Document
from thidua.goals.models import Task
from thidua.messaging import services as messaging_services
from thidua.messaging.models import Delivery
from thidua.org.demo import demo_load
from thidua.party import services
from thidua.party.choices import AudienceKind, Classification, InspectionKind, MeetingStatus
from thidua.party.demo import demo_loader
from thidua.party.models import Inspection, Resolution
from thidua.party.nextsteps import party_next_steps

from .test_campaigns import _campaign, _digest, _send

pytestmark = pytest.mark.django_db


def _items(person, prefix: str) -> dict:
    return {s.key: s for s in party_next_steps(person.user) if s.key.startswith(prefix)}


# ---- 1. the upload form's classification -------------------------------------------------


@pytest.fixture
def mirrored():
    """Every resolution copy the assistant's store ever saved during the test."""
    saved = []

    def record(sender, instance, **kwargs):
        if instance.source == Source.RESOLUTION:
            saved.append(instance.title)

    post_save.connect(record, sender=Document, weak=False, dispatch_uid="partyfix-mirror")
    yield saved
    post_save.disconnect(sender=Document, dispatch_uid="partyfix-mirror")


def _post_upload(client, party, text: str, classification: str | None):
    client.force_login(party["office"].user)
    data = {
        "body": party["committee"].pk,
        "title": "Nghị quyết về công tác bảo vệ chính trị nội bộ",
        "file": SimpleUploadedFile("nq.txt", text.encode()),
    }
    if classification is not None:
        data["classification"] = classification
    return client.post(reverse("party:resolutions"), data)


def test_the_upload_form_offers_the_classification_not_classified_by_default(client, party):
    client.force_login(party["office"].user)
    with translation.override("vi"):
        page = client.get(reverse("party:resolutions"), HTTP_ACCEPT_LANGUAGE="vi")
    form = page.context["form"]
    assert form["classification"].value() == Classification.NONE
    html = page.content.decode()
    assert 'name="classification"' in html
    for label in ("Độ mật", "Mật", "Tối mật", "Tuyệt mật"):
        assert label in html


def test_a_resolution_declared_classified_at_upload_is_never_copied_to_the_assistant(
    client, party, resolution_text, mirrored
):
    response = _post_upload(client, party, resolution_text, Classification.TOI_MAT)
    resolution = Resolution.objects.get()
    assert response.status_code == 302
    assert resolution.classification == Classification.TOI_MAT
    assert resolution.classification_detected == Classification.NONE  # no "MẬT" line
    assert mirrored == []  # not even for a moment
    assert not Document.objects.filter(source=Source.RESOLUTION).exists()


def test_not_classified_by_default_is_copied_and_a_stronger_header_marking_wins(
    client, party, resolution_text, mirrored
):
    _post_upload(client, party, resolution_text, None)
    plain = Resolution.objects.get()
    assert plain.classification == Classification.NONE
    assert Document.objects.filter(source=Source.RESOLUTION, source_id=plain.pk).exists()

    # declared "not classified" (or Mật) but the header says TỐI MẬT: Tối mật applies
    for declared in (Classification.NONE, Classification.MAT):
        Resolution.objects.exclude(pk=plain.pk).delete()
        _post_upload(client, party, "TỐI MẬT\n" + resolution_text, declared)
        marked = Resolution.objects.exclude(pk=plain.pk).get()
        assert marked.classification == Classification.TOI_MAT, declared
    # declared stronger than the header: the declared one applies
    Resolution.objects.exclude(pk=plain.pk).delete()
    _post_upload(client, party, "MẬT\n" + resolution_text, Classification.TUYET_MAT)
    assert Resolution.objects.exclude(pk=plain.pk).get().classification == Classification.TUYET_MAT
    assert mirrored == [plain.title]


def test_an_unknown_classification_is_refused_on_the_form(client, party, resolution_text):
    response = _post_upload(client, party, resolution_text, "secret")
    assert response.status_code == 400
    assert not Resolution.objects.exists()


# ---- 2. a cell meeting is held, and its solution chosen, on its day ----------------------


def _meeting(party, held_on):
    meeting = services.meeting_create(
        actor=party["secretary_a"].user,
        cell=party["cell_a"],
        held_on=held_on,
        agenda="Quán triệt nghị quyết.",
        hard_problem="Hồ sơ trực tuyến còn ít người dùng.",
    )
    proposal = services.meeting_propose_solution(
        actor=party["member_a"].user, meeting=meeting, text="Hướng dẫn tại bộ phận một cửa."
    )
    return meeting, proposal


def test_a_meeting_is_neither_held_nor_its_solution_chosen_before_its_day(party):
    tomorrow = timezone.localdate() + timedelta(days=1)
    meeting, proposal = _meeting(party, tomorrow)
    secretary = party["secretary_a"].user
    with translation.override("vi"):
        with pytest.raises(ValidationError) as refused:
            services.meeting_mark_held(actor=secretary, meeting=meeting)
        assert tomorrow.strftime("%d/%m/%Y") in refused.value.messages[0]
        assert "ghi nhận đã sinh hoạt" in refused.value.messages[0]
        with pytest.raises(ValidationError) as refused:
            services.meeting_choose_solution(
                actor=secretary, meeting=meeting, proposal=proposal, votes=7
            )
        assert tomorrow.strftime("%d/%m/%Y") in refused.value.messages[0]
    meeting.refresh_from_db()
    proposal.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED and meeting.chosen_solution is None
    assert proposal.votes == 0 and not Task.objects.exists()


def test_on_its_day_the_meeting_is_held_and_its_solution_becomes_a_task(party):
    meeting, proposal = _meeting(party, timezone.localdate())
    services.meeting_choose_solution(
        actor=party["secretary_a"].user, meeting=meeting, proposal=proposal, votes=7
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.task is not None


def test_the_meeting_page_offers_the_buttons_only_from_the_meetings_day(client, party):
    tomorrow = timezone.localdate() + timedelta(days=1)
    coming, _proposal = _meeting(party, tomorrow)
    url = reverse("party:meeting", args=[coming.pk])
    client.force_login(party["secretary_a"].user)
    with translation.override("vi"):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
        assert 'value="held"' not in html and 'value="choose"' not in html
        assert tomorrow.strftime("%d/%m/%Y") in html
        # a form posted anyway: refused with the date, nothing recorded
        response = client.post(url, {"action": "held"}, HTTP_ACCEPT_LANGUAGE="vi", follow=True)
    assert tomorrow.strftime("%d/%m/%Y") in response.content.decode()
    coming.refresh_from_db()
    assert coming.status == MeetingStatus.PLANNED

    today_meeting, _proposal = _meeting(party, timezone.localdate())
    html = client.get(reverse("party:meeting", args=[today_meeting.pk])).content.decode()
    assert 'value="held"' in html and 'value="choose"' in html


# ---- 4. an optional question stops waiting once the member acknowledged -------------------


def test_the_question_item_goes_once_the_member_acknowledged(
    party, resolution_text, django_capture_on_commit_callbacks
):
    digest = _digest(party, resolution_text)  # its first point asks a question
    campaign = _send(
        party,
        _campaign(party, digest, audience=AudienceKind.CELLS, bodies=[party["cell_a"]]),
        django_capture_on_commit_callbacks,
    )
    key = f"party.answers:{campaign.pk}"
    assert key in _items(party["member_a"], "party.answers")  # not acknowledged yet
    user = party["member_a"].user
    delivery = Delivery.objects.filter(
        dispatch_id=campaign.dispatch_id, person=party["member_a"]
    ).first()
    messaging_services.delivery_acknowledge(token=delivery.token, viewer=user)
    assert not _items(party["member_a"], "party.answers")
    # the cell's secretary, who has not acknowledged, still has her question waiting
    assert key in _items(party["secretary_a"], "party.answers")


def test_acknowledging_a_reminder_ends_the_question_item_too(
    party, resolution_text, django_capture_on_commit_callbacks
):
    digest = _digest(party, resolution_text)
    campaign = _send(
        party,
        _campaign(party, digest, audience=AudienceKind.CELLS, bodies=[party["cell_a"]]),
        django_capture_on_commit_callbacks,
    )
    type(campaign).objects.filter(pk=campaign.pk).update(sent_at=timezone.now() - timedelta(days=8))
    campaign.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        reminder = services.campaign_remind(
            actor=party["office"].user, campaign=campaign, after_days=7
        )
    delivery = Delivery.objects.filter(dispatch=reminder, person=party["member_a"]).first()
    messaging_services.delivery_acknowledge(token=delivery.token, viewer=party["member_a"].user)
    assert not _items(party["member_a"], "party.answers")


# ---- 6. the home item of an inspection opens that inspection ------------------------------


def test_the_inspection_item_opens_the_inspection_where_its_findings_are_recorded(client, party):
    today = timezone.localdate()
    due = services.inspection_plan(
        actor=party["office"].user,
        kind=InspectionKind.GIAM_SAT,
        by_body=party["committee"],
        subject_org=party["cell_a"],
        planned_on=today - timedelta(days=2),
    )
    (step,) = _items(party["office"], "party.inspection").values()
    page_url = reverse("party:inspection", args=[due.pk])
    assert step.url == page_url + "#record"
    client.force_login(party["office"].user)
    html = client.get(page_url).content.decode()
    assert 'id="record"' in html
    assert reverse("party:inspection_done", args=[due.pk]) in html
    # the list row carries the inspection's anchor too
    listing = client.get(reverse("party:inspections")).content.decode()
    assert f'id="inspection-{due.pk}"' in listing

    response = client.post(
        reverse("party:inspection_done", args=[due.pk]),
        {"done_on": today.isoformat(), "findings": "Đạt yêu cầu.", "next": page_url},
    )
    assert response.status_code == 302 and response.url == page_url
    due.refresh_from_db()
    assert due.findings == "Đạt yêu cầu."
    assert not _items(party["office"], "party.inspection")
    assert 'id="record"' not in client.get(page_url).content.decode()  # done: no form


# ---- 7. the demo's conclusions in Vietnamese only ----------------------------------------


def test_the_demo_inspections_conclusions_carry_no_english_word(db):
    demo_load(people=60)
    demo_loader()
    done = Inspection.objects.exclude(findings="")
    assert done.filter(findings__startswith="Số liệu minh hoạ: ").count() == 544
    assert not done.filter(findings__icontains="illustrative").exists()
    # a demo loaded before keeps no "(illustrative)" once the demo is loaded again
    first = done.order_by("pk").first()
    type(first).objects.filter(pk=first.pk).update(
        findings="Số liệu minh hoạ (illustrative): tổng số cuộc."
    )
    assert "Vietnamese only" in demo_loader()
    first.refresh_from_db()
    assert first.findings == "Số liệu minh hoạ: tổng số cuộc."
