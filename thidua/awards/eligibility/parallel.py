"""Many histories at once: split them into parts and judge the parts in forked children
(POSIX `os.fork`), the results sent back pickled through a pipe."""

import gc
import os
import pickle
from collections.abc import Callable, Sequence
from typing import Any

from .results import HistoryError, Verdict

Outcome = tuple[Verdict, ...] | HistoryError


def split(
    items: Sequence, processes: int, min_per_process: int = 10_000, lead: float = 1.0
) -> list[Sequence]:
    """`items` cut into at most `processes` consecutive parts of at least `min_per_process`
    (one part when forking is not possible or not worth it). With `lead` > 1 every part but
    the last is that much larger than the last: the parts judged in forked children, while
    the last, judged here, leaves this process time to load the parts and gather results."""
    count = len(items)
    parts = min(processes, count // max(min_per_process, 1)) if hasattr(os, "fork") else 1
    if parts <= 1:
        return [items]
    whole = lead * (parts - 1) + 1
    bounds = [round(count * min(1.0, lead * i / whole)) for i in range(parts)] + [count]
    return [items[bounds[i] : bounds[i + 1]] for i in range(parts)]


def in_processes(
    judge: Callable[[Any], list],
    parts: Sequence,
    load: Callable[[Sequence], Any] | None = None,
    child_load: Callable[[Sequence], Any] | None = None,
) -> list:
    """`judge(part)` (one outcome per item of the part) for each part, concatenated in
    order. Each part but the last is judged in a forked child (POSIX; what the part refers
    to is shared copy-on-write, nothing is sent to the child) that returns its outcomes
    pickled through a pipe (equal verdicts, one shared object as `evaluate_many` gives
    them, are sent once); the last part is judged here. A part whose child fails is judged
    again here.

    With `load`, a part's input is `judge(load(part))`, loaded here (where the database
    connection is) just before its child is forked, and dropped here once the child has it:
    the child judges its part while this process loads the next one. With `child_load` as
    well, each child loads its own part (`child_load(part)`, in the child: for a database, on
    a connection of its own) and this process only the last: no part is loaded here for a
    child, nor freed here after it; a part whose child fails is loaded here with `load`.
    The cyclic garbage collector is paused meanwhile: the millions of objects made here are
    not garbage."""
    prepare = load if load is not None else _itself
    was_enabled = gc.isenabled()
    gc.disable()
    children: list[tuple[int, int] | None] = []
    try:
        for part in parts[:-1]:
            if child_load is not None:
                children.append(_fork(judge, part, child_load))
                continue
            loaded = prepare(part)
            children.append(_fork(judge, loaded))
            del loaded
        results = []
        last = judge(prepare(parts[-1])) if parts else []
        for i, part in enumerate(parts[:-1]):
            child, children[i] = children[i], None
            judged = _collect(child, len(part))
            results.extend(judge(prepare(part)) if judged is None else judged)
        results.extend(last)
        return results
    finally:
        for child in children:  # after an error here: stop and reap the children left
            if child is not None:
                os.close(child[1])
                os.waitpid(child[0], 0)
        if was_enabled:
            gc.enable()


def _itself(part: Sequence) -> Sequence:
    return part


def _fork(
    judge: Callable[[Any], list], part, load: Callable[[Any], Any] = _itself
) -> tuple[int, int] | None:
    """Start a child judging `load(part)`; (its pid, the pipe to read), or None if no child
    could be started (the caller then judges the part itself)."""
    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:  # the child: never returns, never runs the parent's clean-up (atexit,
        status = 1  # database connections): it leaves through os._exit
        try:
            os.close(read_fd)
            # pickle writes an object met before as a reference: equal verdicts shared
            # as one object (`evaluate_many`) cross the pipe once
            data = pickle.dumps(judge(load(part)), protocol=pickle.HIGHEST_PROTOCOL)
            with open(write_fd, "wb") as pipe:
                pipe.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write_fd)
    return pid, read_fd


def _collect(child: tuple[int, int] | None, expected: int) -> list | None:
    """A child's outcomes, or None when it could not start, failed or sent something else."""
    if child is None:
        return None
    pid, read_fd = child
    try:
        with open(read_fd, "rb") as pipe:
            data = pipe.read()
    finally:
        _pid, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        return None
    try:
        # from our own forked child, through a pipe only it and this process hold
        results = pickle.loads(data)  # noqa: S301
    except Exception:  # a truncated or damaged payload: judge again
        return None
    return results if type(results) is list and len(results) == expected else None
