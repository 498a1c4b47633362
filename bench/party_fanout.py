"""A campaign message to the whole Party membership, on PostgreSQL.

    .venv/bin/python -m bench.party_fanout [--members 5300000] [--cells 270000] [--acks 2000]
        [--rounds 1] [--keep]

Generates (COPY) one unit, `--members` people, a Party tree of one committee over `--cells`
cells (materialised paths as the org services write them) and one open membership each;
then, `--rounds` times, a bare COPY of the delivery rows (channel in_app, every member one
row, the service's own row generator) into the empty real delivery table, and the real
`dispatch_create` of the same rows into the same empty table; the ratio is total service
time over total bare time. Then measures acknowledgements per second through the HTTP
endpoint (gunicorn, 2 workers, loopback).
"""

import argparse
import http.client
import os
import re
import resource
import secrets
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from .common import machine, use_database

DB_NAME = "thidua_bench_party"
NOW = "2025-11-20 08:00:00+07"
CHUNK = 1 << 20


# --- PostgreSQL memory sampler ----------------------------------------------------------


class PgMemory(threading.Thread):
    """Samples the RSS of postgres processes every 0.5 s: max of one backend and of the sum."""

    def __init__(self):
        super().__init__(daemon=True)
        self.max_one = 0
        self.max_sum = 0
        self.stop = threading.Event()

    def sample(self):
        total = 0
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open(f"/proc/{pid}/comm") as f:
                    if f.read().strip() != "postgres":
                        continue
                with open(f"/proc/{pid}/status") as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            kb = int(line.split()[1])
                            total += kb
                            self.max_one = max(self.max_one, kb)
                            break
            except OSError:
                continue
        self.max_sum = max(self.max_sum, total)

    def run(self):
        while not self.stop.wait(0.5):
            self.sample()


# --- generation --------------------------------------------------------------------------


def _copy(cursor, sql: str, lines) -> None:
    """COPY text lines (an iterable of str ending in \\n), written in ~1 MB chunks."""
    with cursor.cursor.copy(sql) as copy:
        buf = []
        size = 0
        for line in lines:
            buf.append(line)
            size += len(line)
            if size >= CHUNK:
                copy.write("".join(buf))
                buf, size = [], 0
        if buf:
            copy.write("".join(buf))


def generate(members: int, cells: int, figures: dict) -> tuple[int, int]:
    """Returns (first person id, last person id)."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        start = time.perf_counter()
        with transaction.atomic():
            cursor.execute(
                "INSERT INTO org_unit (path, depth, code, name, short_name, kind, parent_id, "
                "sort_order, valid_from, valid_to, created_at, updated_at) VALUES "
                "('', 0, 'BENCH', 'Bench unit', '', 'ministry', NULL, 0, '2020-01-01', NULL, "
                "%s, %s) RETURNING id",
                [NOW, NOW],
            )
            unit_id = cursor.fetchone()[0]
            cursor.execute(
                "UPDATE org_unit SET path = lpad(id::text, 7, '0') || '/' WHERE id = %s",
                [unit_id],
            )
            cursor.execute("SELECT coalesce(max(id), 0) FROM org_person")
            first = cursor.fetchone()[0] + 1
            last = first + members - 1
            _copy(
                cursor,
                "COPY org_person (id, employee_code, full_name, gender, category, rank, email, "
                "phone, unit_id, is_active, created_at, updated_at) FROM STDIN",
                (
                    f"{i}\tDV{i:08d}\tĐảng viên {i}\t\tcong_chuc\t\t\t\t{unit_id}\tt\t{NOW}\t{NOW}\n"
                    for i in range(first, last + 1)
                ),
            )
            cursor.execute("SELECT setval(pg_get_serial_sequence('org_person', 'id'), %s)", [last])
        figures["people COPY s"] = time.perf_counter() - start

        start = time.perf_counter()
        with transaction.atomic():
            cursor.execute("SELECT coalesce(max(id), 0) FROM org_partyorganization")
            root = cursor.fetchone()[0] + 1
            root_path = f"{root:07d}/"
            lines = [
                f"{root}\t{root_path}\t0\tDB-BENCH\tĐảng bộ Bench\tcommittee\t\\N\t{unit_id}\t"
                f"2020-01-01\t\\N\t{NOW}\t{NOW}\n"
            ]
            lines += (
                f"{root + c}\t{root_path}{root + c:07d}/\t1\tCB-{c:06d}\tChi bộ {c}\tcell\t{root}\t"
                f"{unit_id}\t2020-01-01\t\\N\t{NOW}\t{NOW}\n"
                for c in range(1, cells + 1)
            )
            _copy(
                cursor,
                "COPY org_partyorganization (id, path, depth, code, name, kind, parent_id, "
                "unit_id, valid_from, valid_to, created_at, updated_at) FROM STDIN",
                lines,
            )
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('org_partyorganization', 'id'), %s)",
                [root + cells],
            )
        figures["Party tree COPY s"] = time.perf_counter() - start

        start = time.perf_counter()
        with transaction.atomic():
            _copy(
                cursor,
                "COPY org_partymembership (person_id, organization_id, role, status, "
                "joined_party_on, valid_from, valid_to) FROM STDIN",
                (
                    f"{p}\t{root + 1 + (p - first) % cells}\tmember\tofficial\t2010-05-19\t"
                    f"2020-01-01\t\\N\n"
                    for p in range(first, last + 1)
                ),
            )
        figures["memberships COPY s"] = time.perf_counter() - start

        start = time.perf_counter()
        cursor.execute("ANALYZE")
        figures["ANALYZE s"] = time.perf_counter() - start
    return first, last


# --- fan-out vs bare COPY ----------------------------------------------------------------


def _settle() -> None:
    """The same starting point for every timed phase: an empty delivery table (a bench
    database: nothing else is in it) and a fresh checkpoint."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE messaging_delivery")
        cursor.execute("CHECKPOINT")


