"""Answers from documents: citations, accent-insensitive questions, "Không tìm thấy căn cứ",
nothing leaking from documents the asker may not read, bad questions refused."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError

from thidua.assistant import index
from thidua.assistant.choices import AnswerMode
from thidua.assistant.models import Exchange
from thidua.assistant.services import document_delete, question_ask


def cited_paths(exchange):
    return [c["path"] for c in exchange.answer["citations"]]


def test_a_legal_question_is_answered_with_the_article_and_clause(library, org):
    x = question_ask(
        actor=org["staff_a"].user,
        question="Điều kiện để được tặng danh hiệu Chiến sĩ thi đua cơ sở là gì?",
    )
    assert x.mode == AnswerMode.EXTRACTIVE
    first = x.answer["citations"][0]
    assert first["path"] == "Chương II, Điều 6, khoản 1"
    assert first["title"] == library["regulation"].title
    assert first["number"] == "QC-01"
    assert first["effective_on"] == "2025-01-01"
    assert first["url"] == f"/assistant/documents/{library['regulation'].pk}/#p{first['passage']}"
    # The answer's sentences come from the cited passages, with the question's words marked.
    assert x.answer["sentences"]
    sentence = x.answer["sentences"][0]
    assert sentence["citation"] in {c["n"] for c in x.answer["citations"]}
    marked = [sentence["text"][s:e].lower() for s, e in sentence["highlights"]]
    # The clause announces its list ("... một trong các thành tích sau:"): the list follows.
    clause = next(s for s in x.answer["sentences"] if s["text"].startswith("1. Danh hiệu Chiến sĩ"))
    assert clause["text"].endswith(":")
    assert "b) Có sáng kiến được cơ sở công nhận;" in clause["continuation"]
    assert any("chiến sĩ" in m or "thi đua" in m or "cơ sở" in m for m in marked)


def test_a_question_without_diacritics_finds_the_same_clause(library, org):
    x = question_ask(
        actor=org["staff_a"].user, question="thoi han gui ho so khen thuong tong ket nam"
    )
    assert cited_paths(x)[0] == "Chương IV, Điều 12, khoản 1"


def test_an_abbreviation_finds_the_words_it_stands_for(library, org):
    x = question_ask(actor=org["staff_a"].user, question="Tiền thưởng CSTĐ toàn quốc bao nhiêu?")
    assert x.mode == AnswerMode.EXTRACTIVE
    assert "Chương IV, Điều 14" in cited_paths(x)


def test_nothing_relevant_gives_no_basis_found_never_an_invented_answer(library, org):
    x = question_ask(
        actor=org["staff_a"].user, question="Giá vé máy bay đi Đà Nẵng tháng sau là bao nhiêu?"
    )
    assert x.mode == AnswerMode.NOT_FOUND
    assert x.answer["text"] == "Không tìm thấy căn cứ"
    assert x.answer["citations"] == [] and x.answer["sentences"] == []


def test_a_document_outside_the_audience_leaves_no_trace(library, org, org_admin):
    question = "Kinh phí thử nghiệm mạng lượng tử là bao nhiêu?"
    insider = question_ask(actor=org["staff_b"].user, question=question)
    assert insider.mode == AnswerMode.EXTRACTIVE
    assert "12 tỷ đồng" in json.dumps(insider.answer, ensure_ascii=False)

    outsider = question_ask(actor=org["staff_a"].user, question=question)
    dumped = json.dumps(outsider.answer, ensure_ascii=False)
    assert outsider.mode == AnswerMode.NOT_FOUND
    assert "lượng tử" not in dumped and "Cục B" not in dumped and "12 tỷ" not in dumped

    # Scores of what the outsider may read are those of an index without the plan at all.
    allowed_question = "Hồ sơ đề nghị khen thưởng gồm những gì?"
    before = question_ask(actor=org["staff_a"].user, question=allowed_question).answer["citations"]
    document_delete(actor=org_admin, document=library["secret_plan"])
    index.build()
    after = question_ask(actor=org["staff_a"].user, question=allowed_question).answer["citations"]
    assert [(c["passage"], c["score"]) for c in before] == [
        (c["passage"], c["score"]) for c in after
    ]


def test_a_party_document_answers_only_the_cell_members(library, org):
    question = "Mỗi kỳ sinh hoạt chi bộ chọn vấn đề khó như thế nào?"
    member = question_ask(actor=org["staff_a"].user, question=question)
    assert member.mode == AnswerMode.EXTRACTIVE
    assert member.answer["citations"][0]["document"] == library["party_note"].pk
    other = question_ask(actor=org["staff_b"].user, question=question)
    assert all(c["document"] != library["party_note"].pk for c in other.answer["citations"])


@pytest.mark.parametrize(
    ("question", "message"),
    [("", "Hãy nhập câu hỏi"), ("   \n\t ", "Hãy nhập câu hỏi"), ("thi đua " * 700, "quá dài")],
)
def test_an_empty_or_too_long_question_is_refused_and_not_stored(library, org, question, message):
    with pytest.raises(ValidationError) as caught:
        question_ask(actor=org["staff_a"].user, question=question)
    assert message in " ".join(caught.value.messages)
    assert not Exchange.objects.exists()


def test_sql_and_markup_in_a_question_are_just_text(library, org):
    question = "'; DROP TABLE assistant_document; -- <script>alert(1)</script> khen thưởng"
    x = question_ask(actor=org["staff_a"].user, question=question)
    assert x.question == question
    assert library["regulation"].__class__.objects.filter(pk=library["regulation"].pk).exists()


class _FakeModel(BaseHTTPRequestHandler):
    reply = ""
    seen: list = []

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append(body)
        payload = json.dumps({"choices": [{"message": {"content": type(self).reply}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_llm(monkeypatch):
    """A real OpenAI-compatible HTTP endpoint on localhost answering what the test says."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeModel)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("ASSISTANT_LLM_URL", f"http://127.0.0.1:{server.server_port}/v1")
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "test-model")
    _FakeModel.seen = []
    yield _FakeModel
    server.shutdown()


