"""A question asking a title's standard is answered first with the clause that defines that
title (`thidua.nlp.defines`; issue 14, point 4), on the full demo as its users ask it:
`canbo` asked "Tiêu chuẩn Chiến sĩ thi đua cơ sở là gì?" and was answered with the Tập thể
lao động xuất sắc clause, the CSTĐ cấp Bộ clause and the 15 % cap, the CSTĐCS standard
(regulation Điều 6 khoản 1) only among the sources."""

import pytest
from django.contrib.auth import get_user_model

from thidua.assistant.choices import AnswerMode
from thidua.assistant.services import question_ask

from ..conftest import demo_loaded

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo ministry with its assistant documents and index, loaded once and rolled back."""
    with demo_loaded(django_db_blocker, people=60):
        yield


@pytest.mark.parametrize(
    ("question", "first"),
    [
        (
            "Tiêu chuẩn Chiến sĩ thi đua cơ sở là gì?",
            "1. Danh hiệu Chiến sĩ thi đua cơ sở được xét tặng hằng năm cho cá nhân",
        ),
        (
            "Tiêu chuẩn Lao động tiên tiến là gì?",
            "1. Danh hiệu Lao động tiên tiến được xét tặng hằng năm cho cá nhân",
        ),
        (
            "Điều kiện xét tặng danh hiệu Lao động tiên tiến?",
            "1. Danh hiệu Lao động tiên tiến được xét tặng hằng năm cho cá nhân",
        ),
        (
            "Tiêu chuẩn Chiến sĩ thi đua cấp Bộ là gì?",
            "1. Danh hiệu Chiến sĩ thi đua cấp Bộ được xét tặng cho cá nhân",
        ),
    ],
)
def test_the_answer_leads_with_the_clause_defining_the_title(demo, question, first):
    canbo = get_user_model().objects.get(username="canbo")
    x = question_ask(actor=canbo, question=question)
    assert x.mode == AnswerMode.EXTRACTIVE
    sentences = [s["text"] for s in x.answer["sentences"]]
    assert sentences[0].startswith(first), sentences
    # The clause leading the answer is one of its cited sources, the regulation's own.
    cited = {c["n"]: c for c in x.answer["citations"]}[x.answer["sentences"][0]["citation"]]
    assert "QUY CHẾ THI ĐUA, KHEN THƯỞNG" in cited["title"]


def test_a_question_about_a_share_is_still_answered_with_the_share(demo):
    # Not a question about the title's standard: the 15 % cap still leads.
    canbo = get_user_model().objects.get(username="canbo")
    x = question_ask(actor=canbo, question="Tỷ lệ Chiến sĩ thi đua cơ sở tối đa là bao nhiêu?")
    assert x.mode == AnswerMode.EXTRACTIVE
    assert "15%" in x.answer["sentences"][0]["text"]