def _load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def fan_out(first: int, last: int, rounds: int, figures: dict) -> int:
    """`rounds` times: a bare COPY of the rows, then the real `dispatch_create` of the same
    rows, each into the empty real table after a checkpoint. Returns the last dispatch."""
    from array import array

    from django.db import connection, transaction

    from thidua.messaging.fanout import delivery_copy_chunks
    from thidua.messaging.models import Delivery, Dispatch
    from thidua.messaging.services import dispatch_create

    members = last - first + 1
    table = Delivery._meta.db_table
    columns = (
        "(dispatch_id, person_id, channel, status, token, attempts, last_error, "
        "provider_message_id)"
    )

    def bare_copy(target: str, label: str | None, dispatch_id: int = 0) -> float:
        # The same rows as the service writes for an in-app dispatch to every member, made by
        # the same generator (tokens included) and COPYed in the same chunks, in one
        # transaction with the creation of their dispatch as `dispatch_create` does (a
        # dispatch committed beforehand makes the COPY and its foreign-key checks 20–30 %
        # slower: measured at 300,000 rows): only the looking-up of the recipients is left
        # out. The deferred foreign-key checks run at the commit, inside the timing.
        ids, flags = array("q", range(first, last + 1)), bytearray(members)
        with connection.cursor() as cursor:
            start = time.perf_counter()
            with transaction.atomic():
                if label is not None:
                    dispatch_id = Dispatch.objects.create(
                        source_label=label, subject="bare", body="bare", channels=["in_app"]
                    ).pk
                with cursor.cursor.copy(f"COPY {target} {columns} FROM STDIN") as copy:
                    for _, chunk in delivery_copy_chunks(dispatch_id, ids, flags, {"in_app"}):
                        copy.write(chunk)
            return time.perf_counter() - start

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # hint bits and statistics set before either side

    def recipients():  # streamed, never a list of 5.3 million ids
        yield from range(first, last + 1)

    bare, service = [], []
    dispatch = None
    for n in range(1, rounds + 1):
        # 1. The bare COPY straight into the real delivery table (same indexes, unique
        #    constraints and deferred foreign keys), for a dispatch of its own.
        _settle()
        load = _load()
        bare.append(bare_copy(table, f"bench:bare-copy-{n}"))
        figures[f"round {n}: bare COPY s (load before → after)"] = (
            f"{bare[-1]:.2f} ({load} → {_load()})"
        )
        _settle()
        # 2. The service, from the same empty table.
        load = _load()
        start = time.perf_counter()
        dispatch = dispatch_create(
            actor=None,
            source_label=f"bench:party-campaign-{n}",
            subject="Quán triệt Nghị quyết",
            body="Nội dung nghị quyết …",
            channels=["in_app"],
            recipients=recipients(),
        )
        service.append(time.perf_counter() - start)
        figures[f"round {n}: dispatch_create s (load before → after)"] = (
            f"{service[-1]:.2f} ({load} → {_load()})"
        )
        figures[f"round {n}: ratio"] = service[-1] / bare[-1]
        rows = Delivery.objects.filter(dispatch=dispatch).count()
        assert rows == members, (rows, members)
        if n < rounds:
            _settle()
    figures["delivery rows"] = members
    figures["bare COPY s (median)"] = statistics.median(bare)
    figures["dispatch_create s (median)"] = statistics.median(service)
    figures["ratio (goal ≤ 1.3)"] = sum(service) / sum(bare)

    # 3. The same rows into an empty copy of the table without foreign keys (for scale).
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE bench_delivery_bare (LIKE {table} INCLUDING ALL)")
        cursor.execute("CHECKPOINT")
    bare_nofk_s = bare_copy("bench_delivery_bare", None, dispatch.pk)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_delivery_bare")
    figures["bare COPY s (copy of the table, no foreign keys)"] = bare_nofk_s
    return dispatch.pk


