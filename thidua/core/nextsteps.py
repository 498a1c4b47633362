"""What waits for a person and what they can do next, gathered from every app without upward
imports.

Each app registers a provider in its AppConfig.ready(); the home page, the notification bell
and the daily e-mail digest ask them all. A provider returns `NextStep`s in three sections:

- "todo" — "Việc của tôi": work waiting for this person (a goal to accept, a ballot to cast,
  a digest to acknowledge …). Each has a stable `key` (one per kind of work and object, e.g.
  "awards.ballot:12"), a `count` and `since` (when the oldest item of it began waiting).
  These raise in-app notifications and go into the daily e-mail; an item disappears when the
  work is done, because the provider no longer returns it.
- "next": suggestions of what the person can do (write today's log, look up the tree).
- "highlight": things worth seeing (the most replicated good practice).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TypeVar

from django.utils import timezone


@dataclass(frozen=True)
class NextStep:
    title: str
    url: str
    detail: str = ""
    priority: int = 50  # lower comes first (within "next" and "highlight")
    section: str = "next"  # "todo", "next" or "highlight"
    key: str = ""  # "todo" only: stable key of this piece of work, e.g. "goals.accept"
    count: int = 1  # "todo" only: how many items wait behind the link
    since: datetime | None = None  # "todo" only: when the work began waiting (newest first)


TODO = "todo"
T = TypeVar("T")

Provider = Callable[[object], list[NextStep]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


_SHARED = "_thidua_nextsteps_shared"


def collect(user) -> list[NextStep]:
    steps: list[NextStep] = []
    setattr(user, _SHARED, {})  # what providers read alike, for this collect only (shared)
    try:
        for provider in _providers:
            steps.extend(provider(user))
    finally:
        delattr(user, _SHARED)
    return sorted(steps, key=lambda s: s.priority)  # stable: each provider's own order is kept


def shared(user, key: str, compute: Callable[[], T]) -> T:
    """`compute()` once per collect() of `user`, for what two providers (or two parts of one)
    both read — the person's due tasks, a head's units; called outside collect() (a provider
    on its own), computed each time. Nothing is kept past collect(), so work done between two
    collects always shows."""
    memo = getattr(user, _SHARED, None)
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def moment(value: date | datetime) -> datetime:
    """`value` as an aware datetime (a date is taken at its start), for `NextStep.since`."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time.min)
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def newest_first(items: list[NextStep]) -> list[NextStep]:
    """`items` newest first by `since`; items with no date last, in their own order."""
    # (every step sorted here has a date: the fallback only tells the type checker so)
    dated = sorted(
        (s for s in items if s.since), key=lambda s: moment(s.since or timezone.now()), reverse=True
    )
    return dated + [s for s in items if not s.since]


def work_for(user) -> list[NextStep]:
    """The "todo" items of `user`, newest first."""
    return newest_first([s for s in collect(user) if s.section == TODO])


def kind_of(item: NextStep) -> str:
    """The kind of work of a "todo" item: its key up to the first ":"."""
    return (item.key or item.url).split(":", 1)[0]


def capped(items: list[NextStep], *, per_kind: int = 5) -> tuple[list[NextStep], int]:
    """At most `per_kind` items of each kind, in order, and how many were left out (the
    notifications page lists them all)."""
    seen: dict[str, int] = {}
    shown = []
    for item in items:
        kind = kind_of(item)
        seen[kind] = seen.get(kind, 0) + 1
        if seen[kind] <= per_kind:
            shown.append(item)
    return shown, len(items) - len(shown)
