"""The highlighted answer holds the fact asked (issue 14, point 4; `thidua.nlp.choose`,
`answering.SENTENCE_CHOICE`), end to end through `question_ask` on the demo's regulation: asked
who proposed it, the answer highlights "Theo đề nghị của Vụ trưởng …" (a legal basis, left out
before); asked which decree it rests on, "Căn cứ Nghị định số 152/2025/NĐ-CP …"; asked the
date of the law it cites, "Căn cứ Luật … ngày 15 tháng 6 năm 2022"."""

from pathlib import Path

import pytest

from bench.assistant_qa import norm
from thidua.assistant import answering
from thidua.assistant.choices import AnswerMode
from thidua.assistant.services import document_upload, index_rebuild_now, question_ask
from thidua.nlp.choose import Choice

DEMO = Path(__file__).resolve().parents[2] / "thidua" / "assistant" / "demo_documents"
CASES = [
    ("Quy chế thi đua của Bộ được xây dựng theo đề nghị của ai?", "Vụ trưởng Vụ Thi đua"),
    ("Quy chế TĐKT của Bộ dựa trên nghị định nào vậy, số mấy?", "152/2025/NĐ-CP"),
    ("Luật TĐKT mà quy chế viện dẫn là luật ngày tháng năm nào?", "ngày 15 tháng 6 năm 2022"),
]


@pytest.fixture
def regulation(org_admin):
    name = "quy-che-thi-dua-khen-thuong.md"
    document_upload(actor=org_admin, name=name, data=(DEMO / name).read_bytes())
    index_rebuild_now()
    return org_admin


def _highlighted(user, question):
    exchange = question_ask(actor=user, question=question)
    sentences = exchange.answer.get("sentences", [])
    return exchange.mode, [norm(f"{s['text']} {s.get('continuation', '')}") for s in sentences]


@pytest.mark.parametrize(("question", "fact"), CASES)
def test_the_answer_highlights_the_sentence_with_the_fact(regulation, question, fact, monkeypatch):
    mode, sentences = _highlighted(regulation, question)
    assert mode == AnswerMode.EXTRACTIVE
    assert any(norm(fact) in s for s in sentences), sentences
    # before: the legal bases were left out unless "căn cứ" was asked
    monkeypatch.setattr(answering, "SENTENCE_CHOICE", Choice())
    mode, sentences = _highlighted(regulation, question)
    assert mode == AnswerMode.EXTRACTIVE
    assert not any(norm(fact) in s for s in sentences), sentences
