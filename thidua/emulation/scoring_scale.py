"""The scale the rating arithmetic works on (scoring.py re-exports all of it): the levels and
their ranks, the agency's settings as numbers (`Params`), the level a score earns
(`level_for`), the input error, and numbers and months written as Vietnamese writes them.

No Django import, as for the rest of the arithmetic.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .vocabulary import HT, HTT, HTXS, KHT, RATING_LEVELS, RATING_NAMES

LEVELS = RATING_LEVELS
LEVEL_RANK = {level: rank for rank, level in enumerate(reversed(RATING_LEVELS))}
LEVEL_NAMES = RATING_NAMES

CAP_BASE_HTT_OR_BETTER = "htt_or_better"
CAP_BASE_HTT_ONLY = "htt_only"
CAP_BASES = (CAP_BASE_HTT_OR_BETTER, CAP_BASE_HTT_ONLY)

# The band between "≥ 70% of plan" and "all tasks done" is not spelled out (M): HT or KHT.
UNIT_PARTIAL_PLAN_LEVELS = (HT, KHT)

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class ScoringError(ValueError):
    """Input outside the scale. The message is Vietnamese; `field` names the input."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


# ---------------------------------------------------------------- numbers and words
def dec(value) -> Decimal:
    """A Decimal from an int, str, float (through its text) or Decimal."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(str(value))
    return Decimal(value)


def points(value: Decimal) -> Decimal:
    """Rounded as stored: two decimals, half up."""
    return dec(value).quantize(CENT, rounding=ROUND_HALF_UP)


def fmt(value, places: int = 2) -> str:
    """A number as Vietnamese writes it: 1.234,5 (no trailing zeros, at most `places`)."""
    number = dec(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "−" if number < 0 else ""
    text = format(abs(number).normalize(), "f")
    whole, _, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + fraction if fraction else "")


def fmt_percent(fraction) -> str:
    return f"{fmt(dec(fraction) * HUNDRED, 1)}%"


def level_label(level: str) -> str:
    return f"{LEVEL_NAMES[level]} ({level})" if level in LEVEL_NAMES else "—"


def months_text(numbers: Iterable[int]) -> str:
    """1, 2, 3, 5 → "1–3, 5"."""
    ordered = sorted(set(numbers))
    runs: list[list[int]] = []
    for n in ordered:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


# ---------------------------------------------------------------- parameters
@dataclass(frozen=True)
class Params:
    """The agency's settings (legal defaults in law.py), as numbers."""

    general_points_max: Decimal = Decimal(30)
    result_points_max: Decimal = Decimal(70)
    deduction_share: Decimal = Decimal("0.25")
    kr_share: Decimal = Decimal("0.3")
    level_htxs_min: Decimal = Decimal(90)
    level_htt_min: Decimal = Decimal(70)
    level_ht_min: Decimal = Decimal(50)
    htxs_cap_percent: Decimal = Decimal(20)
    htxs_cap_exception_percent: Decimal = Decimal(25)
    htxs_cap_exception_needs_unit_htxs: bool = True
    htxs_cap_base: str = CAP_BASE_HTT_OR_BETTER
    unit_htxs_cap_percent: Decimal = Decimal(20)
    unit_small_group_size: int = 5
    appeal_days: int = 10
    # NĐ 233/2026 art. 7 leaves a band unnamed: a unit that is not KHT by its own conditions
    # (score ≥ the HT minimum and ≥ 70% of the plan done) and meets HT but for "all tasks
    # done". The level it gets is an agency setting (M), HT by default.
    unit_partial_plan_level: str = HT

    @classmethod
    def from_settings(cls, values: Mapping[str, object]) -> "Params":
        """From `agency_settings.values("emulation.")` (keys with or without the prefix)."""
        v = {k.removeprefix("emulation."): val for k, val in values.items()}
        d = cls()

        def num(key: str, default: Decimal) -> Decimal:
            return dec(v[key]) if v.get(key) is not None else default

        base = str(v.get("htxs_cap_base") or d.htxs_cap_base)
        return cls(
            general_points_max=num("general_points_max", d.general_points_max),
            result_points_max=num("result_points_max", d.result_points_max),
            deduction_share=num("deduction_share", d.deduction_share),
            kr_share=num("kr_share_of_result_points", d.kr_share),
            level_htxs_min=num("level_htxs_min", d.level_htxs_min),
            level_htt_min=num("level_htt_min", d.level_htt_min),
            level_ht_min=num("level_ht_min", d.level_ht_min),
            htxs_cap_percent=num("htxs_cap_percent", d.htxs_cap_percent),
            htxs_cap_exception_percent=num(
                "htxs_cap_exception_percent", d.htxs_cap_exception_percent
            ),
            htxs_cap_exception_needs_unit_htxs=bool(
                v.get("htxs_cap_exception_needs_unit_htxs", d.htxs_cap_exception_needs_unit_htxs)
            ),
            htxs_cap_base=base if base in CAP_BASES else d.htxs_cap_base,
            unit_htxs_cap_percent=num("unit_htxs_cap_percent", d.unit_htxs_cap_percent),
            unit_small_group_size=int(num("unit_small_group_size", dec(d.unit_small_group_size))),
            appeal_days=int(num("appeal_days", dec(d.appeal_days))),
            unit_partial_plan_level=(
                str(v["unit_partial_plan_level"])
                if v.get("unit_partial_plan_level") in UNIT_PARTIAL_PLAN_LEVELS
                else d.unit_partial_plan_level
            ),
        )

    @property
    def max_total(self) -> Decimal:
        return self.general_points_max + self.result_points_max


DEFAULT = Params()


# ---------------------------------------------------------------- levels
def level_for(score, params: Params = DEFAULT) -> tuple[str, str]:
    """The level a score earns, and why."""
    s = dec(score)
    if not (ZERO <= s <= params.max_total):
        raise ScoringError(
            f"Điểm phải từ 0 đến {fmt(params.max_total)}; đã có {fmt(s)}.", field="score"
        )
    if s >= params.level_htxs_min:
        level, why = HTXS, f"từ {fmt(params.level_htxs_min)} điểm trở lên"
    elif s >= params.level_htt_min:
        level, why = HTT, f"từ {fmt(params.level_htt_min)} đến dưới {fmt(params.level_htxs_min)}"
    elif s >= params.level_ht_min:
        level, why = HT, f"từ {fmt(params.level_ht_min)} đến dưới {fmt(params.level_htt_min)}"
    else:
        level, why = KHT, f"dưới {fmt(params.level_ht_min)} điểm"
    return level, f"{fmt(s)} điểm ({why}) → {level_label(level)}"
