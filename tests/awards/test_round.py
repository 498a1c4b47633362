"""The yearly commendation round: steps in order as background jobs, the CSTĐCS cap, collective
titles from this round's members, the office's choices with reasons, bad input."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.awards.choices import RoundStep, RoundStepStatus
from thidua.awards.models import CommendationRound, RoundStepResult, RoundVerdict
from thidua.awards.services import round as services
from thidua.core.actors import SYSTEM
from thidua.core.agency_settings import setting_override
from thidua.core.choices import JobStatus
from thidua.core.models import AuditEvent, Job
from thidua.emulation.choices import RatingLevel, RatingStatus
from thidua.emulation.models import AnnualRating, UnitRating
from thidua.org.models import Person

from ..factories import UnitFactory

pytestmark = pytest.mark.django_db
RECEIVED = date(2026, 1, 15)


def run(round_, step):
    """Run a step the way the page does: a job, handed over when the action commits (the
    test settings run it inline then)."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        job = services.round_step_run(actor=SYSTEM, round_=round_, step=step)
    job.refresh_from_db()
    return RoundStepResult.objects.get(round=round_, step=step), job


def run_and_confirm(round_, steps):
    for step in steps:
        result, job = run(round_, step)
        assert result.status == RoundStepStatus.COMPUTED, (step, result.error, job.error)
        # the section leaves people and units unrated: confirmed knowingly (test_round_reopen
        # covers the refusal without the acknowledgment)
        services.round_step_confirm(actor=SYSTEM, round_=round_, step=step, incomplete_ok=True)


def test_the_round_runs_step_by_step_with_the_cap_and_this_rounds_titles(officer, org, section):
    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    run_and_confirm(round_, [RoundStep.RATINGS, RoundStep.UNIT_RATINGS, RoundStep.TITLES])

    titles = RoundStepResult.objects.get(round=round_, step=RoundStep.TITLES)
    assert titles.counts["CSTDCS_eligible"] == 2
    assert titles.counts["CSTDCS_kept"] == 1 and titles.counts["capped"] == 1
    capped = titles.details["capped"][0]
    assert capped["person"] == "Cán bộ 01" and capped["cap"] == 1  # lower score of the two
    assert RoundVerdict.objects.get(round=round_, code="CSTDCS", person=section[0]).kept

    run_and_confirm(round_, [RoundStep.COLLECTIVES])
    tldtt = RoundVerdict.objects.get(round=round_, code="TLDTT", unit=org["sec_b"])
    members = next(r for r in tldtt.verdict["reasons"] if "Lao động tiên tiến" in r)
    assert "10/11" in members, members  # this round's LĐTT, not the registry's 0


def test_a_step_before_the_previous_is_confirmed_is_refused(officer, section):
    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    with pytest.raises(ValidationError) as caught:
        services.round_step_run(actor=officer.user, round_=round_, step=RoundStep.TITLES)
    assert "chưa được chốt" in caught.value.messages[0]
    assert not Job.objects.exists()


def test_starting_twice_gives_one_round_and_one_job(officer, section):
    first = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    again = services.round_start(actor=officer.user, year=2025, received_on=date(2026, 2, 1))
    assert first.pk == again.pk and again.received_on == RECEIVED

    job = services.round_step_run(actor=officer.user, round_=first, step=RoundStep.RATINGS)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    second = services.round_step_run(actor=officer.user, round_=first, step=RoundStep.RATINGS)
    assert second.pk == job.pk and Job.objects.count() == 1


def test_the_round_is_for_the_emulation_office(org):
    with pytest.raises(PermissionDenied):
        services.round_start(actor=org["head_a"].user, year=2025, received_on=RECEIVED)


def test_a_cap_that_would_drop_everyone_stops_the_step_with_a_clear_message(officer, section):
    setting_override(
        actor=SYSTEM,
        valid_from=date(2020, 1, 1),
        key="awards.cstdcs_cap_share",
        value=0,
        reason="Thử",
    )
    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    run_and_confirm(round_, [RoundStep.RATINGS, RoundStep.UNIT_RATINGS])
    result, job = run(round_, RoundStep.TITLES)

    assert result.status == RoundStepStatus.FAILED
    assert "loại tất cả 2 người" in result.error
    assert job.status == JobStatus.FAILED
    assert not RoundVerdict.objects.filter(round=round_).exists()


