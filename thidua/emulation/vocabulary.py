"""The law's vocabulary for annual ratings and discipline (pure Python, no Django).

Written once in `thidua.core.vocabulary` (so that `org`, below `emulation`, can build the
Party's rating of its organisations on the same four levels) and re-exported here, the import
path of emulation, awards and the assistant: `choices.py` builds the models' choices on these
codes; `scoring.py` and the awards engine (`awards/law/`, `awards/eligibility/`) use them
directly, so the engine stays free of Django.
"""

from thidua.core.vocabulary import (
    BUOC_THOI_VIEC,
    CACH_CHUC,
    CANH_CAO,
    DISCIPLINE_FORMS,
    DISCIPLINE_NAMES,
    GIANG_CHUC,
    HA_BAC_LUONG,
    HT,
    HTT,
    HTXS,
    KHIEN_TRACH,
    KHT,
    RATING_LEVELS,
    RATING_NAMES,
)

__all__ = [
    "HTXS",
    "HTT",
    "HT",
    "KHT",
    "RATING_LEVELS",
    "RATING_NAMES",
    "KHIEN_TRACH",
    "CANH_CAO",
    "HA_BAC_LUONG",
    "GIANG_CHUC",
    "CACH_CHUC",
    "BUOC_THOI_VIEC",
    "DISCIPLINE_FORMS",
    "DISCIPLINE_NAMES",
]
