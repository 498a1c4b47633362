"""The main menu, built from permissions and gathered from every app without upward imports.

Each app registers its section and entries in its AppConfig.ready(), each entry with the
predicate of the page it opens (the same rule the view checks), so a person is shown only
what they may open. The context processor `menu` gives base.html the sections visible to the
viewer, the section of the current page and that section's entries.

The menu is on every page: a predicate answers from what the request has already read — the
viewer's scope (org.rules.viewer_scope, once a request) and the rules — and asks nothing of
its own. A user given no Django permission has it known with the session's user
(accounts.backends.LocalBackend), so `has_perm` reads no permission table for them
(tests/core/test_menu_queries.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

Predicate = Callable[[object], bool]


def signed_in(user) -> bool:
    return bool(user.is_authenticated)


@dataclass(frozen=True)
class Section:
    key: str  # the URL namespace of its pages ("goals"), or a plain name for cross-app sections
    label: str  # lazy translation
    order: int = 50
    # Namespaces and URL names (without namespace) whose pages belong to this section.
    namespaces: tuple[str, ...] = ()
    url_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    section: str
    label: str  # lazy translation
    url_name: str
    order: int = 50
    visible: Predicate = signed_in


_sections: dict[str, Section] = {}
_entries: list[Entry] = []


def register_section(section: Section) -> Section:
    _sections[section.key] = section
    return section


def register(*entries: Entry) -> None:
    """Add entries; an entry registered again for the same page replaces the earlier one."""
    for entry in entries:
        _entries[:] = [e for e in _entries if e.url_name != entry.url_name]
        _entries.append(entry)


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    current: bool = False


@dataclass(frozen=True)
class VisibleSection:
    key: str
    label: str
    url: str  # its first visible entry
    current: bool
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Menu:
    sections: tuple[VisibleSection, ...]

    @property
    def current(self) -> VisibleSection | None:
        return next((s for s in self.sections if s.current), None)


def _current_section(match) -> str | None:
    if match is None:
        return None
    for section in _sections.values():
        if match.namespace and match.namespace in section.namespaces:
            return section.key
        if not match.namespace and match.url_name in section.url_names:
            return section.key
    # A page of an app with no section of its own belongs where that app's entries sit (the
    # giao ban meetings under Goals).
    for entry in _entries:
        namespace, _sep, _name = entry.url_name.rpartition(":")
        if match.namespace and namespace == match.namespace:
            return entry.section
    return None


def menu_for(user, *, match=None) -> Menu:
    """The sections and entries `user` may open; `match` (a ResolverMatch) marks the current
    section and page."""
    if user is None or not user.is_authenticated:
        return Menu(sections=())
    current_key = _current_section(match)
    current_view = match.view_name if match is not None else None
    by_section: dict[str, list[Link]] = {}
    for entry in sorted(_entries, key=lambda e: e.order):
        if entry.section not in _sections or not entry.visible(user):
            continue
        by_section.setdefault(entry.section, []).append(
            Link(
                label=str(entry.label),
                url=reverse(entry.url_name),
                current=entry.url_name == current_view,
            )
        )
    sections = []
    for section in sorted(_sections.values(), key=lambda s: s.order):
        links = by_section.get(section.key)
        if not links:
            continue
        sections.append(
            VisibleSection(
                key=section.key,
                label=str(section.label),
                url=links[0].url,
                current=section.key == current_key,
                links=tuple(links),
            )
        )
    return Menu(sections=tuple(sections))


def menu(request) -> dict:
    """Context processor: `main_menu`, computed only when a template reads it."""
    return {
        "main_menu": SimpleLazyObject(
            lambda: menu_for(
                getattr(request, "user", None), match=getattr(request, "resolver_match", None)
            )
        )
    }
