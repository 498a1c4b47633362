"""Writes of the yearly commendation round: start it, run a step as a background job, store
what the step found, let the office keep or drop a verdict with a reason, confirm the step,
and create proposals from the kept verdicts."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.actors import account_of
from thidua.core.audit import audit_change
from thidua.core.choices import JobStatus
from thidua.core.jobs import job_start
from thidua.core.models import Job
from thidua.core.transitions import Flow, transition
from thidua.org.models import Person, Unit

from .. import one_achievement
from .. import round as computing
from ..choices import AwardsAudit, RoundStep, RoundStepStatus
from ..eligibility import compile_settings
from ..models import CommendationRound, RoundStepResult, RoundVerdict
from ..rules import require_office
from ..selectors.round import gap_words, step_gaps
from ..selectors.settings import eligibility_settings_in_force

STEPS: list[str] = list(RoundStep.values)
COMPUTED_STEPS = STEPS[:-1]  # the last step (proposals) is the office's clicks
JOB_KIND = "awards.round_step"
JOB_TASK = "thidua.awards.tasks.round_step_run"
EARLIEST_YEAR = 2020
# The office's move of a step; the job's own bookkeeping (queued, running, computed, failed,
# later steps reset) records no event and is written by the job.
STEP_FLOW = Flow(
    "awards.RoundStepResult",
    {
        (RoundStepStatus.COMPUTED, RoundStepStatus.CONFIRMED): AwardsAudit.ROUND_STEP_CONFIRMED,
        (RoundStepStatus.CONFIRMED, RoundStepStatus.COMPUTED): AwardsAudit.ROUND_STEP_REOPENED,
    },
)


@transaction.atomic
def round_start(*, actor, year: int, received_on: date) -> CommendationRound:
    """Open the round of a year (once: starting it again gives the same round). The
    settings in force on the receipt date are copied into the round, so a later change of
    settings never alters a round already judged."""
    require_office(actor, system=True)
    today = timezone.localdate()
    if not EARLIEST_YEAR <= year <= today.year:
        raise ValidationError({"year": f"Năm xét phải từ {EARLIEST_YEAR} đến {today.year}."})
    if received_on.year < year:
        raise ValidationError({"received_on": f"Ngày nhận hồ sơ phải từ năm {year} trở đi."})
    existing = CommendationRound.objects.filter(year=year).first()
    if existing is not None:
        return existing
    in_force = eligibility_settings_in_force(on=received_on)
    row = CommendationRound.objects.create(
        year=year,
        received_on=received_on,
        settings_used=dict(in_force.values) if in_force else {},
        settings_from=in_force.valid_from if in_force else None,
        created_by=account_of(actor),
    )
    RoundStepResult.objects.bulk_create(RoundStepResult(round=row, step=s) for s in STEPS)
    audit_change(
        actor=actor,
        action=AwardsAudit.ROUND_STARTED,
        target=row,
        before={},
        after={"year": year, "received_on": received_on.isoformat()},
    )
    tell_heads_missing_ratings(round_=row)
    return row


def tell_heads_missing_ratings(*, round_: CommendationRound) -> int:
    """Notify each unit head whose people still lack a final rating for the round's year
    (how many, and a link to their sheet of the unit for the year), in the caller's
    transaction. Their "Việc của tôi" lists the same item (awards.nextsteps) until the people
    are rated or the office confirms the ratings step; raising it again changes nothing.
    Returns how many notifications were raised."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.utils import translation

    from thidua.core.services import notifications_raise
    from thidua.org.unit_labels import label_units

    from ..nextsteps import round_ratings_step
    from ..selectors.round_heads import ratings_missing_by_head

    missing = ratings_missing_by_head(round_=round_)
    if not missing:
        return 0
    label_units([m.unit for m in missing])  # "Văn phòng Cục — Cục …": no query per head
    languages = dict(
        get_user_model()
        .objects.filter(pk__in={m.user_id for m in missing})
        .values_list("pk", "language")
    )
    items: dict[int, list] = defaultdict(list)
    for m in missing:  # in each head's language, as their own sync would word it
        with translation.override(languages.get(m.user_id) or settings.LANGUAGE_CODE):
            items[m.user_id].append(round_ratings_step(m))
    return notifications_raise(items_by_user=items)


def _step(round_: CommendationRound, step: str) -> RoundStepResult:
    if step not in STEPS:
        raise ValidationError({"step": "Bước không tồn tại."})
    return RoundStepResult.objects.get(round=round_, step=step)


