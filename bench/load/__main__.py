"""Load test: gunicorn on PostgreSQL with the 10,000-person demo, driven by locust.

    .venv/bin/python -m bench.load --scenario ack --rates 100,200,300 --duration 60
    .venv/bin/python -m bench.load --scenario mix --rates 10,20,40 --duration 60 --reuse

Builds (or with --reuse keeps) the database `--db-name`, loads `thidua demo --people N`,
creates accounts for a sample of people and extra in-app digests (bench/load/setup.py),
starts gunicorn with production settings (DEBUG off, Redis cache) and runs locust headless,
one stage per target rate (fixed users, spawn rate and duration). Each stage prints the rate
achieved, p50/p95 per request and overall, errors and the machine's load average; the
highest stage held is the last with p95 within `--p95` and no error. `--profile` samples
the gunicorn workers with py-spy during each stage and prints where the time went.

Each stage also reports, per group of processes, the CPU used and the time spent runnable but
waiting for a CPU (bench/load/sched.py). gunicorn runs in a session of its own, and with the
kernel's autogroups a session gets one share of the CPU however many threads it has: on a
machine shared with other sessions the server's threads queued for a core most of the time.
`--server-nice` (default -10) gives its session the weight of the machine's main service;
`--server-nice 0` measures it as one session among the others. `--access-log FILE` keeps
gunicorn's log with each request's server time, to compare with the client's latency.
"""

