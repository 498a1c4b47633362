"""The round's last step once its proposals are made (walk-through of 07/12/2026, round flow
1): it read "Đề nghị khen thưởng — Đã tính, chờ chốt" with no button to confirm anything
(the proposals step is never confirmed: its proposals go on through the units and the
council), so the office looked for what was still to do. It now says the proposals are
made and where they go on."""

import re
from datetime import date

import pytest
from django.urls import reverse

from thidua.awards.choices import RoundStep
from thidua.awards.services import round as services

from .test_round import run, run_and_confirm

pytestmark = pytest.mark.django_db


def test_the_last_step_says_the_proposals_are_made_not_waiting_for_confirmation(
    client, officer, section
):
    round_ = services.round_start(actor=officer.user, year=2025, received_on=date(2026, 1, 15))
    run_and_confirm(round_, services.COMPUTED_STEPS)
    services.round_propose(actor=officer.user, round_=round_)
    client.force_login(officer.user)
    page = client.get(reverse("awards:round_detail", args=[2025])).content.decode()
    headings = re.findall(r"<h2>(.*?)</h2>", page.split('<ol class="steps">', 1)[1], re.S)
    last = [h for h in headings if "—" in h][-1]  # the seventh step's, with its status
    assert "Đã tính, chờ chốt" not in last and "Computed, to be confirmed" not in last
    assert any(w in last for w in ("Đã tạo đề nghị", "Proposals made"))


def test_the_capped_list_is_open_while_the_office_chooses_and_folded_once_confirmed(
    client, officer, section
):
    """At 390 px the 2025 round page was 8,000 px tall, 36 lines of it the CSTĐCS capped
    list, open on every visit although the step was confirmed and nothing left to choose."""
    round_ = services.round_start(actor=officer.user, year=2025, received_on=date(2026, 1, 15))
    run_and_confirm(round_, [RoundStep.RATINGS, RoundStep.UNIT_RATINGS])
    run(round_, RoundStep.TITLES)
    client.force_login(officer.user)
    url = reverse("awards:round_detail", args=[2025])
    summary = re.compile(r"<details( open)?><summary>(Vượt trần Chiến sĩ|Over the CSTĐCS)")
    found = summary.search(client.get(url).content.decode())
    assert found and found.group(1) == " open"  # computed: the office chooses from it

    services.round_step_confirm(actor=officer.user, round_=round_, step=RoundStep.TITLES)
    found = summary.search(client.get(url).content.decode())
    assert found and found.group(1) is None