def _check_previous_confirmed(round_: CommendationRound, step: str) -> None:
    index = STEPS.index(step)
    if index == 0:
        return
    previous = _step(round_, STEPS[index - 1])
    if previous.status != RoundStepStatus.CONFIRMED:
        raise ValidationError(
            f"Chưa thể chạy bước “{RoundStep(step).label}”: bước trước "
            f"“{RoundStep(previous.step).label}” chưa được chốt."
        )


@transaction.atomic
def round_step_run(*, actor, round_: CommendationRound, step: str) -> Job:
    """Queue a step as a background job (never inside the web request). One job per round
    at a time: asking again while one is queued or running gives that job."""
    require_office(actor, system=True)
    round_ = CommendationRound.objects.select_for_update().get(pk=round_.pk)
    if step not in COMPUTED_STEPS:
        raise ValidationError({"step": "Bước này không chạy nền."})
    current = round_.job
    if current is not None and current.status in (JobStatus.QUEUED, JobStatus.RUNNING):
        return current
    _check_previous_confirmed(round_, step)
    result = _step(round_, step)
    if result.status == RoundStepStatus.CONFIRMED:
        raise ValidationError(
            _("This step is confirmed: reopen it, with the reason, to run it again.")
        )
    job = job_start(
        kind=JOB_KIND,
        task_name=JOB_TASK,
        params={"round": round_.pk, "step": step},
        actor=actor,
    )
    round_.job = job
    round_.save(update_fields=["job", "updated_at"])
    RoundStepResult.objects.filter(pk=result.pk).update(status=RoundStepStatus.RUNNING, error="")
    return job


def context(round_: CommendationRound, *, unit: Unit | None = None) -> computing.RoundContext:
    return computing.RoundContext(
        year=round_.year,
        received_on=round_.received_on,
        policy=compile_settings(round_.settings_used),
        unit=unit,
    )


def kept_titles(round_: CommendationRound) -> dict[int, set[str]]:
    """Person → titles kept in step c (the members' titles of this same round)."""
    titles: dict[int, set[str]] = defaultdict(set)
    for pid, code in RoundVerdict.objects.filter(
        round=round_, step=RoundStep.TITLES, kept=True
    ).values_list("person_id", "code"):
        titles[pid].add(code)
    return titles


def round_step_compute(
    *,
    round_: CommendationRound,
    step: str,
    unit: Unit | None = None,
    titles=None,
    judged: computing.Judged | None = None,
) -> computing.StepOutcome:
    """What a step finds now (reads only). `titles`: the kept titles of step c (from the
    stored verdicts unless given, as a dry run gives them). `judged`: step c's people as
    the same run judged them (its outcome's `judged`), which step f then reuses."""
    ctx = context(round_, unit=unit)
    if step == RoundStep.RATINGS:
        return computing.step_ratings(ctx)
    if step == RoundStep.UNIT_RATINGS:
        return computing.step_unit_ratings(ctx)
    if step == RoundStep.TITLES:
        return computing.step_titles(ctx)
    titles = kept_titles(round_) if titles is None else titles
    if step == RoundStep.COLLECTIVES:
        return computing.step_collectives(ctx, titles)
    if step == RoundStep.FLAGS:
        return computing.step_flags(ctx, titles)
    if step == RoundStep.CHAINS:
        return computing.step_chains(ctx, titles, judged)
    raise ValidationError({"step": "Bước này không tính được."})


# the columns COPY fills; the others (id, override_by, proposal) take their defaults
VERDICT_COPY_COLUMNS = (
    "round_id",
    "step",
    "code",
    "person_id",
    "unit_id",
    "eligible",
    "capped",
    "kept",
    "verdict",
    "override_reason",
)


