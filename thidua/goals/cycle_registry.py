"""The registry of cycle-time kinds (thidua.goals.cycle_time re-exports it): what a kind
gives (its items annotated with c_start, c_end and c_path, the viewer's reach, the items the
viewer may open, group names, the top-level groups), the apps registering theirs in their
AppConfig.ready(), and the usual reach helpers over state units.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.db.models.functions import TruncDate

from thidua.org.rules import viewer_scope


# ---------------------------------------------------------------- the registry
@dataclass(frozen=True)
class ViewerReach:
    """What of a kind the viewer may count: everything, some subtrees (by path), only the
    ministry-wide figures (no units, no items), or nothing at all."""

    everything: bool = False
    paths: tuple[str, ...] = ()
    summary_only: bool = False

    @property
    def nothing(self) -> bool:
        return not (self.everything or self.paths or self.summary_only)


@dataclass(frozen=True)
class Opened:
    """An item the viewer may open: its title, where it leads and whom it concerns."""

    title: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class CycleKind:
    key: str  # "goals.task"
    label: object  # a lazy string
    order: int
    items: Callable[[], QuerySet]  # annotated with c_start, c_end, c_path
    reach: Callable[[object], ViewerReach]
    opened: Callable[[object, list[int]], dict[int, Opened]]  # the ids the viewer may open
    group_names: Callable[[Iterable[str]], dict[str, str]]  # path → name
    top_paths: Callable[[], list[str]]  # the top-level groups (current top-level units)
    dates: bool = False  # start and end compared as dates (whole days)
    open_q: Q = field(default_factory=lambda: Q(c_end__isnull=True))  # items still open
    # c_path is a state unit's path; False for another tree (Party bodies), whose kind is
    # never narrowed to a unit (the paths of both trees look alike)
    unit_tree: bool = True
    # what its groups are called on the panel, and the caption of their table (None: units)
    group_label: object = None
    groups_caption: object = None
    # the slowest lists grouped by this field of the items, one line a group with how many
    # items it stands for (Party campaigns: a campaign once, not once a member); "": by item
    slowest_by: str = ""
    # (count, still open) → the words of a group's count ("3 members not acknowledged yet")
    count_words: Callable[[int, bool], str] | None = None
    # paths → a condition every item under them meets that the database can use before it
    # works out c_path (e.g. the member's person in one of the bodies): narrows a viewer's
    # live figures to a few rows instead of computing every item's path first
    narrow: Callable[[Iterable[str]], Q] | None = None


_kinds: dict[str, CycleKind] = {}


def register(kind: CycleKind) -> CycleKind:
    _kinds[kind.key] = kind
    return kind


def kinds() -> list[CycleKind]:
    return sorted(_kinds.values(), key=lambda k: (k.order, k.key))


# ---------------------------------------------------------------- reach helpers
def unit_reach(viewer) -> ViewerReach:
    """The usual reach over state units: ministry-wide roles count everything, heads and
    leaders their units, other staff see the ministry-wide figures only."""
    if not viewer.is_authenticated:
        return ViewerReach()
    scope = viewer_scope(viewer)
    if scope.everything:
        return ViewerReach(everything=True)
    if scope.unit_paths:
        return ViewerReach(paths=scope.unit_paths)
    return ViewerReach(summary_only=True)


def top_unit_paths() -> list[str]:
    from thidua.org.models import Unit

    return list(
        Unit.objects.filter(depth=1, valid_to__isnull=True)
        .order_by("sort_order", "name")
        .values_list("path", flat=True)
    )


def unit_names(paths: Iterable[str]) -> dict[str, str]:
    from thidua.org.models import Unit

    return dict(Unit.objects.filter(path__in=list(paths)).values_list("path", "name"))


def local_date(field_name: str):
    """A datetime field as the local date (for kinds measured in whole days)."""
    return TruncDate(field_name)
