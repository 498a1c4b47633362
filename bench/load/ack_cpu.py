"""Server CPU time and queries of one acknowledgement pair (GET the personal link + the
htmx POST), in process through Django's test client: no network, no locust, and CPU time
(not wall time) so the figure holds on a busy machine.

    .venv/bin/python -m bench.load.ack_cpu --db-name bench_load --pairs 500 [--profile 30]

Needs the database prepared by `python -m bench.load` (its bench digests and accounts);
acknowledges `--pairs` of them and resets them afterwards. Sessions are created through the
configured SESSION_ENGINE, as a sign-in leaves them (with REDIS_URL: in the cache too);
`--cold-sessions` writes them to the database only, so each member's first request reads it.
`--profile N` runs the loop under cProfile and prints the N costliest functions (cumulative
and own time); its CPU figures are then inflated by the profiler.
"""

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from ..common import PG_ADMIN_URL, machine


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db-name", default="bench_load")
    parser.add_argument("--pairs", type=int, default=500)
    parser.add_argument("--settings", default="config.settings.production")
    parser.add_argument("--cold-sessions", action="store_true")
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    args = parser.parse_args()
    os.environ.update(
        DATABASE_URL=PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{args.db_name}",
        DJANGO_SETTINGS_MODULE=args.settings,
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "bench-" + "x" * 50),
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
        DJANGO_SECURE_COOKIES="false",
        DJANGO_SECURE_SSL_REDIRECT="false",
        THIDUA_LOG_LEVEL="WARNING",
    )
    # The static files collected by `python -m bench.load` (manifest storage, as served);
    # without them, plain storage.
    static_root = Path(tempfile.gettempdir()) / f"{args.db_name}-run" / "static"
    manifest = (static_root / "staticfiles.json").exists()
    if manifest:
        os.environ["DJANGO_STATIC_ROOT"] = str(static_root)
    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from thidua.core.middleware import SessionExpiryMiddleware
    from thidua.messaging.models import Delivery

    from .setup import SOURCE, reset_digests

    reset_digests()
    User = get_user_model()
    rows = list(
        Delivery.objects.filter(dispatch__source_label__startswith=SOURCE)
        .order_by("dispatch_id", "person_id")
        .values_list("token", "person__user_id")[: args.pairs + 20]
    )
    users = User.objects.in_bulk({u for _, u in rows})
    if args.cold_sessions:
        from django.contrib.sessions.backends.db import SessionStore
    else:
        SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
    # One client (one handler, middleware loaded once, as in a worker), each member's own
    # session cookie set before their requests.
    c = Client()

    def signed_in(uid: int) -> str:
        """A session as a sign-in a moment ago leaves it (the expiry middleware has nothing
        to write yet), created outside the timed requests."""
        store = SessionStore()
        store[SESSION_KEY] = str(uid)
        store[BACKEND_SESSION_KEY] = "thidua.accounts.backends.LocalBackend"
        store[HASH_SESSION_KEY] = users[uid].get_session_auth_hash()
        store[SessionExpiryMiddleware.STARTED] = store[SessionExpiryMiddleware.SEEN] = int(
            time.time()
        )
        store.create()
        return store.session_key

    get_cpu, post_cpu, get_q, post_q = [], [], [], []
    pg_ticks = {"GET": 0, "POST": 0}  # PostgreSQL's own CPU during the timed requests
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile(time.process_time)  # CPU, not waits
    storages = dict(settings.STORAGES)
    if not manifest:
        storages["staticfiles"] = {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        }
    with override_settings(STORAGES=storages):
        for i, (token, uid) in enumerate(rows):
            if profiler is not None:
                profiler.disable()
            c.cookies[settings.SESSION_COOKIE_NAME] = signed_in(uid)
            if profiler is not None and i >= 20:  # after the warm-up
                profiler.enable()
            with CaptureQueriesContext(connection) as q1:
                pg0 = backend_ticks(connection)
                t0 = time.process_time()
                r = c.get(f"/messages/m/{token}/")
                t1 = time.process_time()
                pg_get = backend_ticks(connection) - pg0
            assert r.status_code == 200, (i, r.status_code, r.get("Location"))
            with CaptureQueriesContext(connection) as q2:
                pg0 = backend_ticks(connection)
                t2 = time.process_time()
                r = c.post(f"/messages/m/{token}/acknowledge/", HTTP_HX_REQUEST="true")
                t3 = time.process_time()
                pg_post = backend_ticks(connection) - pg0
            assert r.status_code == 200, r.status_code
            if i >= 20:  # warm-up
                get_cpu.append((t1 - t0) * 1000)
                post_cpu.append((t3 - t2) * 1000)
                get_q.append(len(q1.captured_queries))
                post_q.append(len(q2.captured_queries))
                pg_ticks["GET"] += pg_get
                pg_ticks["POST"] += pg_post
    if profiler is not None:
        import pstats

        profiler.disable()
        profiler.dump_stats(Path(tempfile.gettempdir()) / "ack_cpu.prof")
        for key in ("cumulative", "tottime"):
            pstats.Stats(profiler).strip_dirs().sort_stats(key).print_stats(args.profile)
    reset_digests()
    print(
        f"settings {args.settings}; session engine {settings.SESSION_ENGINE}; "
        f"static files {'manifest' if manifest else 'plain'}"
    )
    print(machine(), "load", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    for name, cpu, q in (
        ("GET message page", get_cpu, get_q),
        ("POST acknowledge", post_cpu, post_q),
    ):
        cpu.sort()
        print(
            f"{name}: CPU p50 {statistics.median(cpu):.2f} ms, mean {statistics.fmean(cpu):.2f} ms, "
            f"p95 {cpu[int(0.95 * len(cpu))]:.2f} ms; queries {min(q)}–{max(q)}"
        )
    tick_ms = 1000 / os.sysconf("SC_CLK_TCK")
    pg = {k: v * tick_ms / len(get_cpu) for k, v in pg_ticks.items()}
    print(
        f"PostgreSQL backend CPU (its /proc ticks summed over the timed requests): "
        f"GET {pg['GET']:.2f} ms, POST {pg['POST']:.2f} ms a request"
    )
    pair = statistics.fmean(get_cpu) + statistics.fmean(post_cpu)
    print(
        f"pair: {pair:.2f} ms of Django CPU → at most {2000 / pair:.0f} pairs/s on 2 cores "
        "(before PostgreSQL, gunicorn and the load generator take their share)"
    )


def backend_ticks(connection) -> int:
    """CPU ticks (user + system) the PostgreSQL backend of this connection has used so far;
    0 when it is not known (no connection yet, not PostgreSQL, /proc unreadable)."""
    raw = getattr(connection, "connection", None)
    pid = getattr(getattr(raw, "info", None), "backend_pid", None)
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0
    return int(fields[11]) + int(fields[12])


if __name__ == "__main__":
    main()
