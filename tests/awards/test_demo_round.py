"""`thidua demo` runs the 2025 commendation round through the real services: clusters ranked,
the cluster leader's Cờ eligible from its own facts, collective titles from this round's
members, the CSTĐCS cap applied, proposals created from the round."""

import re

import pytest
from django.core.management import call_command

from thidua.awards.choices import RoundStep, RoundStepStatus
from thidua.awards.models import CommendationRound, Proposal, RoundVerdict

pytestmark = pytest.mark.django_db


def test_the_demo_runs_the_2025_round():
    call_command("demo", verbosity=0)

    round_ = CommendationRound.objects.get(year=2025)
    steps = {s.step: s for s in round_.steps.all()}
    assert all(
        steps[s].status == RoundStepStatus.CONFIRMED for s in RoundStep.values if s != "proposals"
    )
    assert steps[RoundStep.TITLES].counts["capped"] >= 1
    assert steps[RoundStep.FLAGS].counts["cluster_leaders"] >= 1

    flag = RoundVerdict.objects.get(round=round_, code="CO_BO", unit__name="Cục An toàn thông tin")
    assert flag.eligible, flag.verdict["reasons"]
    assert not any("Không dẫn đầu cụm" in r for r in flag.verdict["reasons"])

    # a collective's members counted with this round's titles, not the (empty) 2025 registry
    tldtt = RoundVerdict.objects.filter(round=round_, code="TLDTT", eligible=True)
    assert tldtt.exists()

    made = Proposal.objects.filter(year=2025, pk__in=round_.verdicts.values("proposal"))
    assert made.filter(code="LDTT").exists() and made.filter(code="CO_BO").exists()
    assert all(p.verdict.get("settings_note") for p in made[:20])


def test_on_the_demo_the_office_creates_every_remaining_proposal_in_one_click(client):
    """The office presses "Tạo các đề nghị khen thưởng" with no filter on the fresh demo:
    one form per achievement was kept (GK, BK cấp Bộ, BK Thủ tướng are not all proposed for
    one person), the proposals are created, and the few kept verdicts that cannot become
    proposals are listed with their reason instead of refusing the whole click."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from thidua.awards.one_achievement import SET_ASIDE

    call_command("demo", verbosity=0)
    round_ = CommendationRound.objects.get(year=2025)
    chains = round_.steps.get(step=RoundStep.CHAINS)
    assert chains.counts["set_aside"] >= 1
    group = ("GK", "BK_BO", "BK_TTG")
    kept = RoundVerdict.objects.filter(round=round_, step=RoundStep.CHAINS, code__in=group)
    per_person: dict[int, int] = {}
    for v in kept.filter(kept=True):
        per_person[v.person_id] = per_person.get(v.person_id, 0) + 1
    assert max(per_person.values()) == 1
    aside = kept.filter(verdict__has_key=SET_ASIDE).first()
    assert aside is not None and not aside.kept
    assert "một thành tích chỉ khen thưởng một lần" in aside.verdict[SET_ASIDE]

    waiting = RoundVerdict.objects.filter(round=round_, kept=True, proposal__isnull=True).count()
    assert waiting > 100
    client.force_login(get_user_model().objects.get(username="botruong"))
    answer = client.post(reverse("awards:round_propose", args=[2025]), follow=True)
    page = answer.content.decode()
    assert "đề nghị khen thưởng" in page.lower()
    proposals = round_.steps.get(step=RoundStep.PROPOSALS)
    left = proposals.counts["not_proposed"]
    assert 0 < left < 20
    assert (
        RoundVerdict.objects.filter(round=round_, kept=True, proposal__isnull=True).count() == left
    )
    # each left-out verdict named on the round page with its reason
    assert len(proposals.details["not_proposed"]) == left
    first = proposals.details["not_proposed"][0]
    words = re.sub(r"<[^>]+>", "", page)  # a proposal already made is linked in the reason
    assert first["subject"] in page and first["why"][:40] in words
    # no person proposed twice for one achievement without the office's reason
    made = Proposal.objects.filter(year=2025, code__in=group).exclude(status="rejected")
    people = list(made.values_list("person_id", flat=True))
    assert len(people) == len(set(people))
