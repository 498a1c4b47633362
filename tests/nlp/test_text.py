import subprocess
import sys

import pytest

from thidua.nlp.text import fold, split_sentences, syllables, words


def test_sentences_survive_abbreviations_vietnamese_numbers_and_initials():
    text = (
        "Năm 2019, doanh thu đạt gần 135 tỷ USD, tăng 2,5 lần. Bộ đã giảm 13 đơn vị (giảm 30,95%). "
        "TS. Nguyễn Văn A. phát biểu tại Đại hội với 1.114 đại biểu."
    )
    assert split_sentences(text) == [
        "Năm 2019, doanh thu đạt gần 135 tỷ USD, tăng 2,5 lần.",
        "Bộ đã giảm 13 đơn vị (giảm 30,95%).",
        "TS. Nguyễn Văn A. phát biểu tại Đại hội với 1.114 đại biểu.",
    ]


def test_headings_start_a_new_sentence_and_keep_their_words():
    text = "Điều 3. Tổ chức thực hiện\n1. Cục Tin học hoá chủ trì.\nII. NHIỆM VỤ\nThứ nhất, chuyển đổi số."
    assert split_sentences(text) == [
        "Điều 3. Tổ chức thực hiện",
        "1. Cục Tin học hoá chủ trì.",
        "II. NHIỆM VỤ",
        "Thứ nhất, chuyển đổi số.",
    ]


def test_quotes_stay_with_their_sentence():
    assert split_sentences("“Mục tiêu phải đủ cao.” Ông nói vậy.") == [
        "“Mục tiêu phải đủ cao.”",
        "Ông nói vậy.",
    ]


def test_words_are_segmented_and_folding_removes_diacritics():
    assert words("Chuyển đổi số quốc gia") == ["chuyển_đổi", "số", "quốc_gia"]
    assert fold("Đổi mới sáng tạo") == "Doi moi sang tao"
    assert syllables("Kinh tế số 20% GDP") == ["kinh", "tế", "số", "20", "gdp"]


@pytest.mark.parametrize("module", ["thidua.nlp.text"])
def test_nlp_imports_nothing_from_django(module):
    code = f"import sys, {module}; assert not any(m.startswith('django') for m in sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_bare_numbered_heading_on_its_own_line_stays_apart():
    text = "1. Về bưu chính\nPhát triển hạ tầng bưu chính.\n2. Phát triển hạ tầng\nviễn thông và mạng 5G."
    assert split_sentences(text) == [
        "1. Về bưu chính",
        "Phát triển hạ tầng bưu chính.",
        "2. Phát triển hạ tầng viễn thông và mạng 5G.",
    ]
