"""thidua.nlp.retrieval: the methods tuned by cross-validation (bench/assistant_cv.py) —
pseudo-relevance feedback, abbreviations mined from the passages, query words, parameters."""

import json
from dataclasses import replace

import pytest

from thidua.nlp.retrieval import DEFAULT_PARAMS, Params, PassageIndex, query_terms
from thidua.nlp.synonyms import mine_abbreviations

FEEDBACK = [
    (
        "award",
        "Khen thưởng đột xuất\n\nKhen thưởng đột xuất cho tập thể có thành tích trong phòng "
        "chống thiên tai, cứu hộ cứu nạn khi bão lũ.",
    ),
    (
        "rescue",
        "Lực lượng cứu hộ\n\nLực lượng cứu hộ cứu nạn tham gia phòng chống thiên tai, bão lũ "
        "trên địa bàn.",
    ),
    ("budget", "Dự toán ngân sách\n\nDự toán ngân sách được lập hằng năm theo quy định."),
    ("school", "Trường học\n\nNhà trường tổ chức năm học mới theo kế hoạch của ngành."),
]
PRF = replace(DEFAULT_PARAMS, prf_docs=1, prf_terms=40, prf_weight=0.5)
NO_PRF = replace(DEFAULT_PARAMS, prf_weight=0.0)


def ids(results):
    return [pid for pid, _ in results]


def test_mined_abbreviations_come_from_the_texts_own_definitions():
    mined = mine_abbreviations(
        [
            "Ủy ban nhân dân (UBND) tỉnh chỉ đạo.",
            "Bộ Thông tin và Truyền thông (TT&TT) hướng dẫn.",
            "chế độ bảo hiểm xã hội (sau đây gọi tắt là BHXH) được",
            "Hệ thống tên miền (DNS) quốc gia",  # the letters are not these words' initials
            "theo quy định tại (Điều 5) và (khoản 2)",
        ]
    )
    assert mined == {
        "ubnd": ("ủy ban nhân dân",),
        "tttt": ("thông tin và truyền thông",),
        "bhxh": ("bảo hiểm xã hội",),
    }


def test_an_abbreviation_one_passage_defines_finds_the_passages_using_it():
    passages = [
        (
            "defines",
            "Thành lập trung tâm\n\nThành lập Trung tâm phục vụ hành chính công (TTPVHCC).",
        ),
        ("uses", "Tiếp nhận hồ sơ\n\nTTPVHCC tiếp nhận hồ sơ của tổ chức, cá nhân."),
        ("other", "Lưu trữ\n\nHồ sơ được lưu trữ theo quy định."),
    ]
    mined = PassageIndex(passages, params=replace(NO_PRF, mined=True))
    plain = PassageIndex(passages, params=replace(NO_PRF, mined=False))
    assert mined.abbreviations == {"ttpvhcc": ("trung tâm phục vụ hành chính công",)}
    assert ids(mined.search("trung tâm phục vụ hành chính công", 3))[:2] == ["defines", "uses"]
    assert "uses" not in ids(plain.search("trung tâm phục vụ hành chính công", 3))
    # and the abbreviation finds the passage that spells it out, typed without diacritics too
    assert set(ids(mined.search("TTPVHCC", 3))) == {"defines", "uses"}
    assert set(ids(mined.search("ttpvhcc", 3))) == {"defines", "uses"}


def test_feedback_brings_passages_that_share_the_best_passage_vocabulary():
    with_prf = PassageIndex(FEEDBACK, params=PRF)
    without = PassageIndex(FEEDBACK, params=NO_PRF)
    # "rescue" says nothing of an award, but shares "cứu hộ", "thiên tai", "bão lũ" with it
    assert ids(without.search("khen thưởng đột xuất", 4)) == ["award"]
    assert ids(with_prf.search("khen thưởng đột xuất", 4)) == ["award", "rescue"]
    assert "budget" not in ids(with_prf.search("khen thưởng đột xuất", 4))


def test_feedback_uses_only_allowed_passages():
    """With `allowed`, feedback comes from allowed passages with their own statistics: the
    result is what an index of the allowed passages alone gives."""
    full = PassageIndex(FEEDBACK, params=PRF)
    allowed = {"rescue", "budget", "school"}
    alone = PassageIndex([p for p in FEEDBACK if p[0] in allowed], params=PRF)
    for query in ("khen thưởng đột xuất", "cứu hộ", "ngan sach", "kế hoạch năm học"):
        got, want = full.search(query, 4, allowed=allowed), alone.search(query, 4)
        assert ids(got) == ids(want)
        assert [s for _, s in got] == pytest.approx([s for _, s in want], rel=1e-5)
    # without the award passage, nothing leads from "khen thưởng" to the rescue passage
    assert full.search("khen thưởng đột xuất", 4, allowed=allowed) == []


