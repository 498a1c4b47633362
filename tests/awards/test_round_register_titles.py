"""The round counts the year's titles already in the awards register (issue 11, points 3c and
3d): the CSTĐCS cap is a share of every LĐTT of the year, the collectives count their
members' registered titles; a department whose cap rounds down to 0 is said so on the step's
page; the council's minimum votes is at least 3; a round job run by the web process never
forks it."""

import os
import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from thidua.awards import round as computing
from thidua.awards.choices import AwardCode, AwardKind, RoundStep, RoundStepStatus
from thidua.awards.eligibility import engine
from thidua.awards.eligibility.parallel import split
from thidua.awards.history import unit_histories
from thidua.awards.models import Award, RoundVerdict
from thidua.awards.services import round as services
from thidua.core.actors import SYSTEM
from thidua.core.agency_settings import setting_override

from .conftest import initiative, rate
from .test_round import RECEIVED, run, run_and_confirm

pytestmark = pytest.mark.django_db


def register(people, code=AwardCode.LDTT, year=2025, **extra):
    for person in people:
        Award.objects.create(
            person=person,
            code=code,
            kind=AwardKind.MERIT,
            year=year,
            decision_number=f"{year}/QĐ-{person.pk}",
            decision_date=date(year + 1, 1, 10),
            issuer="Cục trưởng",
            **extra,
        )


def titles_step(officer):
    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    run_and_confirm(round_, [RoundStep.RATINGS, RoundStep.UNIT_RATINGS])
    return round_, services.round_step_compute(round_=round_, step=RoundStep.TITLES)


# ---------------------------------------------------------------- the CSTĐCS cap's base
def test_the_cap_counts_the_ldtt_already_in_the_register(officer, section):
    # the section's ten LĐTT: the eight HTT ones already recorded, and one more revoked
    register(section[2:])
    register([section[1]], revoked_on=date(2026, 1, 5), revoke_reason="Nhập nhầm")
    _round, outcome = titles_step(officer)

    ldtt = [v for v in outcome.verdicts if v.code == "LDTT"]
    assert sum(v.eligible for v in ldtt) == 2  # the eight registered are not proposed again
    cap = next(c for c in outcome.details["caps"] if c["unit"] == "Cục B")
    assert (cap["ldtt"], cap["ldtt_registered"], cap["cap"]) == (10, 8, 1)  # not 2 → cap 0
    assert outcome.counts["LDTT"] == 10
    assert outcome.counts["CSTDCS_eligible"] == 2 and outcome.counts["CSTDCS_kept"] == 1


def test_a_year_whose_ldtt_are_all_registered_keeps_its_cstdcs(officer, section):
    register(section)  # e.g. a year imported whole: every LĐTT already in the register
    _round, outcome = titles_step(officer)
    assert outcome.counts["LDTT"] == 10 and outcome.counts["CSTDCS_kept"] == 1


# ---------------------------------------------------------------- collectives
def test_a_collective_counts_its_members_registered_titles(officer, org, section):
    register(section[:6])  # six of the section's LĐTT in the register, four this round's
    this_round = {p.pk: {"LDTT"} for p in section[6:]}

    members = unit_histories(year=2025, unit_ids=[org["sec_b"].pk], member_titles=this_round)
    assert members[org["sec_b"].pk]["years"][-1]["members"]["LDTT"] == 10

    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    outcome = services.round_step_compute(
        round_=round_, step=RoundStep.COLLECTIVES, titles=this_round
    )
    tldtt = next(v for v in outcome.verdicts if v.code == "TLDTT" and v.unit_id == org["sec_b"].pk)
    reason = next(r for r in tldtt.verdict["reasons"] if "Lao động tiên tiến" in r)
    assert "10/11" in reason, reason


# ---------------------------------------------------------------- a cap of 0
def test_a_department_whose_cap_is_0_is_listed_on_the_step(client, officer, org, section):
    star = org["staff_a"]  # Cục A's only LĐTT, CSTĐCS-eligible: 15 % of 1 rounds down to 0
    rate(star, dict.fromkeys(range(2021, 2026), "HTXS"))
    initiative(star, 2025)
    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    run_and_confirm(round_, [RoundStep.RATINGS, RoundStep.UNIT_RATINGS])
    result, _job = run(round_, RoundStep.TITLES)

    assert result.status == RoundStepStatus.COMPUTED, result.error
    assert result.details["cap_zero"] == [{"unit": "Cục A", "ldtt": 1, "eligible": 1}]
    assert RoundVerdict.objects.get(round=round_, code="CSTDCS", person=star).capped
    client.force_login(officer.user)
    with translation.override("vi"):
        page = client.get(reverse("awards:round_detail", args=[2025])).content.decode()
    assert "Cục A: trần 0 (1 Lao động tiên tiến)" in page


# ---------------------------------------------------------------- the council's minimum
def test_a_minimum_of_fewer_than_3_votes_is_refused_in_vietnamese(officer):
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        setting_override(
            actor=SYSTEM,
            valid_from=date(2020, 1, 1),
            key="awards.ballot_min_votes",
            value=2,
            reason="Hội đồng nhỏ",
        )
    assert "Nhập một số nguyên từ 3" in " ".join(caught.value.messages)


# ---------------------------------------------------------------- never forked in a job
@pytest.fixture
def forking_from_one(monkeypatch):
    """Parallel evaluation from one history on, four CPUs, and a fork that fails the test."""

    def no_fork():
        raise AssertionError("forked")

    monkeypatch.setattr(computing, "_processes", lambda: 4)
    monkeypatch.setattr(
        engine, "split", lambda items, processes, _least, lead=1.0: split(items, processes, 1)
    )
    monkeypatch.setattr(os, "fork", no_fork)


def test_a_round_job_never_forks_the_process_that_runs_it(officer, section, forking_from_one):
    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    run_and_confirm(round_, [RoundStep.RATINGS, RoundStep.UNIT_RATINGS])
    with TestCase.captureOnCommitCallbacks(execute=True):  # the job, run by this process
        services.round_step_run(actor=SYSTEM, round_=round_, step=RoundStep.TITLES)
    assert RoundVerdict.objects.filter(round=round_, step=RoundStep.TITLES).exists()

    with pytest.raises(AssertionError, match="forked"):  # a command would fork
        services.round_step_compute(round_=round_, step=RoundStep.TITLES)


def test_a_thread_of_the_web_process_is_given_one_process(forking_from_one):
    found = []
    worker = threading.Thread(target=lambda: found.append(computing.round_processes()))
    worker.start()
    worker.join()
    assert found == [1] and computing.round_processes() == 4
