"""The API's address named in the README, /api/v1/, opens the API's documentation (it was a
404, issue 12, point 2: every address shown to people is a page)."""

import pytest


@pytest.mark.django_db
def test_the_api_address_opens_its_documentation(client):
    answer = client.get("/api/v1/")
    assert answer.status_code == 302 and answer["Location"] == "/api/v1/docs"
    assert client.get(answer["Location"]).status_code == 200
    # the operations under it are untouched
    assert "/api/v1/goals/programs" in client.get("/api/v1/openapi.json").json()["paths"]
