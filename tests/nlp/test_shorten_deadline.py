"""A key point shortened to max_chars keeps its deadline and its figures and is cut at a clause
boundary, never inside a word (issue 12, point 4: "… người dân" became "người…" and
"trước ngày 30/9/2024" was dropped)."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.nlp.keypoints import shorten
from thidua.nlp.text import syllables

POINT = (
    "Hoàn thành việc cung cấp dịch vụ công trực tuyến toàn trình, kết nối với các cơ sở dữ "
    "liệu quốc gia, bảo đảm 100% hồ sơ được xử lý đúng hạn cho người dân và doanh nghiệp "
    "trước ngày 30/9/2024."
)


def test_the_deadline_is_kept_and_the_cut_is_at_a_clause_boundary():
    short = shorten(POINT, 100)
    assert short == (
        "Hoàn thành việc cung cấp dịch vụ công trực tuyến toàn trình trước ngày 30/9/2024."
    )
    # with more room the clause with the figure comes too, the one without is dropped
    assert shorten(POINT, 160) == (
        "Hoàn thành việc cung cấp dịch vụ công trực tuyến toàn trình, bảo đảm 100% hồ sơ "
        "được xử lý đúng hạn cho người dân và doanh nghiệp trước ngày 30/9/2024."
    )


def test_a_word_cut_keeps_whole_words_and_the_deadline():
    point = (
        "Phấn đấu có 80% dịch vụ công trực tuyến mức độ 4 được sử dụng bởi người dân "
        "trước ngày 30/9/2024."
    )
    for max_chars in range(40, len(point)):
        short = shorten(point, max_chars)
        assert len(short) <= max_chars
        assert "trước ngày 30/9/2024" in short, short
        assert not re.search(r"\bngười[….]", short), short  # never "người…" for "người dân"


def test_a_list_item_after_và_is_not_glued_to_another_clause():
    point = (
        "Rà soát, đơn giản hóa thủ tục hành chính, cắt giảm ít nhất 20% chi phí tuân thủ cho "
        "doanh nghiệp và người dân trước ngày 30/9/2024."
    )
    assert shorten(point, 80) == "Rà soát, đơn giản hóa thủ tục hành chính trước ngày 30/9/2024."


def test_text_that_fits_is_unchanged_and_a_point_without_deadline_is_cut_as_before():
    assert shorten(POINT, 500) == POINT
    assert (
        shorten("Tăng cường kiểm tra, giám sát việc thực hiện chương trình.", 40)
        == "Tăng cường kiểm tra."
    )


# --- property: random points built from real clauses ------------------------------------------
FIRST = [
    "Hoàn thành việc cung cấp dịch vụ công trực tuyến toàn trình",
    "Xây dựng kế hoạch chuyển đổi số của đơn vị",
    "Nâng cao chất lượng sinh hoạt chi bộ",
    "Triển khai nền tảng số dùng chung của Bộ",
]
MIDDLE = [
    "kết nối với các cơ sở dữ liệu quốc gia",
    "phục vụ người dân và doanh nghiệp",
    "tăng cường kiểm tra việc thực hiện",
    "phân công rõ người phụ trách từng việc",
]
FIGURES = [
    "bảo đảm 100% hồ sơ được xử lý đúng hạn",
    "giảm 20% thời gian giải quyết thủ tục",
    "đào tạo 1.500 đảng viên về kỹ năng số",
]
DEADLINES = [
    "trước ngày 30/9/2024",
    "chậm nhất trong quý III/2025",
    "đến hết năm 2025",
    "trong tháng 10 năm 2024",
]
# first syllables that occur in these clauses only as the start of a longer word
WORD_STARTS = ["người", "doanh", "hồ", "thủ", "dịch", "cơ", "quốc", "trực", "đảng", "kỹ", "thời"]
NUMBER = re.compile(r"\d+(?:[.,/]\d+)*%?")


@st.composite
def points(draw):
    first = draw(st.sampled_from(FIRST))
    middles = draw(st.lists(st.sampled_from(MIDDLE), unique=True, max_size=3))
    figure = draw(st.none() | st.sampled_from(FIGURES))
    clauses = list(middles)
    if figure:
        clauses.insert(draw(st.integers(0, len(clauses))), figure)
    deadline = draw(st.none() | st.sampled_from(DEADLINES))
    text = first + "".join(", " + c for c in clauses) + (f" {deadline}" if deadline else "") + "."
    return text, first, figure, deadline


@settings(max_examples=150, deadline=None)
@given(points(), st.integers(min_value=30, max_value=220))
def test_shortening_property(point, max_chars):
    text, first, figure, deadline = point
    short = shorten(text, max_chars)
    assert 0 < len(short) <= max_chars
    assert re.search(r"[.…]$", short)
    if len(text) <= max_chars:
        assert short == text
        return
    # never inside a word: whole syllables of the source, no word cut after its first syllable
    assert set(syllables(short)) <= set(syllables(text)), short
    tail = short.rstrip(".…")
    for start in WORD_STARTS:
        assert not re.search(rf"(?<!\w){start}$", tail), short
    # the deadline, and then the figure, are kept whenever they fit beside the first clause
    room_deadline = len(deadline) + 1 if deadline else 0
    if deadline and max_chars >= len(first) + room_deadline + 1:
        assert deadline in short, short
    if figure and max_chars >= len(first) + 2 + len(figure) + room_deadline + 1:
        assert NUMBER.search(figure).group(0) in short, short
