"""The other question sets beside bench/data/assistant_qa.jsonl (bench/data/README.md): the
fresh set and the second, third and fourth blind sets, written later by other hands to measure the
assistant on wordings it was not built on. Their format only — every gold passage and span in
its document, ids unique, askers demo accounts, a fifth unanswerable — never their answers: a
blind set is asked by `python -m bench.assistant_qa --file …` once, for its figures."""

from pathlib import Path

import pytest

from bench.assistant_qa import load_set, platform_texts, validate

DATA = Path(__file__).resolve().parents[2] / "bench" / "data"
DEMO_ACCOUNTS = {
    "quantri",
    "canbo",
    "truongdonvi",
    "botruong",
    "thutruong",
    "thiduakhenthuong",
    "hoidong",
    "bithu",
    "vanphongdanguy",
}


@pytest.mark.parametrize(
    "name",
    [
        "assistant_qa_fresh.jsonl",
        "assistant_qa_blind2.jsonl",
        "assistant_qa_blind3.jsonl",
        "assistant_qa_blind4.jsonl",
        "assistant_qa_blind5.jsonl",
        "assistant_qa_blind6.jsonl",
        "assistant_qa_blind7.jsonl",
    ],
)
def test_the_set_is_well_formed(name):
    items = load_set(DATA / name)
    assert validate(items, platform_texts()) == []
    assert len({i["id"] for i in items}) == len(items)
    assert {i["asker"] for i in items} <= DEMO_ACCOUNTS
    kinds = [i["kind"] for i in items]
    assert set(kinds) <= {"document", "personal", "unanswerable"}
    assert kinds.count("unanswerable") * 6 >= len(items)
    assert kinds.count("document") * 2 >= len(items)
