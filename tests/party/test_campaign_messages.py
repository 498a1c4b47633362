"""Campaign messages that work from outside the site (issue 12, point 4): absolute links in
e-mail and SMS, each point's question shown where the member answers, the SMS signed by the
body that sends it, the preview pricing only the channels that really send, channels by
their Vietnamese labels."""

import re
from decimal import Decimal
from email.utils import parseaddr

import pytest
from django.urls import reverse

from thidua.messaging.models import Delivery
from thidua.party import services
from thidua.party.choices import AudienceKind

from ..messaging.conftest import sms_gateway  # noqa: F401 - a fixture
from .test_campaigns import _campaign, _digest, _send

SITE = "https://thidua.example.gov.vn"


@pytest.fixture
def approved(party, resolution_text):
    return _digest(party, resolution_text)


def _with_questions(digest):
    questions = {}
    for point in digest.points.order_by("order")[:3]:
        point.question = f"Chi bộ của đồng chí làm gì cho ý {point.order}?"
        point.save()
        questions[point.pk] = point.question
    return questions


def test_email_carries_absolute_links_from_the_site_address_and_each_question(
    party,
    approved,
    settings,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    settings.THIDUA_SITE_URL = SITE
    questions = _with_questions(approved)
    campaign = _send(
        party,
        _campaign(party, approved, channels=("in_app", "email")),
        django_capture_on_commit_callbacks,
    )
    assert len(mailoutbox) == 4
    answers = SITE + reverse("party:campaign_answers", args=[campaign.pk])
    for message in mailoutbox:
        token = Delivery.objects.get(
            dispatch=campaign.dispatch, channel="email", person__email=message.to[0]
        ).token
        assert f"{SITE}/messages/m/{token}" in message.body
        assert answers in message.body
        # no link the mail client cannot open: every site path is absolute
        assert not re.search(r"(?:^|\s)/(?:messages|party)/", message.body)
        for question in questions.values():
            assert f"Câu hỏi: {question}" in message.body
        assert "\n\nĐảng bộ Thử nghiệm\n" in message.body  # signed by the sending body
        assert parseaddr(message.from_email)[0] == "Đảng bộ Thử nghiệm"
    # in the app the link stays on the site, and it is a link, not text
    in_app = Delivery.objects.get(
        dispatch=campaign.dispatch, channel="in_app", person=party["member_a"]
    )
    from django.test import Client

    client = Client()
    client.force_login(party["member_a"].user)
    page = client.get(reverse("messaging:message", args=[in_app.token])).content.decode()
    path = reverse("party:campaign_answers", args=[campaign.pk])
    assert f'<a href="{path}">' in page
    assert "Nơi gửi: Đảng bộ Thử nghiệm" in page


def test_sms_from_a_cell_is_signed_by_the_cell_with_an_absolute_link(
    party,
    resolution_text,
    settings,
    sms_gateway,  # noqa: F811 - the fixture imported above
    django_capture_on_commit_callbacks,
):
    settings.THIDUA_SITE_URL = SITE
    digest = _digest(party, resolution_text, who="secretary_a", body="cell_a")
    campaign = services.campaign_create(
        actor=party["secretary_a"].user,
        digest=digest,
        audience=AudienceKind.CELLS,
        bodies=[party["cell_a"]],
        channels=["in_app", "sms"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_send(actor=party["secretary_a"].user, campaign=campaign)
    assert services.campaign_sms_notice(campaign).startswith("Chi bộ A gửi đồng chí")
    texts = [r["text"] for r in sms_gateway.requests]
    assert len(texts) == 2  # the cell's secretary and its member
    for text in texts:
        assert text.startswith("Chi bộ A gửi đồng chí ý chính Nghị quyết 01-NQ/ĐU")
        assert "Đảng uỷ" not in text and "Đảng ủy" not in text
        assert re.search(rf" {re.escape(SITE)}/messages/m/[\w-]{{22}}$", text)


def test_preview_prices_sms_only_when_sms_really_sends(client, party, approved, settings):
    settings.THIDUA_SITE_URL = SITE
    campaign = _campaign(party, approved, channels=("in_app", "email", "sms"))
    settings.SMS_GATEWAY_URL = ""  # SMS off
    preview = services.campaign_preview(campaign)
    assert preview["per_channel"] == {"in_app": 4, "email": 4, "sms": 0}
    assert preview["sms_chosen"]["cost"] == 0
    assert "chưa cấu hình cổng gửi SMS" in preview["sms_unavailable"]
    client.force_login(party["office"].user)
    page = client.get(reverse("party:campaign", args=[campaign.pk])).content.decode()
    assert 'data-count="sms">0<' in page
    assert "Chi phí (VND)" not in page and 'data-parts="as_written"' not in page

    settings.SMS_GATEWAY_URL = "http://sms.example/send"  # SMS on: counted and priced
    preview = services.campaign_preview(campaign)
    assert preview["per_channel"]["sms"] == 4
    assert preview["sms_unavailable"] == ""
    chosen = preview["sms_chosen"]
    assert chosen["cost"] == Decimal(250) * chosen["parts"] * 4 > 0
    page = client.get(reverse("party:campaign", args=[campaign.pk])).content.decode()
    assert 'data-count="sms">4<' in page
    vnd = f"{int(preview['sms']['as_written']['cost']):,}".replace(",", ".")  # 1.234
    assert f"<td>{vnd}</td>" in page


def test_member_answer_page_shows_each_points_question(
    client, party, approved, django_capture_on_commit_callbacks
):
    questions = _with_questions(approved)
    campaign = _send(
        party,
        _campaign(party, approved, audience=AudienceKind.CELLS, bodies=[party["cell_a"]]),
        django_capture_on_commit_callbacks,
    )
    client.force_login(party["member_a"].user)
    page = client.get(reverse("party:campaign_answers", args=[campaign.pk])).content.decode()
    for pk, question in questions.items():
        label = re.search(rf'<label for="answer-{pk}">(.*?)</label>', page, re.S)
        assert label and question in label.group(1) and "Câu hỏi" in label.group(1)


def test_campaign_page_names_the_channels_in_vietnamese(client, party, approved, settings):
    settings.SMS_GATEWAY_URL = "http://sms.example/send"  # SMS on: it is named too
    campaign = _campaign(party, approved, channels=("in_app", "email", "sms"))
    client.force_login(party["office"].user)
    page = client.get(reverse("party:campaign", args=[campaign.pk])).content.decode()
    assert "Trong ứng dụng, Thư điện tử, SMS" in page
    text = re.sub(r"<[^>]+>", " ", page)  # what the reader sees
    assert "in_app" not in text and "email, sms" not in text


def test_email_names_the_resolution_in_its_subject_only(
    party, approved, mailoutbox, django_capture_on_commit_callbacks
):
    """The subject is the resolution; the body starts with its first key point rather than
    repeating the title (issue 12: the title was the subject and the body's first line)."""
    campaign = _send(
        party,
        _campaign(party, approved, channels=("in_app", "email")),
        django_capture_on_commit_callbacks,
    )
    resolution = approved.resolution
    first = approved.points.order_by("order").first()
    assert mailoutbox
    for message in mailoutbox:
        assert message.subject == str(resolution)
        assert resolution.title not in message.body
        assert message.body.startswith(f"{first.order}. {first.text}")
    assert resolution.title not in campaign.dispatch.body
