"""The assistant's history is paged (issue 15): HISTORY_SHOWN questions a page, the newest
page first, each read oldest first; `?page=2` the older ones; the API pages the same history
by cursor, newest first. A person sees only their own questions, whatever the page."""

import pytest
from django.urls import reverse

from thidua.assistant.choices import AnswerMode
from thidua.assistant.constants import HISTORY_SHOWN
from thidua.assistant.models import Exchange

pytestmark = pytest.mark.django_db

ASKED = HISTORY_SHOWN + 5


@pytest.fixture
def asked(org):
    """ASKED questions of Hoa (asked in one instant: the order then rests on the id) and
    one of someone else."""
    mine = Exchange.objects.bulk_create(
        Exchange(
            asker=org["staff_a"].user, question=f"Câu hỏi số {n:02d}?", mode=AnswerMode.NOT_FOUND
        )
        for n in range(1, ASKED + 1)
    )
    Exchange.objects.create(
        asker=org["staff_b"].user, question="Câu hỏi của người khác?", mode=AnswerMode.NOT_FOUND
    )
    return mine


def _questions(html: str) -> list[int]:
    return [n for n in range(1, ASKED + 1) if f"Câu hỏi số {n:02d}?" in html]


def _page(client, **params) -> str:
    response = client.get(reverse("assistant:chat"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_history_has_two_pages_the_newest_first(client, org, asked):
    client.force_login(org["staff_a"].user)
    first = _page(client)
    newest = list(range(ASKED - HISTORY_SHOWN + 1, ASKED + 1))
    assert _questions(first) == newest
    # a conversation reads oldest first on its page
    assert first.index("Câu hỏi số 06?") < first.index(f"Câu hỏi số {ASKED}?")
    assert 'href="?page=2" rel="next"' in first and "Cũ hơn" in first
    assert "1 / 2" in first

    second = _page(client, page=2)
    assert _questions(second) == list(range(1, ASKED - HISTORY_SHOWN + 1))
    assert 'href="?page=1" rel="prev"' in second and "Mới hơn" in second
    again = _page(client, page=2)  # the same rows, in the same order
    assert [again.index(f"Câu hỏi số {n:02d}?") for n in range(1, 6)] == sorted(
        again.index(f"Câu hỏi số {n:02d}?") for n in range(1, 6)
    )
    assert "người khác" not in first + second


def test_someone_else_sees_only_their_own_question(client, org, asked):
    client.force_login(org["staff_b"].user)
    html = _page(client)
    assert "Câu hỏi của người khác?" in html
    assert _questions(html) == [] and 'rel="next"' not in html
    assert _questions(_page(client, page=2)) == []


@pytest.mark.parametrize("page", ["abc", "²", "99999999999999999999", "-1", "0", "1.5"])
def test_a_hostile_page_number_gives_a_page_never_an_error(client, org, asked, page):
    client.force_login(org["staff_a"].user)
    shown = _questions(_page(client, page=page))
    assert shown in (
        list(range(ASKED - HISTORY_SHOWN + 1, ASKED + 1)),  # the first page
        list(range(1, ASKED - HISTORY_SHOWN + 1)),  # or the last
    )


def test_the_api_pages_the_history_by_cursor_newest_first(client, org, asked):
    client.force_login(org["staff_a"].user)
    first = client.get("/api/v1/assistant/history", {"limit": 20}).json()
    assert [x["question"] for x in first["items"]][:2] == [
        f"Câu hỏi số {ASKED}?",
        f"Câu hỏi số {ASKED - 1}?",
    ]
    second = client.get(
        "/api/v1/assistant/history", {"limit": 20, "cursor": first["next_cursor"]}
    ).json()
    assert second["next_cursor"] is None
    questions = [x["question"] for x in first["items"] + second["items"]]
    assert questions == [f"Câu hỏi số {n:02d}?" for n in range(ASKED, 0, -1)]
    bad = client.get("/api/v1/assistant/history", {"cursor": "abc"})
    assert bad.status_code == 422
