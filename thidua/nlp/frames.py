"""Words that frame a question rather than name its topic (the assistant's not-found decision).

A passage that answers a question need not contain them, so their absence is no evidence that
it speaks of something else; `thidua.nlp.answer.support` weighs them `FRAME_WEIGHT`.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from thidua.nlp.text import fold
from thidua.nlp.words import TOKEN, UNACCENTED, exact_form, match_key

# Words that frame a question rather than name its topic: a passage that answers it need not
# contain them, so their absence is no evidence that it speaks of something else. Chosen by
# linguistic class (what the word does in a question), not question by question:
FRAME_CLASSES: dict[str, tuple[str, ...]] = {
    # Answer-type nouns: the kind of thing asked for. The answer gives the thing itself
    # ("90%", "trước ngày 15", "“Mỗi ngày một cải tiến …”"), seldom the noun naming its kind.
    "answer_type": (
        "mức",
        "ngưỡng",
        "tối đa",
        "tối thiểu",
        "phần trăm",
        "thời hạn",
        "hạn",
        "thời điểm",
        "cách",
        "cách thức",
        "phương thức",
        "hình thức",
        "nội dung",
        "cụ thể",
        "trường hợp",
        "quy định",
        "điều kiện",
        "tiêu chuẩn",
        "yêu cầu",
        "mục tiêu",
        "kinh nghiệm",
        "tên",
        "tên gọi",
        "khẩu hiệu",
        "chủ đề",
        "việc",
        "công việc",
        "nhiệm vụ",
    ),
    # Light and generic predicates: doing, handling, assigning, setting, saying, containing,
    # aiming, lasting. They link the topic to the answer, and a passage words that link its
    # own way ("được giao việc gì?" → "chủ trì theo dõi"; "xử lý thế nào?" → "xem xét vào
    # đợt sau"; "làm thế nào?" → the steps).
    "light_predicate": (
        "làm",
        "thực hiện",
        "tiến hành",
        "xử lý",
        "giải quyết",
        "giao",
        "phân công",
        "đặt",
        "đạt",
        "hoàn thành",
        "nói",
        "đề cập",
        "bao gồm",
        "kéo dài",
        "hướng tới",
        "nhằm",
        "liên quan",
    ),
    # Function words the stop list keeps (they are content words elsewhere) and the deictic
    # "now" of a question ("hiện nay": the documents are what holds now).
    "function": ("theo", "phải", "cái", "lần", "người", "hiện nay", "hiện tại"),
}
# Each frame phrase as a tuple of syllables, lower case, one tone placement.
FRAME_PHRASES = tuple(
    tuple(exact_form(m.group(0)) for m in TOKEN.finditer(phrase))
    for phrases in FRAME_CLASSES.values()
    for phrase in phrases
)


fold_syllable = lru_cache(maxsize=50_000)(fold)


@lru_cache(maxsize=8)
def frame_index(
    phrases: tuple[tuple[str, ...], ...],
) -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]:
    """Frame phrases by their first syllable's folded form: (syllables, folded syllables)."""
    index: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for phrase in phrases:
        folded = tuple(fold(s) for s in phrase)
        index.setdefault(folded[0], []).append((phrase, folded))
    return index


def frame_words(query: str) -> set[str]:
    """The question's words that only frame it (`FRAME_CLASSES`), as the matching keys of
    `support` (the word, and its folded form with the "~" prefix). A syllable is the listed
    one as written or, when the question writes it without diacritics, by its folded form
    ("giao" is "giao", never "giáo"; "xu ly" typed bare is "xử lý")."""
    text = unicodedata.normalize("NFC", (query or "").lower())
    accented = fold(text) != text
    tokens = [exact_form(m.group(0)) for m in TOKEN.finditer(text)]
    folded = [fold_syllable(t) for t in tokens]
    index = frame_index(FRAME_PHRASES)
    out: set[str] = set()
    for i, first in enumerate(folded):
        for phrase, folded_phrase in index.get(first, ()):
            n = len(phrase)
            if tuple(folded[i : i + n]) != folded_phrase:
                continue
            if all(tokens[i + j] == phrase[j] or tokens[i + j] == folded[i + j] for j in range(n)):
                for token, bare in zip(tokens[i : i + n], folded[i : i + n], strict=True):
                    out.add(match_key(token, accented))
                    out.add(UNACCENTED + bare)
    return out


# The weight of a frame word in `support` (a topic word weighs 1): in the share one passage
# holds, and when no passage holds it. Chosen on the dev part of bench/data/assistant_qa.jsonl
# (docs/BENCHMARKS.md, "Answers on the demo question set").
FRAME_WEIGHT = 0.0
