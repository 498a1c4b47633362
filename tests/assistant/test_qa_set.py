"""The demo question set (bench/data/assistant_qa.jsonl, issue 14 point 4): its format, and a
handful of its questions end to end through `question_ask` on the demo's uploaded documents.
The whole set is scored by `python -m bench.assistant_qa` (in `make bench`), not here."""

from pathlib import Path

import pytest

from bench.assistant_qa import load_set, norm, platform_texts, split_of, validate
from thidua.assistant.choices import AnswerMode, Audience
from thidua.assistant.services import document_upload, index_rebuild_now, question_ask
from thidua.core.actors import SYSTEM
from thidua.org.choices import Role

DEMO = Path(__file__).resolve().parents[2] / "thidua" / "assistant" / "demo_documents"
ITEMS = load_set()
BY_ID = {item["id"]: item for item in ITEMS}
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


def test_the_set_is_well_formed():
    assert validate(ITEMS, platform_texts()) == []  # every gold span and passage in its document
    assert len(ITEMS) >= 120
    unanswerable = [i for i in ITEMS if i["kind"] == "unanswerable"]
    assert len(unanswerable) * 5 >= len(ITEMS)
    assert len({i["id"] for i in ITEMS}) == len(ITEMS)
    assert {i["asker"] for i in ITEMS} <= DEMO_ACCOUNTS
    kinds = {(i["kind"], (i.get("document") or {}).get("source")) for i in ITEMS}
    for source in ("upload", "program", "resolution", "movement", "lesson"):
        assert ("document", source) in kinds
    assert ("personal", None) in kinds
    # typed without diacritics, some of them
    assert sum(norm(i["question"]).isascii() for i in ITEMS) >= 15


def test_the_held_out_part_is_fixed_and_about_two_fifths():
    test = [i for i in ITEMS if split_of(i["question"]) == "test"]
    assert 0.3 <= len(test) / len(ITEMS) <= 0.5
    assert split_of("Tổ kiểm phiếu gồm mấy người?") == split_of("Tổ kiểm phiếu gồm mấy người?")
    for kind in ("document", "unanswerable"):
        assert any(i["kind"] == kind for i in test)


@pytest.fixture
def demo_documents(org_admin, org):
    """The demo's three uploaded documents, with the demo's audiences (the council guide for
    council members), and a council member to ask."""
    from datetime import date

    from thidua.org.services import role_grant

    from ..factories import PersonFactory, UserFactory

    def upload(name, **kwargs):
        return document_upload(
            actor=org_admin, name=name, data=(DEMO / name).read_bytes(), **kwargs
        )

    upload("quy-che-thi-dua-khen-thuong.md")
    upload("ke-hoach-attt-2026.md", audience=Audience.UNIT, unit=org["sec_b"])
    upload(
        "huong-dan-bo-phieu-hoi-dong.md",
        audience=Audience.ROLES,
        roles=[Role.EMULATION_OFFICER, Role.COUNCIL_MEMBER],
    )
    index_rebuild_now()
    council = UserFactory(username="council_qa")
    PersonFactory(unit=org["sec_b"], full_name="Lê Văn Phiếu", user=council)
    role_grant(actor=SYSTEM, user=council, role=Role.COUNCIL_MEMBER, valid_from=date(2020, 1, 1))
    return council


def _ask(user, question):
    exchange = question_ask(actor=user, question=question)
    sentences = exchange.answer.get("sentences", [])
    return exchange.mode, [norm(f"{s['text']} {s.get('continuation', '')}") for s in sentences]


@pytest.mark.parametrize(
    "qid",
    ["qa053", "qa054", "qa016", "qa069"],
    ids=["council-percent", "council-share", "cap-15", "fifteen-minutes"],
)
def test_the_first_highlighted_sentence_holds_the_fact(demo_documents, qid):
    item = BY_ID[qid]
    mode, sentences = _ask(demo_documents, item["question"])
    assert mode == AnswerMode.EXTRACTIVE
    assert norm(item["answer"]) in sentences[0], sentences


