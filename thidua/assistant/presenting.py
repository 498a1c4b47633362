"""An exchange as the page shows it: highlighted spans as separate segments (so the template
escapes every piece of text and never marks anything safe), dates as dates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from .choices import AnswerMode
from .models import Exchange

_CITE = re.compile(r"(\[\d{1,2}\])")


@dataclass
class Shown:
    exchange: Exchange
    mode: str
    sentences: list[dict[str, Any]] = field(default_factory=list)
    citations: list[dict[str, Any]] = field(default_factory=list)
    generated: list[dict[str, Any]] = field(default_factory=list)
    cited: list[int] = field(default_factory=list)
    personal: dict[str, Any] | None = None
    note: str = ""

    @property
    def pk(self) -> int:
        return self.exchange.pk

    @property
    def not_found(self) -> bool:
        return self.mode == AnswerMode.NOT_FOUND


def withdrawn_note() -> str:
    """Said in place of an answer whose source document may no longer be shown to its asker
    (deleted, classified, or read by fewer people: `services.exchanges_withdraw`)."""
    return _("The answer was removed because its source document may no longer be shown.")


def segments(text: str, spans) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    at = 0
    for start, end in sorted(tuple(s) for s in spans or ()):
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        if start > at:
            out.append((text[at:start], False))
        out.append((text[start:end], True))
        at = end
    if at < len(text):
        out.append((text[at:], False))
    return out


def present(exchange: Exchange) -> Shown:
    data = exchange.answer or {}
    note = withdrawn_note() if data.get("withdrawn") else data.get("note", "")
    shown = Shown(exchange=exchange, mode=exchange.mode, note=note)
    shown.sentences = [
        {
            "parts": segments(s.get("text", ""), s.get("highlights")),
            "citation": s.get("citation"),
            "continuation": s.get("continuation", ""),
        }
        for s in data.get("sentences", [])
    ]
    for c in data.get("citations", []):
        c = dict(c)
        if c.get("effective_on"):
            c["effective_on"] = date.fromisoformat(c["effective_on"])
        shown.citations.append(c)
    if data.get("generated"):
        shown.generated = [
            {"text": part, "cite": int(part[1:-1]) if _CITE.fullmatch(part) else None}
            for part in _CITE.split(data["generated"])
            if part
        ]
        shown.cited = list(data.get("cited", []))
    if exchange.mode == AnswerMode.PERSONAL:
        shown.personal = data
    return shown
