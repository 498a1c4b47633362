"""The not-found decision `answering.BY_ENTITY` (issue 14 point 4; the default `BY_CASE` is it
for a question that is no case): the weighed decision, and the question's titles, awards and
years (`thidua.nlp.entities`) held by the passage of the answering clause (docs/BENCHMARKS.md,
"Named entities in the not-found decision"). Questions from the development sets (the old
set, the second blind set), asked on the demo's three uploaded documents."""

from dataclasses import replace
from pathlib import Path

import pytest

from bench.assistant_qa import load_set, norm
from thidua.assistant import answering
from thidua.assistant.answering import BY_ENTITY, BY_WEIGHT, grounded
from thidua.assistant.choices import AnswerMode

from .test_qa_set import _ask, demo_documents  # noqa: F401 (a fixture)

DATA = Path(__file__).resolve().parents[2] / "bench/data"
BY_ID = {
    i["id"]: i
    for name in ("assistant_qa.jsonl", "assistant_qa_blind2.jsonl")
    for i in load_set(DATA / name)
}


def test_the_entity_decision_is_the_default_but_for_case_questions():
    # The default BY_CASE is BY_ENTITY with the gate set aside for case questions asked as
    # their rules (tests/assistant/test_answer_cases.py); a question that is no case is
    # decided as BY_ENTITY decides it.
    # (and, since BY_REFERENCE, a document's number the question names is checked too)
    assert (
        replace(BY_ENTITY, gate_cases=False, entity_kinds=(*BY_ENTITY.entity_kinds, "reference"))
        == answering.DECISION
    )
    assert answering.DECISIONS["entity"] is BY_ENTITY
    assert answering.DECISIONS["weight"] is BY_WEIGHT


# Near misses naming an award or a year the documents do not give: BY_WEIGHT answers them with
# the neighbouring fact (the words absent from the corpus weigh nothing), BY_ENTITY refuses.
@pytest.mark.parametrize("qid", ["qa141", "qa161", "qab004", "qab057"])
def test_a_named_award_or_year_the_documents_do_not_give_is_refused(
    demo_documents,  # noqa: F811
    qid,
    monkeypatch,
):
    item = BY_ID[qid]
    assert item["kind"] == "unanswerable"
    mode, sentences = _ask(demo_documents, item["question"])
    assert mode == AnswerMode.NOT_FOUND and sentences == []
    monkeypatch.setattr(answering, "DECISION", BY_WEIGHT)
    assert _ask(demo_documents, item["question"])[0] == AnswerMode.EXTRACTIVE


# Questions naming an award the documents give, abbreviated or not: answered with the fact.
@pytest.mark.parametrize("qid", ["qa030", "qa034"])
def test_a_named_award_the_documents_give_is_answered(demo_documents, qid):  # noqa: F811
    item = BY_ID[qid]
    assert item["kind"] == "document"
    mode, sentences = _ask(demo_documents, item["question"])
    assert mode == AnswerMode.EXTRACTIVE
    assert any(norm(item["answer"]) in s for s in sentences), sentences


def test_colloquial_words_absent_from_the_corpus_still_weigh_nothing():
    texts = [
        "Quy chế\nĐiều 5\nDanh hiệu Lao động tiên tiến. Cá nhân nghỉ thai sản theo quy định "
        "được tính thời gian nghỉ vào thời gian công tác để xét danh hiệu Lao động tiên tiến.",
        "Quy chế\nĐiều 6\nDanh hiệu Chiến sĩ thi đua cơ sở được xét tặng cho cá nhân đạt danh "
        "hiệu Lao động tiên tiến và có sáng kiến được công nhận.",
    ]
    question = "Chị em nghỉ thai sản năm ngoái thì có được xét Lao động tiên tiến không?"
    assert grounded(question, texts, [3.0, 2.9], decision=BY_ENTITY)
    # …but an award the passages do not hold refuses it.
    other = "Chị em nghỉ thai sản năm ngoái thì có được xét Huân chương Lao động không?"
    assert not grounded(other, texts, [3.0, 2.9], decision=BY_ENTITY)
