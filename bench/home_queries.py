"""The home page ("Việc của tôi") in process, for each demo role: the queries of one visit
(how many repeat a statement of the same visit, and their time in SQL), then the wall time (median, p95) and the
process CPU (median) of `--visits` visits. Django's test client, DEBUG off; the first visit
of each role (it raises the notifications) is not counted.

On a demo database (`thidua migrate --noinput`, then `thidua demo`):

DATABASE_URL=sqlite:////tmp/h_home/db.sqlite3 .venv/bin/python -m bench.home_queries
    [--visits 30] [--show ROLE|all]
"""

import argparse
import os
import re
import statistics
import time
from collections import Counter


def _repeats(sqls: list[str]) -> int:
    """Statements of a visit run again with only their numbers changed."""
    shapes = Counter(re.sub(r"\b\d+\b", "?", sql) for sql in sqls)
    return sum(n - 1 for n in shapes.values() if n > 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--visits", type=int, default=30)
    parser.add_argument("--show", default="", help="print the SQL of a role's visit (or all)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    users = get_user_model().objects
    print(
        f"{'role':18} {'queries':>7} {'repeats':>7} {'SQL ms':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'CPU ms':>7}"
    )
    from thidua.org.demo import DEMO_LOGINS

    for name in (login.username for login in DEMO_LOGINS):
        client = Client()
        client.force_login(users.get(username=name))
        client.get("/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/").status_code == 200
        sqls = [q["sql"] for q in ctx.captured_queries]
        in_sql = sum(float(q["time"]) for q in ctx.captured_queries) * 1000
        walls, cpus = [], []
        for _ in range(args.visits):
            wall, cpu = time.perf_counter(), time.process_time()
            client.get("/")
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        walls.sort()
        p95 = walls[max(0, round(0.95 * len(walls)) - 1)]
        print(
            f"{name:18} {len(sqls):7d} {_repeats(sqls):7d} {in_sql:7.1f} "
            f"{statistics.median(walls):7.0f} "
            f"{p95:7.0f} {statistics.median(cpus):7.0f}"
        )
        if args.show in (name, "all"):
            for i, sql in enumerate(sqls):
                print(f"  [{i}] {sql[:300]}")


if __name__ == "__main__":
    main()
