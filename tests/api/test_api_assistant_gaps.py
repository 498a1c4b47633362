"""Assistant API: the questions it found no basis for (GET /assistant/gaps), grouped as on the
gaps page, for the same people, and never naming who asked."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from thidua.accounts.tokens import token_create

from ..assistant.test_gaps import people  # noqa: F401 (fixture)

URL = "/api/v1/assistant/gaps"


def test_the_office_gets_the_pages_groups_with_counts(client, people):  # noqa: F811
    client.force_login(people["officer"])
    groups = client.get(URL).json()
    assert [(g["question"], g["count"], g["not_found"], g["not_useful"]) for g in groups] == [
        ("hạn nộp hồ sơ khen thưởng năm nay là khi nào", 4, 3, 1),
        ("Giá vé máy bay đi Đà Nẵng bao nhiêu?", 1, 1, 0),
    ]
    assert set(groups[0]["wordings"]) == {
        "Thời hạn nộp hồ sơ khen thưởng năm nay?",
        "Hạn nộp hồ sơ khen thưởng?",
    }
    # The longer period takes in the older question.
    assert sum(g["count"] for g in client.get(URL, {"days": 365}).json()) == 6
    text = client.get(URL).content.decode()
    for trace in ("Trần Thị Hoa", "Đỗ Minh Châu", '"hoa"', '"chau"', "asker"):
        assert trace not in text, trace


def test_a_party_secretary_gets_her_members_questions_only(client, people):  # noqa: F811
    client.force_login(people["secretary"])
    groups = client.get(URL).json()
    assert [(g["question"], g["count"]) for g in groups] == [
        ("hạn nộp hồ sơ khen thưởng năm nay là khi nào", 2)
    ]


def test_staff_are_refused_and_a_period_not_offered_is_a_422(client, people):  # noqa: F811
    client.force_login(people["outsider"])
    assert client.get(URL).status_code == 403
    client.force_login(people["officer"])
    response = client.get(URL, {"days": 45})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "days"
    assert "30, 90, 365" in response.json()["detail"][0]["msg"]


def test_a_token_needs_the_assistant_read_scope(people):  # noqa: F811
    def bearer(scopes):
        secret = token_create(
            actor=people["officer"],
            name=f"Báo cáo {scopes}",
            scopes=scopes,
            expires_on=timezone.localdate() + timedelta(days=30),
        ).secret
        return Client().get(URL, headers={"Authorization": f"Bearer {secret}"})

    assert bearer(["assistant:read"]).status_code == 200
    assert bearer(["awards:read"]).status_code == 403
