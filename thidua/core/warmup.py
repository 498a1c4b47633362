"""Warming a web worker before it serves its first request (config/wsgi.py).

A worker compiles each template, imports the modules a view imports on first use and loads
the assistant's index only when a request first needs them: hundreds of milliseconds that
request waits, holding Python's import lock and interpreter while the worker's other threads
wait behind it (seen in the load bench: a worker's first home page 260 ms, first goals page
470 ms, first question 180 ms, against 40–130 ms after). `warm_up()` does it at start: every
template of the project compiled into the cached loader, both languages' catalogues and
formats read, and each app's registered warmer run (the assistant: its answering modules and
index). A warmer that fails (the database not reachable yet) is logged, never fatal: the
first request then does the work as before.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.utils import formats, translation

logger = logging.getLogger(__name__)

Warmer = Callable[[], None]
_warmers: dict[str, Warmer] = {}


def register(name: str, warmer: Warmer) -> None:
    """An app's warmer (its AppConfig.ready()), run by `warm_up()` after the templates."""
    _warmers[name] = warmer


@dataclass(frozen=True)
class Warmed:
    templates: int
    failed: tuple[str, ...]  # templates or warmers that could not be warmed
    seconds: float


def template_names() -> list[str]:
    """Every template of the project's own folders (the project's and each thidua app's)."""
    folders = [Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", [])]
    folders += [
        Path(app.path) / "templates"
        for app in apps.get_app_configs()
        if app.name.startswith("thidua.")
    ]
    names: set[str] = set()
    for folder in folders:
        if folder.is_dir():
            names.update(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))
    return sorted(names)


def _settings_modules(engine) -> None:
    """What the settings name and a signed-in request loads on first use: the context
    processors, the session's serializer and engine, the messages' storage, the sign-in
    backends, the cache."""
    from django.contrib.auth import get_backends
    from django.core.cache import caches
    from django.utils.module_loading import import_string

    engine.engine.template_context_processors  # noqa: B018  (imports them)
    for setting in ("SESSION_SERIALIZER", "MESSAGE_STORAGE"):
        import_string(getattr(settings, setting))
    import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    get_backends()  # the sign-in backends (the directory's too)
    try:
        caches["default"].get("thidua:warm-up")  # the backend, its client library, a connection
    except Exception:  # noqa: BLE001 — a cache down now is the request's business, not the start's
        logger.warning("Cache not reachable while warming up", exc_info=True)


def warm_up() -> Warmed:
    started = time.perf_counter()
    engine = engines["django"]
    failed: list[str] = []
    compiled = 0
    for name in template_names():
        try:
            engine.get_template(name)
            compiled += 1
        except (TemplateDoesNotExist, TemplateSyntaxError) as exc:
            logger.warning("Template %s not warmed: %s", name, exc)
            failed.append(name)
    _settings_modules(engine)
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Home")
            formats.get_format("DATE_INPUT_FORMATS")
    for name, warmer in _warmers.items():
        try:
            warmer()
        except Exception:  # noqa: BLE001 — warming is an optimisation; the request still works
            logger.warning(
                "Warmer %s failed; its first request will do the work", name, exc_info=True
            )
            failed.append(name)
    return Warmed(compiled, tuple(failed), time.perf_counter() - started)


def freeze_heap() -> int:
    """Take what start-up built out of the garbage collector's reach (config/wsgi.py, after
    `warm_up()`): the URLconf, the compiled templates, the catalogues, the assistant's index
    — some 375,000 objects that live as long as the worker. Python's full collection scans
    every object it tracks: about 300 ms on such a heap, during which the worker serves
    nothing (its other threads wait for the interpreter), and a heavy request triggers one
    every few requests (seen as a 300-ms "query" in a giao ban page's profile). Frozen, they
    are never scanned again; what requests allocate is collected as before. Returns how many
    objects were frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
