"""Case questions asked as the rule they fall under (`answering.CASE_RULES`,
`thidua.nlp.cases`; issue 14, point 4), with the default decision `answering.BY_CASE` (the
gate of words as written set aside for a case): docs/BENCHMARKS.md, "Case questions mapped to
their rules". Questions from the development sets (third and fourth blind sets), asked on the
demo's three uploaded documents."""

from dataclasses import replace
from pathlib import Path

import pytest

from bench.assistant_qa import load_set, norm
from thidua.assistant import answering
from thidua.assistant.answering import BY_CASE, BY_ENTITY
from thidua.assistant.choices import AnswerMode

from .test_qa_set import _ask, demo_documents  # noqa: F401 (a fixture)

DATA = Path(__file__).resolve().parents[2] / "bench/data"
BY_ID = {
    i["id"]: i
    for name in ("assistant_qa_blind3.jsonl", "assistant_qa_blind4.jsonl")
    for i in load_set(DATA / name)
}
CASES = ["qad012", "qad025", "qad027", "qac010"]


def test_cases_are_asked_as_rules_by_default():
    assert answering.CASE_RULES is True
    # the default is BY_CASE with a document's number also checked (BY_REFERENCE)
    assert replace(BY_CASE, entity_kinds=(*BY_CASE.entity_kinds, "reference")) == (
        answering.DECISION
    )
    assert answering.DECISIONS["case"] is BY_CASE
    assert replace(BY_ENTITY, gate_cases=False) == BY_CASE


@pytest.mark.parametrize("qid", CASES)
def test_a_case_is_answered_with_its_rule(demo_documents, qid, monkeypatch):  # noqa: F811
    item = BY_ID[qid]
    assert item["kind"] == "document"
    mode, sentences = _ask(demo_documents, item["question"])
    assert mode == AnswerMode.EXTRACTIVE
    assert any(norm(item["answer"]) in s for s in sentences), sentences
    # As written, with the decision before, the case was refused.
    monkeypatch.setattr(answering, "CASE_RULES", False)
    monkeypatch.setattr(answering, "DECISION", BY_ENTITY)
    assert _ask(demo_documents, item["question"])[0] == AnswerMode.NOT_FOUND


def test_the_sick_leave_case_is_answered_with_the_ten_months_rule(demo_documents):  # noqa: F811
    item = BY_ID["qad010"]  # "Chị A bên em nghỉ ốm 3 tháng trong năm, … có được xét LĐTT …?"
    mode, sentences = _ask(demo_documents, item["question"])
    assert mode == AnswerMode.EXTRACTIVE
    assert any(norm(item["answer"]) in s for s in sentences), sentences
