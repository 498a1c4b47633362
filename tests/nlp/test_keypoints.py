import re
import subprocess
import sys
from pathlib import Path

import pytest

from thidua.nlp.keypoints import KeyPoint, extract_key_points, shorten
from thidua.nlp.text import split_sentences, syllables

FIXTURES = Path(__file__).parent / "fixtures"
END = re.compile(r"[.!?…][”\"')]*$")

# words that only the preamble or the closing of the fixtures carry
FORMALITIES = re.compile(
    r"[Cc]ăn cứ|[Cc]ó mặt|vắng|vỗ tay|tham dự|chủ trì|Nơi nhận|hiệu lực|Đã ký|Lưu:|T/M|TM\.|"
    r"ngày 18 tháng 8|^Số:|Độc lập|QUYẾT NGHỊ|thông qua|doanh thu|giảm được 13|152 cuộc|"
    r"quán triệt Nghị quyết|chịu trách nhiệm thi hành|Hội nghị kết thúc"
)

EIGHT_PROGRAMMES = [
    "bưu chính",
    "viễn thông",
    "an ninh mạng",
    "Chính phủ số",
    "gia công lắp ráp",
    "doanh nghiệp công nghệ số",
    "Báo chí truyền thông",
    "ứng dụng CNTT sang chuyển đổi số",
]


