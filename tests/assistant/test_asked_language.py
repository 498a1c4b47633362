"""The "ask in Vietnamese" note of a not-found answer goes only to a question that is not in
Vietnamese: never to one with Vietnamese diacritics ("Mô hình Hoa Sen Xanh là gì?", whose
marks French shares too) nor to one typed without them that has Vietnamese function words
("Phuong an Bach Dang Tim la gi?")."""

import pytest

from thidua.assistant.question_language import asked_in_vietnamese

IN_VIETNAMESE = "Trợ lý trả lời câu hỏi bằng tiếng Việt"

VIETNAMESE = [
    "Mô hình Hoa Sen Xanh là gì?",
    "Phuong an Bach Dang Tim la gi?",
    "Hoa Sen Xanh la ai",
    "Ke hoach Bach Dang Tim duoc ban hanh khi nao",
    "Ai phu trach mo hinh Hoa Sen Xanh o dau",
]
ENGLISH = [
    "What is the deadline for the dossier?",
    "How many days of annual leave do civil servants get per year?",
]


@pytest.fixture
def hoa(client, org):
    client.force_login(org["staff_a"].user)
    return client


def ask_api(client, question):
    return client.post(
        "/api/v1/assistant/ask", {"question": question}, content_type="application/json"
    )


@pytest.mark.parametrize("question", VIETNAMESE)
def test_a_vietnamese_question_is_taken_as_vietnamese(question):
    assert asked_in_vietnamese(question)


@pytest.mark.parametrize("question", ENGLISH)
def test_an_english_question_is_not(question):
    assert not asked_in_vietnamese(question)


@pytest.mark.parametrize("question", VIETNAMESE[:2])
def test_a_vietnamese_question_not_found_is_not_told_to_ask_in_vietnamese(
    hoa,
    library,
    question,
):
    body = ask_api(hoa, question).json()
    assert body["mode"] == "not_found"
    assert IN_VIETNAMESE not in body["answer"].get("note", "")


def test_an_english_question_not_found_is_told_to_ask_in_vietnamese(hoa, library):
    body = ask_api(hoa, ENGLISH[0]).json()
    assert body["mode"] == "not_found"
    assert IN_VIETNAMESE in body["answer"]["note"]
