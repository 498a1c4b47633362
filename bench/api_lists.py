"""API list endpoints at 10,000 people, on PostgreSQL (issue 15: "API list endpoints p95 at
10,000 people on PostgreSQL").

    .venv/bin/python -m bench.api_lists [--people 10000] [--repeat 60] [--reuse] [--only NAME]

Builds `thidua demo --people 10000` in its own database (bench_api_lists) and gives one
member (canbo) 400 in-app messages (`long_inbox`), then times the API's lists through
Django's test client (server time: middleware, auth, ninja, pagination, JSON; no network),
signed in by session, each 60 times after one warm-up: the first page (limit 50), the
largest page (limit 200) and a page deep in the list (reached by following `next_cursor`, so
the keyset's cost is seen), with the number of queries of one call. The lists (`lists`):
goals, people, the inbox, movements; Party bodies, a body's members, resolutions, digests,
campaigns, a campaign's acknowledgements, meetings, inspections; emulation ratings (a unit's,
one's own), registrations, a person's records, initiatives; award proposals and the registry
— each the longest of its kind in the demo, read by an account that may see all of it.
"""

import argparse
import os

from .common import machine, timed, use_database

DB_NAME = "bench_api_lists"
INBOX_USER = "canbo"  # the member given a long inbox
INBOX_MESSAGES = 400