def _load(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _assert_readable(points: list[KeyPoint], text: str) -> None:
    sentences = split_sentences(text)
    for point in points:
        assert END.search(point.text), point.text
        assert point.text[:1].isupper(), point.text
        assert not FORMALITIES.search(point.text), point.text
        assert all(0 <= i < len(sentences) for i in point.sentences)
    assert [p.sentences for p in points] == sorted(p.sentences for p in points)


def test_congress_resolution_gives_the_eight_programmes_in_order():
    text = _load("nghi_quyet_dai_hoi.txt")
    points = extract_key_points(text, n=8)
    assert len(points) == 8
    for point, programme in zip(points, EIGHT_PROGRAMMES, strict=True):
        assert programme in point.text, (programme, point.text)
    _assert_readable(points, text)
    # the "Thứ nhất, " marker is dropped; each point comes from its task's first sentence
    assert points[0].text.startswith("Chuyển đổi bưu chính")
    sentences = split_sentences(text)
    assert sentences[points[0].index].startswith("Thứ nhất")


def test_with_fewer_points_than_tasks_the_kept_ones_are_tasks():
    text = _load("nghi_quyet_dai_hoi.txt")
    points = extract_key_points(text, n=5)
    assert len(points) == 5
    assert all(any(p in point.text for p in EIGHT_PROGRAMMES) for point in points)
    _assert_readable(points, text)


def test_article_resolution_takes_top_level_tasks_and_merges_bare_headings():
    text = _load("nghi_quyet_dieu.txt")
    points = extract_key_points(text, n=6)
    assert len(points) == 6
    _assert_readable(points, text)
    # "1. Về bưu chính" (a bare heading) merged with its first sentence
    assert points[0].text.startswith("Về bưu chính: Phát triển hạ tầng bưu chính")
    assert len(points[0].sentences) == 2
    # "2." is one point even though it has sub-items a) and b)
    assert points[1].text.startswith("Chuyển dịch hạ tầng viễn thông")
    assert not any(p.text.startswith("Mỗi hộ gia đình") for p in points)
    assert "KPI" in points[-1].text
    # Điều 2 and Điều 3 (assignment, entry into force) are not among the six tasks
    assert not any("Văn phòng Sở" in p.text for p in points)


def test_cell_meeting_resolution_skips_attendance_and_applause():
    text = _load("nghi_quyet_chi_bo.txt")
    points = extract_key_points(text)
    assert [p.text.split()[0] for p in points] == ["Hoàn", "Phối", "Rà", "Mỗi", "Tăng"]
    _assert_readable(points, text)


@pytest.mark.parametrize(
    "name", ["nghi_quyet_dai_hoi.txt", "nghi_quyet_dieu.txt", "nghi_quyet_chi_bo.txt"]
)
@pytest.mark.parametrize("max_chars", [60, 80, 120])
def test_max_chars_shortens_at_clause_boundaries_never_mid_word(name, max_chars):
    text = _load(name)
    source_words = set(syllables(text))
    for point in extract_key_points(text, n=6, max_chars=max_chars):
        assert len(point.text) <= max_chars, point.text
        assert END.search(point.text), point.text
        # every syllable is a whole syllable of the source: nothing cut mid-word
        assert set(syllables(point.text)) <= source_words, point.text
        assert not re.search(r"\s(?:và|của|để|các)[.…]$", point.text), point.text


def test_shorten_prefers_clauses_and_marks_a_word_cut():
    sentence = (
        "Tăng cường kiểm tra, giám sát việc thực hiện chương trình công tác, "
        "nhất là ở các chi bộ trực thuộc."
    )
    assert shorten(sentence, 200) == sentence
    assert (
        shorten(sentence, 70)
        == "Tăng cường kiểm tra, giám sát việc thực hiện chương trình công tác."
    )
    cut = shorten(
        "Chuyển đổi bưu chính thành hạ tầng của dòng chảy vật chất của nền kinh tế số", 40
    )
    assert cut.endswith("…") and len(cut) <= 40
    assert cut == "Chuyển đổi bưu chính thành hạ tầng…"
    # "A, B và C": no cut that leaves a two-syllable fragment after the comma
    assert (
        shorten(
            "Chuyển đổi từ ứng dụng CNTT sang chuyển đổi số, dẫn dắt và thúc đẩy chuyển đổi số quốc gia.",
            60,
        )
        == "Chuyển đổi từ ứng dụng CNTT sang chuyển đổi số."
    )
    # never inside parentheses
    assert "(" not in shorten(
        "Bộ đã giảm 13 đơn vị (giảm 30,95%, so với năm 2015), chỉ còn 29 đơn vị sự nghiệp.", 40
    )


NEWS = (
    "Chiều 12/10, Bộ TT&TT tổ chức Đại hội Thi đua yêu nước lần thứ IV tại Hà Nội. "
    "Phó Thủ tướng yêu cầu phong trào thi đua bám sát nhiệm vụ chính trị, nhất là chuyển đổi số quốc gia. "
    "Chính phủ sẽ hỗ trợ phát triển hạ tầng số để kinh tế số chiếm 20% GDP vào năm 2025. "
    "Phó Thủ tướng yêu cầu phong trào thi đua bám sát nhiệm vụ chính trị, nhất là chuyển đổi số. "
    "Ảnh: Đoàn Bổng. "
    "Bộ trưởng đề nghị mỗi cán bộ đặt mục tiêu cao hơn năng lực của mình để tạo ra giá trị mới. "
    "Đại hội đã tôn vinh 20 tập thể và 41 cá nhân điển hình tiên tiến giai đoạn 2015 - 2020."
)


def test_news_points_are_distinct_central_sentences_without_captions():
    points = extract_key_points(NEWS, n=3)
    assert len(points) == 3
    texts = [p.text for p in points]
    assert sum("bám sát nhiệm vụ chính trị" in t for t in texts) == 1  # the repeat is dropped
    assert not any(t.startswith("Ảnh") for t in texts)
    assert all(p.score > 0 for p in points)
    assert extract_key_points(NEWS, n=0) == []
    assert extract_key_points("   ") == []


def test_vietnamese_numbers_and_abbreviations_stay_inside_points():
    text = "TS. Nguyễn Văn A. cho biết Bộ đã giảm 13 đơn vị, tức giảm 30,95% so với năm 2015 với 1.114 đại biểu."
    [point] = extract_key_points(text, n=1)
    assert point.text == text
    assert point.sentences == (0,)


def test_keypoints_import_nothing_from_django():
    code = "import sys, thidua.nlp.keypoints, thidua.nlp.rouge; assert not any(m.startswith('django') for m in sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True)
