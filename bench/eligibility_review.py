"""The yearly eligibility review on PostgreSQL: a synthetic 100,000-person agency with six
years of history (ratings, titles, forms, initiatives, research, discipline, pending cases),
then `yearly_review` (history rows fetched in six queries; the people split across the CPUs,
each part assembling its histories and running `evaluate()` over each) against
`yearly_review_orm_loop` (one set of queries per person), the loop timed on 2,000 people
spread evenly over the ids and extrapolated (CLARIFICATIONS, "Eligibility at scale"). The
loop's verdicts are compared with both the full review's rows for those people and a
set-based review of the sample alone.

.venv/bin/python -m bench.eligibility_review --people 100000 --sample 2000 --seed 2025

--build-only builds the agency and stops; --reuse measures on an agency built before (same
--database), in a process that did not build it, so the peak memory reported is the
review's own (the build holds every synthetic row in memory).
"""

import argparse
import json
import os
import random
import resource
import time
from collections import Counter
from datetime import date

from bench.common import machine, use_database

YEAR = 2025
RECEIVED_ON = date(2026, 1, 15)
UNITS = 200


def _copy(model, rows, *, with_id: bool = False) -> int:
    """COPY plain rows (dicts by attname) into the model's table, filling the defaults."""
    from django.db import connection
    from django.db.models import DateTimeField, JSONField
    from django.utils import timezone

    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if with_id or not f.primary_key]
    defaults = {}
    for f in fields:
        if isinstance(f, DateTimeField) and (f.auto_now or f.auto_now_add):
            defaults[f.attname] = now
        else:
            defaults[f.attname] = f.get_default()
    json_fields = {f.attname for f in fields if isinstance(f, JSONField)}
    columns = ", ".join(f'"{f.column}"' for f in fields)
    names = [f.attname for f in fields]
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy:
            for row in rows:
                values = []
                for name in names:
                    value = row.get(name, defaults[name])
                    values.append(json.dumps(value) if name in json_fields else value)
                copy.write_row(values)
                count += 1
    if with_id:
        with connection.cursor() as cursor:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'(SELECT MAX(id) FROM "{table}"))'
            )
    return count


