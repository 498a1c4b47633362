"""`thidua demo` runs the 2025 commendation round through the real services: clusters ranked,
the cluster leader's Cờ eligible from its own facts, collective titles from this round's
members, the CSTĐCS cap applied, proposals created from the round."""

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
