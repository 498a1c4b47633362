"""Words, not codes (issue 12, point 3) in the texts that go out, not only on pages: the
e-mail digest of "Việc của tôi", the in-app notifications it raises, a Party campaign's
e-mail and SMS as the channels write them, and the flash messages after main actions —
rendered for the demo and scanned with the page scan's patterns (tests/core/
test_no_raw_codes.py: stored codes, dotted action names, transitions, rule ids, English
decimals, None/True/False, logins where a name belongs)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.core import test_no_raw_codes as scan
from thidua.awards.models import Ballot, Proposal
from thidua.core.models import Notification
from thidua.core.services import work_digests_send
from thidua.emulation.models import Movement
from thidua.messaging.channels import EmailChannel, personal_link
from thidua.messaging.models import Delivery, Dispatch
from thidua.messaging.sms import sms_message
from thidua.org.models import Person
from thidua.party.models import Campaign
from thidua.party.services import campaign_body, campaign_sms_notice

SITE = "https://thidua.bo.gov.vn"


@pytest.fixture
def demo(db, settings):
    settings.THIDUA_SITE_URL = SITE
    call_command("demo")
    scan.CODE_SET.clear()
    scan.CODE_SET.update(scan.stored_codes())
    scan.PATTERNS[:] = scan._patterns()


# A link is an address to follow, not words to read: its query and anchor may hold codes.
LINK = re.compile(r"https?://\S+")


# English left untranslated (a msgid without its Vietnamese): words Vietnamese never writes.
ENGLISH = re.compile(r"\b(?:the|and|your|you|of|is|are|for|with|link)\b", re.IGNORECASE)


def _offenders(texts: list[tuple[str, str]]) -> list[str]:
    found = []
    for where, text in texts:
        text = LINK.sub("⟨…⟩", text)
        found += [f"{where}: {k} {m!r}: …{c}…" for k, m, c in scan.raw_codes(text)]
        found += [f"{where}: English {m.group(0)!r}: {text!r}" for m in ENGLISH.finditer(text)]
    return found


def _campaign_texts() -> list[tuple[str, str]]:
    texts = []
    with translation.override("vi"):
        for campaign in Campaign.objects.select_related("digest__resolution__body"):
            texts.append((f"campaign {campaign.pk} SMS notice", campaign_sms_notice(campaign)))
            texts.append((f"campaign {campaign.pk} body", campaign_body(campaign)))
        for dispatch in Dispatch.objects.all():
            texts.append((f"dispatch {dispatch.pk}", f"{dispatch.subject}\n{dispatch.body}"))
            delivery = (
                Delivery.objects.filter(dispatch=dispatch, person__email__gt="")
                .select_related("dispatch", "person")
                .first()
            )
            if delivery is None:
                continue
            mail.outbox = []
            with EmailChannel() as channel:
                channel.send(delivery)
            [email] = mail.outbox
            assert SITE in email.body  # the personal link opens from outside
            texts.append((f"dispatch {dispatch.pk} e-mail", f"{email.subject}\n{email.body}"))
            sms = sms_message(dispatch.sms_text, personal_link(dispatch, delivery))
            texts.append((f"dispatch {dispatch.pk} SMS", sms))
    return texts


def test_digests_notifications_and_campaign_messages_show_no_raw_code(demo):
    mail.outbox = []
    counts = work_digests_send()
    digests = [(f"digest to {m.to[0]}", f"{m.subject}\n{m.body}") for m in mail.outbox]
    assert counts["sent"] == len(digests) >= 5, counts
    notes = [
        (f"notification of {n.user.username}", n.title)
        for n in Notification.objects.select_related("user")
    ]
    assert len(notes) >= 10
    campaigns = _campaign_texts()
    assert any(where.endswith("e-mail") for where, _t in campaigns), campaigns
    offenders = _offenders(digests + notes + campaigns)
    assert not offenders, f"{len(offenders)} raw codes:\n" + "\n".join(sorted(set(offenders)))


def _flash(client: Client, url: str, data: dict) -> list[str]:
    response = client.post(url, data)
    assert response.status_code in (200, 302, 400), (url, response.status_code)
    found = [str(m) for m in get_messages(response.wsgi_request)]
    client.get("/")  # a page shows (and so clears) them: the next action's are its own
    return found


def _client(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_flash_messages_after_main_actions_show_no_raw_code(demo):
    """The demo's main hand-offs, each done twice where the second is refused (the refusal's
    message is read as much as the success's)."""
    texts: list[tuple[str, str]] = []

    def flash(what: str, client: Client, url: str, data: dict) -> None:
        found = _flash(client, url, data)
        assert found, f"{what}: no message"
        texts.extend((what, message) for message in found)

    canbo = _client("canbo")
    movement = Movement.objects.get(status="registration_open")
    me = Person.objects.get(user__username="canbo")
    register = reverse("emulation:movement_register", args=[movement.pk])
    for attempt in ("register", "register again"):
        flash(attempt, canbo, register, {"as": f"p{me.pk}", "commitments": "Vượt 10,5% chỉ tiêu"})
    canbo.get("/")  # the home page raises the waiting work's notifications
    flash("notifications read", canbo, reverse("notifications_read_all"), {})

    office = _client("thiduakhenthuong")
    proposal = Proposal.objects.filter(status="submitted").order_by("pk").first()
    check = reverse("awards:proposal_check", args=[proposal.pk])
    # a proposal accepted says whom it waits for now; a second check refused
    flash("proposal check", office, check, {"decision": "accept"})
    flash("proposal check again", office, check, {"decision": "accept"})
    for code in ("LDTT", "CSTDCS", "CO_BO"):
        flash(
            f"round propose {code}",
            office,
            reverse("awards:round_propose", args=[2025]),
            {"code": code},
        )

    ballot = Ballot.objects.filter(closed_at__isnull=True).order_by("pk").first()
    voter = ballot.session.members.exclude(person__user=None).order_by("pk").first()
    member = Client()
    member.force_login(voter.person.user)
    for attempt in ("vote", "vote again"):
        flash(attempt, member, reverse("awards:ballot_vote", args=[ballot.pk]), {"choice": "yes"})

    print("\n".join(f"{w}: {t}" for w, t in texts))
    offenders = _offenders(texts)
    assert not offenders, f"{len(offenders)} raw codes:\n" + "\n".join(sorted(set(offenders)))