def test_query_words_all_runs_or_longest_known_words():
    known = {"công_nghệ", "thông_tin", "nghệ_thông", "công_nghệ_thông_tin"}.__contains__
    runs = query_terms("ứng dụng công nghệ thông tin", replace(NO_PRF, words="runs"))
    assert {"công_nghệ", "nghệ_thông", "thông_tin", "công_nghệ_thông_tin"} <= set(runs)
    longest = query_terms(
        "ứng dụng công nghệ thông tin", replace(NO_PRF, words="longest"), known=known
    )
    assert "công_nghệ_thông_tin" in longest
    assert not {"nghệ_thông", "công_nghệ", "ứng_dụng"} & set(longest)
    # kinds of terms weigh as the parameters say
    weighted = query_terms("thi đua khen thưởng", replace(NO_PRF, pair=0.5, word=2.0))
    assert weighted["thi"] == 1 and weighted["thi đua"] == 0.5 and weighted["thi_đua"] == 2.0
    bare = query_terms("khen thưởng đột xuất", replace(NO_PRF, pair=0.0, triple=0.0, word=0.0))
    assert set(bare) == {"khen", "thưởng", "đột", "xuất"}


def test_changed_parameters_rank_as_a_fresh_build():
    passages = FEEDBACK + [
        ("titled", "Phòng chống thiên tai\n\nNội dung về tổ chức lực lượng tại chỗ."),
    ]
    tunable = PassageIndex(passages, keep_fields=True)
    for params in (
        replace(NO_PRF, k1=0.6, b=0.9),
        replace(NO_PRF, title=4.0, pair=0.0),
        replace(PRF, title=1.0, words="longest"),
    ):
        fresh = PassageIndex(passages, params=params)
        for query in ("phòng chống thiên tai", "cứu hộ cứu nạn", "khen thuong"):
            got, want = tunable.with_params(params).search(query, 5), fresh.search(query, 5)
            assert ids(got) == ids(want)
            assert [s for _, s in got] == pytest.approx([s for _, s in want], rel=1e-5)
    with pytest.raises(ValueError, match="keep_fields"):
        PassageIndex(passages).with_params(replace(NO_PRF, title=NO_PRF.title + 1))
    with pytest.raises(ValueError, match="pairs"):
        PassageIndex(passages, params=replace(NO_PRF, pair=0.0)).with_params(
            replace(NO_PRF, pair=1.0)
        )


def test_parameters_are_checked():
    with pytest.raises(ValueError):
        Params(words="all")
    with pytest.raises(ValueError):
        Params(b=1.5)
    with pytest.raises(ValueError):
        Params(prf_weight=1.0)


def test_saved_index_keeps_its_parameters_and_refuses_an_old_format(tmp_path):
    passages = FEEDBACK + [("def", "Quy chế\n\nỦy ban nhân dân (UBND) tỉnh và Sở Nội vụ (SNV).")]
    index = PassageIndex(passages, params=PRF)
    index.save(tmp_path / "idx")
    loaded = PassageIndex.load(tmp_path / "idx")
    assert loaded.params == PRF
    assert loaded.abbreviations == index.abbreviations and "snv" in loaded.abbreviations
    for query in ("khen thưởng đột xuất", "SNV", "uy ban nhan dan"):
        assert loaded.search(query, 5) == index.search(query, 5)
        assert loaded.search(query, 5, allowed={"rescue", "def"}) == index.search(
            query, 5, allowed={"rescue", "def"}
        )
    meta = json.loads((tmp_path / "idx" / "passages.json").read_text("utf-8"))
    meta["format"] = 1
    (tmp_path / "idx" / "passages.json").write_text(json.dumps(meta), "utf-8")
    with pytest.raises(ValueError, match="rebuild"):
        PassageIndex.load(tmp_path / "idx")


def test_syllable_triples_reward_the_exact_phrase():
    passages = [
        (
            "scattered",
            "Quy định\n\nHội đồng thi tuyển xét đua tài, khen thưởng kịp thời, khen thưởng đột "
            "xuất.",
        ),
        ("phrase", "Quy định\n\nHội đồng thi đua khen thưởng họp định kỳ hằng quý."),
        ("other", "Quy định\n\nHồ sơ lưu trữ theo năm."),
    ]
    query = "hội đồng thi đua khen thưởng"
    weighted = query_terms(query, replace(NO_PRF, triple=2.0))
    assert weighted["thi đua khen"] == 2.0 and weighted["hội đồng thi"] == 2.0
    assert not any(t.count(" ") == 2 for t in query_terms(query, replace(NO_PRF, triple=0.0)))
    bare = replace(NO_PRF, pair=0.0, word=0.0, triple=0.0)
    without = PassageIndex(passages, params=bare)
    with_triples = PassageIndex(passages, params=replace(bare, triple=2.0))
    assert ids(without.search(query, 3))[0] == "scattered"  # more of the query's syllables
    assert ids(with_triples.search(query, 3))[0] == "phrase"
    assert "thi đua khen" in with_triples._vocab
    assert "thi đua khen" not in without._vocab  # triples are indexed only when used
    # Indexing triples changes no length: with weight 0 an index that has them ranks as one
    # that has not.
    zero = PassageIndex(passages, params=replace(bare, triple=1.0)).with_params(bare)
    for q in (query, "khen thưởng kịp thời", "hồ sơ"):
        got, want = zero.search(q, 3), without.search(q, 3)
        assert ids(got) == ids(want)
        assert [s for _, s in got] == pytest.approx([s for _, s in want], rel=1e-6)
    with pytest.raises(ValueError, match="triple"):
        without.with_params(replace(bare, triple=1.0))
