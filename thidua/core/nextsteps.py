"""What a person can do next, gathered from every app without upward imports.

Each app registers a provider in its AppConfig.ready(); the home page asks them all.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NextStep:
    title: str
    url: str
    detail: str = ""
    priority: int = 50  # lower comes first
    section: str = "next"  # "next": things to do; "highlight": things worth seeing


Provider = Callable[[object], list[NextStep]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def collect(user) -> list[NextStep]:
    steps: list[NextStep] = []
    for provider in _providers:
        steps.extend(provider(user))
    return sorted(steps, key=lambda s: s.priority)  # stable: each provider's own order is kept
