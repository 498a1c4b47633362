"""API list endpoints at 10,000 people, on PostgreSQL (issue 15: "API list endpoints p95 at
10,000 people on PostgreSQL").

    .venv/bin/python -m bench.api_lists [--people 10000] [--repeat 60] [--reuse]

Builds `thidua demo --people 10000` in its own database (h_api2_bench), then times the paged
API lists through Django's test client (server time: middleware, auth, ninja, pagination,
JSON; no network), signed in by session, each 60 times after one warm-up: the first page
(limit 50), the largest page (limit 200) and a page deep in the list (reached by following
`next_cursor`, so the keyset's cost is seen), with the number of queries of one call.
"""

import argparse
import os

from .common import machine, timed, use_database

DB_NAME = "h_api2_bench"


def _deep_cursor(client, url: str, pages: int) -> tuple[str | None, int]:
    """The deepest cursor within `pages` pages of 200 (following next_cursor) and how many
    items come before it."""
    cursor, seen = None, 0
    for _ in range(pages):
        response = client.get(url, {"limit": 200, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, (url, response.status_code, response.content[:200])
        body = response.json()
        if not body["next_cursor"]:
            break
        seen += len(body["items"])  # the items before the cursor
        cursor = body["next_cursor"]
    return cursor, seen


def measure(repeat: int) -> list[tuple]:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from thidua.messaging.models import Delivery

    settings.DEBUG = False
    users = get_user_model().objects
    # the inbox of the account with the most in-app messages
    inbox_user = (
        Delivery.objects.filter(person__user__isnull=False, channel="in_app")
        .values("person__user")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    inbox_username = users.get(pk=inbox_user["person__user"]).username if inbox_user else "canbo"
    lists = [
        ("goals (minister: every goal)", "botruong", "/api/v1/goals/goals"),
        ("people (public directory)", "canbo", "/api/v1/org/people"),
        ("inbox", inbox_username, "/api/v1/messaging/inbox"),
        ("movements", "canbo", "/api/v1/emulation/movements"),
    ]
    results = []
    for name, username, url in lists:
        client = Client()
        client.force_login(users.get(username=username))
        deep, seen = _deep_cursor(client, url, pages=10)
        variants = [("first page, limit 50", {}), ("limit 200", {"limit": 200})]
        if deep:
            variants.append((f"after {seen:,} items, limit 50", {"cursor": deep}))
        for label, params in variants:
            response = client.get(url, params)
            assert response.status_code == 200, (url, params, response.status_code)
            items = len(response.json()["items"])
            figures = timed(lambda c=client, u=url, p=params: c.get(u, p), repeat=repeat)
            with CaptureQueriesContext(connection) as captured:
                client.get(url, params)
            results.append(
                (
                    f"{name}: {label}",
                    items,
                    figures["p50"],
                    figures["p95"],
                    len(captured.captured_queries),
                )
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--reuse", action="store_true", help="measure the built database again")
    args = parser.parse_args()
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    figures = {}
    if args.reuse:
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
        os.environ["DJANGO_DEBUG"] = "false"
        import django

        django.setup()
    else:
        import time

        use_database("postgres", DB_NAME)
        from django.core.management import call_command
        from django.db import connection

        start = time.perf_counter()
        call_command("demo", people=args.people, verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        figures["demo s"] = time.perf_counter() - start
    from thidua.goals.models import Goal
    from thidua.messaging.models import Delivery
    from thidua.org.models import Person

    print(f"# API lists benchmark — PostgreSQL; machine: {machine()}")
    print(
        f"# people {Person.objects.count():,}, goals {Goal.objects.count():,}, "
        f"deliveries {Delivery.objects.count():,}"
    )
    for key, value in figures.items():
        print(f"# {key}: {value:,.1f}")
    print("| list | items | p50 ms | p95 ms | queries |")
    print("|---|---:|---:|---:|---:|")
    for name, items, p50, p95, queries in measure(args.repeat):
        print(f"| {name} | {items} | {p50:.1f} | {p95:.1f} | {queries} |")


if __name__ == "__main__":
    main()
