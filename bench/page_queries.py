"""One page in process, for each demo role: the queries of one visit, how many of them read
Django's permission tables and the Party cells (the main menu's own questions before issue 10
point 9's fix), and the process CPU (median) of `--visits` visits. Django's test client,
DEBUG off; the first visit of each role is not counted. bench.home_queries does the same for
the home page with wall times.

On a demo database (`thidua migrate --noinput`, then `thidua demo`):

DATABASE_URL=sqlite:////tmp/h_home/db.sqlite3 .venv/bin/python -m bench.page_queries
    [--path /goals/] [--visits 20] [--show ROLE|all]

also on the load bench's PostgreSQL database (bench.load), where the wall and SQL columns (the
median visit's wall time and the time its queries took) show a page that waits on the
database: DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_load … --path /goals/dashboard/
"""

import argparse
import os
import statistics
import time


def _menu_reads(sqls: list[str]) -> tuple[int, int]:
    """Queries of Django's permission tables, and the separate Party-cell query."""
    permissions = sum('FROM "auth_permission"' in sql for sql in sqls)
    cells = sum(sql.startswith('SELECT 1 AS "a" FROM "org_partyorganization"') for sql in sqls)
    return permissions, cells


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--path", default="/goals/")
    parser.add_argument("--visits", type=int, default=20)
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

    from thidua.org.demo import DEMO_LOGINS

    settings.ALLOWED_HOSTS = ["*"]
    users = get_user_model().objects
    print(f"{args.path}")
    print(
        f"{'role':18} {'queries':>7} {'perm.':>5} {'cells':>5} {'CPU ms':>7} {'wall ms':>7}"
        f" {'SQL ms':>7}"
    )
    for name in (login.username for login in DEMO_LOGINS):
        client = Client()
        client.force_login(users.get(username=name))
        client.get(args.path)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(args.path).status_code == 200
        sqls = [q["sql"] for q in ctx.captured_queries]
        cpus, walls, sql_ms = [], [], []
        for _ in range(args.visits):
            cpu, wall = time.process_time(), time.perf_counter()
            with CaptureQueriesContext(connection) as visit:
                client.get(args.path)
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
            sql_ms.append(sum(float(q["time"]) for q in visit.captured_queries) * 1000)
        permissions, cells = _menu_reads(sqls)
        print(
            f"{name:18} {len(sqls):7d} {permissions:5d} {cells:5d} {statistics.median(cpus):7.1f}"
            f" {statistics.median(walls):7.1f} {statistics.median(sql_ms):7.1f}"
        )
        if args.show in (name, "all"):
            for i, sql in enumerate(sqls):
                print(f"  [{i}] {sql[:300]}")


if __name__ == "__main__":
    main()