# --- acknowledgements over HTTP ----------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_accounts(first: int, n: int, dispatch_id: int) -> list[tuple[str, str]]:
    """n users linked to the first n people, one shared Argon2 hash, sessions written
    directly. Returns [(session key, delivery token)]."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db import connection, transaction
    from django.utils import timezone

    from thidua.messaging.models import Delivery

    User = get_user_model()
    password_hash = make_password("bench-password-123")  # hashed once
    with transaction.atomic():
        users = User.objects.bulk_create(
            [User(username=f"bench{p}", password=password_hash) for p in range(first, first + n)],
            batch_size=1000,
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE org_person p SET user_id = u.id FROM accounts_user u "
                "WHERE u.username = 'bench' || p.id::text AND p.id BETWEEN %s AND %s",
                [first, first + n - 1],
            )
        auth_hash = users[0].get_session_auth_hash()  # same password hash → same value
        backend = "django.contrib.auth.backends.ModelBackend"
        store = SessionStore()
        expire = timezone.now() + timezone.timedelta(seconds=settings.SESSION_COOKIE_AGE)
        sessions = []
        keys = {}
        for user in users:
            key = secrets.token_hex(16)
            data = store.encode(
                {
                    SESSION_KEY: str(user.pk),
                    BACKEND_SESSION_KEY: backend,
                    HASH_SESSION_KEY: auth_hash,
                }
            )
            sessions.append(Session(session_key=key, session_data=data, expire_date=expire))
            keys[int(user.username[5:])] = key
        Session.objects.bulk_create(sessions, batch_size=1000)
    tokens = dict(
        Delivery.objects.filter(dispatch_id=dispatch_id, person_id__in=list(keys)).values_list(
            "person_id", "token"
        )
    )
    return [(keys[p], tokens[p]) for p in keys]


CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
COOKIE_RE = re.compile(r"csrftoken=([^;]+)")


def acknowledge_over_http(pairs, port: int, threads: int, figures: dict) -> None:
    from thidua.messaging.models import Delivery

    local = threading.local()

    def conn():
        if getattr(local, "c", None) is None:
            local.c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        return local.c

    def request(method, url, headers, body=None):
        for attempt in range(2):
            c = conn()
            try:
                c.request(method, url, body=body, headers=headers)
                resp = c.getresponse()
                data = resp.read()
                return resp, data
            except (http.client.HTTPException, OSError):
                c.close()
                local.c = None
                if attempt:
                    raise
        raise AssertionError

    def one(pair):
        session, token = pair
        t0 = time.perf_counter()
        resp, data = request("GET", f"/messages/m/{token}/", {"Cookie": f"sessionid={session}"})
        if resp.status != 200:
            return ("get", resp.status, 0.0, 0.0)
        csrf_cookie = COOKIE_RE.search(resp.getheader("Set-Cookie") or "")
        form = CSRF_RE.search(data.decode())
        if not (csrf_cookie and form):
            return ("csrf", resp.status, 0.0, 0.0)
        t1 = time.perf_counter()
        resp, _ = request(
            "POST",
            f"/messages/m/{token}/acknowledge/",
            {
                "Cookie": f"sessionid={session}; csrftoken={csrf_cookie.group(1)}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{port}/messages/m/{token}/",
            },
            f"csrfmiddlewaretoken={form.group(1)}",
        )
        t2 = time.perf_counter()
        return ("ok" if resp.status == 302 else "post", resp.status, t1 - t0, t2 - t1)

    # warm-up: one request per worker, not counted (a separate session-less GET)
    for _ in range(4):
        request("GET", "/messages/", {})
    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(one, pairs))
    wall = time.perf_counter() - start
    ok = [r for r in results if r[0] == "ok"]
    failures = {}
    for r in results:
        if r[0] != "ok":
            failures[f"{r[0]} {r[1]}"] = failures.get(f"{r[0]} {r[1]}", 0) + 1
    posts = sorted(r[3] for r in ok)
    gets = sorted(r[2] for r in ok)
    figures["acks attempted"] = len(pairs)
    figures["acks ok (302)"] = len(ok)
    figures["acks failed"] = failures or 0
    figures["acks wall s"] = wall
    figures["acks/s (GET+POST)"] = len(ok) / wall
    if ok:
        figures["GET p50/p95 ms"] = (
            f"{gets[len(gets) // 2] * 1000:.1f} / {gets[int(0.95 * len(gets))] * 1000:.1f}"
        )
        figures["POST p50/p95 ms"] = (
            f"{posts[len(posts) // 2] * 1000:.1f} / {posts[int(0.95 * len(posts))] * 1000:.1f}"
        )
        # POST-only throughput estimate: threads kept busy with POSTs only
        figures["POST-only acks/s (est. = threads / mean POST latency)"] = threads / (
            sum(posts) / len(posts)
        )
    figures["acknowledged in DB"] = Delivery.objects.filter(status="acknowledged").count()


def start_gunicorn(url: str, port: int) -> subprocess.Popen:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=url,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_DEBUG="false",
    )
    proc = subprocess.Popen(
        [
            os.path.join(sys.prefix, "bin", "gunicorn"),
            "config.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        start_new_session=True,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("gunicorn exited") from None
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not start")


# --- main ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=5_300_000)
    parser.add_argument("--cells", type=int, default=270_000)
    parser.add_argument("--acks", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=1, help="bare COPY / service pairs")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    command = (".venv/bin/python -m bench.party_fanout " + shlex.join(sys.argv[1:])).strip()

    pg = PgMemory()
    pg.start()
    figures: dict = {"load average at start (1/5/15 min)": _load()}
    total_start = time.perf_counter()
    url = use_database("postgres", DB_NAME)
    try:
        first, last = generate(args.members, args.cells, figures)
        print("generated", figures, flush=True)
        dispatch_id = fan_out(first, last, max(1, args.rounds), figures)
        print("fan-out", figures, flush=True)
        figures["bench RSS peak before HTTP MB"] = (
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        )
        pairs = prepare_accounts(first, min(args.acks, args.members), dispatch_id)
        from django.db import connection

        connection.close()
        port = free_port()
        proc = start_gunicorn(url, port)
        try:
            acknowledge_over_http(pairs, port, args.threads, figures)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
    finally:
        pg.stop.set()
        pg.sample()
        figures["bench RSS peak MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        figures["postgres RSS peak, one process MB"] = pg.max_one / 1024
        figures["postgres RSS peak, all processes MB (shared buffers counted per process)"] = (
            pg.max_sum / 1024
        )
        figures["total wall s"] = time.perf_counter() - total_start
        if not args.keep:
            from django.db import connections

            connections.close_all()
            import psycopg

            from .common import PG_ADMIN_URL

            with psycopg.connect(
                PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True
            ) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')

    print()
    print(f"Command: `{command}`  ")
    print(f"Machine: {machine()}")
    print()
    print("| figure | value |")
    print("|---|---|")
    for key, value in figures.items():
        if isinstance(value, float):
            value = f"{value:,.2f}"
        elif isinstance(value, int):
            value = f"{value:,}"
        print(f"| {key} | {value} |")
    figures["load average at end (1/5/15 min)"] = _load()
    ratio = figures.get("ratio (goal ≤ 1.3)")
    if ratio is not None:
        print(f"\nGoal ≤ 1.3×: {'met' if ratio <= 1.3 else 'NOT met'} ({ratio:.2f}×)")


if __name__ == "__main__":
    main()
