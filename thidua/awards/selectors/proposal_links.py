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

from .council import describe_other, proposal_list


def openable(*, viewer, pks: Iterable) -> set[int]:
    """Of these proposals, those the viewer may open (the proposal page's own scope)."""
    wanted = {pk for pk in pks if isinstance(pk, int) and not isinstance(pk, bool)}
    if not wanted:
        return set()
    return set(proposal_list(viewer=viewer).filter(pk__in=wanted).values_list("pk", flat=True))


def linked(text: str, pk: int | None, may_open: set[int]) -> dict:
    """`text` split around the words naming proposal `pk` ("đề nghị số 12", else the number
    alone): {"text", "before", "number", "after", "url"}; "url" is "" (plain text) when the
    viewer may not open it or the text does not name it."""
    ref = {"text": text, "before": "", "number": "", "after": "", "url": ""}
    if pk is None or pk not in may_open:
        return ref
    words = re.escape(_("proposal no. %(pk)s") % {"pk": pk})
    match = re.search(rf"{words}(?!\d)", text, flags=re.IGNORECASE) or re.search(
        rf"(?<!\d){pk}(?!\d)", text
    )
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
    it."""
    entries = [e for e in entries if isinstance(e, dict)]
    may_open = openable(viewer=viewer, pks=[e.get("proposal") for e in entries])
    return [
        {**e, "why_ref": linked(str(e.get("why", "")), e.get("proposal"), may_open)}
        for e in entries
    ]