def test_keeping_a_capped_person_needs_a_reason_and_is_recorded(officer, section):
    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    run_and_confirm(round_, [RoundStep.RATINGS, RoundStep.UNIT_RATINGS])
    run(round_, RoundStep.TITLES)
    capped = RoundVerdict.objects.get(round=round_, code="CSTDCS", capped=True)

    with pytest.raises(ValidationError):
        services.round_verdict_choose(actor=officer.user, verdict=capped, keep=True, reason=" ")
    services.round_verdict_choose(
        actor=officer.user, verdict=capped, keep=True, reason="Sáng kiến áp dụng toàn Bộ"
    )

    capped.refresh_from_db()
    assert capped.kept and capped.override_reason == "Sáng kiến áp dụng toàn Bộ"
    assert AuditEvent.objects.filter(action="awards.round_verdict_chosen").exists()
    services.round_step_confirm(actor=officer.user, round_=round_, step=RoundStep.TITLES)
    with pytest.raises(ValidationError):
        services.round_verdict_choose(actor=officer.user, verdict=capped, keep=False, reason="x")


def test_a_unit_with_no_members_is_listed_not_judged(officer, org, section):
    empty = UnitFactory(parent=org["dept_b"], name="Phòng mới lập", kind="section")
    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    outcome = services.round_step_compute(
        round_=round_, step=RoundStep.COLLECTIVES, titles={p.pk: {"LDTT"} for p in section}
    )
    assert "Phòng mới lập" in outcome.details["without_members"]
    assert not any(v.unit_id == empty.pk for v in outcome.verdicts)
    judged = {v.unit_id for v in outcome.verdicts}
    assert {org["dept_b"].pk, org["sec_b"].pk} <= judged  # departments and sections
    assert org["root"].pk not in judged  # the ministry itself is not a collective here


def test_ratings_step_lists_who_is_missing_per_unit(officer, org, section):
    AnnualRating.objects.filter(person=section[5], year=2025).update(status=RatingStatus.DRAFT)
    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    outcome = services.round_step_compute(round_=round_, step=RoundStep.RATINGS)
    missing = {m["unit"]: m for m in outcome.details["missing"]}
    assert "Cán bộ 05" in missing["Phòng B1"]["people"]
    assert outcome.counts["missing"] == Person.objects.filter(is_active=True).count() - 9


def test_a_person_moved_mid_year_counts_in_the_department_that_rated_them(officer, org, section):
    mover = section[0]
    AnnualRating.objects.filter(person=mover, year=2025).update(unit=org["sec_a"])
    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    outcome = services.round_step_compute(round_=round_, step=RoundStep.TITLES)
    row = next(v for v in outcome.verdicts if v.person_id == mover.pk and v.code == "CSTDCS")
    assert row.unit_id == org["dept_a"].pk


def test_unit_ratings_step_counts_levels(officer, org, section):
    UnitRating.objects.create(
        unit=org["sec_b"],
        year=2025,
        score=Decimal(92),
        tasks_total=10,
        tasks_done=10,
        tasks_on_time=10,
        tasks_exceeding=3,
        level=RatingLevel.HTXS,
        status=RatingStatus.APPROVED,
    )
    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    outcome = services.round_step_compute(round_=round_, step=RoundStep.UNIT_RATINGS)
    assert outcome.counts["rated"] == 1 and outcome.counts["levels"] == {"HTXS": 1}
    assert "Phòng A1" in outcome.details["missing"]


def test_a_round_keeps_the_settings_in_force_when_it_started(officer, section):
    from thidua.awards.services.settings import eligibility_settings_save

    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    eligibility_settings_save(
        actor=officer.user,
        valid_from=date(2026, 1, 1),
        values={"rules": {"MIN_MONTHS": {"min_months": 10}}},
        reason="Quy chế mới",
    )
    assert CommendationRound.objects.get(pk=round_.pk).settings_used == {}


def test_the_round_acts_for_the_office_only_as_a_named_actor(officer, org):
    """The operator's command line and background jobs pass SYSTEM; a missing actor is
    refused before anything is written, and SYSTEM is stored as no account."""
    from thidua.core.actors import MissingActor

    with pytest.raises(MissingActor):
        services.round_start(actor=None, year=2025, received_on=RECEIVED)
    assert not CommendationRound.objects.exists()
    round_ = services.round_start(actor=SYSTEM, year=2025, received_on=RECEIVED)
    assert round_.created_by is None
    result, _job = run(round_, RoundStep.RATINGS)
    with pytest.raises(MissingActor):
        services.round_step_confirm(actor=None, round_=round_, step=RoundStep.RATINGS)
    services.round_step_confirm(
        actor=SYSTEM, round_=round_, step=RoundStep.RATINGS, incomplete_ok=True
    )
    result.refresh_from_db()
    assert (result.status, result.confirmed_by) == (RoundStepStatus.CONFIRMED, None)
