"""Goals pages at ministry scale, on PostgreSQL.

    .venv/bin/python -m bench.goals_pages [--people 10000] [--goals-per-person 3] [--checkins 1000000]
        [--database NAME] [--build-only | --reuse [--refresh-only | --rollups-only | --counts]]

Builds `thidua demo --people 10000`, then personal goals for everyone (≈100,000 goals and key
results together) and ≈1,000,000 check-ins (COPY), refreshes the stored roll-ups (as the
nightly job: progress, risk, daily counts, the goals counted per unit), and times
the ministry dashboard, a Cục's goal tree, a person's home page and "my goals" through the
Django test client (server time, no network), next to the bare SQL those pages run; and the
ministry's giao ban page, whose agenda is prepared from the month's facts (issue 13).
"""

import argparse
import io
import os
import random
import time
from datetime import date, timedelta
from decimal import Decimal

from .common import machine, timed, use_database

YEAR = 2025
TODAY = date(YEAR, 11, 20)


def build(people: int, goals_per_person: int, checkins: int) -> dict:
    from django.db import connection, transaction

    from thidua.goals.demo import demo_goals_load
    from thidua.goals.models import Goal, KeyResult
    from thidua.goals.progress import key_result_progress
    from thidua.org.demo import demo_load
    from thidua.org.models import Person

    figures = {}
    start = time.perf_counter()
    demo_load(people=people, seed=2020)
    demo_goals_load(seed=2020, today=date(YEAR, 12, 31))
    figures["demo s"] = time.perf_counter() - start

    rng = random.Random(7)
    start = time.perf_counter()
    parent_by_unit = dict(
        Goal.objects.filter(owner_unit__isnull=False, period_start__year=YEAR).values_list(
            "owner_unit_id", "id"
        )
    )
    parents = {g.pk: g for g in Goal.objects.filter(pk__in=parent_by_unit.values())}
    goals = []
    for person in Person.objects.only("id", "unit_id").iterator():
        for i in range(goals_per_person):
            quarter = i % 4 + 1
            parent = parents.get(parent_by_unit.get(person.unit_id))
            goals.append(
                Goal(
                    title=f"Mục tiêu quý {quarter}/{YEAR} — {person.pk}",
                    owner_person_id=person.pk,
                    scope_unit_id=person.unit_id,
                    parent=parent,
                    program_id=parent.program_id if parent else None,
                    period_kind="quarter",
                    period_start=date(YEAR, 3 * quarter - 2, 1),
                    period_end=(date(YEAR, 3 * quarter, 28) + timedelta(days=4)).replace(day=1)
                    - timedelta(days=1),
                    status="active",
                )
            )
    with transaction.atomic():
        Goal.objects.bulk_create(goals, batch_size=5000)
        with connection.cursor() as cursor:  # materialised paths for the new rows, in one statement
            cursor.execute(
                "UPDATE goals_goal g SET path = p.path || lpad(g.id::text, 7, '0') || '/', depth = p.depth + 1 "
                "FROM goals_goal p WHERE g.parent_id = p.id AND g.path = ''"
            )
            cursor.execute(
                "UPDATE goals_goal SET path = lpad(id::text, 7, '0') || '/', depth = 0 "
                "WHERE parent_id IS NULL AND path = ''"
            )
        krs = []
        for goal in goals:
            for k in range(rng.choice([2, 2, 3])):
                target = Decimal(rng.choice([10, 20, 50, 100, 240]))
                krs.append(
                    KeyResult(
                        goal=goal,
                        title=f"Kết quả {k + 1}",
                        target=target,
                        baseline=Decimal(0),
                        due_date=goal.period_end,
                    )
                )
        KeyResult.objects.bulk_create(krs, batch_size=5000)
    figures["goals + key results"] = Goal.objects.count() + KeyResult.objects.count()

    per_kr = max(1, checkins // len(krs))
    buffer = io.StringIO()
    rows = 0
    for kr in krs:
        goal = kr.goal
        span = (goal.period_end - goal.period_start).days
        pace = rng.choice([1.05, 0.95, 0.6, 0.4])
        for n in range(1, per_kr + 1):
            day = goal.period_start + timedelta(days=span * n // (per_kr + 1))
            value = (kr.target * Decimal(str(round(pace * n / per_kr, 3)))).quantize(
                Decimal("0.01")
            )
            progress = key_result_progress(
                baseline=kr.baseline,
                target=kr.target,
                value=value,
                direction="up",
                metric_type="number",
            )
            confidence = "on_track" if pace > 0.9 else ("at_risk" if pace > 0.5 else "off_track")
            verified = "2025-12-31 00:00:00+07" if n < per_kr and rng.random() < 0.6 else r"\N"
            buffer.write(
                f"{kr.pk}\t{value}\t{kr.target}\t{progress}\t{confidence}\t\t\t{day}\t{verified}\t"
                f"2025-12-31 00:00:00+07\n"
            )
            rows += 1
    buffer.seek(0)
    copy_sql = (
        "COPY goals_checkin (key_result_id, value, target_then, progress, confidence, comment, evidence, "
        "checked_on, verified_at, created_at) FROM STDIN"
    )
    with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
        while chunk := buffer.read(1 << 20):
            copy.write(chunk)
    figures["check-ins"] = rows
    figures["generate s"] = time.perf_counter() - start
    return refresh(figures)


def refresh(figures: dict) -> dict:
    """The stored roll-ups and statistics, as the nightly jobs leave them."""
    from django.db import connection

    from thidua.goals.cycle_time import refresh_summary
    from thidua.goals.rollups import rollups_refresh
    from thidua.goals.services import (
        checkin_counts_refresh,
        goals_refresh_progress,
        goals_refresh_risk,
        key_results_refresh_from_checkins,
        programs_refresh_progress,
    )

    for name, fn in [
        ("refresh key results s", lambda: key_results_refresh_from_checkins()),
        ("refresh goal roll-up s", lambda: goals_refresh_progress()),
        ("refresh programmes s", lambda: programs_refresh_progress()),
        ("refresh risk s", lambda: goals_refresh_risk(today=TODAY)),
        (
            "daily check-in counts s",
            lambda: checkin_counts_refresh(since=date(YEAR, 1, 1), until=TODAY),
        ),
        # The goals counted per unit, read by the dashboard and the goal tree (nightly).
        ("goal roll-ups per unit s", lambda: rollups_refresh()),
        # The cycle-time figures the minister's dashboard panel reads (nightly); without them
        # the panel computes the ministry's figures live, as before a first night (2cdf985).
        ("cycle-time summary s", lambda: refresh_summary(today=TODAY)),
    ]:
        start = time.perf_counter()
        fn()
        figures[name] = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return figures


def giao_ban_meeting(month: int = 10) -> int:
    """The ministry's giao ban of `month` (held on the 5th of the next), chaired by the
    minister; its agenda is prepared from the month's facts on every request. October: the
    people's quarterly goals (Q1–Q3) have ended, the year's goals are in force; September:
    every person's Q3 goal is in force too (ten thousand goals more to review)."""
    from thidua.meetings.models import BriefingMeeting
    from thidua.meetings.services import meeting_create
    from thidua.org.models import Person, Unit

    root = Unit.objects.get(depth=0, valid_to__isnull=True)
    found = BriefingMeeting.objects.filter(unit=root, year=YEAR, month=month).first()
    if found is not None:
        return found.pk
    chair = Person.objects.get(user__username="botruong")
    meeting = meeting_create(
        actor=chair.user,
        unit=root,
        year=YEAR,
        month=month,
        held_on=date(YEAR, month + 1, 5),
        chair=chair,
    )
    return meeting.pk


def measure(repeat: int) -> list[tuple]:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from thidua.org.models import Unit

    users = get_user_model().objects
    attt = Unit.objects.get(code="ATTT")
    meeting = giao_ban_meeting()
    pages = [
        ("ministry dashboard", "botruong", "/goals/dashboard/"),
        ("a Cục's goal tree (Cục ATTT)", "truongdonvi", f"/goals/units/{attt.pk}/?on={YEAR}-06-30"),
        ("a person's home page", "canbo", "/"),
        ("my goals", "canbo", "/goals/"),
        ("the ministry's giao ban, agenda prepared", "botruong", f"/meetings/{meeting}/"),
        (
            "the same for September (every person's Q3 goal in force)",
            "botruong",
            f"/meetings/{giao_ban_meeting(9)}/",
        ),
    ]
    settings.DEBUG = False
    results = []
    for name, username, url in pages:
        client = Client()
        client.force_login(users.get(username=username))
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        page = timed(lambda c=client, u=url: c.get(u), repeat=repeat)
        # the statements with their parameters: a prepared statement (core.rawrows.hot_cursor,
        # the signed-in user's row) is logged with its placeholders, not its values
        sql: list[tuple[str, object]] = []

        def keep(execute, statement, params, many, context, into=sql):
            into.append((statement, params))
            return execute(statement, params, many, context)

        with connection.execute_wrapper(keep):
            client.get(url)

        def bare(statements=sql):
            with connection.cursor() as cursor:
                for statement, params in statements:
                    if statement.startswith(("FETCH", "CLOSE")):
                        continue  # a server-side cursor's reads: its query runs below
                    if statement.startswith("DECLARE"):  # an .iterator(): run its query
                        statement = statement.split(" FOR ", 1)[1]
                    cursor.execute(statement, params)
                    if cursor.description:
                        cursor.fetchall()

        bare_sql = timed(bare, repeat=repeat)
        results.append((name, page["p50"], page["p95"], bare_sql["p50"], bare_sql["p95"], len(sql)))
    return results


def count_queries(repeat: int) -> list[tuple]:
    """The counting queries of the dashboard and a Cục's tree, over the goals (live) and over
    the stored roll-ups per unit: server-side execution time (EXPLAIN ANALYZE), p50/p95 ms."""
    import re
    import statistics

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from thidua.goals import dashboard, rollups, selectors
    from thidua.goals.programmes import programme_lines
    from thidua.org.models import Unit

    users = get_user_model().objects
    minister, head = users.get(username="botruong"), users.get(username="truongdonvi")
    attt = Unit.objects.get(code="ATTT")
    lines = programme_lines(on=TODAY)
    cases = [
        (
            "dashboard: programme cards",
            lambda stored: dashboard.line_goal_counts(
                viewer=minister, lines=lines, on=TODAY, stored=stored
            ),
        ),
        (
            "dashboard: active goals at risk by unit",
            lambda stored: selectors.at_risk_by_unit(viewer=minister, on=TODAY, stored=stored),
        ),
        (
            "Cục ATTT tree: personal goals under each node",
            lambda stored: selectors.goal_tree(viewer=head, unit=attt, period_on=date(YEAR, 6, 30)),
        ),
    ]

    def statements(fn, stored: bool) -> list[str]:
        kept = rollups.figures_are_stored
        rollups.figures_are_stored = lambda: stored
        try:
            with CaptureQueriesContext(connection) as captured:
                fn(stored)
        finally:
            rollups.figures_are_stored = kept
        return [
            q["sql"] for q in captured.captured_queries if re.search(r"COUNT\(|SUM\(", q["sql"])
        ]

    def server_ms(sql: str) -> list[float]:
        times = []
        with connection.cursor() as cursor:
            for _ in range(repeat):
                cursor.execute("EXPLAIN (ANALYZE, TIMING off) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                times.append(float(re.search(r"Execution Time: ([\d.]+)", plan).group(1)))
        return sorted(times)

    def p50_p95(sqls: list[str]) -> tuple[float, float]:
        runs = [server_ms(sql) for sql in sqls]
        return (
            sum(statistics.median(t) for t in runs),
            sum(t[min(len(t) - 1, int(0.95 * len(t)))] for t in runs),
        )

    return [
        (name, *p50_p95(statements(fn, False)), *p50_p95(statements(fn, True)))
        for name, fn in cases
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--goals-per-person", type=int, default=3)
    parser.add_argument("--checkins", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument(
        "--reuse", action="store_true", help="measure an already built bench database"
    )
    parser.add_argument(
        "--database",
        default="thidua_bench_goals",
        help="PostgreSQL database to build or reuse (e.g. one per scale)",
    )
    parser.add_argument("--build-only", action="store_true", help="build, do not measure")
    parser.add_argument(
        "--refresh-only",
        action="store_true",
        help="with --reuse: only recompute the roll-ups (after migrating) of a database whose "
        "build was cut short or that predates a stored roll-up",
    )
    parser.add_argument(
        "--rollups-only",
        action="store_true",
        help="with --reuse: migrate and rebuild only the goals counted per unit (the "
        "dashboard's and the goal tree's stored roll-ups), then stop",
    )
    parser.add_argument(
        "--counts",
        action="store_true",
        help="with --reuse: time only the counting queries of the dashboard and a Cục's tree, "
        "live and from the stored roll-ups per unit (EXPLAIN ANALYZE), then stop",
    )
    args = parser.parse_args()
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    if args.reuse:
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.database}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        figures = {}
        if args.rollups_only:
            from thidua.goals.rollups import rollups_refresh

            start = time.perf_counter()
            rows = rollups_refresh()
            print(f"# goal roll-ups per unit s: {time.perf_counter() - start:,.1f} {rows}")
            return
        if args.counts:
            from django.utils import timezone

            timezone.localdate = lambda *a, **k: TODAY
            print(f"# counting queries — PostgreSQL; machine: {machine()}")
            print("| query | live p50 ms | live p95 ms | stored p50 ms | stored p95 ms |")
            print("|---|---:|---:|---:|---:|")
            for name, l50, l95, s50, s95 in count_queries(args.repeat):
                print(f"| {name} | {l50:.2f} | {l95:.2f} | {s50:.2f} | {s95:.2f} |")
            return
        if args.refresh_only:
            for key, value in refresh(figures).items():
                print(f"# {key}: {value:,.1f}")
            return
    else:
        use_database("postgres", args.database)
        figures = build(args.people, args.goals_per_person, args.checkins)
        if args.build_only:
            for key, value in figures.items():
                print(
                    f"# {key}: {value:,.1f}" if isinstance(value, float) else f"# {key}: {value:,}"
                )
            return
    # The data is the year 2025; the pages are measured as on a day inside it.
    from django.utils import timezone

    timezone.localdate = lambda *a, **k: TODAY
    print(f"# goals pages benchmark — PostgreSQL; machine: {machine()}")
    for key, value in figures.items():
        print(f"# {key}: {value:,.1f}" if isinstance(value, float) else f"# {key}: {value:,}")
    print("| page | p50 ms | p95 ms | bare SQL p50 ms | bare SQL p95 ms | queries |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, p50, p95, s50, s95, n in measure(args.repeat):
        print(f"| {name} | {p50:.1f} | {p95:.1f} | {s50:.1f} | {s95:.1f} | {n} |")


if __name__ == "__main__":
    main()
