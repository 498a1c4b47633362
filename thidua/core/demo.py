"""Demo data from every app without upward imports: each app registers a loader in its
AppConfig.ready(); `thidua demo` runs them in order (org first, then the apps above it)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoLoader:
    name: str
    order: int
    load: Callable[..., str]  # (people=, seed=) -> one line saying what it did


_loaders: dict[str, DemoLoader] = {}


def register(loader: DemoLoader) -> None:
    _loaders[loader.name] = loader


def loaders() -> list[DemoLoader]:
    return sorted(_loaders.values(), key=lambda loader: loader.order)
