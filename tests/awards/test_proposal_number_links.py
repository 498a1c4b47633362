"""“Đã có đề nghị số N” links to proposal N (issue 11, the round closed end to end) — on the
round's list of verdicts left out and on a proposal's "one achievement, one award" list —
but only for a viewer who may open that proposal: a link shown to a person works for that
person; anyone else reads the words as plain text."""

import re
from datetime import date

import pytest
from django.urls import reverse

from thidua.awards.choices import RoundStep
from thidua.awards.selectors import proposal_links
from thidua.awards.services import council as services
from thidua.awards.services import round as round_services

from ..factories import unit_head
from .test_round import run_and_confirm

pytestmark = pytest.mark.django_db


def _href(pk: int) -> str:
    return f'href="{reverse("awards:proposal_detail", args=[pk])}"'


@pytest.fixture
def two_forms(org, officer, histories):
    """Lê Văn Nam (Phòng A1, under Cục A) has a Giấy khen proposed by Cục A's head; the office
    then proposed a Bằng khen cấp Bộ for the same achievement, with its written reason, checked
    it and put it before a council session (whose members see it, not the Giấy khen)."""
    head = org["head_a"].user
    first = services.proposal_create(actor=head, code="GK", year=2025, person=histories["steady"])
    second = services.proposal_create(
        actor=officer.user,
        code="BK_BO",
        year=2025,
        person=histories["steady"],
        override_reason="Thành tích đột xuất cấp Bộ",
    )
    services.proposal_submit(actor=officer.user, proposal=second)
    services.proposal_check(actor=officer.user, proposal=second, accept=True)
    return first, second


@pytest.mark.parametrize("who", ["office", "head"])
def test_the_office_and_the_head_follow_the_number_to_the_other_proposal(
    client, org, officer, two_forms, who
):
    first, second = two_forms
    user = officer.user if who == "office" else org["head_a"].user
    client.force_login(user)
    page = client.get(reverse("awards:proposal_detail", args=[second.pk])).content.decode()
    link = re.search(rf"<a {_href(first.pk)}>([^<]*)</a>", page)
    assert link is not None and str(first.pk) in link.group(1)
    assert client.get(reverse("awards:proposal_detail", args=[first.pk])).status_code == 200


def test_a_council_member_who_cannot_open_it_reads_the_words_only(
    client, officer, council_member, two_forms
):
    first, second = two_forms
    session = services.session_create(
        actor=officer.user, title="Phiên xét", held_on=date(2026, 1, 5)
    )
    services.session_add_proposals(actor=officer.user, session=session, proposals=[second])
    client.force_login(council_member.user)
    assert client.get(reverse("awards:proposal_detail", args=[first.pk])).status_code == 404
    page = client.get(reverse("awards:proposal_detail", args=[second.pk])).content.decode()
    assert _href(first.pk) not in page
    words = proposal_links.describe_others(
        [{"kind": "proposal", "pk": first.pk, "code": "GK", "status": first.status}],
        viewer=council_member.user,
    )
    assert words[0]["url"] == "" and str(first.pk) in words[0]["text"]
    assert words[0]["text"] in page


def test_the_words_link_only_what_the_viewer_opens(org, officer, two_forms):
    first, _second = two_forms
    entries = [{"subject": "Lê Văn Nam", "form": "GK", "why": f"Đã có đề nghị số {first.pk}."}]
    entries[0]["proposal"] = first.pk
    office = proposal_links.not_proposed(entries, viewer=officer.user)[0]["why_ref"]
    assert office["url"] == reverse("awards:proposal_detail", args=[first.pk])
    assert office["before"] + office["number"] + office["after"] == entries[0]["why"]
    assert str(first.pk) in office["number"]
    other = unit_head(org["dept_b"], username="truong-cuc-b").user
    assert proposal_links.not_proposed(entries, viewer=other)[0]["why_ref"]["url"] == ""
    # an old round's entry, stored before the proposal's id was kept: words only
    old = proposal_links.not_proposed([{"why": "Đã có đề nghị số 7."}], viewer=officer.user)
    assert old[0]["why_ref"]["url"] == ""


def test_the_round_links_the_proposal_a_kept_verdict_was_left_out_for(client, officer, section):
    round_ = round_services.round_start(
        actor=officer.user, year=2025, received_on=date(2026, 1, 15)
    )
    run_and_confirm(round_, round_services.COMPUTED_STEPS)
    made = services.proposal_create(actor=officer.user, code="LDTT", year=2025, person=section[2])
    round_services.round_propose(actor=officer.user, round_=round_)
    left = round_.steps.get(step=RoundStep.PROPOSALS).details["not_proposed"]
    entry = next(e for e in left if e.get("proposal") == made.pk)
    assert entry["subject"] == section[2].full_name and str(made.pk) in entry["why"]
    client.force_login(officer.user)
    page = client.get(reverse("awards:round_detail", args=[2025])).content.decode()
    assert re.search(rf"<a {_href(made.pk)}>[^<]*{made.pk}</a>", page)