def build(people: int, seed: int) -> dict[str, int]:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from bench.eligibility_engine import synthesise
    from thidua.awards.models import Award
    from thidua.emulation.models import (
        AnnualRating,
        Discipline,
        Initiative,
        PendingCase,
    )
    from thidua.org.models import Person, Unit
    from thidua.org.services import tree_set_path

    rng = random.Random(seed)
    with transaction.atomic():
        root = Unit.objects.create(
            code="BO", name="Bộ tổng hợp", kind="ministry", valid_from=date(2015, 1, 1)
        )
        tree_set_path(node=root)
        units = []
        for i in range(UNITS):
            unit = Unit.objects.create(
                code=f"U{i:04d}",
                name=f"Đơn vị {i}",
                kind="department",
                parent=root,
                valid_from=date(2015, 1, 1),
            )
            tree_set_path(node=unit)
            units.append(unit.pk)
        person_units = [units[i % UNITS] for i in range(people)]
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
        ratings, awards, works, disciplines, pending = [], [], [], [], []
        for pid in range(1, people + 1):
            history = synthesise(rng)
            unit_id = person_units[pid - 1]
            for entry in history["years"]:
                y = entry["year"]
                ratings.append(
                    {
                        "person_id": pid,
                        "year": y,
                        "unit_id": unit_id,
                        "rule_version": "bench",
                        "level": entry["rating"],
                        "status": "published",
                    }
                )
                for code in entry.get("titles", ()):
                    awards.append((pid, code, y, "cong_trang"))
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
                awards.append((pid, award["form"], award["year"], award["kind"]))
            if history["pending_case"]:
                pending.append(
                    {"person_id": pid, "kind": "complaint", "opened_on": date(2025, 10, 1)}
                )
        _copy(AnnualRating, ratings)
        _copy(
            Award,
            (
                {
                    "person_id": pid,
                    "code": code,
                    "kind": kind,
                    "year": y,
                    "decision_number": f"{n}/QĐ-BENCH",
                    "decision_date": date(y + 1, 1, 20),
                    "issuer": "Bộ trưởng",
                    "imported": True,
                }
                for n, (pid, code, y, kind) in enumerate(awards, start=1)
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
        get_user_model().objects.create_superuser("bench-office", password="x")
    from django.db import connection

    # as after any bulk load (and as a year-old registry is): hint bits and visibility map
    # set, statistics fresh, so autovacuum does not start on the new rows mid-measurement
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {
        "people": people,
        "ratings": len(ratings),
        "awards": len(awards),
        "initiatives": len(works),
        "disciplines": len(disciplines),
        "pending": len(pending),
    }


def reuse_database(name: str) -> str:
    """Point Django at an existing PostgreSQL database built by an earlier run (no drop)."""
    from bench.common import PG_ADMIN_URL

    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ["DJANGO_DEBUG"] = "false"
    import django

    django.setup()
    return url


def peak_rss_mb() -> tuple[float, float]:
    """Peak resident memory (MB) of this process and of its largest finished child (the
    review's forked part)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, child


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def yearly_review_orm_loop(*, year: int, received_on: date, viewer, person_ids) -> list:
    """The same review with one set of queries per person (`person_history`, the one-at-a-time
    build): what the set-based review is timed against; never used by a page."""
    from thidua.awards.eligibility import compile_settings, evaluate_many
    from thidua.awards.history import person_history
    from thidua.awards.rules import require_office
    from thidua.awards.selectors.registry import _review_rows_of
    from thidua.org.models import Person

    require_office(viewer)
    people = Person.objects.filter(pk__in=list(person_ids)).order_by("pk")
    histories = [(p.pk, person_history(person=p, year=year, on=received_on)) for p in people]
    outcomes = evaluate_many(
        [h for _pk, h in histories],
        year=year,
        received_on=received_on,
        settings=compile_settings(None),
    )
    return _review_rows_of([(pk, h["name"]) for pk, h in histories], outcomes)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--database", default="thidua_bench_review")
    parser.add_argument("--build-only", action="store_true", help="Build the agency and stop.")
    parser.add_argument("--reuse", action="store_true", help="Measure on an agency built before.")
    parser.add_argument("--no-single", action="store_true", help="Skip the review in one process.")
    args = parser.parse_args()

    if args.reuse:
        reuse_database(args.database)
        counts, build_s = None, 0.0
        from thidua.org.models import Person

        args.people = Person.objects.count()
    else:
        use_database("postgres", args.database)
        start = time.perf_counter()
        counts = build(args.people, args.seed)
        build_s = time.perf_counter() - start
        print(f"built in {build_s:.1f} s: {counts}", flush=True)
        if args.build_only:
            return
    before_rss, _ = peak_rss_mb()
    load_before = load_average()

    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries

    from thidua.awards.eligibility import split
    from thidua.awards.selectors.registry import _processes, yearly_review

    viewer = get_user_model().objects.get(username="bench-office")
    step = max(1, args.people // max(1, args.sample))
    sample = list(range(1, args.people + 1, step))[: args.sample]
    parts = len(split(range(args.people), _processes()))

    start, cpu = time.perf_counter(), os.times()
    rows = yearly_review(year=YEAR, received_on=RECEIVED_ON, viewer=viewer)
    set_s, cpu_after = time.perf_counter() - start, os.times()
    # CPU seconds of this process and of its forked part: on a shared machine the wall-clock
    # time says how busy the others were; on an idle one it is about the larger of the two
    own_cpu = cpu_after.user + cpu_after.system - cpu.user - cpu.system
    child_cpu = (
        cpu_after.children_user
        + cpu_after.children_system
        - cpu.children_user
        - cpu.children_system
    )
    review_rss, review_child_rss = peak_rss_mb()
    load_after = load_average()
    print(f"yearly_review: {set_s:.2f} s, peak RSS {review_rss:,.0f} MB", flush=True)

    one_s = float("nan")
    if not args.no_single:
        start = time.perf_counter()
        one = yearly_review(year=YEAR, received_on=RECEIVED_ON, viewer=viewer, processes=1)
        one_s = time.perf_counter() - start
        del one

    start = time.perf_counter()
    slow = yearly_review_orm_loop(
        year=YEAR, received_on=RECEIVED_ON, viewer=viewer, person_ids=sample
    )
    loop_sample_s = time.perf_counter() - start
    loop_s = loop_sample_s * args.people / len(sample)

    fast_sample = yearly_review(
        year=YEAR, received_on=RECEIVED_ON, viewer=viewer, person_ids=sample
    )
    wanted = set(sample)
    identical = fast_sample == slow and [r for r in rows if r.person_id in wanted] == slow

    connection.force_debug_cursor = True
    reset_queries()
    yearly_review(year=YEAR, received_on=RECEIVED_ON, viewer=viewer, person_ids=sample[:50])
    queries = len(connection.queries)
    connection.force_debug_cursor = False

    eligible = Counter(code for row in rows for code in row.eligible)
    print(machine())
    print(
        "command: .venv/bin/python -m bench.eligibility_review "
        f"--people {args.people} --sample {args.sample} --seed {args.seed} "
        f"--database {args.database}"
        + (" --reuse" if args.reuse else "")
        + (" --no-single" if args.no_single else "")
    )
    if counts is not None:
        print(
            f"built {counts['people']:,} people, {counts['ratings']:,} ratings, "
            f"{counts['awards']:,} awards, {counts['initiatives']:,} initiatives, "
            f"{counts['disciplines']:,} disciplines, {counts['pending']:,} pending cases "
            f"on PostgreSQL in {build_s:.1f} s"
        )
    else:
        print(f"reused database {args.database}")
    print(
        f"yearly_review (set-based, {parts} process{'es' if parts > 1 else ''}), "
        f"{len(rows):,} people: {set_s:.2f} s (in one process: {one_s:.2f} s); CPU time "
        f"{own_cpu:.1f} s here, {child_cpu:.1f} s in its forked part"
    )
    print(
        f"peak RSS: before the review {before_rss:,.0f} MB; after it {review_rss:,.0f} MB "
        f"(this process), {review_child_rss:,.0f} MB (its forked part); "
        f"load average before {load_before}, after {load_after}"
    )
    print(
        f"yearly_review_orm_loop, {len(sample):,} people: {loop_sample_s:.2f} s "
        f"→ extrapolated to {args.people:,}: {loop_s:.0f} s"
    )
    goal = (
        "goal at 1,000,000 people × 6 years (issue 11): ≤ 60 s — "
        + ("met" if set_s <= 60 else "NOT met")
        if args.people >= 1_000_000
        else "goal ≤ 10 s and ≥ 20×"
    )
    print(f"speed-up: {loop_s / set_s:.0f}×; {goal}")
    print(
        f"same verdicts on the sample (full review and sample-only review): {identical}; "
        f"queries for the set-based load: {queries}"
    )
    print("eligible: " + ", ".join(f"{c} {n:,}" for c, n in sorted(eligible.items())))


if __name__ == "__main__":
    main()
