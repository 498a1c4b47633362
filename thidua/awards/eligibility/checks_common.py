"""What individual and collective checks share: the year's rating against a minimum."""

from ..law import RATING_NAMES, RATING_RANK
from .schema import _Year
from .wording import (
    FAILED,
    MET,
    _kht_line,
)


def _rating_at_least(yf: _Year, minimum: str, out: list) -> bool:
    rating = yf.rating
    if rating is None:
        out.append((_not_rated, yf.year))
        return False
    if rating != yf.recorded:
        out.append(_kht_line(yf))
        return False
    if RATING_RANK[rating] >= RATING_RANK[minimum]:
        out.append((_rating_met, yf.year, rating))
        return True
    out.append((_rating_below, yf.year, rating, minimum))
    return False


def _not_rated(y: int) -> str:
    return f"{FAILED} Năm {y} chưa có kết quả xếp loại"


def _rating_met(y: int, rating: str) -> str:
    return f"{MET} Năm {y} xếp loại {RATING_NAMES[rating]}"


def _rating_below(y: int, rating: str, minimum: str) -> str:
    return (
        f"{FAILED} Năm {y} xếp loại {RATING_NAMES[rating]}, cần từ {RATING_NAMES[minimum]} trở lên"
    )