def verdicts_insert(
    *, round_: CommendationRound, step: str, verdicts: Iterable[computing.VerdictRow]
) -> None:
    """Insert a step's verdict rows in the caller's transaction. On PostgreSQL with COPY:
    `bulk_create` binds the 280,000 rows of a 100,000-person round through arrays whose
    JSON is quoted in Python, five times slower (docs/BENCHMARKS.md). The values are the
    ORM's own: the verdict's JSON text made as the JSONField makes it, the reason empty as
    its default, nothing else set (the id from its identity, no overrider, no proposal)."""
    step = RoundStep(step).value  # a Choices member is dumped by psycopg as its name
    if connection.vendor != "postgresql":
        RoundVerdict.objects.bulk_create(
            (
                RoundVerdict(
                    round=round_,
                    step=step,
                    code=row.code,
                    person_id=row.person_id,
                    unit_id=row.unit_id,
                    eligible=row.eligible,
                    capped=row.capped,
                    kept=row.kept,
                    verdict=row.verdict,
                )
                for row in verdicts
            ),
            batch_size=2000,
        )
        return
    # the ORM's own JSON text (the JSONField's adapter: json.dumps with the field's encoder),
    # made once per verdict dict (a step's rows share one per distinct verdict); each dict
    # is held in `texts` with its text, so its id stays its own while rows are written
    adapter = connection.ops.adapt_json_value(None, RoundVerdict._meta.get_field("verdict").encoder)
    dumps = getattr(adapter, "dumps", None) or json.dumps
    texts: dict[int, tuple[dict, str]] = {}
    round_id = round_.pk
    sql = (
        f"COPY {connection.ops.quote_name(RoundVerdict._meta.db_table)} "
        f"({', '.join(VERDICT_COPY_COLUMNS)}) FROM STDIN"
    )
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        write = copy.write_row
        for row in verdicts:
            verdict = row.verdict
            known = texts.get(id(verdict))
            if known is None:
                known = texts[id(verdict)] = (verdict, dumps(verdict))
            write(
                (
                    round_id,
                    step,
                    row.code,
                    row.person_id,
                    row.unit_id,
                    row.eligible,
                    row.capped,
                    row.kept,
                    known[1],  # text, which PostgreSQL reads into the jsonb column
                    "",
                )
            )


@transaction.atomic
def round_step_store(
    *, round_: CommendationRound, step: str, outcome: computing.StepOutcome
) -> RoundStepResult:
    """Replace the step's verdicts and counts; the later steps, which rest on it, go back
    to not run."""
    RoundVerdict.objects.filter(round=round_, step=step).delete()
    verdicts_insert(round_=round_, step=step, verdicts=outcome.verdicts)
    later = STEPS[STEPS.index(step) + 1 :]
    RoundStepResult.objects.filter(round=round_, step__in=later).update(
        status=RoundStepStatus.NOT_RUN, counts={}, details={}, error="", confirmed_at=None
    )
    RoundVerdict.objects.filter(round=round_, step__in=later).delete()
    result = _step(round_, step)
    result.status = RoundStepStatus.COMPUTED
    result.counts = outcome.counts
    result.details = outcome.details
    result.error = ""
    result.computed_at = timezone.now()
    result.confirmed_at = None
    result.confirmed_by = None
    result.save()
    return result


def round_step_job(job: Job, progress) -> dict[str, Any]:
    """The background job of one step: compute, store, or record the problem."""
    round_ = CommendationRound.objects.get(pk=job.params["round"])
    step = job.params["step"]
    progress(0, 2, RoundStep(step).label)
    try:
        outcome = round_step_compute(round_=round_, step=step)
    except computing.RoundError as exc:
        RoundStepResult.objects.filter(round=round_, step=step).update(
            status=RoundStepStatus.FAILED, error=str(exc)
        )
        return {"ok": False, "error": str(exc)}
    progress(1, 2)
    result = round_step_store(round_=round_, step=step, outcome=outcome)
    progress(2, 2)
    return {"ok": True, "counts": result.counts}


def round_run_through(
    *, actor, round_: CommendationRound, progress=None, phase=None, incomplete_ok: bool = False
) -> None:
    """Every step not yet confirmed computed, stored and confirmed in order, in this process:
    the whole round as one background job (or one command). Step c's people, as judged,
    are kept for step f, which then fetches no history again and judges again only those
    whose history this round's titles change. A step that cannot be computed raises
    `RoundError` and is recorded as failed; the steps before it stay confirmed.
    `progress(done, total, label)` as a job's; `phase(step, name, fn)` runs each phase
    (`compute`, `store`, `confirm`) and returns what `fn()` returns (a benchmark times them).
    A step whose facts are incomplete stops the run computed, not confirmed (ValidationError
    naming what is missing), unless `incomplete_ok` (round_step_confirm)."""
    require_office(actor, system=True)
    run = phase or (lambda _step, _name, fn: fn())
    judged = None
    for i, step in enumerate(COMPUTED_STEPS):
        if progress is not None:
            progress(i, len(COMPUTED_STEPS), RoundStep(step).label)
        result = _step(round_, step)
        if result.status == RoundStepStatus.CONFIRMED:
            continue
        if result.status != RoundStepStatus.COMPUTED:
            try:
                outcome = run(
                    step,
                    "compute",
                    lambda s=step, j=judged: round_step_compute(round_=round_, step=s, judged=j),
                )
            except computing.RoundError as exc:
                RoundStepResult.objects.filter(pk=result.pk).update(
                    status=RoundStepStatus.FAILED, error=str(exc)
                )
                raise
            judged = outcome.judged or judged
            run(
                step,
                "store",
                lambda s=step, o=outcome: round_step_store(round_=round_, step=s, outcome=o),
            )
            del outcome
        run(
            step,
            "confirm",
            lambda s=step: round_step_confirm(
                actor=actor, round_=round_, step=s, incomplete_ok=incomplete_ok
            ),
        )
    if progress is not None:
        progress(len(COMPUTED_STEPS), len(COMPUTED_STEPS))


