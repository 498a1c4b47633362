"""thidua.nlp.retrieval.PassageIndex: Vietnamese BM25 with folding, synonyms, field boosts,
`allowed` filtering and persistence."""

import subprocess
import sys
from pathlib import Path

import pytest

from thidua.nlp.retrieval import PassageIndex, query_terms
from thidua.nlp.synonyms import normalise_syllable

PASSAGES = [
    (
        "p1",
        "Ứng dụng công nghệ thông tin\n\nCơ quan nhà nước đẩy mạnh ứng dụng công nghệ "
        "thông tin trong hoạt động nội bộ và cung cấp dịch vụ công trực tuyến.",
    ),
    (
        "p2",
        "Danh hiệu Chiến sĩ thi đua cơ sở\n\nDanh hiệu được xét tặng cho cá nhân đạt danh "
        "hiệu Lao động tiên tiến và có sáng kiến được công nhận.",
    ),
    (
        "p3",
        "Khen thưởng đột xuất\n\nThủ trưởng cơ quan quyết định khen thưởng đột xuất cho tập "
        "thể, cá nhân lập thành tích trong phòng chống thiên tai.",
    ),
    (
        "p4",
        "Trách nhiệm của Ủy ban nhân dân tỉnh\n\nUBND tỉnh chỉ đạo thực hiện chuyển đổi số "
        "và bảo đảm an toàn thông tin mạng trên địa bàn.",
    ),
    (
        "p5",
        "Quy chế làm việc\n\nCán bộ phụ trách CNTT của Sở TT&TT hướng dẫn các phòng thực hiện "
        "hoá đơn điện tử.",
    ),
    (
        "p6",
        "Hồ sơ đề nghị\n\nHồ sơ đề nghị xét tặng gồm tờ trình và báo cáo thành tích của tập thể "
        "đề nghị khen thưởng đột xuất.",
    ),
]


@pytest.fixture(scope="module")
def index():
    return PassageIndex(PASSAGES)


def ids(results):
    return [pid for pid, _ in results]


def test_two_argument_calls_and_result_shape(index):
    results = index.search("khen thưởng đột xuất", 3)
    assert 0 < len(results) <= 3
    assert all(isinstance(pid, str) and isinstance(score, float) for pid, score in results)
    scores = [score for _, score in results]
    assert scores == sorted(scores, reverse=True)
    assert index.search("khen thưởng đột xuất")[0][0] == results[0][0]  # default k
    assert PassageIndex(iter(PASSAGES)).search("khen thưởng", 10)  # any iterable


def test_accent_insensitive_query_finds_the_passage(index):
    assert ids(index.search("khen thuong dot xuat", 2))[0] in {"p3", "p6"}
    assert ids(index.search("uy ban nhan dan tinh", 1)) == ["p4"]
    assert ids(index.search("chien si thi dua co so", 1)) == ["p2"]


def test_abbreviation_expands_to_its_phrase(index):
    assert "p1" in ids(index.search("CNTT", 5))  # p1 only says "công nghệ thông tin"
    assert "p4" in ids(index.search("CĐS", 5))  # "chuyển đổi số"
    assert "p4" in ids(index.search("cds", 5))  # typed without diacritics
    assert "p2" in ids(index.search("CSTĐ", 5))
    # and the other way round: the phrase finds the abbreviation
    assert "p5" in ids(index.search("thông tin và truyền thông", 5))  # p5 says "TT&TT"
    assert "p4" in ids(index.search("ủy ban nhân dân", 5))


def test_spelling_variants_are_one_word(index):
    assert normalise_syllable("hoá") == normalise_syllable("hóa") == "hóa"
    assert normalise_syllable("uỷ") == "ủy" and normalise_syllable("thuỷ") == "thủy"
    assert normalise_syllable("quý") == "quý"
    assert ids(index.search("hóa đơn điện tử", 1)) == ["p5"]  # p5 writes "hoá đơn"
    assert ids(index.search("Uỷ ban nhân dân tỉnh", 1)) == ["p4"]


def test_title_boost_ranks_the_titled_passage_first():
    body = "Văn bản này quy định các nội dung liên quan."
    passages = [
        ("body", f"Quy định chung\n\n{body} Khen thưởng đột xuất được xét khi cần."),
        ("title", f"Khen thưởng đột xuất\n\n{body} Nội dung được xét khi cần."),
    ]
    boosted = PassageIndex(passages)
    assert ids(boosted.search("khen thưởng đột xuất", 2)) == ["title", "body"]
    flat = PassageIndex(passages, fields={"title": 1, "heading": 1})
    boosted_gap = dict(boosted.search("khen thưởng đột xuất", 2))
    flat_gap = dict(flat.search("khen thưởng đột xuất", 2))
    assert boosted_gap["title"] - boosted_gap["body"] > flat_gap.get("title", 0) - flat_gap["body"]
    with pytest.raises(ValueError):
        PassageIndex(passages, fields={"abstract": 2})


def test_unknown_words_return_nothing(index):
    assert index.search("xyzzy qwerty", 10) == []
    assert index.search("", 10) == []
    assert index.search("!!! ...", 10) == []
    assert index.search("khen thưởng", 0) == []


