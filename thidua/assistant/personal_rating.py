"""The asker's own annual rating (đánh giá, xếp loại) for a year, read through the emulation
selectors: the level when the rating is final; otherwise where it stands, in words (not
opened yet, open for the self-assessment, self-assessed, proposed by the head), with the last
final rating besides. Scores are written as the active language writes numbers (82,5)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from thidua.core.numbers import format_number
from thidua.emulation.choices import RatingStatus
from thidua.emulation.models import AnnualRating
from thidua.emulation.selectors import ratings as rating_selectors

# A year's result: approved, published or under appeal (awards.history reads the same ones).
FINAL = (RatingStatus.APPROVED, RatingStatus.PUBLISHED, RatingStatus.APPEALED)
# A part's "state", for clients: the rating's status, or this when there is none yet.
NOT_STARTED = "not_started"


def asked_year(params: dict[str, str], today: date) -> int:
    """The year asked about: "this" or none → this year, "last" → the one before, a number
    → that year (never one after this year)."""
    asked = params.get("year")
    if asked == "last":
        return today.year - 1
    if asked and asked.isascii() and asked.isdigit() and len(asked) <= 4:
        return min(int(asked), today.year)
    return today.year


def _day(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _item(text: str, rating: AnnualRating | None = None) -> dict[str, Any]:
    url = reverse("emulation:rating_detail", args=[rating.pk]) if rating is not None else ""
    return {"text": text, "detail": "", "url": url}


def _score_items(rating: AnnualRating, *, final: bool) -> list[dict[str, Any]]:
    items = []
    if rating.score is not None:
        label = _("Score of the year: %(score)s") if final else _("Score so far: %(score)s")
        items.append(_item(label % {"score": format_number(rating.score)}, rating))
    if not final and rating.computed_level:
        items.append(
            _item(
                _("Level from the score so far: %(level)s")
                % {"level": rating.get_computed_level_display()},
                rating,
            )
        )
    return items


def _final_state(rating: AnnualRating, today: date) -> str:
    if rating.status == RatingStatus.APPEALED:
        return _("Under appeal: the level may still change.")
    if rating.status == RatingStatus.APPROVED:
        return _("Approved, not published yet.")
    state = (
        _("Published on %(day)s.") % {"day": _day(timezone.localdate(rating.published_at))}
        if rating.published_at
        else _("Published.")
    )
    if rating.appeal_until is not None and today <= rating.appeal_until:
        state += " " + _("You may appeal until %(day)s.") % {"day": _day(rating.appeal_until)}
    return state


def final_part(rating: AnnualRating, today: date, *, latest: bool = False) -> dict[str, Any]:
    """A final rating: its level, score and state."""
    values = {"year": rating.year, "level": rating.get_level_display()}
    title = (
        _("Your last final rating: %(year)d, %(level)s.")
        if latest
        else _("Your rating for %(year)d: %(level)s.")
    ) % values
    items = _score_items(rating, final=True) + [_item(_final_state(rating, today), rating)]
    return {"title": title, "year": rating.year, "state": rating.status, "items": items}


def pending_part(rating: AnnualRating | None, year: int) -> dict[str, Any]:
    """A rating not final yet, or not there: where it stands, in words."""
    values: dict[str, Any] = {"year": year}
    if rating is None:
        return {
            "title": _("Your rating for %(year)d has not been started: it is not opened yet.")
            % values,
            "year": year,
            "state": NOT_STARTED,
            "items": [],
            "empty": _(
                "Your head or the emulation office opens it; you then write your "
                "self-assessment and your head proposes the level."
            ),
        }
    if rating.status == RatingStatus.PROPOSED:
        values["level"] = rating.get_proposed_level_display()
        title = _(
            "Your rating for %(year)d is not final yet: your head has proposed %(level)s; "
            "it waits for approval."
        )
    elif rating.status == RatingStatus.SELF_ASSESSED:
        title = _(
            "Your rating for %(year)d is not final yet: you have written your "
            "self-assessment; your head proposes the level next."
        )
    else:
        title = _(
            "Your rating for %(year)d is not final yet: it is open, waiting for your "
            "self-assessment."
        )
    items = _score_items(rating, final=False)
    if not items:
        items = [_item(_("Open your rating"), rating)]
    return {"title": title % values, "year": year, "state": rating.status, "items": items}


def _last_final(viewer, before: int) -> AnnualRating | None:
    return (
        rating_selectors.my_ratings(viewer=viewer)
        .filter(year__lt=before, status__in=FINAL)
        .order_by("-year")
        .first()
    )


def my_rating(*, viewer, person, params: dict[str, str]) -> dict[str, Any]:
    """The answer to "what rating did I get" (personal.answer's shape, with "state": the
    rating's status or "not_started"): the asked year's rating, and when it is not final,
    the last final one as a further part."""
    today = timezone.localdate()
    year = asked_year(params, today)
    rating = rating_selectors.my_rating(viewer=viewer, year=year)
    if rating is not None and rating.status in FINAL:
        part, more = final_part(rating, today), []
    else:
        part = pending_part(rating, year)
        last = _last_final(viewer, before=year)
        more = [final_part(last, today, latest=True)] if last is not None else []
    return {
        "empty": "",
        **part,
        "more": more,
        "link": f"{reverse('emulation:rating_mine')}?year={year}",
    }