@pytest.mark.parametrize(
    "question",
    [
        BY_ID["qa056"]["question"],  # "Ngưỡng biểu quyết ... là bao nhiêu?"
        "Ngưỡng biểu quyết của Hội đồng là bao nhiêu phần trăm?",
        "hoi dong bo phieu kin can bao nhieu phan tram phieu dong y",
    ],
)
def test_the_council_threshold_is_in_the_answer_not_only_in_the_sources(demo_documents, question):
    mode, sentences = _ask(demo_documents, question)
    assert mode == AnswerMode.EXTRACTIVE
    assert any("90% số phiếu đồng ý" in s for s in sentences), sentences


# qa158 ("Mật khẩu … phải đổi bao lâu một lần?") was the price of the retrieval-margin decision
# (docs/BENCHMARKS.md, "The not-found decision by retrieval margin"): the e-mail passage stands
# out, and "mật khẩu", "đổi" absent weighed 1.5 words, under the 3 it allowed. The default
# decision with paraphrases (`BY_MEANING`) refuses it again: two syllables absent ("khẩu",
# "đổi"), and the e-mail passage scores under three times the second (2.96 in the demo), so
# fewer than 1.5 are allowed — a narrow margin, not a paraphrase.
# The decision weighed by the corpus (`BY_WEIGHT`) answers qa141 and qa158 on these three
# documents: near misses, its price (docs/BENCHMARKS.md, "The not-found decision weighed by
# the corpus"); the word-presence decisions refuse them. The default with the named-entity
# check (`BY_ENTITY`) refuses qa141 again ("Huân chương Lao động hạng Ba" is in no passage:
# tests/assistant/test_answer_entities.py, where BY_WEIGHT is pinned), not qa158 (it names no
# title, award or year).
PRICE = pytest.mark.xfail(strict=True, reason="a near miss the weighed decisions answer")


@pytest.mark.parametrize(
    "qid",
    ["qa141", "qa143", pytest.param("qa158", marks=PRICE), "qa167"],
)
def test_a_question_the_documents_do_not_answer_is_refused(demo_documents, qid):
    item = BY_ID[qid]
    assert item["kind"] == "unanswerable"
    mode, sentences = _ask(demo_documents, item["question"])
    assert mode == AnswerMode.NOT_FOUND and sentences == []


@pytest.mark.parametrize("qid", ["qa141", "qa143", "qa158", "qa167"])
@pytest.mark.parametrize("decision", ["WORDS_PRESENT", "BY_MEANING"])
def test_the_word_presence_decisions_refuse_them_all(demo_documents, qid, decision, monkeypatch):
    from thidua.assistant import answering

    monkeypatch.setattr(answering, "DECISION", getattr(answering, decision))
    mode, sentences = _ask(demo_documents, BY_ID[qid]["question"])
    assert mode == AnswerMode.NOT_FOUND and sentences == []


def test_a_question_with_a_word_the_document_says_otherwise_is_answered(
    demo_documents, monkeypatch
):
    """ "chịu trách nhiệm" where the plan says "chủ trì": answered by the retrieval-margin
    decision (the passage stands out), refused by the words-present one."""
    from thidua.assistant import answering

    question = (
        "Phòng nào của Cục chịu trách nhiệm theo dõi, đôn đốc thực hiện kế hoạch an toàn thông tin?"
    )
    mode, sentences = _ask(demo_documents, question)
    assert mode == AnswerMode.EXTRACTIVE
    assert any("Phòng Giám sát an toàn thông tin chủ trì theo dõi" in s for s in sentences)
    monkeypatch.setattr(answering, "DECISION", answering.WORDS_PRESENT)
    assert _ask(demo_documents, question)[0] == AnswerMode.NOT_FOUND


