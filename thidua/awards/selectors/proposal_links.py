"""A proposal named in words ("đề nghị số 12 — Bằng khen cấp Bộ (Nháp)", "Đã có đề nghị số
12 …") with its number linked to the proposal's page — only for a viewer who may open that
page (a link shown to a person must work for that person); for anyone else the words stay
plain text. One query per list, whatever its length."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..one_achievement import SET_ASIDE, SET_ASIDE_PROPOSALS
from .council import describe_other, proposal_list


def openable(*, viewer, pks: Iterable) -> set[int]:
    """Of these proposals, those the viewer may open (the proposal page's own scope)."""
    wanted = {pk for pk in pks if isinstance(pk, int) and not isinstance(pk, bool)}
    if not wanted:
        return set()
    return set(proposal_list(viewer=viewer).filter(pk__in=wanted).values_list("pk", flat=True))


def _naming(text: str, pk: int) -> re.Match | None:
    """Where `text` names proposal `pk`: the words ("đề nghị số 12"), else the number alone."""
    words = re.escape(_("proposal no. %(pk)s") % {"pk": pk})
    return re.search(rf"{words}(?!\d)", text, flags=re.IGNORECASE) or re.search(
        rf"(?<!\d){pk}(?!\d)", text
    )


def linked(text: str, pk: int | None, may_open: set[int]) -> dict:
    """`text` split around the words naming proposal `pk` ("đề nghị số 12", else the number
    alone): {"text", "before", "number", "after", "url"}; "url" is "" (plain text) when the
    viewer may not open it or the text does not name it."""
    ref = {"text": text, "before": "", "number": "", "after": "", "url": ""}
    if pk is None or pk not in may_open:
        return ref
    match = _naming(text, pk)
    if match is None:
        return ref
    ref.update(
        before=text[: match.start()],
        number=match.group(),
        after=text[match.end() :],
        url=reverse("awards:proposal_detail", args=[pk]),
    )
    return ref


def describe_others(rows: list[dict], *, viewer) -> list[dict]:
    """Other proposals and awards of the same achievement (`describe_other`), each proposal's
    words linked where the viewer may open it."""
    may_open = openable(viewer=viewer, pks=[r["pk"] for r in rows if r["kind"] == "proposal"])
    return [
        linked(
            capfirst(describe_other(row)),
            row["pk"] if row["kind"] == "proposal" else None,
            may_open,
        )
        for row in rows
    ]


def not_proposed(entries: Iterable[dict], *, viewer) -> list[dict]:
    """A round's kept verdicts not turned into proposals (the step's details), each with its
    reason as `why_ref`: the proposal already made for it linked where the viewer may open
    it, and as `why_pieces` (shown): that one or the other forms' proposals it names."""
    entries = [e for e in entries if isinstance(e, dict)]
    named = [[e.get("proposal"), *_ids(e.get("proposals"))] for e in entries]
    may_open = openable(viewer=viewer, pks=[pk for pks in named for pk in pks])
    return [
        {
            **e,
            "why_ref": linked(str(e.get("why", "")), e.get("proposal"), may_open),
            "why_pieces": pieces(str(e.get("why", "")), pks, may_open),
        }
        for e, pks in zip(entries, named, strict=True)
    ]


def pieces(text: str, pks: Iterable, may_open: set[int]) -> list[dict]:
    """`text` naming several proposals (`pks`) as pieces {"text", "url"} to show one after
    the other: each proposal's words a link where the viewer may open it, the rest plain
    ("url" ""). Without ids (a row stored before they were kept) the text is one plain piece."""
    spans: list[tuple[int, int, str]] = []
    for pk in dict.fromkeys(pk for pk in pks if pk in may_open):
        match = _naming(text, pk)
        if match is not None and not any(
            match.start() < e and s < match.end() for s, e, _u in spans
        ):
            spans.append((match.start(), match.end(), reverse("awards:proposal_detail", args=[pk])))
    out, at = [], 0
    for start, end, url in sorted(spans):
        out += [{"text": text[at:start], "url": ""}, {"text": text[start:end], "url": url}]
        at = end
    out.append({"text": text[at:], "url": ""})
    return [p for p in out if p["text"]]


def _ids(value) -> list[int]:
    """Proposal ids as stored in JSON (a list of integers); anything else: none."""
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, int) and not isinstance(v, bool)]


def set_aside_notes(verdicts: Iterable, *, viewer) -> None:
    """A round's verdicts set aside for another form of the same achievement (one_achievement
    .set_aside_lower_forms): each gets `set_aside_pieces`, its note with the proposals it
    names linked where the viewer may open them. One query for the page."""
    verdicts = list(verdicts)
    notes = [(v, v.verdict if isinstance(v.verdict, dict) else {}) for v in verdicts]
    wanted = [pk for _v, d in notes for pk in _ids(d.get(SET_ASIDE_PROPOSALS))]
    may_open = openable(viewer=viewer, pks=wanted)
    for v, data in notes:
        v.set_aside_pieces = pieces(
            str(data.get(SET_ASIDE, "")), _ids(data.get(SET_ASIDE_PROPOSALS)), may_open
        )


def history(rows: list[dict], *, viewer) -> list[dict]:
    """A proposal's history (council.proposal_history) with each detail as pieces to show:
    the "same achievement already carries" line links each other proposal it names where
    the viewer may open it (older events, stored without the ids, read as plain text)."""
    named = [
        other.get("pk")
        for row in rows
        for detail in row["details"]
        if isinstance(detail, dict)
        for other in detail.get("others", [])
    ]
    may_open = openable(viewer=viewer, pks=named)
    return [{**row, "details": [_detail(d, may_open) for d in row["details"]]} for row in rows]


def _detail(detail, may_open: set[int]) -> list[dict]:
    if not isinstance(detail, dict):
        return [{"text": capfirst(str(detail)), "url": ""}]
    out = [{"text": capfirst(detail["before"]), "url": ""}]
    for i, other in enumerate(detail["others"]):
        if i:
            out.append({"text": "; ", "url": ""})
        out += pieces(str(other["text"]), [other.get("pk")], may_open)
    out.append({"text": detail["after"], "url": ""})
    return [p for p in out if p["text"]]