def test_allowed_filters_before_ranking(index):
    query = "khen thưởng đột xuất"
    assert set(ids(index.search(query, 10))) >= {"p3", "p6"}
    results = index.search(query, 10, allowed={"p6", "p2"})
    assert "p3" not in ids(results)
    assert set(ids(results)) <= {"p6", "p2"}
    assert ids(results)[0] == "p6"
    assert index.search(query, 10, allowed=set()) == []
    assert index.search(query, 10, allowed={"unknown-id"}) == []
    # k counts allowed passages only: the forbidden best hit does not use up a slot
    assert len(index.search(query, 1, allowed={"p6"})) == 1


def test_forbidden_passages_do_not_influence_scores():
    """`allowed` gives exactly what an index of the allowed passages alone gives: the forbidden
    passage changes neither the results nor the BM25 statistics (N, df, average length)."""
    secret = (
        "secret",
        "Khen thưởng đột xuất mật\n\nKhen thưởng đột xuất khen thưởng đột xuất cho đơn vị.",
    )
    full = PassageIndex([*PASSAGES, secret])
    alone = PassageIndex(PASSAGES)
    allowed = {pid for pid, _ in PASSAGES}
    for query in ["khen thưởng đột xuất", "CNTT", "uy ban nhan dan", "tập thể cá nhân"]:
        got = full.search(query, 10, allowed=allowed)
        want = alone.search(query, 10)
        assert ids(got) == ids(want)
        assert [s for _, s in got] == pytest.approx([s for _, s in want], rel=1e-5)
        assert "secret" not in ids(got)
    assert ids(full.search("khen thưởng đột xuất", 1)) == ["secret"]  # it is indexed


def test_allowed_everything_equals_no_filter(index):
    for query in ["khen thưởng đột xuất", "CNTT", "hoa don dien tu"]:
        plain = index.search(query, 10)
        filtered = index.search(query, 10, allowed=[pid for pid, _ in PASSAGES])
        assert ids(plain) == ids(filtered)
        assert [s for _, s in plain] == pytest.approx([s for _, s in filtered], rel=1e-5)


def test_save_load_round_trip(index, tmp_path):
    index.save(tmp_path / "idx")
    loaded = PassageIndex.load(tmp_path / "idx")
    assert len(loaded) == len(index)
    for query in ["khen thưởng đột xuất", "CNTT", "uy ban nhan dan", "xyzzy"]:
        assert loaded.search(query, 10) == index.search(query, 10)
        assert loaded.search(query, 10, allowed={"p3", "p4"}) == index.search(
            query, 10, allowed={"p3", "p4"}
        )
    assert not list((tmp_path / "idx").rglob("*.pkl"))


def test_empty_index_and_duplicate_ids(tmp_path):
    empty = PassageIndex([])
    assert empty.search("khen thưởng", 10) == []
    empty.save(tmp_path / "empty")
    assert PassageIndex.load(tmp_path / "empty").search("khen thưởng") == []
    with pytest.raises(ValueError):
        PassageIndex([("a", "một"), ("a", "hai")])


def test_query_terms_fold_only_accentless_queries():
    assert all(t.startswith("~") for t in query_terms("khen thuong"))
    assert not any(t.startswith("~") for t in query_terms("khen thưởng"))
    assert "công_nghệ" in query_terms("ứng dụng CNTT")
    assert "~cong_nghe" in query_terms("CNTT")  # an abbreviation alone has no diacritics


def test_no_django_import():
    root = Path(__file__).resolve().parents[2]
    code = (
        "import sys, thidua.nlp.retrieval as r\n"
        "r.PassageIndex([('a', 'Khen thưởng\\n\\nnội dung')]).search('khen thuong')\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True)


def test_a_kept_segmentation_gives_the_same_index_without_segmenting_again(monkeypatch):
    from thidua.nlp import retrieval
    from thidua.nlp.retrieval import segment

    passages = [
        ("d1", "Điều 6. Danh hiệu Chiến sĩ thi đua cơ sở\nĐạt Lao động tiên tiến và có sáng kiến."),
        ("d2", "Thời hạn gửi hồ sơ\nHồ sơ khen thưởng tổng kết năm gửi trước ngày 15 tháng 01."),
        ("d3", "Công nghệ thông tin\nỨng dụng CNTT trong cơ quan nhà nước."),
    ]
    fresh = PassageIndex(passages)
    kept = {pid: segment(text) for pid, text in passages}

    def no_segmenting(text):
        raise AssertionError("underthesea called for a passage whose segmentation was kept")

    retrieval._line_tokens.cache_clear()
    retrieval._line_words.cache_clear()
    monkeypatch.setattr(retrieval, "words", no_segmenting)
    again = PassageIndex(passages, segmented=kept)
    for query in ("chien si thi dua co so", "hồ sơ khen thưởng", "CNTT"):
        assert again.search(query) == fresh.search(query)


def test_a_segmentation_of_another_text_is_not_trusted():
    from thidua.nlp.retrieval import segment

    passages = [("d1", "Hồ sơ khen thưởng\ngửi trước ngày 15 tháng 01.")]
    wrong = {"d1": segment("Một dòng khác hẳn")}  # one line for a two-line passage
    assert PassageIndex(passages, segmented=wrong).search("khen thưởng") == PassageIndex(
        passages
    ).search("khen thưởng")
