"""Vietnamese or not: uploads in another language are refused, short texts are never judged."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.nlp.language import is_vietnamese, vietnamese_share

VIETNAMESE = [
    "Danh hiệu Chiến sĩ thi đua cơ sở được xét tặng cho cá nhân đạt các tiêu chuẩn sau đây.",
    "Điều 24. Danh hiệu “Chiến sĩ thi đua cơ sở”\n1. Đạt tiêu chuẩn danh hiệu Lao động tiên tiến;",
    "KẾ HOẠCH THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW VỀ ĐỘT PHÁ PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ",
    "Năm 2024, Sở đã triển khai 152 dịch vụ công trực tuyến toàn trình, đạt 95% kế hoạch.",
    # Vietnamese with many English terms, as IT plans are written.
    "Triển khai Cloud, AI, IoT và Big Data cho hệ thống LGSP, API gateway và data warehouse của tỉnh.",
]
FOREIGN = [
    "The Law on Emulation and Commendation sets out the criteria for the title of "
    "Emulation Fighter at grassroots level and the procedure for nominations.",
    "La loi sur l'émulation et les récompenses fixe les critères du titre de combattant "
    "d'émulation au niveau de base, ainsi que la procédure à suivre.",
    "La ley establece los criterios para el título de combatiente de emulación y el "
    "procedimiento de nominación según la región.",
    "Os critérios são definidos pela lei de emulação e recompensas, e a nomeação é anual.",
    "《竞赛奖励法》规定了基层竞赛战士称号的标准以及提名程序和评审方法等内容。",
    "Закон о соревновании и поощрении устанавливает критерии звания и порядок выдвижения.",
    # An English report quoting Vietnamese names is still English.
    "The meeting was chaired by Mr. Nguyễn Văn An and attended by the directors of all "
    "departments, who approved the annual plan and the budget for the next fiscal year.",
]


@pytest.mark.parametrize("text", VIETNAMESE)
def test_vietnamese_is_recognised(text):
    assert is_vietnamese(text)
    assert is_vietnamese(unicodedata.normalize("NFD", text))


@pytest.mark.parametrize("text", FOREIGN)
def test_other_languages_are_not_vietnamese(text):
    assert not is_vietnamese(text)


@pytest.mark.parametrize(
    "text", ["", "   ", "OK", "Hello world", "CNTT 2024", "12/2022/QH15", "?!"]
)
def test_short_texts_are_never_rejected(text):
    assert is_vietnamese(text)


def test_documents_need_diacritics_unless_asked_otherwise():
    text = "Danh hieu Chien si thi dua co so duoc xet tang cho ca nhan dat cac tieu chuan sau day"
    assert not is_vietnamese(text)
    assert is_vietnamese(text, require_diacritics=False)
    assert not is_vietnamese(FOREIGN[0], require_diacritics=False)
    assert not is_vietnamese(FOREIGN[1], require_diacritics=False)


def test_share_of_vietnamese_only_letters():
    assert vietnamese_share("") == 0.0
    assert vietnamese_share("élève à côté") == 0.0  # French accents are not Vietnamese-only
    assert vietnamese_share("đường") == pytest.approx(3 / 5)  # đ, ư, ờ
    assert vietnamese_share(VIETNAMESE[0]) > 0.1


@given(st.text(max_size=300))
def test_never_raises(text):
    assert isinstance(is_vietnamese(text), bool)
    assert isinstance(is_vietnamese(text, require_diacritics=False), bool)
