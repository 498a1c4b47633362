"""Where the bench's processes spent a stage, from the kernel's scheduler statistics.

/proc/<pid>/task/<tid>/schedstat gives each thread's time on a CPU and its time spent
*runnable but waiting for a CPU* (the run queue). A request that waits while its thread sits
in the run queue shows up as latency with little CPU used — which, on a machine shared with
other sessions, looks like "the workers wait rather than compute". Summed per group of
processes (gunicorn, the PostgreSQL backends of the bench database, locust, everything else)
and divided by the window, both read as "cores": 0.4 CPU and 8 run-queue means the group used
0.4 of a core while on average eight of its threads were ready to run and not running.
"""

import os
import time
from pathlib import Path


def _group(cmd: str, db_name: str) -> str:
    if "gunicorn" in cmd:
        return "gunicorn"
    if "locust" in cmd:
        return "locust"
    if cmd.startswith("postgres:"):
        return "postgres (bench)" if f" {db_name} " in cmd else "postgres (other)"
    return "other"


def snapshot(db_name: str) -> dict:
    """(group, cpu ns, run-queue ns, time slices) for every thread on the machine."""
    threads = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            raw = Path(f"/proc/{pid}/cmdline").read_bytes()
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue  # the process ended meanwhile
        group = _group(raw.replace(b"\0", b" ").decode(errors="replace"), db_name)
        for tid in tids:
            try:
                cpu, wait, slices = Path(f"/proc/{pid}/task/{tid}/schedstat").read_text().split()
            except (OSError, ValueError):
                continue  # the thread ended meanwhile
            threads[(pid, tid)] = (group, int(cpu), int(wait), int(slices))
    return {"at": time.monotonic(), "threads": threads}


def usage(before: dict, after: dict) -> dict:
    """Per group: CPU and run-queue wait in cores over the window, and the mean wait of a
    time slice in ms."""
    seconds = after["at"] - before["at"]
    sums: dict[str, list[int]] = {}
    for key, (group, cpu, wait, slices) in after["threads"].items():
        _, cpu0, wait0, slices0 = before["threads"].get(key, (group, 0, 0, 0))
        total = sums.setdefault(group, [0, 0, 0])
        total[0] += cpu - cpu0
        total[1] += wait - wait0
        total[2] += slices - slices0
    return {
        group: {
            "cpu cores": round(cpu / 1e9 / seconds, 2),
            "run-queue cores": round(wait / 1e9 / seconds, 2),
            "wait a slice ms": round(wait / 1e6 / max(slices, 1), 2),
        }
        for group, (cpu, wait, slices) in sorted(sums.items(), key=lambda x: -x[1][0])
    }


def autogroup(pid: int) -> str:
    """The scheduler's autogroup of a process ('/autogroup-208 nice 0'), or '' without one."""
    try:
        return Path(f"/proc/{pid}/autogroup").read_text().strip()
    except OSError:
        return ""


def autogroup_nice(pid: int) -> int | None:
    text = autogroup(pid)
    return int(text.rsplit(" ", 1)[1]) if " nice " in text else None


def set_autogroup_nice(pid: int, nice: int) -> int | None:
    """Give the autogroup (the session) of `pid` this nice value; returns the previous one.

    With autogroups on (/proc/sys/kernel/sched_autogroup_enabled), the kernel shares the CPU
    between sessions first, then between the threads of a session: gunicorn's twenty threads
    together weigh what one test process in another session weighs, and so do all PostgreSQL
    backends together. A negative nice gives the session the weight a dedicated machine would.
    """
    before = autogroup_nice(pid)
    if before is None:
        return None  # no autogroups here (or not Linux): nothing to change
    try:
        Path(f"/proc/{pid}/autogroup").write_text(str(nice))
    except OSError as error:  # a negative nice needs CAP_SYS_NICE
        print(f"autogroup of {pid} left at nice {before}: {error}")
        return None
    return before
