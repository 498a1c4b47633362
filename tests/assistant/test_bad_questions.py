"""Bad questions (issue 14, point 7): a question in English, only stop words, only numbers, a
pasted 5,000-character text. Each gets a clear Vietnamese answer through the page and the
API: never a 500, never passages passed off as an answer."""

import re

import pytest
from django.urls import reverse

from thidua.assistant.models import Exchange

from .conftest import REGULATION

ENGLISH = "How many days of annual leave do civil servants get per year?"
STOP_WORDS = "là gì vậy ạ?"
NUMBERS = "2025 15 10 90%"
PASTED = (REGULATION.decode() * 2)[:5000]
NO_WORDS = "Câu hỏi chưa có từ nào để tìm"
IN_VIETNAMESE = "Trợ lý trả lời câu hỏi bằng tiếng Việt"


@pytest.fixture
def hoa(client, org):
    client.force_login(org["staff_a"].user)
    return client


def ask_api(client, question):
    return client.post(
        "/api/v1/assistant/ask", {"question": question}, content_type="application/json"
    )


@pytest.mark.parametrize(
    ("question", "note"),
    [(ENGLISH, IN_VIETNAMESE), (STOP_WORDS, NO_WORDS), (NUMBERS, NO_WORDS)],
    ids=["english", "stop-words", "numbers"],
)
def test_a_question_with_nothing_to_search_is_not_found_with_the_reason(
    hoa, library, question, note
):
    response = hoa.post(reverse("assistant:chat"), {"question": question}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Không tìm thấy căn cứ" in html and note in html
    assert 'class="sentences"' not in html and 'class="citations"' not in html

    body = ask_api(hoa, question).json()
    assert body["mode"] == "not_found"
    assert body["answer"]["citations"] == [] and body["answer"]["sentences"] == []
    assert note in body["answer"]["note"]
    assert Exchange.objects.filter(question=question).count() == 2  # kept in the history


def test_a_vietnamese_question_typed_without_diacritics_is_not_told_to_use_vietnamese(hoa, library):
    body = ask_api(hoa, "nghi phep nam cua cong chuc bao nhieu ngay").json()
    assert body["mode"] == "not_found"
    assert "note" not in body["answer"]
    found = ask_api(hoa, "thoi han gui ho so khen thuong tong ket nam").json()
    assert found["mode"] == "extractive"


def test_a_pasted_text_of_5000_characters_is_refused_with_the_limit(hoa, library):
    assert len(PASTED) == 5000
    page = hoa.post(reverse("assistant:chat"), {"question": PASTED}, HTTP_HX_REQUEST="true")
    assert page.status_code == 200  # htmx: the form comes back with the message
    assert page["X-Question-Refused"] == "1"
    # the counts in the Vietnamese format (the text is counted once its spaces are tidied)
    assert re.search(r"Câu hỏi quá dài \(4\.9\d\d ký tự; tối đa 500\)", page.content.decode())
    plain = hoa.post(reverse("assistant:chat"), {"question": PASTED})
    assert plain.status_code == 422 and "Câu hỏi quá dài" in plain.content.decode()

    api = ask_api(hoa, PASTED)
    assert api.status_code == 422
    detail = api.json()["detail"][0]
    assert detail["loc"][-1] == "question" and "Câu hỏi quá dài" in detail["msg"]
    assert not Exchange.objects.exists()
