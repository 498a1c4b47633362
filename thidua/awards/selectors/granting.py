"""Who decides each proposal, in words, for the lists of proposals (issue 11): a proposal in a
decision keeps that decision's authority; the others go by the agency's split in force on the
day (authority.split_on), read once for the whole list."""

from collections.abc import Iterable
from datetime import date

from django.db.models import Q
from django.utils import timezone

from .. import authority
from ..models import Decision, Proposal


def decision_levels(proposals: Iterable[Proposal], on: date | None = None) -> dict[int, str]:
    """{proposal id: the authority whose decision carries it} (two queries at most)."""
    rows = list(proposals)
    on = timezone.localdate() if on is None else on
    split = authority.split_on(on)
    taken = {p.decision_id for p in rows if p.decision_id}
    decided = dict(Decision.objects.filter(pk__in=taken).values_list("pk", "authority"))
    return {
        p.pk: (decided.get(p.decision_id) if p.decision_id else None)
        or authority.decision_level_for(p.code, on, split)
        for p in rows
    }


def decides_words(proposals: Iterable[Proposal], on: date | None = None) -> dict[int, str]:
    """{proposal id: "Bộ trưởng quyết định" / "Trình Thủ tướng Chính phủ" / "Trình Chủ tịch
    nước"}."""
    return {pk: authority.DECIDES_WORDS[lv] for pk, lv in decision_levels(proposals, on).items()}


def decided_by(level: str, on: date | None = None) -> Q:
    """The proposals `level` decides, as `decision_levels` reads them: those in a decision by
    its authority, the others by the agency's split in force on the day (a filter)."""
    on = timezone.localdate() if on is None else on
    split = authority.split_on(on)
    codes = [c for c in authority.ALL_CODES if authority.decision_level_for(c, on, split) == level]
    return Q(decision__authority=level) | Q(decision__isnull=True, code__in=codes)
