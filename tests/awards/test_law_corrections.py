"""Legal corrections of issue 11 (point 4): rule versions and marks read as words."""

from thidua.awards import law


def test_version_and_mark_read_as_vietnamese_words_never_codes():
    assert law.version_words("luat-2026") == "Luật sửa đổi 2026"
    assert law.confidence_words("U") == "chưa đối chiếu văn bản chính thức"
    assert (
        law.basis_words("luat-2026", "U")
        == "theo Luật sửa đổi 2026 — chưa đối chiếu văn bản chính thức"
    )
    for rule in law.RULES:
        words = law.basis_words(rule.version, rule.confidence)
        assert rule.version not in words
        assert words.split(" — ")[1] in law.CONFIDENCE_WORDS.values()


def test_unknown_version_or_mark_never_shows_the_code():
    assert "xyz" not in law.version_words("xyz")
    assert law.confidence_words("?") == law.confidence_words("M")
