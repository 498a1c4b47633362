"""Demo data from every app without upward imports: each app registers a loader in its
AppConfig.ready(); `thidua demo` runs them in order (org first, then the apps above it)."""

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoLoader:
    name: str
    order: int
    load: Callable[..., str]  # (people=, seed=) -> one line saying what it did


_loaders: dict[str, DemoLoader] = {}
_state = {"loading": False}


def is_loading() -> bool:
    """True while `thidua demo` runs its loaders: apps may then skip background work that a
    later loader does in-process (e.g. the assistant's index build)."""
    return _state["loading"]


@contextlib.contextmanager
def loading() -> Iterator[None]:
    previous = _state["loading"]
    _state["loading"] = True
    try:
        yield
    finally:
        _state["loading"] = previous


def register(loader: DemoLoader) -> None:
    _loaders[loader.name] = loader


def loaders() -> list[DemoLoader]:
    return sorted(_loaders.values(), key=lambda loader: loader.order)