def _deep_cursor(client, url: str, base: dict, pages: int) -> tuple[str | None, int]:
    """The deepest cursor within `pages` pages of 200 (following next_cursor) and how many
    items come before it."""
    cursor, seen = None, 0
    for _ in range(pages):
        response = client.get(url, {**base, "limit": 200, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, (url, response.status_code, response.content[:200])
        body = response.json()
        if not body["next_cursor"]:
            break
        seen += len(body["items"])  # the items before the cursor
        cursor = body["next_cursor"]
    return cursor, seen


def long_inbox(*, username: str = INBOX_USER, messages: int = INBOX_MESSAGES) -> str:
    """Give `username`'s person `messages` in-app messages (dispatches of a notice each,
    a third read, a third acknowledged), once: the demo's accounts have one message at
    most, and the inbox is measured with a long history. Returns the username."""
    import secrets
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from thidua.messaging.choices import Channel, DeliveryStatus, DispatchStatus
    from thidua.messaging.models import Delivery, Dispatch

    person = get_user_model().objects.get(username=username).person
    if Dispatch.objects.filter(source_label__startswith="bench.inbox.").exists():
        return username
    now = timezone.now()
    dispatches = Dispatch.objects.bulk_create(
        Dispatch(
            source_label=f"bench.inbox.{n}",
            subject=f"Thông báo số {n}",
            body="Nội dung thông báo.",
            channels=[Channel.IN_APP],
            status=DispatchStatus.DONE,
            started_at=now - timedelta(hours=messages - n),
            finished_at=now - timedelta(hours=messages - n),
        )
        for n in range(messages)
    )
    statuses = (DeliveryStatus.DELIVERED, DeliveryStatus.READ, DeliveryStatus.ACKNOWLEDGED)
    Delivery.objects.bulk_create(
        Delivery(
            dispatch=dispatch,
            person=person,
            channel=Channel.IN_APP,
            status=statuses[n % 3],
            token=secrets.token_urlsafe(24),
            sent_at=dispatch.started_at,
            delivered_at=dispatch.started_at,
            read_at=dispatch.started_at if n % 3 else None,
            acknowledged_at=dispatch.started_at if n % 3 == 2 else None,
        )
        for n, dispatch in enumerate(dispatches)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE messaging_dispatch, messaging_delivery")
    return username


def _most(model, field: str, **filters) -> int:
    """The `field` value with the most rows of `model` (the longest list of its kind)."""
    from django.db.models import Count

    row = (
        model.objects.filter(**filters)
        .values(field)
        .annotate(n=Count("id"))
        .order_by("-n", field)
        .first()
    )
    return row[field] if row else 0


def lists(inbox_username: str) -> list[tuple[str, str, str, dict]]:
    """(name, username, url, params) of every list measured: each with its longest list in
    the demo (the Party body with the most members, the movement with the most
    registrations...), read by an account that may see all of it."""
    from thidua.awards.models import Award
    from thidua.emulation.models import AnnualRating, Registration
    from thidua.org.models import PartyMembership, Unit
    from thidua.party.models import Campaign

    body = _most(PartyMembership, "organization")
    movement = _most(Registration, "movement")
    unit = Unit.objects.filter(parent__isnull=True).values_list("pk", flat=True).first()
    rated = _most(AnnualRating, "person", year=2025)
    awarded = _most(Award, "person", person__isnull=False)
    campaign = Campaign.objects.order_by("pk").values_list("pk", flat=True).first()
    v1, office, party = "/api/v1", "thiduakhenthuong", "vanphongdanguy"
    return [
        ("goals (minister: every goal)", "botruong", f"{v1}/goals/goals", {}),
        ("people (public directory)", "canbo", f"{v1}/org/people", {}),
        ("inbox (long history)", inbox_username, f"{v1}/messaging/inbox", {}),
        ("movements", "canbo", f"{v1}/emulation/movements", {}),
        ("party: bodies", party, f"{v1}/party/bodies", {}),
        ("party: members of the largest body", party, f"{v1}/party/bodies/{body}/members", {}),
        ("party: resolutions", party, f"{v1}/party/resolutions", {}),
        ("party: digests to approve", party, f"{v1}/party/digests/to-approve", {}),
        ("party: campaigns", party, f"{v1}/party/campaigns", {}),
        (
            "party: a campaign's acknowledgements (not paged: one row a cell)",
            party,
            f"{v1}/party/campaigns/{campaign}/acknowledgements",
            {},
        ),
        ("party: meetings", party, f"{v1}/party/meetings", {}),
        ("party: inspections", party, f"{v1}/party/inspections", {}),
        (
            "emulation: ratings of the ministry, 2025",
            office,
            f"{v1}/emulation/units/{unit}/ratings",
            {"year": 2025},
        ),
        ("emulation: my ratings", _username(rated), f"{v1}/emulation/ratings/mine", {}),
        (
            "emulation: registrations",
            office,
            f"{v1}/emulation/movements/{movement}/registrations",
            {},
        ),
        ("emulation: a person's records", office, f"{v1}/emulation/people/{awarded}/records", {}),
        ("emulation: initiatives", office, f"{v1}/emulation/initiatives", {}),
        ("awards: proposals", office, f"{v1}/awards/proposals", {}),
        ("awards: registry", office, f"{v1}/awards/registry", {}),
    ]


def _username(person_id: int) -> str:
    from thidua.org.models import Person

    user = Person.objects.filter(pk=person_id).values_list("user__username", flat=True).first()
    return user or "canbo"


def _items(body) -> list:
    return body if isinstance(body, list) else body["items"]


def _measure_list(client, url: str, base: dict, repeat: int) -> list[tuple]:
    """The variants of one list: first page, limit 200, a deep page when there is one
    (an unpaged list: one call); each (label, items, p50, p95, queries)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = client.get(url, base)
    assert first.status_code == 200, (url, first.status_code, first.content[:200])
    if isinstance(first.json(), list):
        variants = [("whole list", base)]
    else:
        deep, seen = _deep_cursor(client, url, base, pages=10)
        variants = [("first page, limit 50", base), ("limit 200", {**base, "limit": 200})]
        if deep:
            variants.append((f"after {seen:,} items, limit 50", {**base, "cursor": deep}))
    rows = []
    for label, params in variants:
        response = client.get(url, params)
        assert response.status_code == 200, (url, params, response.status_code)
        items = len(_items(response.json()))
        figures = timed(lambda c=client, u=url, p=params: c.get(u, p), repeat=repeat)
        with CaptureQueriesContext(connection) as captured:
            client.get(url, params)
        rows.append((label, items, figures["p50"], figures["p95"], len(captured.captured_queries)))
    return rows


def measure(repeat: int, only: str = "") -> list[tuple]:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    settings.DEBUG = False
    users = get_user_model().objects
    results = []
    for name, username, url, base in lists(long_inbox()):
        if only and only not in name:
            continue
        client = Client()
        client.force_login(users.get(username=username))
        for label, items, p50, p95, queries in _measure_list(client, url, base, repeat):
            results.append((f"{name}: {label}", items, p50, p95, queries))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--reuse", action="store_true", help="measure the built database again")
    parser.add_argument("--only", default="", help="measure the lists whose name contains this")
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
    from thidua.awards.models import Proposal
    from thidua.emulation.models import Initiative
    from thidua.goals.models import Goal
    from thidua.messaging.models import Delivery
    from thidua.org.models import PartyMembership, Person

    print(f"# API lists benchmark — PostgreSQL; machine: {machine()}")
    print(
        f"# people {Person.objects.count():,}, goals {Goal.objects.count():,}, "
        f"deliveries {Delivery.objects.count():,}, Party memberships "
        f"{PartyMembership.objects.count():,}, initiatives {Initiative.objects.count():,}, "
        f"award proposals {Proposal.objects.count():,}"
    )
    for key, value in figures.items():
        print(f"# {key}: {value:,.1f}")
    print("| list | items | p50 ms | p95 ms | queries |")
    print("|---|---:|---:|---:|---:|")
    for name, items, p50, p95, queries in measure(args.repeat, args.only):
        print(f"| {name} | {items} | {p50:.1f} | {p95:.1f} | {queries} |")


if __name__ == "__main__":
    main()