def test_the_generative_mode_cites_only_retrieved_passages(library, org, fake_llm):
    fake_llm.reply = (
        "Cần đạt Lao động tiên tiến và hoàn thành xuất sắc nhiệm vụ hoặc có sáng kiến [1]."
    )
    x = question_ask(actor=org["staff_a"].user, question="Điều kiện Chiến sĩ thi đua cơ sở?")
    assert x.mode == AnswerMode.GENERATIVE
    assert x.answer["generated"].startswith("Cần đạt Lao động tiên tiến")
    assert x.answer["cited"] == [1]
    sent = fake_llm.seen[0]
    assert sent["model"] == "test-model"
    assert "Điều 6" in sent["messages"][1]["content"]  # the retrieved passages were given


@pytest.mark.parametrize("reply", ["Theo quy định thì được.", "Xem khoản 9 [9]."])
def test_a_model_answer_without_valid_citations_is_discarded(library, org, fake_llm, reply):
    fake_llm.reply = reply
    x = question_ask(actor=org["staff_a"].user, question="Điều kiện Chiến sĩ thi đua cơ sở?")
    assert x.mode == AnswerMode.EXTRACTIVE
    assert "generated" not in x.answer
    assert x.answer["note"]
    assert x.answer["sentences"]


def test_an_unreachable_model_falls_back_to_extractive(library, org, monkeypatch):
    monkeypatch.setenv("ASSISTANT_LLM_URL", "http://127.0.0.1:9/v1")
    x = question_ask(actor=org["staff_a"].user, question="Điều kiện Chiến sĩ thi đua cơ sở?")
    assert x.mode == AnswerMode.EXTRACTIVE and x.answer["citations"]


def test_without_any_index_the_assistant_says_it_found_nothing(org):
    x = question_ask(actor=org["staff_a"].user, question="Điều kiện Chiến sĩ thi đua cơ sở?")
    assert x.mode == AnswerMode.NOT_FOUND
    # The exchange is still kept in the asker's history.
    assert Exchange.objects.filter(asker=org["staff_a"].user).count() == 1


def test_sharing_words_is_not_enough_the_question_must_be_spoken_of(library, org):
    # "nhà nước" and "pháp luật" are in the regulation; "nước Pháp" is not.
    x = question_ask(actor=org["staff_a"].user, question="Thủ đô của nước Pháp là gì?")
    assert x.mode == AnswerMode.NOT_FOUND


def test_the_legal_bases_of_a_document_are_not_given_as_an_answer(library, org):
    x = question_ask(
        actor=org["staff_a"].user,
        question="Quy chế thi đua khen thưởng của Bộ căn cứ Luật Thi đua, khen thưởng nào?",
    )
    assert any(s["text"].startswith("Căn cứ") for s in x.answer["sentences"])  # asked for
    x = question_ask(
        actor=org["staff_a"].user, question="Quy chế thi đua khen thưởng áp dụng đối với ai?"
    )
    texts = [s["text"] for s in x.answer["sentences"]]
    assert any(t.startswith("2. Quy chế này áp dụng đối với cán bộ") for t in texts)
    assert not any(s["text"].startswith("Căn cứ") for s in x.answer["sentences"])


def test_a_superuser_reads_unit_documents_but_not_a_party_bodys(library, org):
    """A superuser is a state account: no Party body's document by that alone (issue 10)."""
    from tests.factories import UserFactory
    from thidua.assistant.selectors import visible_documents

    root = UserFactory(username="root-state", is_superuser=True, is_staff=True)
    visible = set(visible_documents(viewer=root).values_list("pk", flat=True))
    assert library["secret_plan"].pk in visible
    assert library["party_note"].pk not in visible
    answer = question_ask(
        actor=root, question="Mỗi kỳ sinh hoạt chi bộ chọn vấn đề khó như thế nào?"
    )
    assert all(c["document"] != library["party_note"].pk for c in answer.answer["citations"])
