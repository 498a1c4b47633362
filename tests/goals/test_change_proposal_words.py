"""A goal's pending proposed changes in words (issue 12, "words, not codes"): the head deciding
them reads the key result by its title and the proposed target as a number in the page's
language ("3,2" in Vietnamese), never the key result's id ("#397") nor the stored text of the
number ("3.20000")."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from thidua.goals.services import goal_assign, goal_propose_changes


@pytest.fixture
def proposed(cascade):
    head = cascade["head_a"].user
    goal = goal_assign(
        actor=head,
        parent=cascade["dept"],
        title="Cẩm nang thủ tục",
        owner_person=cascade["staff_a"],
        key_results=[
            {"title": "Tỷ lệ hồ sơ trễ hạn", "baseline": 5, "target": "4.5"},
            {"title": "Số buổi tập huấn", "baseline": 0, "target": 6},
        ],
    )
    krs = list(goal.key_results.order_by("pk"))
    goal_propose_changes(
        actor=cascade["staff_a"].user,
        goal=goal,
        changes=[
            {"key_result": krs[0].pk, "target": "3.20000"},
            {"key_result": krs[1].pk, "title": "Số buổi tập huấn trực tuyến"},
        ],
        comment="Đề nghị điều chỉnh.",
    )
    return goal, krs


def _proposal_card(body: str) -> str:
    start = body.index("Đề nghị điều chỉnh.")
    return body[start : body.index("</section>", start)]


def test_the_goal_page_shows_the_key_result_and_the_target_in_words(cascade, proposed, client):
    goal, krs = proposed
    client.force_login(cascade["head_a"].user)
    with translation.override("vi"):
        body = client.get(reverse("goals:detail", args=[goal.pk]), HTTP_ACCEPT_LANGUAGE="vi")
    assert body.status_code == 200
    card = _proposal_card(body.content.decode())
    assert "Tỷ lệ hồ sơ trễ hạn" in card
    assert "3,2" in card
    assert "3.20000" not in card and "3.2" not in card
    assert "“Số buổi tập huấn trực tuyến”" in card
    assert "Số buổi tập huấn:" in card
    for kr in krs:
        assert f"#{kr.pk}" not in card
    assert not re.search(r"#\d+", card)
    # the page as a whole shows neither
    assert "3.20000" not in body.content.decode()


def test_a_removed_key_result_is_named_as_such(cascade, proposed, client):
    goal, krs = proposed
    krs[1].delete()
    client.force_login(cascade["head_a"].user)
    with translation.override("vi"):
        body = client.get(reverse("goals:detail", args=[goal.pk])).content.decode()
    card = _proposal_card(body)
    assert f"#{krs[0].pk}" not in card
    assert "3,2" in card