import argparse
import csv
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from ..common import PG_ADMIN_URL, machine
from . import sched

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.prefix) / "bin"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
SECRET_KEY = secrets.token_urlsafe(50)  # one per run: the bench's sessions are signed with it


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(args, url: str, work: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        THIDUA_VAR_DIR=str(work / "var"),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_DEBUG="false",
        THIDUA_LOG_LEVEL="WARNING",
    )
    if args.settings == "production":
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            DJANGO_SECRET_KEY=SECRET_KEY,
            REDIS_URL=REDIS_URL,
            DJANGO_SECURE_COOKIES="false",  # plain HTTP on the loopback
            DJANGO_SECURE_SSL_REDIRECT="false",
            DJANGO_STATIC_ROOT=str(work / "static"),
        )
    else:
        env["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
        env["DJANGO_SECRET_KEY"] = SECRET_KEY
        env.pop("REDIS_URL", None)
    return env


def build_database(args, url: str, work: Path) -> None:
    """Fresh database with the demo ministry (skipped with --reuse)."""
    import psycopg

    if not args.reuse:
        with psycopg.connect(
            PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{args.db_name}"')
            conn.execute(f'CREATE DATABASE "{args.db_name}"')
    env = server_env(args, url, work)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.local"  # no Redis needed to build
    thidua = str(BIN / "thidua")
    started = time.perf_counter()
    subprocess.run([thidua, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    if not args.reuse:
        subprocess.run(
            [thidua, "demo", "--people", str(args.people)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as c:
            c.execute("VACUUM ANALYZE")
        print(f"demo with {args.people} people built in {time.perf_counter() - started:.1f} s")
    manifest = work / "static" / "staticfiles.json"
    if args.settings == "production" and not (args.reuse and manifest.exists()):
        started = time.perf_counter()
        env = server_env(args, url, work)
        subprocess.run([thidua, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
        print(f"collectstatic {time.perf_counter() - started:.1f} s", flush=True)


def django_setup(args, url: str, work: Path) -> None:
    for key, value in server_env(args, url, work).items():
        os.environ[key] = value
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    import django

    django.setup()


def start_gunicorn(args, env: dict, port: int) -> subprocess.Popen:
    command = [
        str(BIN / "gunicorn"),
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        args.worker_class,
        "--threads",
        str(args.threads),
        "--backlog",
        "2048",
        "--log-level",
        "warning",
    ]
    if args.access_log:
        # %(D)s: microseconds from the request parsed to the response sent (server time);
        # the client's latency minus it is the wait before a worker thread read the request.
        command += [
            "--access-logfile",
            args.access_log,
            "--access-logformat",
            '%(t)s %(p)s "%(r)s" %(s)s %({x-sent}i)s %(D)s',
        ]
    proc = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("gunicorn exited") from None
            time.sleep(0.3)
    else:
        raise RuntimeError("gunicorn did not start")
    import urllib.request

    # Every worker imports and loads the URLconf when it starts (config/wsgi.py): on a busy
    # machine five of them booting at once take a while before the first answer.
    try:
        for _ in range(args.workers * max(1, args.threads) * 2):
            url = f"http://127.0.0.1:{port}/accounts/login/"
            urllib.request.urlopen(url, timeout=180).read()  # noqa: S310
        wait_workers_quiet(proc.pid, args.workers)
    except Exception:
        os.killpg(proc.pid, signal.SIGTERM)  # no server left behind
        raise
    return proc


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def wait_workers_quiet(master: int, workers: int, *, quiet_s: float = 2.0, limit_s: float = 180):
    """Until every worker has booted and warmed up (config/wsgi.py: URLconf, templates, the
    assistant's index — seconds of CPU each): all `workers` there and none using CPU for
    `quiet_s`. The port answers as soon as the first worker is up; a stage started then ran
    beside the others' warm-up (95 % CPU for its first ten seconds)."""
    deadline = time.time() + limit_s
    quiet_since, before = None, None
    while time.time() < deadline:
        pids = worker_pids(master)
        ticks = sum(_cpu_ticks(pid) for pid in pids)
        now = time.time()
        if len(pids) >= workers and ticks == before:
            quiet_since = quiet_since or now
            if now - quiet_since >= quiet_s:
                return
        else:
            quiet_since = None
        before = ticks
        time.sleep(0.25)
    print(f"workers not quiet after {limit_s:.0f} s; measuring anyway", flush=True)


def postmaster_pid(url: str) -> int | None:
    """PostgreSQL's postmaster, when it runs on this machine (the parent of our backend)."""
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn:
        backend = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    try:
        stat = Path(f"/proc/{backend}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True
    ).stdout
    return [int(x) for x in out.split()]


def read_stats(prefix: str) -> list[dict]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def summarise_profile(path: Path, top: int = 30) -> None:
    """Collapsed stacks from py-spy: the share of samples in which each function appears
    (inclusive) and the share where it is the innermost frame (self)."""
    inclusive: Counter = Counter()
    own: Counter = Counter()
    total = 0
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        n = int(count)
        frames = [f.split(" (")[0] + " (" + f.split(" (")[-1] for f in stack.split(";")]
        total += n
        for frame in set(frames):
            inclusive[frame] += n
        own[frames[-1]] += n
    print(f"profile: {total} samples in the gunicorn workers")
    print("  inclusive %  self %  function")
    for frame, n in inclusive.most_common(top):
        print(f"  {100 * n / total:10.1f}  {100 * own[frame] / total:6.1f}  {frame[:140]}")
    print("  top self:")
    for frame, n in own.most_common(15):
        print(f"  {100 * n / total:6.1f}  {frame[:150]}")


def run_stage(args, port: int, rate: float, plan_path: Path, work: Path, proc) -> dict:
    from .setup import acknowledged, reset_digests

    reset_digests()
    pace = rate / args.users
    prefix = str(work / f"stage-{args.scenario}-{rate:g}")
    env = dict(os.environ, BENCH_LOAD_PLAN=str(plan_path), BENCH_LOAD_PACE=f"{pace}")
    profiler = None
    if args.profile:
        profile_path = work / f"profile-{args.scenario}-{rate:g}.txt"
        profiler = subprocess.Popen(
            [
                str(BIN / "py-spy"),
                "record",
                "--pid",
                str(proc.pid),
                "--subprocesses",
                "--format",
                "raw",
                "--rate",
                "50",
                "--duration",
                str(args.duration + args.users // args.spawn_rate + 1),
                "--nonblocking",
                *(["--idle"] if args.profile_idle else []),
                "-o",
                str(profile_path),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    load_before = load_average()
    sched_before = sched.snapshot(args.db_name)
    started = time.perf_counter()
    locust = subprocess.Popen(
        [
            str(BIN / "locust"),
            "-f",
            str(Path(__file__).with_name("locustfile.py")),
            "--headless",
            "--only-summary",
            "--users",
            str(args.users),
            "--spawn-rate",
            str(args.spawn_rate),
            "--run-time",
            f"{args.duration}s",
            "--reset-stats",
            "--stop-timeout",
            "10",
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            prefix,
            "--loglevel",
            "WARNING",
            "AckUser" if args.scenario == "ack" else "MixUser",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    # The last snapshot taken while locust still runs: its threads' figures go with it.
    sched_after = sched.snapshot(args.db_name)
    while locust.poll() is None:
        time.sleep(1)
        if locust.poll() is None:
            sched_after = sched.snapshot(args.db_name)
    wall = time.perf_counter() - started
    used = sched.usage(sched_before, sched_after)
    rows = {r["Name"]: r for r in read_stats(prefix)}
    if profiler is not None:
        profiler.wait(timeout=args.duration + 120)
        summarise_profile(profile_path)
    agg = rows.pop("Aggregated")
    rows = {k: v for k, v in rows.items() if k not in ("login", "login page")}
    count = sum(int(r["Request Count"]) for r in rows.values())
    failures = sum(int(r["Failure Count"]) for r in rows.values())
    seconds = count / float(agg["Requests/s"]) if float(agg["Requests/s"]) else args.duration
    result = {
        "target": rate,
        "load before": load_before,
        "load after": load_average(),
        "wall s": round(wall, 1),
        "requests": count,
        "errors": failures,
        "req/s": round(count / seconds, 1),
        "p50 ms": int(agg["50%"]),
        "p95 ms": int(agg["95%"]),
        "pages": {
            name: {
                "n": int(r["Request Count"]),
                "err": int(r["Failure Count"]),
                "p50": int(r["50%"]),
                "p95": int(r["95%"]),
                "max": int(float(r["Max Response Time"])),
            }
            for name, r in rows.items()
            if int(r["Request Count"])
        },
        "scheduler": used,
    }
    if args.scenario == "ack":
        ack = rows.get("acknowledge", {})
        result["pairs/s"] = round(
            (int(ack.get("Request Count", 0)) - int(ack.get("Failure Count", 0))) / seconds, 1
        )
        result["acknowledged in DB"] = acknowledged()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=["mix", "ack"], default="mix")
    parser.add_argument("--rates", default="", help="target rates, one stage each (tasks/s)")
    parser.add_argument("--users", type=int, default=0, help="simulated users (locust)")
    parser.add_argument("--spawn-rate", type=int, default=20)
    parser.add_argument("--duration", type=int, default=60, help="seconds per stage")
    parser.add_argument("--p95", type=int, default=0, help="p95 limit in ms (300 mix, 200 ack)")
    parser.add_argument("--all", action="store_true", help="run every stage, even past the limit")
    parser.add_argument("--db-name", default="bench_load")
    parser.add_argument("--reuse", action="store_true", help="keep the database built before")
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=2_000, help="people given an account")
    parser.add_argument("--digests", type=int, default=20, help="extra digests to acknowledge")
    parser.add_argument("--settings", choices=["production", "local"], default="production")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--worker-class", default="gthread")
    parser.add_argument("--profile", action="store_true", help="py-spy the workers")
    parser.add_argument(
        "--profile-idle",
        action="store_true",
        help="with --profile: sample waiting threads too (where a request waits, not only runs)",
    )
    parser.add_argument("--access-log", help="gunicorn's access log with each request's time")
    parser.add_argument(
        "--server-nice",
        type=int,
        default=-10,
        help="nice value of gunicorn's scheduler autogroup, 0 to leave it (docs/BENCHMARKS.md)",
    )
    parser.add_argument(
        "--pg-nice",
        type=int,
        default=0,
        help="nice value of PostgreSQL's autogroup during the stages (restored afterwards)",
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    rates = [
        float(x)
        for x in (args.rates or ("60,120,180" if args.scenario == "mix" else "100,200,300")).split(
            ","
        )
    ]
    args.users = args.users or (30 if args.scenario == "mix" else 96)
    args.p95 = args.p95 or (300 if args.scenario == "mix" else 200)

    work = Path(tempfile.gettempdir()) / f"{args.db_name}-run"
    work.mkdir(exist_ok=True)
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{args.db_name}"
    print(f"machine: {machine()}; load average {load_average()}")
    print("command: .venv/bin/python -m bench.load " + " ".join(sys.argv[1:]), flush=True)
    build_database(args, url, work)
    django_setup(args, url, work)
    from .setup import prepare

    started = time.perf_counter()
    plan = prepare(sample=args.sample, digests=args.digests, seed=args.seed)
    print(f"accounts, digests and sessions ready in {time.perf_counter() - started:.1f} s")
    plan_path = work / "plan.json"
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    print(
        f"plan: {len(plan['accounts'])} accounts, {args.digests} digests each, "
        f"{sum(bool(a['key_results']) for a in plan['accounts'])} goal owners"
    )
    from django.db import connections

    connections.close_all()
    port = free_port()
    env = server_env(args, url, work)
    proc = start_gunicorn(args, env, port)
    if args.server_nice:
        sched.set_autogroup_nice(proc.pid, args.server_nice)
    postmaster = postmaster_pid(url)
    pg_nice_before = None
    if args.pg_nice and postmaster:
        pg_nice_before = sched.set_autogroup_nice(postmaster, args.pg_nice)
    print(
        f"scheduler groups: gunicorn {sched.autogroup(proc.pid) or 'none'}, "
        f"PostgreSQL {sched.autogroup(postmaster) if postmaster else 'not on this machine'}"
    )
    print(
        f"gunicorn: {args.workers} workers × {args.threads} threads ({args.worker_class}), "
        f"settings {args.settings}; locust: {args.users} users, spawn {args.spawn_rate}/s, "
        f"{args.duration} s a stage",
        flush=True,
    )
    results = []
    try:
        for rate in rates:
            result = run_stage(args, port, rate, plan_path, work, proc)
            results.append(result)
            held = result["errors"] == 0 and result["p95 ms"] <= args.p95
            result["held"] = held
            print(json.dumps(result, ensure_ascii=False), flush=True)
            if not held and not args.all:
                break
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        connections.close_all()
        if pg_nice_before is not None:
            sched.set_autogroup_nice(postmaster, pg_nice_before)  # as it was
    # ack: a pair is the GET of the link and the POST; mix: target in tasks (one or two
    # requests each), achieved in requests.
    unit = "pairs/s" if args.scenario == "ack" else "req/s"
    target = "pairs/s" if args.scenario == "ack" else "tasks/s"
    # gunicorn's and PostgreSQL's CPU and run-queue wait (bench/load/sched.py), in cores.
    print(
        f"\n| target {target} | achieved {unit} | req/s | p50 ms | p95 ms | errors "
        "| gunicorn CPU / run queue | PostgreSQL CPU / run queue | load |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        g = r["scheduler"].get("gunicorn", {})
        pg = r["scheduler"].get("postgres (bench)", {})
        print(
            f"| {r['target']:g} | {r[unit]} | {r['req/s']} | {r['p50 ms']} | {r['p95 ms']} "
            f"| {r['errors']} | {g.get('cpu cores')} / {g.get('run-queue cores')} "
            f"| {pg.get('cpu cores')} / {pg.get('run-queue cores')} "
            f"| {r['load before']} → {r['load after']} |"
        )
    held = [r for r in results if r["held"]]
    if held:
        best = max(held, key=lambda r: r[unit])
        print(f"highest rate held (p95 ≤ {args.p95} ms, no error): {best[unit]} {unit}")
    else:
        print(f"no stage held p95 ≤ {args.p95} ms with no error")
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
