"""Questions that found nothing, grouped by what they ask about (issue 14, point 6)."""

from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.nlp.gaps import Asked, group_questions, question_terms


def asked(question: str, day: int, reason: str = "not_found") -> Asked:
    return Asked(question, datetime(2026, 3, day, 9, 0), reason)


def test_terms_are_folded_without_question_words_and_numbers():
    assert question_terms("Hạn nộp hồ sơ khen thưởng năm 2026 là khi nào?") == {
        "han", "nop", "ho", "so", "khen", "thuong", "nam"
    }  # fmt: skip
    assert question_terms("han nop ho so khen thuong") == question_terms(
        "Hạn nộp hồ sơ khen thưởng"
    )
    assert question_terms("là gì? 123") == frozenset()


def test_similar_questions_group_with_counts_reasons_and_last_date():
    groups = group_questions(
        [
            asked("Hạn nộp hồ sơ khen thưởng là khi nào?", 1),
            asked("hạn nộp hồ sơ khen thưởng là khi nào", 3, "not_useful"),
            asked("Thời hạn nộp hồ sơ khen thưởng năm nay?", 5),
            asked("Giá vé máy bay đi Đà Nẵng bao nhiêu?", 4),
            asked("Han nop ho so khen thuong", 2),
        ]
    )
    assert [g.count for g in groups] == [4, 1]
    deadline, flights = groups
    # The wording asked most often names the group (its latest spelling).
    assert deadline.question == "hạn nộp hồ sơ khen thưởng là khi nào"
    assert (deadline.not_found, deadline.not_useful) == (3, 1)
    assert deadline.last_asked == datetime(2026, 3, 5, 9, 0)
    assert deadline.wordings == [
        "Thời hạn nộp hồ sơ khen thưởng năm nay?",
        "Han nop ho so khen thuong",
    ]
    assert deadline.terms == ["hạn", "nộp", "hồ", "sơ", "khen", "thưởng"]  # as most often typed
    assert flights.question == "Giá vé máy bay đi Đà Nẵng bao nhiêu?" and flights.wordings == []


def test_different_subjects_do_not_merge_on_common_words():
    groups = group_questions(
        [
            asked("Tiền thưởng chiến sĩ thi đua cơ sở là bao nhiêu?", 1),
            asked("Tiền thưởng lao động tiên tiến là bao nhiêu?", 2),
            asked("Quy trình bỏ phiếu kín của hội đồng như thế nào?", 3),
        ]
    )
    assert len(groups) == 3


def test_questions_of_common_words_only_group_by_their_wording():
    groups = group_questions([asked("Là gì?", 1), asked("là gì", 2), asked("Bao nhiêu?", 3)])
    assert sorted((g.question, g.count) for g in groups) == [("Bao nhiêu?", 1), ("là gì", 2)]


def test_the_grouping_does_not_depend_on_the_order_of_the_input():
    items = [
        asked("Hạn nộp hồ sơ khen thưởng?", 1),
        asked("Thời hạn nộp hồ sơ khen thưởng?", 2),
        asked("Hồ sơ khen thưởng gồm những gì?", 3),
        asked("Hồ sơ đề nghị khen thưởng gồm gì?", 3),
        asked("Mẫu tờ trình khen thưởng?", 4),
    ]
    first = group_questions(items)
    assert group_questions(list(reversed(items))) == first


def test_dates_and_empty_questions():
    groups = group_questions(
        [
            Asked("Kinh phí tập huấn?", date(2026, 1, 2), "not_found"),
            Asked("  ", date(2026, 1, 3), "x"),
        ]
    )
    assert [(g.question, g.last_asked) for g in groups] == [
        ("Kinh phí tập huấn?", date(2026, 1, 2))
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet=st.sampled_from("ab hồsơ2?.!\n"), max_size=30), st.integers(1, 28)
        ),
        max_size=40,
    )
)
def test_every_question_is_counted_once(rows):
    items = [asked(q, d) for q, d in rows]
    groups = group_questions(items)
    # A question of nothing but spaces and punctuation is not a question.
    assert sum(g.count for g in groups) == sum(1 for q, _d in rows if q.strip(" \n?.!"))
    assert all(g.count == g.not_found + g.not_useful for g in groups)
