"""The yearly commendation round on PostgreSQL at ministry scale: a synthetic agency of
100,000 people in ≈ 2,000 units (the ministry → 40 departments → 49 sections each), six
years of history (2020–2025: ratings mostly final, a few drafts; titles, forms,
initiatives, discipline, pending cases; from `bench.eligibility_engine.synthesise`), unit
ratings and collective titles, emulation clusters with movements whose results are
published (so clusters have leaders), unit goals for the year, a Party body per unit with
its rating — built with COPY and bulk inserts, then `VACUUM ANALYZE`.

Then the whole 2025 round is timed: every computed step (a. ratings … f. chains) computed,
stored and confirmed, in order.

- `--mode job` (default): ONE background job through `thidua.core.jobs.job_run` (a Job row,
  its status, progress and heartbeat), whose work is `round_run_through`: every step's
  `round_step_compute`, `round_step_store`, `round_step_confirm` in this process, step c's
  people as judged kept for step f.
- `--mode steps`: each step queued by `round_step_run` as the web page does, the jobs mode
  set to "inline" so the real Celery task (`thidua.awards.tasks.round_step_run` →
  `round_step_job`) runs at once, then `round_step_confirm`: six jobs, as the office runs it.

Afterwards it prints two md5 sums of what the round stored (`DIGEST_SQL`): equal sums from
two versions of the code, identical verdicts.

.venv/bin/python -m bench.round --people 100000 --seed 2025            # build and time
.venv/bin/python -m bench.round --reuse [--mode steps] [--profile F]    # time again

Peak memory: `ru_maxrss` of this process (and of forked children, if any). With --reuse
the process did not build the data, so its peak is the round's own.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, datetime
from decimal import Decimal

from bench.common import machine, use_database
from bench.eligibility_review import _copy, load_average, peak_rss_mb, reuse_database

YEAR = 2025
FIRST_YEAR = 2020
RECEIVED_ON = date(2026, 1, 15)
DEPARTMENTS = 40
SECTIONS_PER_DEPARTMENT = 49
CLUSTER_SIZE = 5  # departments per emulation cluster
OFFICE = "bench-office"


def _level(rng: random.Random) -> str:
    return rng.choices(("HTXS", "HTT", "HT", "KHT"), (20, 60, 17, 3))[0]


def build(people: int, seed: int) -> dict[str, int]:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.eligibility_engine import synthesise
    from thidua.awards.models import Award
    from thidua.emulation.models import (
        AnnualRating,
        Criterion,
        CriterionScore,
        Discipline,
        Initiative,
        Movement,
        PendingCase,
        Registration,
        UnitRating,
    )
    from thidua.goals.models import Goal
    from thidua.org.models import (
        PartyBodyRating,
        PartyOrganization,
        Person,
        Unit,
        UnitGroup,
        UnitGroupMembership,
    )
    from thidua.org.services import tree_rebuild_paths

    rng = random.Random(seed)
    since = date(2015, 1, 1)
    with transaction.atomic():
        # ---- the unit tree: ministry → departments → sections
        root = Unit.objects.create(code="BO", name="Bộ tổng hợp", kind="ministry", valid_from=since)
        departments = Unit.objects.bulk_create(
            Unit(
                code=f"C{d:02d}",
                name=f"Cục {d:02d}",
                kind="department",
                parent=root,
                sort_order=d,
                valid_from=since,
            )
            for d in range(DEPARTMENTS)
        )
        sections = Unit.objects.bulk_create(
            Unit(
                code=f"C{d:02d}-P{s:02d}",
                name=f"Phòng {s:02d} Cục {d:02d}",
                kind="section",
                parent=department,
                sort_order=s,
                valid_from=since,
            )
            for d, department in enumerate(departments)
            for s in range(SECTIONS_PER_DEPARTMENT)
        )
        tree_rebuild_paths(model=Unit)
        department_of = {u.pk: u.parent_id for u in sections}
        # people: ~2 % directly in their department (its leadership), the rest in sections
        person_units = [
            departments[rng.randrange(DEPARTMENTS)].pk
            if rng.random() < 0.02
            else sections[rng.randrange(len(sections))].pk
            for _ in range(people)
        ]
        _copy(
            Person,
            (
                {
                    "id": n,
                    "employee_code": f"B{n:07d}",
                    "full_name": f"Cán bộ {n}",
                    "category": "cong_chuc",
                    "unit_id": person_units[n - 1],
                }
                for n in range(1, people + 1)
            ),
            with_id=True,
        )
        # ---- individual histories
        ratings, awards, works, disciplines, pending = [], [], [], [], []
        moved = drafts = 0
        for pid in range(1, people + 1):
            history = synthesise(rng)
            unit_id = person_units[pid - 1]
            for entry in history["years"]:
                y = entry["year"]
                status = "published"
                rated_in = unit_id
                if y == YEAR:
                    draw = rng.random()
                    if draw < 0.03:  # not yet final: missing from the round
                        status, drafts = "draft", drafts + 1
                    elif draw < 0.5:
                        status = "approved"
                    if rng.random() < 0.005:  # moved since: rated where they were
                        rated_in = sections[rng.randrange(len(sections))].pk
                        moved += 1
                ratings.append(
                    {
                        "person_id": pid,
                        "year": y,
                        "unit_id": rated_in,
                        "rule_version": "bench",
                        "level": entry["rating"],
                        "score": Decimal(rng.randint(600, 1000)) / 10,
                        "status": status,
                    }
                )
                for code in entry.get("titles", ()):
                    awards.append((pid, None, code, y, "cong_trang"))
                for key, kind in (("initiatives", "initiative"), ("research", "research")):
                    for work in entry.get(key, ()):
                        works.append((pid, y, work["scope"], kind, work["title"]))
                if entry.get("discipline"):
                    d = entry["discipline"]
                    disciplines.append(
                        {
                            "person_id": pid,
                            "form": d["form"],
                            "decided_on": date.fromisoformat(d["from"]),
                            "valid_from": date.fromisoformat(d["from"]),
                            "valid_to": date.fromisoformat(d["to"]),
                        }
                    )
            for award in history["awards"]:
                awards.append((pid, None, award["form"], award["year"], award["kind"]))
            if history["pending_case"]:
                pending.append(
                    {"person_id": pid, "kind": "complaint", "opened_on": date(2025, 10, 1)}
                )
        # ---- unit ratings and collective titles (2020–2025)
        unit_ratings = []
        for unit in [*departments, *sections]:
            for y in range(FIRST_YEAR, YEAR + 1):
                level = _level(rng)
                total = rng.randint(20, 45)
                done = total if level in ("HTXS", "HTT") else total - rng.randint(1, 5)
                final = y != YEAR or rng.random() > 0.02
                unit_ratings.append(
                    {
                        "unit_id": unit.pk,
                        "year": y,
                        "score": Decimal(rng.randint(600, 1000)) / 10,
                        "tasks_total": total,
                        "tasks_done": done,
                        "tasks_on_time": done - rng.randint(0, min(3, done)),
                        "tasks_exceeding": rng.randint(0, 8) if level == "HTXS" else 0,
                        "outstanding": level == "HTXS",
                        "level": level,
                        "status": "published" if final else "draft",
                    }
                )
                if y < YEAR and level in ("HTXS", "HTT") and rng.random() < 0.7:
                    code = "TLDXS" if level == "HTXS" and rng.random() < 0.4 else "TLDTT"
                    awards.append((None, unit.pk, code, y, "cong_trang"))
        _copy(AnnualRating, ratings)
        _copy(UnitRating, unit_ratings)
        _copy(
            Award,
            (
                {
                    "person_id": pid,
                    "unit_id": uid,
                    "code": code,
                    "kind": kind,
                    "year": y,
                    "decision_number": f"{n}/QĐ-BENCH",
                    "decision_date": date(y + 1, 1, 20),
                    "issuer": "Bộ trưởng",
                    "imported": True,
                }
                for n, (pid, uid, code, y, kind) in enumerate(awards, start=1)
            ),
        )
        _copy(
            Initiative,
            (
                {"id": n, "kind": kind, "title": title, "scope": scope, "year": y}
                for n, (_pid, y, scope, kind, title) in enumerate(works, start=1)
            ),
            with_id=True,
        )
        _copy(
            Initiative.authors.through,
            (
                {"initiative_id": n, "person_id": pid}
                for n, (pid, *_rest) in enumerate(works, start=1)
            ),
        )
        _copy(Discipline, disciplines)
        _copy(PendingCase, pending)

        # ---- emulation clusters, movements with published results, registrations, scores
        clusters = []
        for c in range(0, DEPARTMENTS, CLUSTER_SIZE):
            members = departments[c : c + CLUSTER_SIZE]
            cluster = UnitGroup.objects.create(
                kind="emulation_cluster",
                name=f"Cụm thi đua số {c // CLUSTER_SIZE + 1}",
                valid_from=date(2020, 1, 1),
                leader_unit=members[0],
            )
            UnitGroupMembership.objects.bulk_create(
                UnitGroupMembership(group=cluster, unit=u, valid_from=date(2020, 1, 1))
                for u in members
            )
            clusters.append((cluster, members))
        movements = 0
        for y, name in (
            (2024, "Phong trào thi đua năm 2024"),
            (2025, "Phong trào thi đua năm 2025"),
            (2025, "Thi đua chuyên đề chuyển đổi số 2025"),
        ):
            movement = Movement.objects.create(
                name=name,
                kind="regular",
                period_start=date(y, 1, 1),
                period_end=date(y, 12, 31),
                objectives="Hoàn thành vượt mức các chỉ tiêu được giao.",
                launched_by=root,
                status="closed",
                results_published_at=timezone.make_aware(datetime(y, 12, 28, 9)),
            )
            movement.clusters.set([c for c, _m in clusters])
            criteria = Criterion.objects.bulk_create(
                Criterion(
                    movement=movement,
                    name=f"Tiêu chí {i + 1}",
                    weight=Decimal(w),
                    max_points=Decimal(m),
                    source="manual",
                    order=i,
                )
                for i, (w, m) in enumerate(((5, 50), (3, 30), (2, 20)))
            )
            registrations = Registration.objects.bulk_create(
                Registration(
                    movement=movement,
                    unit=unit,
                    cluster=cluster,
                    commitments=f"{unit.name} cam kết hoàn thành vượt mức chỉ tiêu năm {y}.",
                )
                for cluster, members in clusters
                for unit in members
            )
            leaders = {cluster.leader_unit_id for cluster, _m in clusters}
            CriterionScore.objects.bulk_create(
                CriterionScore(
                    registration=r,
                    criterion=c,
                    source="manual",
                    points=(
                        c.max_points
                        * Decimal(
                            rng.uniform(0.94, 1.0)
                            if r.unit_id in leaders
                            else rng.uniform(0.6, 0.9)
                        )
                    ).quantize(Decimal("0.01")),
                )
                for r in registrations
                for c in criteria
            )
            movements += 1
        # ---- unit goals ending in the year (the cluster leaders reach theirs)
        leaders = {cluster.leader_unit_id for cluster, _m in clusters}
        Goal.objects.bulk_create(
            Goal(
                title=f"Mục tiêu {g + 1} năm {YEAR} của {unit.name}",
                owner_unit=unit,
                scope_unit=unit,
                period_kind="year",
                period_start=date(YEAR, 1, 1),
                period_end=date(YEAR, 12, 31),
                status="active",
                progress=Decimal("1.05")
                if unit.pk in leaders
                else Decimal(str(round(rng.uniform(0.7, 1.2), 2))),
            )
            for unit in departments
            for g in range(2)
        )
        tree_rebuild_paths(model=Goal)
        # the leaders rated HTXS with tasks beyond requirements (their Cờ can be eligible)
        UnitRating.objects.filter(unit_id__in=leaders, year=YEAR).update(
            level="HTXS", status="published", tasks_done=40, tasks_total=40, tasks_exceeding=6
        )
        # ---- Party bodies: a committee for the ministry, one per department, a cell per
        # section; each rated for the year (a few not yet)
        top = PartyOrganization.objects.create(
            code="DB-BO", name="Đảng bộ Bộ", kind="committee", unit=root, valid_from=since
        )
        committees = PartyOrganization.objects.bulk_create(
            PartyOrganization(
                code=f"DB-{u.code}",
                name=f"Đảng bộ {u.name}",
                kind="grassroots",
                parent=top,
                unit=u,
                valid_from=since,
            )
            for u in departments
        )
        committee_of = {c.unit_id: c for c in committees}
        cells = PartyOrganization.objects.bulk_create(
            PartyOrganization(
                code=f"CB-{u.code}",
                name=f"Chi bộ {u.name}",
                kind="cell",
                parent=committee_of[department_of[u.pk]],
                unit=u,
                valid_from=since,
            )
            for u in sections
        )
        tree_rebuild_paths(model=PartyOrganization)
        bodies = [top, *committees, *cells]
        PartyBodyRating.objects.bulk_create(
            PartyBodyRating(
                body=b,
                year=YEAR,
                level="HTXS"
                if b.unit_id in leaders
                else rng.choices(("HTXS", "HTT", "HT"), (30, 60, 10))[0],
                decided_on=date(YEAR, 12, 26),
                decision=f"Xếp loại chất lượng tổ chức đảng năm {YEAR}",
            )
            for b in bodies
            if b.unit_id in leaders or rng.random() > 0.01
        )
        user = get_user_model().objects.create_superuser(OFFICE, password="x")
        del user
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {
        "units": 1 + len(departments) + len(sections),
        "people": people,
        "ratings": len(ratings),
        "drafts_2025": drafts,
        "moved": moved,
        "unit_ratings": len(unit_ratings),
        "awards": len(awards),
        "initiatives": len(works),
        "disciplines": len(disciplines),
        "pending": len(pending),
        "clusters": len(clusters),
        "movements": movements,
        "party_bodies": len(bodies),
    }


def _reset_round() -> None:
    """Forget a round of the year stored by an earlier run (not timed)."""
    from django.db import connection

    from thidua.awards.models import CommendationRound, Proposal

    Proposal.objects.filter(year=YEAR).delete()  # step g's, from an earlier run
    CommendationRound.objects.filter(year=YEAR).delete()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE awards_roundverdict")


DIGEST_SQL = """
SELECT count(*), md5(string_agg(concat_ws('|', v.step, v.code, v.person_id, v.unit_id,
    v.eligible, v.capped, v.kept, v.verdict::text, v.override_reason),
    E'\\n' ORDER BY v.step, v.code, v.person_id, v.unit_id))
