"""The secret ballot's rule in words: pure Python (no queries), shared by the service that
counts and the pages that show a result.

A counted ballot stores its counts and the rule applied (`result["rule"]`: quorum, threshold,
base, minimum votes, as snapshotted when it was opened). `explain` turns them into sentences
such as "cần ≥ 90 % phiếu đồng ý trên tổng số thành viên: 3/4 = 75 % — không đạt", numbers in
the active language's format, from the same exact fractions the count used.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils import formats
from django.utils.translation import gettext as _

ALL_MEMBERS, PRESENT = "all_members", "present"


def as_fraction(value) -> Fraction:
    """A setting's share (0.9, 2/3 as a float) as the exact fraction it stands for."""
    return Fraction(str(value)).limit_denominator(1000)


def votes_needed(quorum, members: int) -> int:
    """The fewest members whose share of all members reaches the quorum."""
    share = as_fraction(quorum) * members
    return int(share) if share.denominator == 1 else int(share) + 1


def votes_to_count(rule: dict, members: int, min_votes: int | None = None) -> int:
    """How many votes a ballot needs before it may be counted: the quorum of all members,
    and never fewer than the minimum (the rule's snapshot, else `min_votes`)."""
    minimum = rule.get("min_votes", min_votes)
    return max(votes_needed(rule["quorum"], members), int(minimum or 0))


def _rounded(value: Fraction, places: int) -> Decimal:
    number = Decimal(value.numerator * 100) / Decimal(value.denominator)
    if number == number.to_integral_value():
        return Decimal(int(number))
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return Decimal(int(rounded)) if rounded == rounded.to_integral_value() else rounded.normalize()


def _percent_text(number: Decimal) -> str:
    decimals = max(0, -number.as_tuple().exponent)
    return formats.number_format(number, decimal_pos=decimals) + " %"


def _shares(share: Fraction, needed: Fraction) -> tuple[str, str]:
    """Both percentages, with enough decimals that the rounding never contradicts the
    comparison (89,96 % is not shown as "90 %" next to "cần ≥ 90 %")."""
    for places in (1, 2, 3, 4):
        shown = _rounded(share, places), _rounded(needed, places)
        if (shown[0] >= shown[1]) == (share >= needed):
            break
    return _percent_text(shown[0]), _percent_text(shown[1])


def _int(value: int) -> str:
    return formats.number_format(value, decimal_pos=0, force_grouping=True)


def explain(result: dict, rule: dict | None = None) -> list[str]:
    """The rule applied to a counted ballot, one sentence per condition (threshold first,
    then the attendance quorum). `rule` serves older results stored without their rule."""
    if not result:
        return []
    rule = result.get("rule") or rule or {}
    if "threshold" not in rule:
        return []
    threshold = as_fraction(rule["threshold"])
    yes, base = int(result.get("yes", 0)), int(result.get("base", 0))
    share = Fraction(yes, base) if base else Fraction(0)
    met = bool(base) and share >= threshold
    shown_share, shown_threshold = _shares(share, threshold)
    values = {
        "threshold": shown_threshold,
        "yes": _int(yes),
        "base": _int(base),
        "share": shown_share,
        "outcome": _("met") if met else _("not met"),
    }
    if rule.get("base", ALL_MEMBERS) == PRESENT:
        text = _(
            "at least %(threshold)s of the members present must agree: "
            "%(yes)s/%(base)s = %(share)s — %(outcome)s"
        )
    else:
        text = _(
            "at least %(threshold)s of all members must agree: "
            "%(yes)s/%(base)s = %(share)s — %(outcome)s"
        )
    sentences = [text % values]
    if "quorum" in rule:
        quorum = as_fraction(rule["quorum"])
        members, present = int(result.get("members", 0)), int(result.get("present", 0))
        attended = Fraction(present, members) if members else Fraction(0)
        shown_attended, shown_quorum = _shares(attended, quorum)
        quorum_met = bool(result.get("quorum_met", members and attended >= quorum))
        sentences.append(
            _(
                "at least %(quorum)s of the members must be present: "
                "%(present)s/%(members)s = %(share)s — %(outcome)s"
            )
            % {
                "quorum": shown_quorum,
                "present": _int(present),
                "members": _int(members),
                "share": shown_attended,
                "outcome": _("met") if quorum_met else _("not met"),
            }
        )
    return sentences


def still_to_vote(rule: dict, *, members: int, present: int, voted: int) -> int:
    """How many members may still vote: all members, or those present when the rule counts
    only them (the only ones allowed to vote)."""
    eligible = present if rule.get("base", ALL_MEMBERS) == PRESENT else members
    return max(0, eligible - voted)


def early_count_warning(rule: dict, *, members: int, present: int, voted: int) -> str:
    """What counting now means while members have not voted ("" when every member who may
    vote has). Said from the numbers alone — how many voted against the votes in favour the
    threshold needs — never from the votes, which stay secret until the count: "cannot pass"
    only when fewer votes were cast than the threshold needs, whatever they say."""
    missing = still_to_vote(rule, members=members, present=present, voted=voted)
    if not missing or "threshold" not in rule:
        return ""
    by_present = rule.get("base", ALL_MEMBERS) == PRESENT
    base = present if by_present else members
    needed = votes_needed(rule["threshold"], base)
    values = {
        "missing": _int(missing),
        "eligible": _int(missing + voted),
        "voted": _int(voted),
        "needed": _int(needed),
        "base": _int(base),
        "threshold": _percent_text(_rounded(as_fraction(rule["threshold"]), 2)),
    }
    if by_present:
        text = _(
            "%(missing)s of the %(eligible)s members present have not voted yet; the proposal "
            "needs at least %(threshold)s of the members present in favour "
            "(%(needed)s/%(base)s)."
        )
    else:
        text = _(
            "%(missing)s of the %(eligible)s members have not voted yet; the proposal needs at "
            "least %(threshold)s of all members in favour (%(needed)s/%(base)s)."
        )
    if voted < needed:
        then = _("Only %(voted)s votes have been cast: counted now, the proposal cannot reach it.")
    else:
        then = _("The votes still to come may change the result.")
    return f"{text % values} {then % values}"