# The answer-type check (`answering.typed`, off by default: it did not generalise to the
# held-out part), switched on: questions that differ from a document's topic by the kind of
# answer only are refused; answerable ones asking the same kinds still answered.
@pytest.mark.parametrize("qid", ["qa188", "qa200", "qa209", "qa210"])
def test_a_question_whose_kind_of_answer_no_sentence_gives_is_refused(
    demo_documents, qid, monkeypatch
):
    from thidua.assistant import answering

    monkeypatch.setattr(answering, "ANSWER_TYPE_SCOPE", "sentences")
    item = BY_ID[qid]
    assert item["kind"] == "unanswerable" and split_of(item["question"]) == "dev"
    mode, sentences = _ask(demo_documents, item["question"])
    assert mode == AnswerMode.NOT_FOUND and sentences == []


@pytest.mark.parametrize("qid", ["qa186", "qa202", "qa201", "qa203", "qa206", "qa071", "qa060"])
@pytest.mark.parametrize("scope", [None, "sentences"])
def test_a_question_asking_a_kind_of_answer_the_documents_give_is_answered(
    demo_documents, qid, scope, monkeypatch
):
    from thidua.assistant import answering

    monkeypatch.setattr(answering, "ANSWER_TYPE_SCOPE", scope)
    item = BY_ID[qid]
    assert item["kind"] == "document" and split_of(item["question"]) == "dev"
    mode, sentences = _ask(demo_documents, item["question"])
    assert mode == AnswerMode.EXTRACTIVE
    assert any(norm(item["answer"]) in s for s in sentences), sentences


# The default decision counts a question's phrase as held by a passage holding a paraphrase of
# it (`thidua.nlp.paraphrases`; docs/BENCHMARKS.md, "The not-found decision with
# paraphrases"): questions in other words than the documents', written for this test.
@pytest.mark.parametrize(
    ("question", "answer"),
    [
        (
            "Hồ sơ khen thưởng gửi trễ so với thời hạn thì được xử lý thế nào?",  # trễ: chậm
            "được xem xét vào đợt tiếp theo",
        ),
        (
            "Đơn vị nào phụ trách theo dõi, đôn đốc kế hoạch an toàn thông tin?",  # chủ trì
            "Phòng Giám sát an toàn thông tin chủ trì theo dõi",
        ),
    ],
)
def test_a_question_in_other_words_than_the_document_is_answered(demo_documents, question, answer):
    mode, sentences = _ask(demo_documents, question)
    assert mode == AnswerMode.EXTRACTIVE
    assert any(answer in s for s in sentences), sentences


@pytest.mark.parametrize(
    "question",
    [
        "Huân chương Lao động được xét tặng cho cá nhân có thành tích gì?",
        "Bằng khen của Chủ tịch nước được trao cho tập thể nào?",
    ],
)
def test_a_near_miss_is_still_refused_with_paraphrases(demo_documents, question, monkeypatch):
    """Rewards and titles are never paraphrases of one another: a question about one the
    documents do not speak of is not answered by a passage about another (by `BY_MEANING`;
    `BY_WEIGHT` answers them: "Huân chương", "Chủ tịch nước" are in no passage of the corpus
    and weigh nothing — its price; the default `BY_ENTITY` refuses them, below)."""
    from thidua.assistant import answering

    monkeypatch.setattr(answering, "DECISION", answering.BY_MEANING)
    mode, sentences = _ask(demo_documents, question)
    assert mode == AnswerMode.NOT_FOUND and sentences == []


@pytest.mark.parametrize(
    "question",
    [
        "Huân chương Lao động được xét tặng cho cá nhân có thành tích gì?",
        "Bằng khen của Chủ tịch nước được trao cho tập thể nào?",
    ],
)
def test_a_near_miss_naming_an_award_is_refused_by_default(demo_documents, question):
    """The default `BY_ENTITY`: the award the question names is in no retrieved passage."""
    mode, sentences = _ask(demo_documents, question)
    assert mode == AnswerMode.NOT_FOUND and sentences == []