FROM awards_roundverdict v JOIN awards_commendationround r ON r.id = v.round_id
WHERE r.year = %(year)s
UNION ALL
SELECT count(*), md5(string_agg(concat_ws('|', s.step, s.status, s.counts::text,
    s.details::text), E'\\n' ORDER BY s.step))
FROM awards_roundstepresult s JOIN awards_commendationround r ON r.id = s.round_id
WHERE r.year = %(year)s
"""


def digest() -> str:
    """What the round stored, as two md5 sums (every verdict row but its id; every step's
    status, counts and lists): equal sums, identical verdicts. The same SQL run by psql
    checks a round stored by another version of the code."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(DIGEST_SQL, {"year": YEAR})
        (verdicts, v_sum), (steps, s_sum) = cursor.fetchall()
    return f"verdicts {verdicts:,} md5 {v_sum}; steps {steps} md5 {s_sum}"


PROPOSALS = "proposals"  # step g (RoundStep.PROPOSALS)


def _run_round(actor, timings: dict[str, dict[str, float]], mode: str):
    """The whole round; returns the stored round. `timings[step]` gets each phase's seconds."""
    from django.conf import settings

    from thidua.awards.services import round as services
    from thidua.core.jobs import job_run
    from thidua.core.models import Job

    round_ = services.round_start(actor=actor, year=YEAR, received_on=RECEIVED_ON)

    def phase(step: str, name: str, fn):
        start = time.perf_counter()
        result = fn()
        timings.setdefault(step, {})[name] = time.perf_counter() - start
        return result

    if mode == "job":

        def work(job, progress):
            services.round_run_through(
                actor=actor, round_=round_, progress=progress, phase=phase, incomplete_ok=True
            )
            # step g: every kept verdict made a proposal, as "Lập đề nghị" for all does
            phase(PROPOSALS, "store", lambda: services.round_propose(actor=actor, round_=round_))
            return {"ok": True}

        job = Job.objects.create(
            kind="bench.round", params={"year": YEAR}, task_name="bench.round", created_by=actor
        )
        job = job_run(job_id=job.pk, work=work)
        if job.status != "succeeded":
            raise SystemExit(f"the round's job ended {job.status}: {job.error}")
    else:
        settings.THIDUA_JOBS_MODE = "inline"
        for step in services.COMPUTED_STEPS:
            job = phase(
                step,
                "job",
                lambda s=step: services.round_step_run(actor=actor, round_=round_, step=s),
            )
            job.refresh_from_db()
            if job.status != "succeeded":
                raise SystemExit(f"step {step}: job {job.status}: {job.error} {job.result}")
            round_.refresh_from_db()
            phase(
                step,
                "confirm",
                lambda s=step: services.round_step_confirm(
                    actor=actor, round_=round_, step=s, incomplete_ok=True
                ),
            )
        phase(PROPOSALS, "job", lambda: services.round_propose(actor=actor, round_=round_))
    return round_


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--database", default="bench_round")
    parser.add_argument("--reuse", action="store_true", help="Time again on data built before.")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--mode", choices=("job", "steps"), default="job")
    parser.add_argument("--profile", help="Write a cProfile of the round to this file.")
    args = parser.parse_args()

    counts = None
    if args.reuse:
        reuse_database(args.database)
    else:
        use_database("postgres", args.database)
        start = time.perf_counter()
        counts = build(args.people, args.seed)
        print(f"built in {time.perf_counter() - start:.1f} s: {counts}", flush=True)
        if args.build_only:
            return

    from django.contrib.auth import get_user_model

    from thidua.awards.models import RoundVerdict
    from thidua.awards.services import round as services
    from thidua.org.models import Person, Unit

    _reset_round()
    actor = get_user_model().objects.get(username=OFFICE)
    people = Person.objects.filter(is_active=True).count()
    units = Unit.objects.count()
    rss_before, _ = peak_rss_mb()
    load_before = load_average()
    timings: dict[str, dict[str, float]] = {}
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    start = time.perf_counter()
    round_ = _run_round(actor, timings, args.mode)
    total = time.perf_counter() - start
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    rss, child_rss = peak_rss_mb()
    load_after = load_average()

    print(machine())
    print(
        "command: .venv/bin/python -m bench.round "
        + ("--reuse " if args.reuse else f"--people {args.people} --seed {args.seed} ")
        + f"--database {args.database}"
        + f" --mode {args.mode}"
        + (f" --profile {args.profile}" if args.profile else "")
    )
    if counts:
        print("data: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    print(f"{people:,} active people, {units:,} units; load average before {load_before}")
    phases = ("compute", "store", "confirm") if args.mode == "job" else ("job", "confirm")
    print("| step | " + " | ".join(phases) + " | step s | counts |")
    for step in (*services.COMPUTED_STEPS, PROPOSALS):
        result = round_.steps.get(step=step)
        t = timings[step]
        print(
            f"| {step} | "
            + " | ".join(f"{t.get(p, 0):.2f}" for p in phases)
            + f" | {sum(t.values()):.2f} | {result.counts} |"
        )
    verdicts = RoundVerdict.objects.filter(round=round_).count()
    proposals = RoundVerdict.objects.filter(round=round_, proposal__isnull=False).count()
    print(
        f"whole round ({args.mode}, steps a–g): {total:.2f} s — goal ≤ 30 s: "
        f"{'met' if total <= 30 else 'NOT met'}; {verdicts:,} verdicts stored, "
        f"{proposals:,} proposals made from them"
    )
    print(
        f"peak RSS: {rss:,.0f} MB this process (before the round {rss_before:,.0f} MB), "
        f"{child_rss:,.0f} MB largest child; load average after {load_after}"
    )
    print(f"stored: {digest()}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