@transaction.atomic
def round_step_confirm(
    *, actor, round_: CommendationRound, step: str, incomplete_ok: bool = False
) -> RoundStepResult:
    """The office confirms what a step found (the next step may then run). A step whose
    facts are incomplete (people or units without a final rating, records that could not be
    judged) is confirmed only with `incomplete_ok`, the office's explicit acknowledgment of
    what is missing; the event records what it was confirmed without."""
    require_office(actor, system=True)
    result = _step(round_, step)
    if result.status != RoundStepStatus.COMPUTED:
        raise ValidationError("Chỉ chốt được bước đã tính xong.")
    gaps = step_gaps(result)
    if gaps and not incomplete_ok:
        raise ValidationError(
            _("Not confirmed: %(gaps)s. To confirm the step anyway, say that you know this.")
            % {"gaps": "; ".join(gap_words(gaps))},
            code="incomplete",
        )
    return transition(
        result,
        flow=STEP_FLOW,
        to=RoundStepStatus.CONFIRMED,
        actor=actor,
        also={"confirmed_at": timezone.now(), "confirmed_by": account_of(actor)},
        audited=["status"],
        target=round_,  # the round's history holds its steps
        step=step,
        counts=result.counts,
        gaps=gaps or None,
    )


@transaction.atomic
def round_step_reopen(
    *, actor, round_: CommendationRound, step: str, reason: str
) -> RoundStepResult:
    """The office reopens a confirmed step, with a written reason: it goes back to computed
    (its results and the office's choices kept, to be run again or changed and confirmed
    again). Every later step rests on it, so each one run is emptied back to not run (its
    verdicts and choices with it) and must be run again: nothing computed from the reopened
    step's old results is kept. Refused once proposals were made from the round (they live
    on in the council's workflow) and while a step of the round runs."""
    require_office(actor, system=True)
    round_ = CommendationRound.objects.select_for_update().get(pk=round_.pk)
    if step not in COMPUTED_STEPS:
        raise ValidationError({"step": _("This step cannot be reopened.")})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Write why the step is reopened.")})
    job = round_.job
    if job is not None and job.status in (JobStatus.QUEUED, JobStatus.RUNNING):
        raise ValidationError(_("A step of this round is running: reopen once it has finished."))
    result = _step(round_, step)
    if result.status != RoundStepStatus.CONFIRMED:
        raise ValidationError(_("Only a confirmed step can be reopened."))
    if RoundVerdict.objects.filter(round=round_, proposal__isnull=False).exists():
        raise ValidationError(
            _(
                "Proposals were already created from this round: its steps can no longer be reopened."
            )
        )
    later = STEPS[STEPS.index(step) + 1 :]
    run = RoundStepResult.objects.filter(round=round_, step__in=later).exclude(
        status=RoundStepStatus.NOT_RUN
    )
    reset = sorted(run.values_list("step", flat=True), key=STEPS.index)
    dropped = (
        RoundVerdict.objects.filter(round=round_, step__in=later)
        .exclude(override_reason="")
        .count()
    )
    run.update(
        status=RoundStepStatus.NOT_RUN,
        counts={},
        details={},
        error="",
        confirmed_at=None,
        confirmed_by=None,
    )
    RoundVerdict.objects.filter(round=round_, step__in=later).delete()
    return transition(
        result,
        flow=STEP_FLOW,
        to=RoundStepStatus.COMPUTED,
        actor=actor,
        also={"confirmed_at": None, "confirmed_by": None},
        audited=["status"],
        target=round_,
        step=step,
        reason=reason,
        later_reset=reset,
        choices_dropped=dropped,
    )


