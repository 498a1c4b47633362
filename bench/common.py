"""Shared set-up for benchmarks: a throw-away database on SQLite or PostgreSQL."""

import os
import platform
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable

PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")


def use_database(kind: str, name: str) -> str:
    """Point Django at a fresh database of the given kind and return its URL."""
    if kind == "sqlite":
        url = f"sqlite:///{tempfile.gettempdir()}/{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            path = f"{tempfile.gettempdir()}/{name}.sqlite3{suffix}"
            if os.path.exists(path):
                os.remove(path)
    else:
        import psycopg

        with psycopg.connect(
            PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ["DJANGO_DEBUG"] = "false"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url


def timed(fn: Callable[[], object], *, repeat: int) -> dict[str, float]:
    """p50/p95/mean in milliseconds over `repeat` calls (after one warm-up call)."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "p50": statistics.median(samples),
        "p95": samples[min(len(samples) - 1, int(0.95 * len(samples)))],
        "mean": statistics.fmean(samples),
    }


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    cores = os.cpu_count()
    try:
        git = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        git = "?"
    return f"{cpu}, {cores} cores, Python {platform.python_version()}, commit {git}"
