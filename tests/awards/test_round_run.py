"""The whole round as one run (one background job or one command): step f reuses the people
step c judged, judging again only those whose history this round's titles change, and
finds exactly what it finds on its own (a separate job per step)."""

import copy
from datetime import date

import pytest

from thidua.awards import round as computing
from thidua.awards.choices import RoundStep, RoundStepStatus
from thidua.awards.models import RoundStepResult, RoundVerdict
from thidua.awards.services import round as services
from thidua.core.actors import SYSTEM
from thidua.core.agency_settings import setting_override
from thidua.org.models import Person

from .test_round import run_and_confirm

pytestmark = pytest.mark.django_db
RECEIVED = date(2026, 1, 15)


def rows(outcome) -> list[tuple]:
    return sorted(
        (v.code, v.person_id or 0, v.unit_id or 0, v.eligible, v.capped, v.kept, repr(v.verdict))
        for v in outcome.verdicts
    )


def stored(round_) -> list[tuple]:
    return sorted(
        RoundVerdict.objects.filter(round=round_).values_list(
            "step", "code", "person_id", "unit_id", "eligible", "capped", "kept", "verdict"
        ),
        key=repr,
    )


def test_step_f_with_step_cs_people_finds_what_it_finds_alone(officer, section, monkeypatch):
    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    titles_step = services.round_step_compute(round_=round_, step=RoundStep.TITLES)
    assert titles_step.judged is not None
    titles: dict[int, set[str]] = {}
    for row in titles_step.verdicts:
        if row.kept:
            titles.setdefault(row.person_id, set()).add(row.code)
    assert titles and len(titles) < Person.objects.filter(is_active=True).count()

    alone = services.round_step_compute(round_=round_, step=RoundStep.CHAINS, titles=titles)
    judged_counts = []
    evaluate_many = computing.evaluate_many

    def counting(histories, **kwargs):
        judged_counts.append(len(histories))
        return evaluate_many(histories, **kwargs)

    before = copy.deepcopy(titles_step.judged.histories)
    monkeypatch.setattr(computing, "evaluate_many", counting)
    monkeypatch.setattr(computing, "person_rows", None)  # nothing fetched again
    reused = services.round_step_compute(
        round_=round_, step=RoundStep.CHAINS, titles=titles, judged=titles_step.judged
    )
    assert rows(reused) == rows(alone) and rows(alone)
    assert reused.counts == alone.counts
    assert judged_counts == [len(titles)]  # only those whose history the titles change
    assert titles_step.judged.histories == before  # step c's histories left as they were


def test_the_whole_round_in_one_run_stores_what_the_step_jobs_store(officer, org, section):
    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    run_and_confirm(round_, services.COMPUTED_STEPS)
    by_jobs = stored(round_)
    counts = dict(RoundStepResult.objects.filter(round=round_).values_list("step", "counts"))
    round_.delete()

    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    seen = []
    services.round_run_through(
        actor=officer.user,
        round_=round_,
        progress=lambda done, total, label="": seen.append((done, total)),
        phase=lambda step, name, fn: fn(),
        incomplete_ok=True,
    )
    assert stored(round_) == by_jobs and any(s[0] == RoundStep.CHAINS for s in by_jobs)
    assert dict(RoundStepResult.objects.filter(round=round_).values_list("step", "counts")) == (
        counts
    )
    statuses = set(
        RoundStepResult.objects.filter(round=round_, step__in=services.COMPUTED_STEPS).values_list(
            "status", flat=True
        )
    )
    assert statuses == {RoundStepStatus.CONFIRMED}
    assert seen[-1] == (len(services.COMPUTED_STEPS), len(services.COMPUTED_STEPS))


def test_a_step_that_cannot_be_computed_stops_the_run_and_is_recorded(officer, section):
    setting_override(
        actor=SYSTEM,
        valid_from=date(2020, 1, 1),
        key="awards.cstdcs_cap_share",
        value=0,
        reason="Thử",
    )
    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    with pytest.raises(computing.RoundError):
        services.round_run_through(actor=officer.user, round_=round_, incomplete_ok=True)
    status = dict(RoundStepResult.objects.filter(round=round_).values_list("step", "status"))
    assert status[RoundStep.UNIT_RATINGS] == RoundStepStatus.CONFIRMED
    assert status[RoundStep.TITLES] == RoundStepStatus.FAILED
    assert not RoundVerdict.objects.filter(round=round_).exists()
