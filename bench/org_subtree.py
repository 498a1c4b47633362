"""Subtree queries and the organisation tree at 10,000 people.

.venv/bin/python -m bench.org_subtree --people 10000 --db sqlite
.venv/bin/python -m bench.org_subtree --people 10000 --db postgres
"""

import argparse
import time

from .common import machine, timed, use_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    use_database(args.db, "thidua_bench_org")
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries

    from thidua.org import selectors
    from thidua.org.demo import demo_load
    from thidua.org.models import PartyOrganization, Person, Unit

    start = time.perf_counter()
    demo_load(people=args.people, seed=2020)
    build_s = time.perf_counter() - start

    root = Unit.objects.get(code="BTTTT")
    dept = Unit.objects.get(code="ATTT")
    party_root = PartyOrganization.objects.get(code="DB-BTTTT")
    users = get_user_model().objects
    staff, head, minister = (
        users.get(username="canbo"),
        users.get(username="truongdonvi"),
        users.get(username="botruong"),
    )

    def fresh(user):
        # the viewer's scope is cached per request; drop it so each call pays for it
        for attr in [a for a in vars(user) if a.startswith("_thidua_scope")]:
            delattr(user, attr)
        return user

    cases = {
        "people under the ministry (count)": lambda: selectors.people_in_subtree(unit=root).count(),
        "people under one Cục (ids)": lambda: list(
            selectors.people_in_subtree(unit=dept).values_list("id", flat=True)
        ),
        "Party members under the top committee (count)": lambda: selectors.party_members_in_subtree(
            organization=party_root
        ).count(),
        "whole unit tree with head counts": lambda: selectors.unit_tree(viewer=fresh(staff)),
        "unit head: private list of their subtree": lambda: list(
            selectors.person_private_list(viewer=fresh(head)).values_list("id", flat=True)
        ),
        "minister: private list (everyone)": lambda: selectors.person_private_list(
            viewer=fresh(minister)
        ).count(),
    }
    print(
        f"# org subtree benchmark — {args.db}, {Person.objects.count():,} people, {Unit.objects.count()} units"
    )
    print(f"# machine: {machine()}")
    print(f"# demo build: {build_s:.1f} s")
    print("| query | p50 ms | p95 ms | queries |")
    print("|---|---:|---:|---:|")
    from django.conf import settings

    for name, fn in cases.items():
        figures = timed(fn, repeat=args.repeat)
        settings.DEBUG = True
        reset_queries()
        fn()
        n = len(connection.queries)
        settings.DEBUG = False
        print(f"| {name} | {figures['p50']:.2f} | {figures['p95']:.2f} | {n} |")


if __name__ == "__main__":
    main()
