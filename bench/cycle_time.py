"""The dashboard's cycle-time panel at ministry scale, on PostgreSQL (issue 13, point 5).

    .venv/bin/python -m bench.cycle_time [--people 10000] [--checkins 1000000] [--tasks 200000]
    .venv/bin/python -m bench.cycle_time --reuse [--database thidua_bench_goals]

Builds what bench.goals_pages builds (10,000 people, ≈100,000 goals and key results,
≈1,000,000 check-ins), adds tasks created through 2025 (most done a few days later, COPY),
times the nightly summary (goals.cycle_time.refresh_summary), then the cycle-time panel alone
and the whole ministry dashboard for the minister (stored figures) and a Cục head (computed
live over the Cục), next to the bare SQL the page runs. Goal: the dashboard's p95 ≤ 100 ms.
"""

import argparse
import io
import os
import random
import time
from datetime import timedelta

from .common import machine, timed, use_database
from .goals_pages import TODAY, YEAR, build


def add_tasks(count: int) -> dict:
    from django.db import connection

    from thidua.org.models import Person

    rng = random.Random(13)
    people = list(Person.objects.values_list("pk", flat=True))
    start = time.perf_counter()
    buffer = io.StringIO()
    first = TODAY.replace(month=1, day=1)
    span = (TODAY - first).days
    for n in range(count):
        created = first + timedelta(days=rng.randrange(span))
        days = min(int(rng.lognormvariate(1.5, 0.9)), 120)
        done = created + timedelta(days=days)
        if done <= TODAY and rng.random() < 0.8:
            status, done_on = "done", done.isoformat()
        else:
            status, done_on = rng.choice(["todo", "doing"]), r"\N"
        buffer.write(
            f"{rng.choice(people)}\tViệc {n}\t{status}\t{done_on}\t"
            f"{created} 09:00:00+07\t{created} 09:00:00+07\n"
        )
    buffer.seek(0)
    copy_sql = (
        "COPY goals_task (owner_id, title, status, done_on, created_at, updated_at) FROM STDIN"
    )
    with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
        while chunk := buffer.read(1 << 20):
            copy.write(chunk)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE goals_task")
    return {"tasks": count, "tasks s": time.perf_counter() - start}


def measure(repeat: int) -> list[tuple]:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from thidua.goals.cycle_time import cycle_panel

    users = get_user_model().objects
    settings.DEBUG = False
    results = []
    for who, username in (("minister", "botruong"), ("a Cục head", "truongdonvi")):
        user = users.get(username=username)
        panel = timed(lambda u=user: cycle_panel(viewer=u, today=TODAY), repeat=repeat)
        results.append((f"cycle-time panel alone, {who}", panel["p50"], panel["p95"], "", "", ""))
        client = Client()
        client.force_login(user)
        url = "/goals/dashboard/"
        assert client.get(url).status_code == 200
        page = timed(lambda c=client, u=url: c.get(u), repeat=repeat)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        sql = [q["sql"] for q in captured.captured_queries]

        def bare(statements=sql):
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
                    if cursor.description:
                        cursor.fetchall()

        bare_sql = timed(bare, repeat=repeat)
        results.append(
            (
                f"ministry dashboard, {who}",
                page["p50"],
                page["p95"],
                f"{bare_sql['p50']:.1f}",
                f"{bare_sql['p95']:.1f}",
                len(sql),
            )
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--goals-per-person", type=int, default=3)
    parser.add_argument("--checkins", type=int, default=1_000_000)
    parser.add_argument("--tasks", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--reuse", action="store_true", help="measure an already built database")
    parser.add_argument(
        "--database",
        default="thidua_bench_cycle",
        help="the database to build or reuse (thidua_bench_goals: bench.goals_pages' own)",
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
    else:
        use_database("postgres", args.database)
        figures = build(args.people, args.goals_per_person, args.checkins)
    from django.utils import timezone

    timezone.localdate = lambda *a, **k: TODAY  # the data is the year 2025
    from thidua.goals.cycle_time import refresh_summary
    from thidua.goals.models import Task

    if not Task.objects.filter(title__startswith="Việc ").exists():
        figures.update(add_tasks(args.tasks))
    start = time.perf_counter()
    figures["stored figures"] = refresh_summary(today=TODAY)
    figures["nightly summary s"] = time.perf_counter() - start
    print(f"# cycle-time benchmark — PostgreSQL, {YEAR}; machine: {machine()}")
    for key, value in figures.items():
        print(f"# {key}: {value:,.1f}" if isinstance(value, float) else f"# {key}: {value:,}")
    print("| what | p50 ms | p95 ms | bare SQL p50 ms | bare SQL p95 ms | queries |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, p50, p95, s50, s95, n in measure(args.repeat):
        print(f"| {name} | {p50:.1f} | {p95:.1f} | {s50} | {s95} | {n} |")


if __name__ == "__main__":
    main()