@transaction.atomic
def round_verdict_choose(*, actor, verdict: RoundVerdict, keep: bool, reason: str) -> RoundVerdict:
    """Keep or drop a verdict for the proposals, before its step is confirmed. Keeping one
    that is capped or not eligible, or dropping an eligible one within the cap, is the
    office overriding the engine or the cap: it needs a written reason, recorded and shown
    on the proposal."""
    require_office(actor, system=True)
    result = _step(verdict.round, verdict.step)
    if result.status != RoundStepStatus.COMPUTED:
        raise ValidationError("Bước này đã chốt hoặc chưa tính: không đổi được lựa chọn.")
    default = (
        verdict.eligible
        and not verdict.capped
        and not (verdict.verdict or {}).get(one_achievement.SET_ASIDE)
    )
    reason = reason.strip()
    if keep != default and not reason:
        raise ValidationError({"reason": "Cần ghi lý do khi chọn khác kết quả xét."})
    before = {"kept": verdict.kept, "override_reason": verdict.override_reason}
    verdict.kept = keep
    verdict.override_reason = reason if keep != default else ""
    verdict.override_by = account_of(actor) if keep != default else None
    verdict.save(update_fields=["kept", "override_reason", "override_by"])
    audit_change(
        actor=actor,
        action=AwardsAudit.ROUND_VERDICT_CHOSEN,
        target=verdict.round,
        before=before,
        after={"kept": keep, "override_reason": verdict.override_reason},
        code=verdict.code,
        person=verdict.person_id,
        unit=verdict.unit_id,
    )
    return verdict


PROPOSAL_LINK_BATCH = 500  # verdicts linked to their proposals per UPDATE


@transaction.atomic
def round_propose(
    *,
    actor,
    round_: CommendationRound,
    code: str | None = None,
    unit: Unit | None = None,
) -> list:
    """Create the proposals of the kept verdicts (all, one title or form, or one unit's),
    each carrying its verdict and any override reason; once step f is confirmed."""
    from .council import proposals_create_from_verdicts

    require_office(actor, system=True)
    _check_previous_confirmed(round_, RoundStep.PROPOSALS)
    chosen = RoundVerdict.objects.filter(round=round_, kept=True, proposal__isnull=True)
    if code:
        chosen = chosen.filter(code=code)
    if unit is not None:
        chosen = chosen.filter(unit__path__startswith=unit.path)
    candidates = list(chosen.select_related("person", "unit"))
    # a case being handled, or a second form of one achievement without the office's
    # reason: left out and listed, the others proposed
    forms = one_achievement.forms_in_force(
        compile_settings(round_.settings_used), round_.received_on
    )
    already: dict[int, int] = {}  # row → the live proposal it is left out for
    named: dict[int, list[int]] = {}  # row → the proposals of another form its reason names
    left_out = one_achievement.not_proposable(
        candidates, year=round_.year, forms=forms, found=already, named=named
    )
    rows = [r for r in candidates if r.pk not in left_out]
    people = {r.person_id for r in rows if r.person_id}
    persons = Person.objects.in_bulk(people)
    note = (
        _(
            "Judged in the %(year)s commendation round under the agency's settings in force "
            "from %(date)s"
        )
        % {"year": round_.year, "date": f"{round_.settings_from:%d/%m/%Y}"}
        if round_.settings_from
        else _("Judged in the %(year)s commendation round under the law's defaults")
        % {"year": round_.year}
    )
    items: list[dict[str, Any]] = [
        {
            "code": r.code,
            "person": persons.get(r.person_id) if r.person_id else None,
            "unit": None if r.person_id else r.unit,
            "verdict": {
                **r.verdict,
                "received_on": round_.received_on.isoformat(),
                "settings_note": note,
            },
            "override_reason": r.override_reason,
        }
        for r in rows
    ]
    created = proposals_create_from_verdicts(
        actor=actor, year=round_.year, received_on=round_.received_on, items=items
    )
    by_key = {(p.code, p.person_id, None if p.person_id else p.unit_id): p for p in created}
    for row in rows:
        proposal = by_key.get((row.code, row.person_id, None if row.person_id else row.unit_id))
        if proposal is not None:
            row.proposal = proposal
    # in batches: one UPDATE of 100,000 rows is a CASE of 100,000 branches per row (minutes)
    RoundVerdict.objects.bulk_update(rows, ["proposal"], batch_size=PROPOSAL_LINK_BATCH)
    result = _step(round_, RoundStep.PROPOSALS)
    made = RoundVerdict.objects.filter(round=round_, proposal__isnull=False)
    result.status = RoundStepStatus.COMPUTED
    result.counts = {
        "proposals": made.count(),
        "overridden": made.exclude(override_reason="").count(),
        "not_proposed": len(left_out),
    }
    left = one_achievement.left_out_words(candidates, left_out, already, named)
    result.details = {"not_proposed": left[: computing.LISTED]}
    result.computed_at = timezone.now()
    result.save(update_fields=["status", "counts", "details", "computed_at"])
    return created
